"""Authlib's Flask client for each configured provider, made when first needed and made
again when the configuration changes. The authorization code flow always uses PKCE (S256);
Authlib keeps the state, nonce and code verifier in the signed session and checks them."""

from __future__ import annotations

import json
from typing import Any

from authlib.integrations.flask_client import FlaskIntegration, FlaskOAuth2App
from flask import current_app


def providers() -> dict[str, dict[str, Any]]:
    """The configured providers (app.config["OIDC_PROVIDERS"]), by name."""
    return current_app.config.get("OIDC_PROVIDERS") or {}


def provider(name: str) -> dict[str, Any] | None:
    return providers().get(name)


def client_for(name: str) -> FlaskOAuth2App | None:
    settings = provider(name)
    if settings is None:
        return None
    cache: dict[str, tuple[str, FlaskOAuth2App]] = current_app.extensions.setdefault(
        "participate.oidc_clients", {}
    )
    fingerprint = json.dumps(settings, sort_keys=True)
    cached = cache.get(name)
    if cached and cached[0] == fingerprint:
        return cached[1]
    client_kwargs = {
        "scope": settings["scope"],
        "code_challenge_method": "S256",
        "token_endpoint_auth_method": settings["auth_method"],
    }
    options: dict[str, Any] = {
        "client_id": settings["client_id"],
        "client_secret": settings.get("client_secret", ""),
        "client_kwargs": client_kwargs,
    }
    if settings["protocol"] == "oidc":
        options["server_metadata_url"] = settings["discovery_url"]
    else:
        options.update(
            authorize_url=settings["authorize_url"],
            access_token_url=settings["token_url"],
            userinfo_endpoint=settings["userinfo_url"],
        )
    client = FlaskOAuth2App(FlaskIntegration(f"oidc_{name}"), f"oidc_{name}", **options)
    cache[name] = (fingerprint, client)
    return client
