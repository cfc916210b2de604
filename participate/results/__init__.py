"""Results for the council: exports (XLSX, CSV, JSON and a printable report), the public
results page of a consultation, and the participation dashboard ("who do we reach?")."""

from flask import Blueprint

bp = Blueprint("results", __name__, template_folder="templates")

from participate.results import views, visits  # noqa: E402, F401
