"""Absolute URLs for e-mails and previews, built from BASE_URL so that they are right
whether or not a request is being handled (the CLI sends mail too)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app


def external_url(endpoint: str, **values: Any) -> str:
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "http"
    )
    return adapter.build(endpoint, values, force_external=True)


def safe_next(target: str | None) -> str | None:
    """Only local paths: never redirect a visitor to another site (open redirects).
    Control characters are refused too: browsers drop tabs and newlines from a URL, so a
    slash, a tab and "/evil.example" would become "//evil.example"."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and not any(ord(c) < 0x20 or ord(c) == 0x7F for c in target)
    ):
        return target
    return None
