from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from participate.accounts.services import session_account
from participate.auth.permissions import can, require
from participate.consultations.services import (
    commenting_refusal,
    get_by_slug,
    posting_refusal,
    timeline,
    voting_refusal,
)
from participate.db import db
from participate.extensions import account_key, limiter
from participate.forms import add_error, render_form
from participate.ideas import bp, services
from participate.ideas.forms import IdeaForm, StatusForm, TitleForm, VoteForm
from participate.ideas.models import PUBLIC_STATUSES, Idea, IdeaStatus
from participate.images.services import ImageError
from participate.urls import safe_next


def _write_limit() -> str:
    from flask import current_app

    return current_app.config["RATELIMIT_WRITE"]


def _theme_choices(form: IdeaForm, consultation) -> None:
    form.theme_id.choices = [SelectChoice(t.id, t.name) for t in consultation.themes]


def get_consultation_or_404(slug: str):
    consultation = get_by_slug(slug)
    if consultation is None:
        abort(404)
    return consultation


def _load_idea(idea_id: int, *, shown: bool = True) -> Idea:
    return _viewable_or_404(services.get_idea(idea_id, shown=shown))


def _viewable_or_404(idea: Idea | None) -> Idea:
    if idea is None or not services.may_view(idea, current_user):
        abort(404)
    return idea


def _idea_limit() -> str:
    from flask import current_app

    return current_app.config["RATELIMIT_IDEA"]


@bp.route("/consultations/<slug>/ideas/new", methods=["GET", "POST"])
@limiter.limit(_write_limit, methods=["POST"])
@limiter.limit(_idea_limit, key_func=account_key, methods=["POST"])
def new_idea(slug: str):
    consultation = get_consultation_or_404(slug)
    refusal = posting_refusal(consultation)
    if not current_user.is_authenticated:
        flash(_("Log in or register to post an idea."), "info")
        return redirect(url_for("accounts.login", next=request.path))
    if refusal or not current_user.is_verified:
        return render_template(
            "ideas/cannot_post.html", consultation=consultation, refusal=refusal
        ), 403

    title_form = TitleForm(request.args)
    form = IdeaForm()
    _theme_choices(form, consultation)
    if request.method == "GET":
        title = (title_form.title.data or "").strip()
        if not title:
            return render_template(
                "ideas/new_step1.html", consultation=consultation, title_form=title_form
            )
        form.title.data = title
        similar = services.similar_ideas(consultation, title)
        return render_template(
            "ideas/new.html", consultation=consultation, form=form, similar=similar
        )

    if form.validate_on_submit():
        upload = form.photo.data
        try:
            idea = services.post_idea(
                consultation,
                current_user,
                title=form.title.data,
                body_md=form.body_md.data,
                theme_id=form.theme_id.data,
                place=form.place.data or "",
                photo=upload.read() if upload else None,
                photo_alt=form.photo_alt.data or "",
            )
        except services.IdeaError as err:
            add_error(form, err.message, err.field)
        except ImageError as err:
            add_error(form, err.message, "photo")
        else:
            if idea.status == IdeaStatus.PENDING:
                flash(
                    _(
                        "Thank you! Your idea is awaiting moderation; we will let you know by e-mail."
                    ),
                    "success",
                )
            else:
                flash(_("Thank you! Your idea is published."), "success")
            return redirect(url_for("ideas.show", idea_id=idea.id), code=303)
    return render_form("ideas/new.html", form, consultation=consultation, similar=[])


@bp.get("/consultations/<slug>/similar")
def similar(slug: str):
    """Similar ideas while a citizen types a title (used by the page's script)."""
    consultation = get_consultation_or_404(slug)
    title = (request.args.get("title") or "")[:120]
    items = services.similar_ideas(consultation, title) if len(title) >= 4 else []
    return jsonify(
        ideas=[
            {"title": i.title, "url": url_for("ideas.show", idea_id=i.id), "votes": i.support_count}
            for i in items
        ]
    )


@bp.get("/ideas/<int:idea_id>")
def show(idea_id: int):
    idea = services.get_idea(idea_id)
    if idea is not None and idea.merged_into_id is not None:
        # A duplicate merged into another idea: its address leads there for good.
        return redirect(url_for("ideas.show", idea_id=idea.merged_into_id), code=301)
    idea = _viewable_or_404(idea)
    consultation = idea.consultation
    from participate.ideas import comments

    moderation = {}
    if can(current_user, "moderation.act"):
        from participate.moderation import services as moderation_services

        moderation = {
            "moderation_templates": moderation_services.rejection_templates(),
            "moderation_reports": moderation_services.open_reports(idea),
            "moderation_report_reasons": moderation_services.REPORT_REASONS,
        }
    status_form = None
    if current_user.is_authenticated and services.can_set_status(current_user) and idea.is_public:
        status_form = StatusForm()
        status_form.status.choices = [SelectChoice(s.value, s.value) for s in PUBLIC_STATUSES]
    return render_template(
        "ideas/show.html",
        idea=idea,
        consultation=consultation,
        timeline=timeline(consultation),
        my_vote=services.votes_of(current_user, [idea.id]).get(idea.id, 0),
        remaining=services.remaining_votes(consultation, current_user),
        voting_refusal=voting_refusal(consultation),
        commenting_refusal=commenting_refusal(consultation),
        edit_refusal=services.edit_refusal(idea, current_user),
        # Visitors who are not logged in get the kept thread (participate/ideas/fragment_keys.py).
        thread=comments.thread(idea, current_user) if current_user.is_authenticated else None,
        status_form=status_form,
        statuses=[s.value for s in PUBLIC_STATUSES],
        **moderation,
    )


@bp.post("/ideas/<int:idea_id>/vote")
@limiter.limit(_write_limit, key_func=account_key)
def vote(idea_id: int):
    form = VoteForm()
    wants_json = request.accept_mimetypes.best == "application/json"
    account = session_account()
    if account is not None and form.validate_on_submit():
        # The usual click on the support button: done by the idea's id and the session's
        # account where it may be, without loading either.
        result = services.quick_click(idea_id, account, form.value.data or 1)
        if result is not None:
            return _voted(result, idea_id, form, wants_json)
    idea = _load_idea(idea_id, shown=False)
    if not current_user.is_authenticated:
        if wants_json:
            return jsonify(error=_("Log in to vote.")), 401
        flash(_("Log in or register to vote."), "info")
        return redirect(url_for("accounts.login", next=_back(form, idea_id)))
    if not form.validate_on_submit():
        abort(400)
    try:
        result = services.vote(idea, current_user, form.value.data or 1)
    except services.IdeaError as err:
        db.session.rollback()
        if wants_json:
            return jsonify(error=err.message), 409
        flash(err.message, "error")
        return redirect(_back(form, idea_id), code=303)
    return _voted(result, idea_id, form, wants_json)


def _back(form: VoteForm, idea_id: int) -> str:
    return safe_next(form.next.data) or url_for("ideas.show", idea_id=idea_id)


def _voted(result: services.VoteResult, idea_id: int, form: VoteForm, wants_json: bool):
    message = _("Your vote is counted.") if result.value else _("Your vote is withdrawn.")
    if wants_json:
        return jsonify(
            message=message,
            value=result.value,
            support_count=result.support_count,
            oppose_count=result.oppose_count,
            remaining=result.remaining,
        )
    flash(message, "success")
    return redirect(_back(form, idea_id), code=303)


@bp.route("/ideas/<int:idea_id>/edit", methods=["GET", "POST"])
@login_required
def edit(idea_id: int):
    idea = _load_idea(idea_id)
    refusal = services.edit_refusal(idea, current_user)
    if refusal:
        flash(refusal, "error")
        return redirect(url_for("ideas.show", idea_id=idea.id), code=303)
    form = IdeaForm(obj=idea if request.method == "GET" else None)
    _theme_choices(form, idea.consultation)
    if form.validate_on_submit():
        try:
            services.edit_idea(
                idea,
                current_user,
                title=form.title.data,
                body_md=form.body_md.data,
                theme_id=form.theme_id.data,
                place=form.place.data or "",
            )
        except services.IdeaError as err:
            add_error(form, err.message, err.field)
        else:
            if idea.status == IdeaStatus.PENDING:
                flash(
                    _(
                        "Thank you! Your idea is awaiting moderation; we will let you know by e-mail."
                    ),
                    "success",
                )
            else:
                flash(_("Your idea is changed."), "success")
            return redirect(url_for("ideas.show", idea_id=idea.id), code=303)
    return render_form("ideas/edit.html", form, idea=idea, consultation=idea.consultation)


@bp.post("/ideas/<int:idea_id>/withdraw")
@login_required
def withdraw(idea_id: int):
    idea = _load_idea(idea_id)
    if not VoteForm().validate_on_submit():
        abort(400)
    try:
        services.withdraw_idea(idea, current_user)
    except services.IdeaError as err:
        flash(err.message, "error")
    else:
        flash(_("Your idea is withdrawn."), "success")
    return redirect(url_for("ideas.show", idea_id=idea.id), code=303)


@bp.post("/ideas/<int:idea_id>/status")
@require("idea.set_status")
def set_status(idea_id: int):
    idea = _load_idea(idea_id)
    form = StatusForm()
    form.status.choices = [SelectChoice(s.value, s.value) for s in PUBLIC_STATUSES]
    if form.validate_on_submit():
        try:
            services.set_status(idea, current_user, form.status.data, form.response.data)
        except services.IdeaError as err:
            flash(err.message, "error")
        else:
            flash(_("The status is changed and the response is published."), "success")
    else:
        for errors in form.errors.values():
            flash(errors[0], "error")
    return redirect(url_for("ideas.show", idea_id=idea.id) + "#status", code=303)
