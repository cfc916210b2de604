"""Sign in with an existing account elsewhere (OpenID Connect and OAuth 2, with Authlib)."""

from flask import Blueprint

bp = Blueprint("oidc", __name__, template_folder="templates")

from participate.oidc import views  # noqa: E402, F401
