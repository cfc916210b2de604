"""Language choice. Dutch is the default for every visitor (Flemish municipalities address
their residents in Dutch); a visitor may switch to French or English, which we remember in
their session and, when logged in, on their account."""

from __future__ import annotations

from functools import cache

from babel import Locale
from flask import current_app, g, has_request_context, session
from flask_babel import get_translations
from flask_login import current_user

LANGUAGE_NAMES = {"nl": "Nederlands", "fr": "Français", "en": "English"}
OG_LOCALES = {"nl": "nl_BE", "fr": "fr_BE", "en": "en_GB"}


def supported_locales() -> list[str]:
    return list(current_app.config["LANGUAGES"])


# The locales the app speaks, each parsed once per process.
_parsed = cache(Locale.parse)


def select_locale() -> Locale:
    """Flask-Babel's selector: the visitor's language, as a locale parsed once per process
    (Flask-Babel parses a name again on every request)."""
    return _parsed(_locale_name())


def _locale_name() -> str:
    if not has_request_context():  # CLI commands and mail sent outside a request
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("locale")
    if chosen in supported_locales():
        return chosen
    user_locale = getattr(current_user, "locale", None) if current_user else None
    if user_locale in supported_locales():
        return user_locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def keep_account_language(_app, **_extra) -> None:
    """At log-in (also by a remember-me cookie; Flask-Login has made the account the current
    user by then), the session keeps the language the visitor then has, as `_locale_name`
    decides: the one they chose in this session, else their account's, else the default. A
    request then knows its language without reading the account, which the busiest one, a
    vote, does not read (participate/ideas/services.py, `quick_click`)."""
    session["locale"] = _locale_name()


def current_translations():
    """The catalog of the request's language, looked up once per language per request.

    Flask-Babel looks the catalog up again for every string (five context lookups and the
    locale's name): a list page translates hundreds of strings. The catalog is kept beside
    Flask-Babel's own state and tied to the locale object it was found for, so `force_locale`
    (mail in the recipient's language) and `refresh()` get their own."""
    state = g.get("_flask_babel") if g else None
    if state is not None:
        cached = getattr(state, "participate_translations", None)
        if cached is not None and cached[0] is getattr(state, "babel_locale", None):
            return cached[1]
    translations = get_translations()
    state = g.get("_flask_babel") if g else None
    if state is not None and getattr(state, "babel_locale", None) is not None:
        state.participate_translations = (state.babel_locale, translations)
    return translations


def install_template_gettext(app) -> None:
    """Templates translate through `current_translations` (the same catalogs and
    autoescaping as Flask-Babel's own callables)."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: current_translations().ugettext(s),
        ngettext=lambda s, p, n: current_translations().ungettext(s, p, n),
        pgettext=lambda c, s: current_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: current_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
