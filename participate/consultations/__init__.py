from flask import Blueprint

bp = Blueprint("consultations", __name__, template_folder="templates")

from participate.consultations import views  # noqa: E402, F401
