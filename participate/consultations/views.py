from __future__ import annotations

import secrets
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participate.auth.permissions import require
from participate.consultations import bp, services
from participate.consultations.content import content_of
from participate.consultations.forms import ConsultationForm
from participate.consultations.models import Consultation, VotingMode
from participate.forms import add_error, render_form
from participate.ideas import services as ideas
from participate.ideas.models import PUBLIC_STATUSES
from participate.images.services import ImageError


def _local_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def _to_utc(value: datetime) -> datetime:
    return value.replace(tzinfo=_local_zone()).astimezone(ZoneInfo("UTC"))


def _to_local(value: datetime) -> datetime:
    return value.astimezone(_local_zone()).replace(tzinfo=None)


def visitor_seed() -> int:
    """A random number kept in the visitor's session: their "random" order stays the same."""
    if "order_seed" not in session:
        session["order_seed"] = secrets.randbelow(2**31)
    return session["order_seed"]


from participate.ideas.views import get_consultation_or_404  # noqa: E402


@bp.get("/consultations/<slug>")
def show(slug: str):
    consultation = get_consultation_or_404(slug)
    # Its row was read just now, and a GET changes no idea: its numbers are the ones to use.
    ideas.counts_from_row(consultation)
    args = request.args
    default_sort = "random" if consultation.phase() in ("ideas", "voting") else "supported"
    sort = args.get("sort", default_sort)
    if sort not in ideas.SORTS:
        sort = default_sort
    theme_id = args.get("theme", type=int)
    status = args.get("status") or None
    query = (args.get("q") or "").strip()[:200]
    page = ideas.list_ideas(
        consultation,
        sort=sort,
        theme_id=theme_id,
        status=status,
        query=query,
        page=args.get("page", 1, type=int),
        seed=visitor_seed(),
        # A visitor who is not logged in gets the list kept rendered: plain values suffice.
        plain=not current_user.is_authenticated,
    )
    return render_template(
        "consultations/show.html",
        consultation=consultation,
        content=content_of(consultation),
        timeline=services.timeline(consultation),
        page=page,
        sort=sort,
        sorts=ideas.SORTS,
        theme_id=theme_id,
        status=status,
        query=query,
        statuses=tuple(s.value for s in PUBLIC_STATUSES),
        my_votes=ideas.votes_of(current_user, [i.id for i in page.items]),
        remaining=ideas.remaining_votes(consultation, current_user),
        posting_refusal=services.posting_refusal(consultation),
        voting_refusal=services.voting_refusal(consultation),
        for_against=consultation.voting_mode == VotingMode.FOR_AGAINST,
        featured=ideas.featured_ideas(consultation) if page.page == 1 else [],
    )


@bp.get("/admin/consultations")
@require("consultation.manage")
def admin_list():
    return render_template(
        "consultations/admin_list.html", consultations=services.list_consultations()
    )


@bp.route("/admin/consultations/new", methods=["GET", "POST"])
@require("consultation.manage")
def create():
    return _edit(None)


@bp.route("/admin/consultations/<slug>/edit", methods=["GET", "POST"])
@require("consultation.manage")
def edit(slug: str):
    return _edit(get_consultation_or_404(slug))


def _edit(consultation: Consultation | None):
    form = ConsultationForm(obj=consultation if request.method == "GET" else None)
    if request.method == "GET" and consultation is not None:
        for name in ("ideas_open_at", "voting_open_at", "closed_at", "results_at"):
            form[name].data = _to_local(getattr(consultation, name))
        for row, theme in zip(form.themes.entries, consultation.themes, strict=False):
            row.form.name.data, row.form.colour.data = theme.name, theme.colour
        form.cover_alt.data = consultation.cover_image.alt if consultation.cover_image else ""
    if form.validate_on_submit():
        upload = form.cover.data
        try:
            saved = services.save_consultation(
                consultation,
                title=form.title.data,
                slug=form.slug.data or "",
                intro_md=form.intro_md.data or "",
                moderation_mode=form.moderation_mode.data,
                voting_mode=form.voting_mode.data,
                vote_limit=form.vote_limit.data,
                ideas_open_at=_to_utc(form.ideas_open_at.data),
                voting_open_at=_to_utc(form.voting_open_at.data),
                closed_at=_to_utc(form.closed_at.data),
                results_at=_to_utc(form.results_at.data),
                themes=[
                    services.ThemeInput(r.form.name.data or "", r.form.colour.data or "#1d4f91")
                    for r in form.themes
                ],
                cover=upload.read() if upload else None,
                cover_alt=form.cover_alt.data or "",
                comments_premoderated=bool(form.comments_premoderated.data),
                report_threshold=form.report_threshold.data,
            )
        except services.ConsultationError as err:
            add_error(form, err.message, err.field)
        except ImageError as err:
            add_error(form, err.message, "cover")
        else:
            flash(_("The consultation is saved."), "success")
            return redirect(url_for("consultations.show", slug=saved.slug), code=303)
    return render_form("consultations/edit.html", form, consultation=consultation)


@bp.get("/consultations/<slug>/themes.css")
def themes_css(slug: str):
    """Theme colours as a stylesheet (the Content-Security-Policy allows no inline style)."""
    from participate.site.views import _cached

    consultation = get_consultation_or_404(slug)
    css = "".join(
        f".theme-{t.id} .swatch {{ background: {t.colour}; }}\n"
        for t in content_of(consultation).themes
    )
    return _cached(css.encode(), "text/css")
