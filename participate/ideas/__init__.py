from flask import Blueprint

bp = Blueprint("ideas", __name__, template_folder="templates")

from participate.ideas import comment_views, views  # noqa: E402, F401
from participate.ideas.services import photo_access  # noqa: E402
from participate.images.services import register_access_check  # noqa: E402

register_access_check(photo_access)
