"""Configuration from environment variables (documented in the README's table).

Development keeps a generated secret key under `instance/`; production refuses to start
without SECRET_KEY, because a guessable key lets anyone forge sessions and reset links.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any


class ConfigError(RuntimeError):
    pass


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _dev_secret_key(instance_path: Path) -> str:
    path = instance_path / "secret_key"
    if path.exists():
        key = path.read_text().strip()
        if key:
            return key
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # Created readable by its owner only, so the key is never briefly world-readable.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(key)
    path.chmod(0o600)
    return key


def load_config(instance_path: str, environ: dict[str, str] | None = None) -> dict[str, Any]:
    env = os.environ if environ is None else environ
    instance = Path(instance_path)
    environment = env.get("PARTICIPATE_ENV", "").strip().lower() or "development"
    if environment not in {"development", "production"}:
        # A typo must not quietly run a production server with development's settings.
        raise ConfigError(
            f"PARTICIPATE_ENV must be 'development' or 'production', not {environment!r}."
        )
    production = environment == "production"

    secret_key = env.get("SECRET_KEY", "")
    if not secret_key:
        if production:
            raise ConfigError(
                "SECRET_KEY is not set. In production Participate refuses to start without a "
                "long random secret key, e.g. `python -c 'import secrets; print(secrets.token_hex(32))'`."
            )
        secret_key = _dev_secret_key(instance)
    elif production and len(secret_key) < 32:
        raise ConfigError("SECRET_KEY must be at least 32 characters long in production.")

    database_url = env.get("DATABASE_URL") or f"sqlite:///{instance / 'participate.db'}"
    if database_url.startswith("postgresql://") or database_url.startswith("postgres://"):
        # psycopg 3 is our PostgreSQL driver; accept the URL form every host gives out.
        database_url = "postgresql+psycopg://" + database_url.split("://", 1)[1]

    from participate.oidc.config import load_providers

    redis_url = env.get("REDIS_URL", "")
    mail_port = int(env.get("MAIL_PORT", "587"))
    return {
        "PARTICIPATE_ENV": "production" if production else "development",
        "SECRET_KEY": secret_key,
        "DATABASE_URL": database_url,
        "BASE_URL": env.get("BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
        "REDIS_URL": redis_url,
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_ENABLED": _bool(env.get("RATELIMIT_ENABLED"), True),
        "RATELIMIT_HEADERS_ENABLED": True,
        # Failed log-ins per address (IP) and per account; mails sent; registrations; writes.
        "RATELIMIT_LOGIN_IP": env.get("RATELIMIT_LOGIN_IP", "30 per 15 minutes"),
        "RATELIMIT_LOGIN_ACCOUNT": env.get("RATELIMIT_LOGIN_ACCOUNT", "5 per 15 minutes"),
        "RATELIMIT_MAIL": env.get("RATELIMIT_MAIL", "5 per hour"),
        "RATELIMIT_REGISTER": env.get("RATELIMIT_REGISTER", "10 per hour"),
        "RATELIMIT_WRITE": env.get("RATELIMIT_WRITE", "60 per minute"),
        # Per account (participate.extensions.account_key):
        "RATELIMIT_IDEA": env.get("RATELIMIT_IDEA", "10 per hour"),
        "RATELIMIT_COMMENT": env.get("RATELIMIT_COMMENT", "5 per minute; 60 per hour"),
        "RATELIMIT_REPORT": env.get("RATELIMIT_REPORT", "20 per hour"),
        # Share clicks and arrivals counted per address (past it: shared, but not counted).
        "RATELIMIT_SHARE": env.get("RATELIMIT_SHARE", "30 per 10 minutes"),
        # Requests to the open data API per address (participate/api/).
        "RATELIMIT_API": env.get("RATELIMIT_API", "120 per minute"),
        # Views of a consultation's page counted per address; exports per account.
        "RATELIMIT_VISIT": env.get("RATELIMIT_VISIT", "60 per 10 minutes"),
        "RATELIMIT_EXPORT": env.get("RATELIMIT_EXPORT", "30 per hour"),
        "MAIL_SERVER": env.get("MAIL_SERVER", ""),
        "MAIL_PORT": mail_port,
        "MAIL_USERNAME": env.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": _bool(env.get("MAIL_USE_TLS"), mail_port == 587),
        "MAIL_USE_SSL": _bool(env.get("MAIL_USE_SSL"), mail_port == 465),
        "MAIL_DEFAULT_SENDER": env.get("MAIL_DEFAULT_SENDER", "noreply@participate.invalid"),
        "TRUSTED_PROXIES": int(env.get("TRUSTED_PROXIES", "0")),
        "MAX_CONTENT_LENGTH": int(env.get("MAX_CONTENT_LENGTH", str(8 * 1024 * 1024))),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        "WTF_CSRF_TIME_LIMIT": None,  # tied to the session instead; long forms must not expire
        "WTF_I18N_ENABLED": True,
        "BABEL_DEFAULT_LOCALE": "nl",
        "BABEL_DEFAULT_TIMEZONE": env.get("TIMEZONE", "Europe/Brussels"),
        "LANGUAGES": ["nl", "fr", "en"],
        "EMAIL_TOKEN_MAX_AGE": 48 * 3600,
        "RESET_TOKEN_MAX_AGE": 2 * 3600,
        "MAIL_CAPTURE": False,
        # Sign-in providers (OpenID Connect / OAuth 2), see participate/oidc/config.py.
        "OIDC_PROVIDERS": load_providers(env),
        # The benchmark's bare page (bench/): only served when this is set.
        "BENCH_BASELINE": _bool(env.get("BENCH_BASELINE")),
    }
