"""Small helpers shared by every capability's views for forms."""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_wtf import FlaskForm


def add_error(form: FlaskForm, message: str, field: str | None = None) -> None:
    """Show a rule's refusal next to its field (or at the top of the form)."""
    if field and field in form:
        form[field].errors = [*form[field].errors, message]
    else:
        form.form_errors.append(message)


def render_form(template: str, form: FlaskForm, **context: Any) -> tuple[str, int]:
    """Render a page with a form; a submitted form with errors answers 422, which also makes
    the request roll back whatever it had started (nothing half-saved)."""
    status = 422 if form.errors or form.form_errors else 200
    return render_template(template, form=form, **context), status
