"""The self-test: "in what kind of municipality do you want to live?" Statements, profiles,
an honest score (see scoring.py), results with a permalink, and figures for the council."""

from flask import Blueprint

bp = Blueprint("selftest", __name__, template_folder="templates")

from participate.selftest import admin_views, views  # noqa: E402, F401
