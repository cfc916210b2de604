from __future__ import annotations

from flask import (
    current_app,
    has_request_context,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from sqlalchemy import text

from participate.core import bp
from participate.core.forms import LanguageForm
from participate.extensions import csrf, db
from participate.urls import safe_next


@bp.get("/")
def home():
    from participate.consultations.services import list_consultations, phase_labels

    return render_template(
        "core/home.html", consultations=list_consultations(), phase_labels=phase_labels()
    )


@bp.get("/healthz")
@csrf.exempt
def healthz():
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any database failure means "not healthy"
        current_app.logger.exception("health check: database unavailable")
        db.session.rollback()
        return jsonify(status="unavailable"), 503
    return jsonify(status="ok")


@bp.post("/language")
def set_language():
    form = LanguageForm()
    if form.validate_on_submit():
        session["locale"] = form.lang.data
        if current_user.is_authenticated:
            current_user.locale = form.lang.data
    return redirect(safe_next(form.next.data) or url_for("core.home"), code=303)


@bp.app_context_processor
def _language_form():
    if not has_request_context():
        return {}
    # formdata=None: the header's form never reads the request body, which may be the
    # reason this page is an error page (too large, or not a form at all).
    return {"language_form": LanguageForm(formdata=None, next=request.full_path.rstrip("?"))}
