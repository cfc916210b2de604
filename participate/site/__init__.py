from flask import Blueprint

bp = Blueprint("site", __name__, template_folder="templates")

from participate.site import views  # noqa: E402, F401
