from flask import Blueprint

bp = Blueprint("images", __name__)

from participate.images import views  # noqa: E402, F401
