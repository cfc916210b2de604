from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import (
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from participate.accounts.forms import EmptyForm
from participate.auth.permissions import require
from participate.db import db
from participate.extensions import csrf, limiter
from participate.forms import add_error, render_form
from participate.notifications import announcements, bp, news, services
from participate.notifications.forms import (
    AnnouncementForm,
    AnnouncementUpdateForm,
    PreferencesForm,
    UpdateForm,
)
from participate.notifications.models import Announcement
from participate.urls import safe_next


def _write_limit() -> str:
    return current_app.config["RATELIMIT_WRITE"]


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def _to_utc(value: datetime) -> datetime:
    return value.replace(tzinfo=_zone()).astimezone(ZoneInfo("UTC"))


def _to_local(value: datetime) -> datetime:
    return value.astimezone(_zone()).replace(tzinfo=None)


def _consultation(slug: str):
    from participate.ideas.views import get_consultation_or_404

    return get_consultation_or_404(slug)


# -- Following ---------------------------------------------------------------------------


@bp.post("/ideas/<int:idea_id>/follow")
@require("account.manage")
@limiter.limit(_write_limit)
def follow_idea(idea_id: int):
    from participate.ideas.views import _load_idea

    idea = _load_idea(idea_id)
    if EmptyForm().validate_on_submit():
        now = services.toggle_follow(current_user, idea_id=idea.id)
        flash(
            _("You follow this idea: we e-mail you its news.")
            if now
            else _("You no longer follow this idea."),
            "success",
        )
    return redirect(url_for("ideas.show", idea_id=idea.id), code=303)


@bp.post("/consultations/<slug>/follow")
@require("account.manage")
@limiter.limit(_write_limit)
def follow_consultation(slug: str):
    consultation = _consultation(slug)
    if EmptyForm().validate_on_submit():
        now = services.toggle_follow(current_user, consultation_id=consultation.id)
        flash(
            _("You follow this consultation: we e-mail you its updates and new phases.")
            if now
            else _("You no longer follow this consultation."),
            "success",
        )
    return redirect(url_for("consultations.show", slug=consultation.slug), code=303)


# -- Settings and unsubscribe -------------------------------------------------------------


@bp.post("/account/notifications")
@require("account.manage")
@limiter.limit(_write_limit)
def save_preferences():
    form = PreferencesForm()
    if form.validate_on_submit():
        kinds = {k.value for k in services.SETTABLE_KINDS if form[k.value].data}
        services.save_preferences(current_user, kinds=kinds, digest=form.digest.data)
        flash(_("Your e-mail settings are saved."), "success")
    return redirect(url_for("accounts.account") + "#notifications", code=303)


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # the signed token is the proof; mail programs post here without a form
@limiter.limit(_write_limit, methods=["POST"])
def unsubscribe(token: str):
    """GET shows a button (link checkers in mail systems open links, and must not
    unsubscribe anyone); POST unsubscribes, also the one-click POST of RFC 8058."""
    if request.method == "GET":
        return render_template("notifications/unsubscribe.html", token=token)
    try:
        _user, kind = services.unsubscribe(token)
    except ValueError:
        return render_template("notifications/unsubscribe_failed.html"), 400
    labels = services.kind_labels()
    return render_template("notifications/unsubscribed.html", label=labels.get(kind))


# -- The municipality's news on a consultation --------------------------------------------


@bp.route("/consultations/<slug>/updates/new", methods=["GET", "POST"])
@require("consultation.post_update")
@limiter.limit(_write_limit, methods=["POST"])
def new_update(slug: str):
    consultation = _consultation(slug)
    form = UpdateForm()
    if form.validate_on_submit():
        try:
            update = news.post_update(
                consultation, current_user, form.title.data, form.body_md.data
            )
        except news.NewsError as err:
            add_error(form, err.message, err.field)
        else:
            flash(_("The update is posted and sent to the followers."), "success")
            return redirect(
                url_for("consultations.show", slug=consultation.slug) + f"#update-{update.id}",
                code=303,
            )
    return render_form("notifications/update_form.html", form, consultation=consultation)


@bp.get("/consultations/<slug>/updates.atom")
def updates_feed(slug: str):
    consultation = _consultation(slug)
    body = render_template(
        "notifications/updates.xml",
        consultation=consultation,
        updates=news.updates_of(consultation, limit=50),
    )
    return Response(body, mimetype="application/atom+xml")


# -- Announcements ------------------------------------------------------------------------


@bp.get("/announcements/<int:announcement_id>")
def announcement(announcement_id: int):
    item = db.get_or_404(Announcement, announcement_id)
    return render_template("notifications/announcement.html", announcement=item)


@bp.post("/announcements/<int:announcement_id>/dismiss")
def dismiss_announcement(announcement_id: int):
    """Hide a banner for this visitor: a cookie, nothing on the server."""
    item = db.get_or_404(Announcement, announcement_id)
    response = redirect(safe_next(request.form.get("next")) or url_for("core.home"), code=303)
    if EmptyForm().validate_on_submit():
        value = announcements.dismiss_cookie(
            request.cookies.get(announcements.DISMISS_COOKIE), item
        )
        response.set_cookie(
            announcements.DISMISS_COOKIE,
            value,
            max_age=90 * 24 * 3600,
            samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
    return response


@bp.route("/admin/announcements", methods=["GET", "POST"])
@require("announcement.manage")
def admin_announcements():
    form = AnnouncementForm()
    if form.validate_on_submit():
        try:
            item = announcements.save(
                None,
                current_user,
                title=form.title.data,
                body_md=form.body_md.data,
                starts_at=_to_utc(form.starts_at.data),
                ends_at=_to_utc(form.ends_at.data),
            )
        except announcements.AnnouncementError as err:
            add_error(form, err.message, err.field)
        else:
            flash(_("The announcement is saved."), "success")
            return redirect(
                url_for("notifications.edit_announcement", announcement_id=item.id), code=303
            )
    return render_form(
        "notifications/admin_announcements.html",
        form,
        items=announcements.all_announcements(),
    )


@bp.route("/admin/announcements/<int:announcement_id>", methods=["GET", "POST"])
@require("announcement.manage")
def edit_announcement(announcement_id: int):
    item = db.get_or_404(Announcement, announcement_id)
    form = AnnouncementForm(obj=item if request.method == "GET" else None)
    update_form = AnnouncementUpdateForm(formdata=None)
    if request.method == "GET":
        form.starts_at.data, form.ends_at.data = _to_local(item.starts_at), _to_local(item.ends_at)
    elif "add_update" in request.form:
        update_form = AnnouncementUpdateForm()
        form = AnnouncementForm(formdata=None, obj=item)
        form.starts_at.data, form.ends_at.data = _to_local(item.starts_at), _to_local(item.ends_at)
        if update_form.validate_on_submit():
            try:
                announcements.add_update(item, current_user, update_form.body_md.data)
            except announcements.AnnouncementError as err:
                add_error(update_form, err.message, err.field)
            else:
                flash(_("The follow-up is added to the timeline."), "success")
                return redirect(request.path, code=303)
    elif form.validate_on_submit():
        try:
            announcements.save(
                item,
                current_user,
                title=form.title.data,
                body_md=form.body_md.data,
                starts_at=_to_utc(form.starts_at.data),
                ends_at=_to_utc(form.ends_at.data),
            )
        except announcements.AnnouncementError as err:
            add_error(form, err.message, err.field)
        else:
            flash(_("The announcement is saved."), "success")
            return redirect(request.path, code=303)
    failed = bool(form.errors or form.form_errors or update_form.errors or update_form.form_errors)
    return render_template(
        "notifications/announcement_edit.html",
        form=form,
        update_form=update_form,
        announcement=item,
    ), (422 if failed else 200)


# -- What every page can ask ----------------------------------------------------------------


@bp.app_context_processor
def _notifications_context():
    def following(idea_id: int | None = None, consultation_id: int | None = None) -> bool:
        return services.is_following(current_user, idea_id=idea_id, consultation_id=consultation_id)

    def visible_announcements():
        try:
            items = announcements.active()
        except Exception:  # an error page must render even when the database is down
            db.session.rollback()
            return []
        return announcements.visible(items, request.cookies.get(announcements.DISMISS_COOKIE))

    def notification_settings():
        prefs = services.preferences(current_user)
        return PreferencesForm(formdata=None, obj=prefs)

    return {
        "following": following,
        "visible_announcements": visible_announcements,
        "notification_settings": notification_settings,
    }
