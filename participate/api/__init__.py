"""The open data API: read-only JSON under /api/v1 of what the site shows everyone, described
by an OpenAPI 3.1 document at /api/v1/openapi.json, and a page for people at /api."""

from flask import Blueprint, current_app

from participate.extensions import limiter

bp = Blueprint("api", __name__, template_folder="templates")

# Every route of the API (the page for people too) counts against one limit per address.
limiter.shared_limit(lambda: current_app.config["RATELIMIT_API"], scope="api")(bp)

from participate.api import http  # noqa: E402

http.init_blueprint(bp)

from participate.api import views  # noqa: E402, F401
