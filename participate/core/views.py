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
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import text

from participate.auth.permissions import can, require
from participate.core import bp
from participate.core.forms import LanguageForm
from participate.extensions import csrf, db
from participate.urls import safe_next


@bp.get("/admin")
@require("staff.tools")
def admin_index():
    """One page that lists the tools of the visitor's role (the navigation shows one link)."""
    tools = [
        (
            "moderation.act",
            "moderation.queue",
            _("Moderation"),
            _(
                "The queue of ideas and comments that wait for a moderator, reports, people and blocked accounts."
            ),
        ),
        (
            "moderation.configure",
            "moderation.settings",
            _("Moderation settings"),
            _("Blocked words, the links limit and the standard reasons for rejection."),
        ),
        (
            "consultation.manage",
            "consultations.admin_list",
            _("Manage consultations"),
            _("Create consultations, their themes and phases."),
        ),
        (
            "selftest.aggregates",
            "selftest.admin_list",
            _("Self-tests"),
            _("Build self-tests and read their figures."),
        ),
        (
            "results.view",
            "results.dashboard_all",
            _("Participation"),
            _(
                "Who do we reach? Ideas, votes, comments, self-tests and participants per day, theme, postcode and network."
            ),
        ),
        (
            "results.export",
            "results.index",
            _("Results and exports"),
            _(
                "Download the results of a consultation (XLSX, CSV, JSON) and print the report for the council."
            ),
        ),
        (
            "share.view_counts",
            "share.staff",
            _("Shares"),
            _(
                "How often ideas and consultations are shared, per network, and the visits that came from it."
            ),
        ),
        (
            "announcement.manage",
            "notifications.admin_announcements",
            _("Announcements"),
            _("A notice on every page, for example when an information evening moves."),
        ),
        (
            "audit.view",
            "audit.index",
            _("Audit log"),
            _("Every action of moderators and admins."),
        ),
        (
            "site.manage",
            "site.edit_settings",
            _("Site settings"),
            _("The municipality's name, logo, colour, footer and privacy statement."),
        ),
    ]
    allowed = [
        {"url": url_for(endpoint), "title": title, "description": description}
        for rule, endpoint, title, description in tools
        if can(current_user, rule)
    ]
    return render_template("core/admin.html", tools=allowed)


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


def bench_baseline():
    """The base template and nothing else: no query of its own. The benchmark (bench/) reports
    every page's throughput as a share of this one's. Routed only with BENCH_BASELINE=1."""
    return render_template("base.html")


@bp.post("/language")
def set_language():
    form = LanguageForm()
    if form.validate_on_submit():
        session["locale"] = form.lang.data
        if current_user.is_authenticated:
            current_user.locale = form.lang.data
    return redirect(safe_next(form.next.data) or url_for("core.home"), code=303)


@bp.app_context_processor
def _language_next():
    # The header's language buttons come back to this page (its path only: the form never
    # reads the request body, which may be the reason this page is an error page).
    if not has_request_context():
        return {}
    return {"language_next": request.full_path.rstrip("?")}
