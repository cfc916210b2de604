"""Moderation pages: thin views that parse, call the services and render. Every moderator
route is guarded by the named rule "moderation.act" (admin settings by "moderation.configure");
citizens' report forms by the service's own refusal."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from participate.accounts.models import User
from participate.auth.permissions import require
from participate.db import db
from participate.extensions import account_key, limiter
from participate.forms import add_error, render_form
from participate.ideas import services as ideas
from participate.ideas.models import Comment, Idea
from participate.ideas.views import get_consultation_or_404
from participate.moderation import queue, services
from participate.moderation.forms import (
    ActionForm,
    BlockForm,
    EditForm,
    MergeForm,
    OfflineCommentForm,
    OfflineIdeaForm,
    ReportForm,
    SettingsForm,
    TemplateForm,
    ThemeForm,
)
from participate.moderation.models import QueueReason, RejectionTemplate
from participate.urls import safe_next

bp = Blueprint("moderation", __name__, template_folder="templates")

KINDS = {"idea": Idea, "comment": Comment}


def _limit(name: str):
    return lambda: current_app.config[name]


def _item(kind: str, item_id: int) -> Idea | Comment:
    model = KINDS.get(kind)
    if model is None:
        abort(404)
    item = db.session.get(model, item_id)
    if item is None:
        abort(404)
    return item


def _item_url(item: Idea | Comment) -> str:
    if isinstance(item, Idea):
        return url_for("ideas.show", idea_id=item.id)
    return url_for("ideas.show", idea_id=item.idea_id) + f"#comment-{item.id}"


def _back(form, default: str | None = None) -> str:
    return (
        safe_next(form.next.data if form and "next" in form else "")
        or default
        or url_for("moderation.queue")
    )


def _refused(err: services.ModerationError, back: str):
    db.session.rollback()
    flash(err.message, "error")
    return redirect(back, code=303)


# -- Reports (citizens) -------------------------------------------------------------------


@bp.route("/report/<kind>/<int:item_id>", methods=["GET", "POST"])
@login_required
@limiter.limit(_limit("RATELIMIT_REPORT"), key_func=account_key, methods=["POST"])
def report(kind: str, item_id: int):
    item = _item(kind, item_id)
    idea = item if isinstance(item, Idea) else item.idea
    if not ideas.may_view(idea, current_user):
        abort(404)
    refusal = services.report_refusal(item, current_user)
    form = ReportForm()
    form.reason.choices = [SelectChoice(k.value, v) for k, v in services.REPORT_REASONS.items()]
    if refusal:
        flash(refusal, "error")
        return redirect(_item_url(item), code=303)
    if form.validate_on_submit():
        try:
            services.report(item, current_user, form.reason.data, form.text.data or "")
        except services.ModerationError as err:
            db.session.rollback()
            add_error(form, err.message, err.field)
        else:
            flash(_("Thank you. A moderator will look at your report."), "success")
            return redirect(_item_url(item), code=303)
    return render_form("moderation/report.html", form, item=item, kind=kind, idea=idea)


# -- The queue ----------------------------------------------------------------------------


@bp.get("/moderation", endpoint="queue")
@require("moderation.act")
def queue_view():
    reason = request.args.get("reason", "")
    page = services.queue_page(request.args.get("after", "")[:40], reason)
    return render_template(
        "moderation/queue.html",
        page=page,
        reason=reason,
        reasons=[r.value for r in QueueReason],
        templates=services.rejection_templates(),
        report_reasons=services.REPORT_REASONS,
        form=ActionForm(),
    )


@bp.post("/moderation/<kind>/<int:item_id>/<any(approve, reject, hide, unhide):action>")
@require("moderation.act")
def decide(kind: str, item_id: int, action: str):
    item = _item(kind, item_id)
    form = ActionForm()
    back = _back(form)
    if not form.validate_on_submit():
        abort(400)
    try:
        if action == "approve":
            services.approve(item, current_user)
            message = _("Approved: it is public.")
        elif action == "reject":
            services.reject(
                item, current_user, form.reason.data or "", form.template_id.data or None
            )
            message = _("Rejected: the author received the reason by e-mail.")
        elif action == "hide":
            services.hide(item, current_user, form.reason.data or "")
            message = _("Hidden: only the author and the moderators see it now.")
        else:
            services.unhide(item, current_user, form.reason.data or "")
            message = _("Visible again.")
    except services.ModerationError as err:
        return _refused(err, back)
    flash(message, "success")
    return redirect(back, code=303)


@bp.route("/moderation/<kind>/<int:item_id>/edit", methods=["GET", "POST"])
@require("moderation.act")
def edit(kind: str, item_id: int):
    item = _item(kind, item_id)
    form = EditForm(obj=item if request.method == "GET" else None)
    if isinstance(item, Comment):
        del form.title
    if request.method == "GET":
        form.reason.data = ""
    if form.validate_on_submit():
        try:
            services.edit(
                item,
                current_user,
                body_md=form.body_md.data,
                title=form.title.data if "title" in form else None,
                reason=form.reason.data,
            )
        except services.ModerationError as err:
            add_error(form, err.message, err.field)
        else:
            flash(_("Changed. The text shows that the moderation edited it."), "success")
            return redirect(_item_url(item), code=303)
    return render_form("moderation/edit.html", form, item=item, kind=kind)


@bp.post("/moderation/ideas/<int:idea_id>/theme")
@require("moderation.act")
def change_theme(idea_id: int):
    idea = _item("idea", idea_id)
    form = ThemeForm()
    back = _back(form, url_for("ideas.show", idea_id=idea.id))
    if not form.validate_on_submit():
        abort(400)
    try:
        services.change_theme(idea, current_user, form.theme_id.data)
    except services.ModerationError as err:
        return _refused(err, back)
    flash(_("The theme is changed."), "success")
    return redirect(back, code=303)


@bp.post("/moderation/ideas/<int:idea_id>/<any(featured, pinned):flag>")
@require("moderation.act")
def set_flag(idea_id: int, flag: str):
    idea = _item("idea", idea_id)
    form = ActionForm()
    back = _back(form, url_for("ideas.show", idea_id=idea.id))
    if not form.validate_on_submit():
        abort(400)
    try:
        services.set_flag(idea, current_user, flag, bool(form.value.data))
    except services.ModerationError as err:
        return _refused(err, back)
    flash(_("Saved."), "success")
    return redirect(back, code=303)


@bp.route("/moderation/ideas/<int:idea_id>/merge", methods=["GET", "POST"])
@require("moderation.act")
def merge(idea_id: int):
    duplicate = _item("idea", idea_id)
    form = MergeForm()
    kept = None
    if form.validate_on_submit():
        kept = ideas.get_idea(form.into.data)
        refusal = services.merge_refusal(duplicate, kept)
        if refusal:
            add_error(form, refusal, "into")
            kept = None
        elif form.confirm.data == "yes":
            try:
                result = services.merge(duplicate, kept, current_user)
            except services.ModerationError as err:
                db.session.rollback()
                add_error(form, err.message, err.field)
            else:
                flash(
                    _(
                        "Merged. %(moved)d votes and %(comments)d comments moved; %(combined)d citizens had voted for both and keep one vote.",
                        moved=result.moved_votes,
                        comments=result.moved_comments,
                        combined=result.combined_votes,
                    ),
                    "success",
                )
                return redirect(url_for("ideas.show", idea_id=kept.id), code=303)
    return render_form("moderation/merge.html", form, duplicate=duplicate, kept=kept)


# -- Offline contributions ----------------------------------------------------------------


@bp.route("/moderation/consultations/<slug>/offline-idea", methods=["GET", "POST"])
@require("moderation.act")
def offline_idea(slug: str):
    consultation = get_consultation_or_404(slug)
    form = OfflineIdeaForm()
    form.theme_id.choices = [SelectChoice(t.id, t.name) for t in consultation.themes]
    if form.validate_on_submit():
        try:
            idea = services.post_offline_idea(
                consultation,
                current_user,
                title=form.title.data,
                body_md=form.body_md.data,
                theme_id=form.theme_id.data,
                place=form.place.data or "",
            )
        except services.ModerationError as err:
            add_error(form, err.message, err.field)
        else:
            flash(_("The idea is published as submitted at the town hall."), "success")
            return redirect(url_for("ideas.show", idea_id=idea.id), code=303)
    return render_form("moderation/offline_idea.html", form, consultation=consultation)


@bp.route("/moderation/ideas/<int:idea_id>/offline-comment", methods=["GET", "POST"])
@require("moderation.act")
def offline_comment(idea_id: int):
    idea = _item("idea", idea_id)
    form = OfflineCommentForm()
    if form.validate_on_submit():
        try:
            comment = services.post_offline_comment(idea, current_user, form.body_md.data)
        except services.ModerationError as err:
            add_error(form, err.message, err.field)
        else:
            flash(_("The comment is published as submitted at the town hall."), "success")
            return redirect(_item_url(comment), code=303)
    return render_form("moderation/offline_comment.html", form, idea=idea)


# -- People -------------------------------------------------------------------------------


@bp.get("/moderation/people")
@require("moderation.act")
def people():
    query = request.args.get("q", "")[:60]
    return render_template(
        "moderation/people.html", query=query, people=services.search_people(query)
    )


@bp.get("/moderation/people/<int:user_id>")
@require("moderation.act")
def person(user_id: int):
    user = db.get_or_404(User, user_id)
    recent_ideas, recent_comments = services.contributions_of(user)
    return render_template(
        "moderation/person.html",
        person=user,
        history=services.author_histories({user.id}).get(user.id),
        ideas=recent_ideas,
        comments=recent_comments,
        form=BlockForm(),
        refusal=services.block_refusal(user, current_user),
    )


@bp.post("/moderation/people/<int:user_id>/<any(block, unblock, 'hide-all'):action>")
@require("moderation.act")
def person_action(user_id: int, action: str):
    user = db.get_or_404(User, user_id)
    form = BlockForm()
    back = url_for("moderation.person", user_id=user.id)
    if not form.validate_on_submit():
        abort(400)
    reason = form.reason.data or ""
    try:
        if action == "block":
            services.block(user, current_user, reason)
            message = _("The account is blocked.")
        elif action == "unblock":
            services.unblock(user, current_user, reason)
            message = _("The account is no longer blocked.")
        else:
            hidden_ideas, hidden_comments = services.hide_all_content(user, current_user, reason)
            message = _(
                "Hidden: %(ideas)d ideas and %(comments)d comments.",
                ideas=hidden_ideas,
                comments=hidden_comments,
            )
    except services.ModerationError as err:
        return _refused(err, back)
    flash(message, "success")
    return redirect(back, code=303)


# -- Settings (admins) --------------------------------------------------------------------


@bp.route("/admin/moderation", methods=["GET", "POST"])
@require("moderation.configure")
def settings():
    form = SettingsForm()
    if request.method == "GET":
        form.words.data = "\n".join(queue.blocked_words())
        form.max_links.data = queue.links_limit()
    if form.validate_on_submit():
        try:
            services.save_blocked_words(current_user, form.words.data or "")
            services.save_links_limit(current_user, form.max_links.data)
        except services.ModerationError as err:
            add_error(form, err.message, err.field)
        else:
            flash(_("The moderation settings are saved."), "success")
            return redirect(url_for("moderation.settings"), code=303)
    return render_form(
        "moderation/settings.html",
        form,
        templates=services.rejection_templates(),
        template_form=TemplateForm(formdata=None),
    )


@bp.route("/admin/moderation/reasons/new", methods=["GET", "POST"])
@bp.route("/admin/moderation/reasons/<int:template_id>", methods=["GET", "POST"])
@require("moderation.configure")
def edit_template(template_id: int | None = None):
    template = db.get_or_404(RejectionTemplate, template_id) if template_id else None
    form = TemplateForm(obj=template if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            services.save_rejection_template(
                current_user, template, title=form.title.data, body=form.body.data
            )
        except services.ModerationError as err:
            add_error(form, err.message, err.field)
        else:
            flash(_("The reason is saved."), "success")
            return redirect(url_for("moderation.settings") + "#reasons", code=303)
    return render_form("moderation/template.html", form, reason_template=template)


@bp.post("/admin/moderation/reasons/<int:template_id>/delete")
@require("moderation.configure")
def delete_template(template_id: int):
    template = db.get_or_404(RejectionTemplate, template_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.delete_rejection_template(current_user, template)
    flash(_("The reason is deleted."), "success")
    return redirect(url_for("moderation.settings") + "#reasons", code=303)
