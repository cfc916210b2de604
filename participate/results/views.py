from __future__ import annotations

import tempfile
from pathlib import Path

from flask import (
    Response,
    current_app,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user

from participate.auth.permissions import can, require
from participate.consultations.models import Consultation
from participate.consultations.services import list_consultations
from participate.db import utcnow
from participate.extensions import account_key, limiter
from participate.forms import add_error, render_form
from participate.ideas.views import get_consultation_or_404
from participate.results import bp, pages, services, writers
from participate.results.dashboard import dashboard as participation
from participate.results.filters import ExportError, ExportFilter, make_filter
from participate.results.forms import ExportForm, status_labels
from participate.share.services import prepare_write

SCHEMA = Path(__file__).parent / "export.schema.json"


def _export_limit() -> str:
    return current_app.config["RATELIMIT_EXPORT"]


# -- Public ---------------------------------------------------------------------------------


@bp.get("/consultations/<slug>/results")
def results_page(slug: str):
    """The public results, once the consultation's results are published; before that a
    "not yet" page that says when (404: there is nothing here yet)."""
    consultation = get_consultation_or_404(slug)
    if not services.results_published(consultation):
        return render_template("results/not_yet.html", consultation=consultation), 404
    found = services.overview(consultation)
    return render_template(
        "results/page.html",
        consultation=consultation,
        overview=found,
        charts=pages.overview_charts(found),
        answer_labels=pages.answer_labels(),
    )


@bp.get("/results/export.schema.json")
def export_schema():
    """The JSON Schema of the JSON export (the open-data form), for anyone who reuses it."""
    response = Response(SCHEMA.read_bytes(), mimetype="application/schema+json")
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response


# -- Exports and the report (council, admins) -----------------------------------------------


@bp.get("/admin/results")
@require("results.export")
def index():
    return render_template("results/index.html", consultations=list_consultations())


def _filter_from_form(consultation: Consultation, form: ExportForm) -> ExportFilter:
    return make_filter(
        consultation,
        themes=form.themes.data or [],
        statuses=form.statuses.data or [],
        since=form.since.data,
        until=form.until.data,
        include_hidden=form.include_hidden.data,
    )


@bp.route("/admin/results/<slug>/export", methods=["GET", "POST"])
@require("results.export")
@limiter.limit(_export_limit, key_func=account_key, methods=["POST"])
def export(slug: str):
    """The export form; a valid POST answers with the file (or sends the report's page)."""
    consultation = get_consultation_or_404(slug)
    form = ExportForm(consultation)
    if not can(current_user, "results.export_contacts"):
        del form.contact_details
    if form.validate_on_submit():
        fmt = form.format.data
        contact_details = bool(form.contact_details.data) if "contact_details" in form else False
        try:
            flt = _filter_from_form(consultation, form)
            if fmt == "report":
                return redirect(
                    url_for("results.report", slug=consultation.slug, **flt.query_args()), code=303
                )
            started = services.start_export(
                current_user, consultation, flt, fmt, contact_details=contact_details
            )
        except ExportError as err:
            add_error(form, err.message, err.field)
        else:
            return _send(started, fmt)
    return render_form("results/export.html", form, consultation=consultation)


def _send(export: services.Export, fmt: str) -> Response:
    """The whole file is written to a temporary file first: an error while writing answers
    500 (and rolls back the audit entry) instead of a download cut short."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 - send_file closes it after sending
    try:
        services.write(export, fmt, out)
        out.seek(0)
    except BaseException:
        out.close()
        raise
    response = send_file(
        out,
        mimetype=writers.MIMETYPES[fmt],
        as_attachment=True,
        download_name=services.filename(export, fmt),
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/admin/results/<slug>/report")
@require("results.export")
def report(slug: str):
    """The printable report for the council, with the same filters as the exports."""
    prepare_write()  # a GET that writes (the audit entry): on SQLite take the lock first
    consultation = get_consultation_or_404(slug)
    args = request.args
    try:
        flt = make_filter(
            consultation,
            themes=args.getlist("theme"),
            statuses=args.getlist("status"),
            since=args.get("since"),
            until=args.get("until"),
            include_hidden=args.get("include_hidden") == "1",
        )
    except ExportError as err:
        return render_template(
            "results/bad_filter.html", consultation=consultation, message=err.message
        ), 400
    found = services.overview(consultation, flt, published_selftests_only=False)
    services.record_report(current_user, consultation, flt)
    return render_template(
        "results/report.html",
        consultation=consultation,
        overview=found,
        filter=flt,
        charts=pages.overview_charts(found),
        answer_labels=pages.answer_labels(),
        status_labels=status_labels(),
        now=utcnow(),
    )


# -- The participation dashboard (moderators, council, admins) ------------------------------


@bp.get("/admin/participation")
@require("results.view")
def dashboard_all():
    figures = participation(None)
    return render_template(
        "results/dashboard.html",
        consultation=None,
        consultations=list_consultations(),
        figures=figures,
        charts=pages.dashboard_charts(figures),
    )


@bp.get("/admin/participation/<slug>")
@require("results.view")
def dashboard(slug: str):
    consultation = get_consultation_or_404(slug)
    figures = participation(consultation)
    return render_template(
        "results/dashboard.html",
        consultation=consultation,
        consultations=[],
        figures=figures,
        charts=pages.dashboard_charts(figures),
    )
