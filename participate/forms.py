"""Small helpers shared by every capability's views for forms."""

from __future__ import annotations

from typing import Any

from babel.support import Translations
from flask import current_app, render_template
from flask_babel import get_locale
from flask_wtf import FlaskForm
from wtforms.i18n import messages_path

# WTForms' own messages ("This field is required.") per language, read once per process: the
# catalogs do not change while it runs. Flask-WTF reads the catalog from disk again for every
# request that builds a form (about 1 ms, a fifth of a vote).
_WTFORMS_CATALOGS: dict[str, Translations] = {}


def wtforms_translations() -> Translations:
    """WTForms' catalog for the request's language."""
    language = str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])
    catalog = _WTFORMS_CATALOGS.get(language)
    if catalog is None:
        catalog = Translations.load(messages_path(), [language], domain="wtforms")
        _WTFORMS_CATALOGS[language] = catalog
    return catalog


class AppForm(FlaskForm):
    """The base of every form of the app: Flask-WTF's (CSRF, the request's data), with
    WTForms' messages from a catalog read once per language."""

    class Meta:
        def get_translations(self, form):
            if not current_app.config.get("WTF_I18N_ENABLED", True):
                return None
            return wtforms_translations()


def add_error(form: AppForm, message: str, field: str | None = None) -> None:
    """Show a rule's refusal next to its field (or at the top of the form)."""
    if field and field in form:
        form[field].errors = [*form[field].errors, message]
    else:
        form.form_errors.append(message)


def render_form(template: str, form: AppForm, **context: Any) -> tuple[str, int]:
    """Render a page with a form; a submitted form with errors answers 422, which also makes
    the request roll back whatever it had started (nothing half-saved)."""
    status = 422 if form.errors or form.form_errors else 200
    return render_template(template, form=form, **context), status
