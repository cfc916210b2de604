"""The audit log: every moderator and admin action, append-only."""

from flask import Blueprint

bp = Blueprint("audit", __name__, template_folder="templates")

from participate.audit import views  # noqa: E402, F401
