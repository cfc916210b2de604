"""The citizen's own data: download everything we hold about them, delete their account, and
the privacy statement. Each capability that keeps personal data contributes two hooks to the
registry (registry.py): what to export, and what to remove when the account goes."""

from flask import Blueprint

bp = Blueprint("userdata", __name__, template_folder="templates")

from participate.userdata import views  # noqa: E402, F401
