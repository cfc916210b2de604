"""HTTP security headers for every response. The Content-Security-Policy allows nothing from
other hosts and no inline script or style: pages load only our own files."""

from __future__ import annotations

from flask import Flask, Response

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


# The embeddable cards (participate/share) are the only pages other sites may frame.
EMBED_CSP = CSP.replace("frame-ancestors 'none'", "frame-ancestors *")


def allow_framing(response: Response) -> Response:
    """Let any website show this response in a frame: for the embeddable cards only."""
    response.headers["Content-Security-Policy"] = EMBED_CSP
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


def init_app(app: Flask) -> None:
    production = app.config["PARTICIPATE_ENV"] == "production"

    always = [
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    ]
    if production:
        always.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))

    @app.after_request
    def _security_headers(response: Response) -> Response:
        # One pass over the response's headers: a view (the embeddable cards) may have set
        # its own, which stay.
        headers = response.headers
        present = {name.lower() for name, _value in headers.items()}
        csp = headers.get("Content-Security-Policy")
        if csp is None:
            csp = CSP
            headers.add("Content-Security-Policy", CSP)
        if "frame-ancestors 'none'" in csp and "x-frame-options" not in present:
            headers.add("X-Frame-Options", "DENY")
        for name, value in always:
            if name.lower() not in present:
                headers.add(name, value)
        return response
