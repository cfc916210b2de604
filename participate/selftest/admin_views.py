"""Admins build self-tests in the site; the council and admins see their figures."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms import SelectChoice

from participate.auth.permissions import require
from participate.consultations.services import list_consultations
from participate.db import db
from participate.forms import add_error, render_form
from participate.images.services import ImageError
from participate.selftest import aggregates, bp, services
from participate.selftest.forms import (
    EmptyForm,
    ProfileForm,
    SelfTestForm,
    StatementForm,
    positions_of,
    scale_labels,
    with_positions,
)
from participate.selftest.models import SelfTest


def _selftest_or_404(selftest_id: int) -> SelfTest:
    return db.get_or_404(SelfTest, selftest_id)


@bp.get("/admin/selftests")
@require("selftest.aggregates")
def admin_list():
    return render_template("selftest/admin_list.html", selftests=services.list_selftests())


@bp.route("/admin/selftests/new", methods=["GET", "POST"])
@require("selftest.manage")
def admin_create():
    return _settings(None)


@bp.route("/admin/selftests/<int:selftest_id>/settings", methods=["GET", "POST"])
@require("selftest.manage")
def admin_settings(selftest_id: int):
    return _settings(_selftest_or_404(selftest_id))


def _settings(selftest: SelfTest | None):
    form = SelfTestForm(obj=selftest if request.method == "GET" else None)
    form.consultation_id.choices = [SelectChoice(0, _("None: a stand-alone self-test"))] + [
        SelectChoice(c.id, c.title) for c in list_consultations()
    ]
    if request.method == "GET" and selftest is not None:
        form.consultation_id.data = selftest.consultation_id or 0
    if form.validate_on_submit():
        try:
            saved = services.save_selftest(
                selftest,
                title=form.title.data,
                slug=form.slug.data or "",
                intro_md=form.intro_md.data or "",
                consultation_id=form.consultation_id.data or None,
                published=form.published.data,
                retention_days=form.retention_days.data,
            )
        except services.SelfTestError as err:
            add_error(form, err.message, err.field)
        else:
            flash(_("The self-test is saved."), "success")
            return redirect(url_for("selftest.admin_show", selftest_id=saved.id), code=303)
    return render_form("selftest/admin_settings.html", form, selftest=selftest)


@bp.get("/admin/selftests/<int:selftest_id>")
@require("selftest.manage")
def admin_show(selftest_id: int):
    selftest = _selftest_or_404(selftest_id)
    version = selftest.current_version
    return render_template(
        "selftest/admin_show.html",
        selftest=selftest,
        version=version,
        problems=services.problems(version),
        answered=services.has_responses(version),
        labels=scale_labels(),
        form=EmptyForm(),
    )


def _theme_names(selftest: SelfTest) -> list[str]:
    if selftest.consultation is not None:
        return [t.name for t in selftest.consultation.themes]
    return []


def _done(selftest: SelfTest, message: str):
    flash(message, "success")
    return redirect(url_for("selftest.admin_show", selftest_id=selftest.id), code=303)


@bp.route("/admin/selftests/<int:selftest_id>/statements/new", methods=["GET", "POST"])
@bp.route("/admin/selftests/<int:selftest_id>/statements/<int:key>", methods=["GET", "POST"])
@require("selftest.manage")
def admin_statement(selftest_id: int, key: int | None = None):
    selftest = _selftest_or_404(selftest_id)
    version = selftest.current_version
    statement = services.statement_by_key(version, key) if key is not None else None
    if key is not None and statement is None:
        abort(404)
    profiles = version.profiles
    form_class = with_positions(StatementForm, [(p.key, p.name) for p in profiles])
    form = form_class(obj=statement if request.method == "GET" else None)
    if request.method == "GET" and statement is not None:
        for p in profiles:
            step = p.position_map().get(statement.id)
            form[f"pos_{p.key}"].data = "" if step is None else str(step)
    if form.validate_on_submit():
        try:
            services.save_statement(
                selftest,
                key,
                text=form.text.data,
                explanation=form.explanation.data or "",
                theme=form.theme.data or "",
                positions=positions_of(form),
            )
        except services.SelfTestError as err:
            add_error(form, err.message, err.field)
        else:
            return _done(selftest, _("The statement is saved."))
    return render_form(
        "selftest/admin_statement.html",
        form,
        selftest=selftest,
        statement=statement,
        theme_names=_theme_names(selftest),
        answered=services.has_responses(version),
    )


@bp.route("/admin/selftests/<int:selftest_id>/profiles/new", methods=["GET", "POST"])
@bp.route("/admin/selftests/<int:selftest_id>/profiles/<int:key>", methods=["GET", "POST"])
@require("selftest.manage")
def admin_profile(selftest_id: int, key: int | None = None):
    selftest = _selftest_or_404(selftest_id)
    version = selftest.current_version
    profile = services.profile_by_key(version, key) if key is not None else None
    if key is not None and profile is None:
        abort(404)
    form_class = with_positions(ProfileForm, [(s.key, s.text) for s in version.statements])
    form = form_class(obj=profile if request.method == "GET" else None)
    if request.method == "GET" and profile is not None:
        form.themes.data = ", ".join(profile.themes or [])
        form.image_alt.data = profile.image.alt if profile.image else ""
        steps = profile.position_map()
        for s in version.statements:
            step = steps.get(s.id)
            form[f"pos_{s.key}"].data = "" if step is None else str(step)
    if form.validate_on_submit():
        upload = form.image.data
        try:
            services.save_profile(
                selftest,
                key,
                name=form.name.data,
                description=form.description.data or "",
                themes=services.parse_themes(form.themes.data or ""),
                positions=positions_of(form),
                image=upload.read() if upload else None,
                image_alt=form.image_alt.data or "",
            )
        except services.SelfTestError as err:
            add_error(form, err.message, err.field)
        except ImageError as err:
            add_error(form, err.message, "image")
        else:
            return _done(selftest, _("The profile is saved."))
    return render_form(
        "selftest/admin_profile.html",
        form,
        selftest=selftest,
        profile=profile,
        theme_names=_theme_names(selftest),
        answered=services.has_responses(version),
    )


def _post_action(selftest_id: int, action, message: str):
    selftest = _selftest_or_404(selftest_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        action(selftest)
    except services.SelfTestError as err:
        db.session.rollback()
        flash(err.message, "error")
        return redirect(url_for("selftest.admin_show", selftest_id=selftest_id), code=303)
    return _done(selftest, message)


@bp.post("/admin/selftests/<int:selftest_id>/statements/<int:key>/delete")
@require("selftest.manage")
def admin_delete_statement(selftest_id: int, key: int):
    return _post_action(
        selftest_id, lambda t: services.delete_statement(t, key), _("The statement is removed.")
    )


@bp.post("/admin/selftests/<int:selftest_id>/statements/<int:key>/move")
@require("selftest.manage")
def admin_move_statement(selftest_id: int, key: int):
    offset = -1 if request.form.get("direction") == "up" else 1
    return _post_action(
        selftest_id, lambda t: services.move_statement(t, key, offset), _("The order is saved.")
    )


@bp.post("/admin/selftests/<int:selftest_id>/profiles/<int:key>/delete")
@require("selftest.manage")
def admin_delete_profile(selftest_id: int, key: int):
    return _post_action(
        selftest_id, lambda t: services.delete_profile(t, key), _("The profile is removed.")
    )


@bp.get("/admin/selftests/<int:selftest_id>/figures")
@require("selftest.aggregates")
def figures(selftest_id: int):
    selftest = _selftest_or_404(selftest_id)
    number = request.args.get("version", type=int) or selftest.current_version.number
    version = next((v for v in selftest.versions if v.number == number), None)
    if version is None:
        abort(404)
    return render_template(
        "selftest/figures.html",
        selftest=selftest,
        figures=aggregates.aggregates(version),
        labels=scale_labels(),
    )
