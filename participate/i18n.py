"""Language choice. Dutch is the default for every visitor (Flemish municipalities address
their residents in Dutch); a visitor may switch to French or English, which we remember in
their session and, when logged in, on their account."""

from __future__ import annotations

from flask import current_app, has_request_context, session
from flask_login import current_user

LANGUAGE_NAMES = {"nl": "Nederlands", "fr": "Français", "en": "English"}
OG_LOCALES = {"nl": "nl_BE", "fr": "fr_BE", "en": "en_GB"}


def supported_locales() -> list[str]:
    return list(current_app.config["LANGUAGES"])


def select_locale() -> str:
    if not has_request_context():  # CLI commands and mail sent outside a request
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("locale")
    if chosen in supported_locales():
        return chosen
    user_locale = getattr(current_user, "locale", None) if current_user else None
    if user_locale in supported_locales():
        return user_locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]
