"""Which sign-in providers this site offers: read from the environment or a TOML file, never
coded. A provider is any OpenID Connect provider (its discovery URL, client id and secret);
presets fill in the rest for the well-known ones.

Environment: OIDC_PROVIDERS="google,csam" and for each name OIDC_<NAME>_CLIENT_ID,
OIDC_<NAME>_CLIENT_SECRET, and optionally OIDC_<NAME>_DISCOVERY_URL, _LABEL, _SCOPE,
_PRESET, _AUTH_METHOD. File: OIDC_CONFIG_FILE=path/to/oidc.toml with a [providers.<name>]
table per provider holding the same keys in lower case. A provider without a client id or
without a discovery URL (its own or its preset's) is left out: its button does not show.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

# What each preset fills in. `trust_email`: the provider only gives confirmed addresses
# (so a missing email_verified claim counts as confirmed); `oauth2`: plain OAuth 2 with a
# user-info endpoint instead of an ID token (Facebook's web log-in).
PRESETS: dict[str, dict[str, Any]] = {
    "google": {
        "label": "Google",
        "discovery_url": "https://accounts.google.com/.well-known/openid-configuration",
        "scope": "openid email profile",
    },
    "microsoft": {
        # "consumers" (personal accounts) has a fixed issuer; an organisation sets its tenant
        # id in the discovery URL. Microsoft confirms addresses only with the xms_edov claim.
        "label": "Microsoft",
        "discovery_url": "https://login.microsoftonline.com/consumers/v2.0/.well-known/openid-configuration",
        "scope": "openid email profile",
        "email_verified_claim": "xms_edov",
    },
    "facebook": {
        "label": "Facebook",
        "protocol": "oauth2",
        "authorize_url": "https://www.facebook.com/v19.0/dialog/oauth",
        "token_url": "https://graph.facebook.com/v19.0/oauth/access_token",
        "userinfo_url": "https://graph.facebook.com/me?fields=id,name,email",
        "scope": "email public_profile",
        "trust_email": True,
    },
    # Belgian government identity services that speak OpenID Connect.
    "itsme": {
        "label": "itsme",
        "discovery_url": "https://idp.prd.itsme.services/v2/.well-known/openid-configuration",
        "scope": "openid profile email",
    },
    "csam": {
        "label": "CSAM (eID, itsme via de federale overheid)",
        "discovery_url": "https://idp.iamfas.belgium.be/fas/oauth2/.well-known/openid-configuration",
        "scope": "openid profile email",
    },
}

KEYS = (
    "label",
    "preset",
    "client_id",
    "client_secret",
    "discovery_url",
    "scope",
    "auth_method",
    "protocol",
    "authorize_url",
    "token_url",
    "userinfo_url",
    "email_verified_claim",
    "trust_email",
)
NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class OidcConfigError(ValueError):
    pass


def _provider(name: str, given: dict[str, Any]) -> dict[str, Any] | None:
    if not NAME.match(name):
        raise OidcConfigError(f"OIDC provider name {name!r}: use a-z, 0-9 and _ only.")
    preset_name = given.get("preset") or (name if name in PRESETS else "")
    if preset_name and preset_name not in PRESETS:
        raise OidcConfigError(f"OIDC provider {name!r}: unknown preset {preset_name!r}.")
    settings: dict[str, Any] = {
        "name": name,
        "label": name.title(),
        "protocol": "oidc",
        "scope": "openid email profile",
        "auth_method": "client_secret_basic",
        "email_verified_claim": "email_verified",
        "trust_email": False,
    }
    settings.update(PRESETS.get(preset_name, {}))
    settings.update({k: v for k, v in given.items() if k in KEYS and v not in (None, "")})
    if isinstance(settings["trust_email"], str):
        settings["trust_email"] = settings["trust_email"].lower() in {"1", "true", "yes"}
    if not settings.get("client_id"):
        return None
    if settings["protocol"] == "oidc" and not settings.get("discovery_url"):
        return None
    return settings


def load_providers(env: Any, config_file: str | None = None) -> dict[str, dict[str, Any]]:
    """The configured providers by name, in the order given (the file's first, then the
    environment's, which override a file's provider of the same name)."""
    raw: dict[str, dict[str, Any]] = {}
    path = config_file or env.get("OIDC_CONFIG_FILE", "")
    if path:
        data = tomllib.loads(Path(path).read_text())
        for name, table in (data.get("providers") or {}).items():
            raw[name] = dict(table)
    for name in filter(None, (n.strip().lower() for n in env.get("OIDC_PROVIDERS", "").split(","))):
        prefix = f"OIDC_{name.upper()}_"
        given = {key: env.get(prefix + key.upper()) for key in KEYS}
        raw.setdefault(name, {}).update({k: v for k, v in given.items() if v})
    providers = {}
    for name, given in raw.items():
        settings = _provider(name, given)
        if settings is not None:
            providers[name] = settings
    return providers
