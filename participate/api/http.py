"""How the API answers over HTTP: JSON with an ETag made from the body (a repeated request
with If-None-Match gets a bodiless 304), caching by anyone for a minute, CORS for reading from
any website, and errors as JSON that name what was wrong. The site's security headers and its
strict Content-Security-Policy (participate/security.py) stay on every answer."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from flask import Blueprint, Response, request

from participate.api.params import BadParameter
from participate.errors import MESSAGES

PREFIX = "/api/v1/"
MAX_AGE = 60
EXPOSED = "ETag, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset"
ALLOWED_REQUEST_HEADERS = (
    "Accept, Accept-Language, Cache-Control, Content-Language, If-None-Match, X-Requested-With"
)


class ApiError(Exception):
    """An answer other than 200, with a message for the developer who asked."""

    def __init__(self, status: int, message: str, parameter: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.parameter = parameter


def error_body(status: int, message: str, parameter: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"error": str(MESSAGES[status][0]), "message": message}
    if parameter is not None:
        body["parameter"] = parameter
    return body


def json_response(data: Any, max_age: int = MAX_AGE) -> Response:
    """200 with the data, or 304 when the client already holds this exact body."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    response = Response(body, mimetype="application/json")
    response.set_etag(hashlib.sha256(body.encode()).hexdigest()[:32])
    response.cache_control.public = True
    response.cache_control.max_age = max_age
    return response.make_conditional(request)


def init_blueprint(bp: Blueprint) -> None:
    @bp.errorhandler(BadParameter)
    def _bad_parameter(error: BadParameter):
        return error_body(400, error.message, error.parameter), 400

    @bp.errorhandler(ApiError)
    def _api_error(error: ApiError):
        return error_body(error.status, error.message, error.parameter), error.status

    @bp.after_app_request
    def _api_headers(response: Response) -> Response:
        """Every answer under /api/v1/, errors included (they come from participate.errors
        when no route matched)."""
        if not request.path.startswith(PREFIX):
            return response
        headers = response.headers
        headers["Access-Control-Allow-Origin"] = "*"
        headers["Access-Control-Expose-Headers"] = EXPOSED
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            headers["Access-Control-Allow-Headers"] = ALLOWED_REQUEST_HEADERS
            headers["Access-Control-Max-Age"] = "86400"
        # Open data: other sites may read it (CORS) and embed it (no-cors) alike.
        headers["Cross-Origin-Resource-Policy"] = "cross-origin"
        if response.status_code >= 400:
            headers["Cache-Control"] = "no-store"
        return response
