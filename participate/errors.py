"""Error pages in the visitor's language. A failed request never leaves half its work
saved: the session is rolled back before the page is rendered."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from participate.extensions import db

MESSAGES = {
    400: (_l("Bad request"), _l("Your browser sent a request we could not understand.")),
    403: (_l("Access denied"), _l("You do not have permission to see this page.")),
    404: (
        _l("Page not found"),
        _l(
            "This page does not exist (any more). Check the address, or start again from the home page."
        ),
    ),
    405: (_l("Not allowed"), _l("This action is not possible on this page.")),
    413: (_l("Too large"), _l("What you sent is too large. A photo may be at most 5 MB.")),
    429: (
        _l("Too many attempts"),
        _l("You tried this too often in a short time. Please wait a moment and try again."),
    ),
    500: (
        _l("Something went wrong"),
        _l("An unexpected error occurred on our side. It has been logged; please try again later."),
    ),
}


# What a developer using the open data API (participate/api/) needs to hear instead.
API_MESSAGES = {
    404: _l(
        "There is nothing at this address. The addresses of the API are in its description: /api/v1/openapi.json."
    ),
    405: _l("The API can only be read: use GET (or HEAD, or OPTIONS)."),
}


def _render(code: int, title: str, message: str):
    db.session.rollback()
    if request.path.startswith("/api/"):
        return jsonify(error=str(title), message=str(API_MESSAGES.get(code, message))), code
    if request.accept_mimetypes.best == "application/json":
        return jsonify(error=str(title), message=str(message)), code
    return render_template("errors/error.html", code=code, title=title, message=message), code


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf_error(_error: CSRFError):
        return _render(
            400,
            _l("This form has expired"),
            _l(
                "For your safety the form could not be sent. Go back, reload the page and try again."
            ),
        )

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        code = error.code or 500
        # Codes without a text of ours get a translated general one, never Werkzeug's English.
        title, message = MESSAGES.get(
            code,
            (
                _l("Something went wrong"),
                _l("This request could not be handled. Go back and try again."),
            ),
        )
        response = _render(code, title, message)
        if code == 429 or code == 405:
            body, status = response
            resp = app.make_response((body, status))
            for name, value in error.get_headers():
                if name.lower() in {"retry-after", "allow"}:
                    resp.headers[name] = value
            return resp
        return response

    @app.errorhandler(InternalServerError)
    def _server_error(_error: InternalServerError):
        title, message = MESSAGES[500]
        return _render(500, title, message)
