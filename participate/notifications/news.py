"""The municipality's news on a consultation, and the opening of its phases: shown on the
consultation page and in its Atom feed, and mailed to the consultation's followers."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participate.accounts.models import User
from participate.audit.services import record
from participate.consultations.models import Consultation, Phase
from participate.db import db, utcnow
from participate.notifications.models import ConsultationUpdate, Kind, PhaseNotice
from participate.notifications.services import followers, notify_many
from participate.urls import external_url

# A phase that opened longer ago than this is recorded without a mail (e.g. on the first run).
PHASE_NEWS_WINDOW = timedelta(days=2)


class NewsError(ValueError):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def updates_of(consultation: Consultation, limit: int | None = None) -> list[ConsultationUpdate]:
    statement = (
        select(ConsultationUpdate)
        .where(ConsultationUpdate.consultation_id == consultation.id)
        .order_by(ConsultationUpdate.created_at.desc(), ConsultationUpdate.id.desc())
    )
    if limit:
        statement = statement.limit(limit)
    return list(db.session.scalars(statement))


def post_update(
    consultation: Consultation, author: User, title: str, body_md: str
) -> ConsultationUpdate:
    """An admin posts news on a consultation; its followers get it by e-mail."""
    title, body_md = title.strip(), body_md.strip()
    if not 3 <= len(title) <= 160:
        raise NewsError(_("A title has between 3 and 160 characters."), "title")
    if not body_md:
        raise NewsError(_("Write the news itself."), "body_md")
    update = ConsultationUpdate(
        consultation_id=consultation.id, title=title, body_md=body_md, author_id=author.id
    )
    db.session.add(update)
    db.session.flush()
    record(author, "consultation.post_update", consultation, after={"title": title})
    notify_many(
        followers(consultation_id=consultation.id),
        Kind.CONSULTATIONS,
        _l("%(consultation)s: %(title)s", consultation=consultation.title, title=title),
        "notify_consultation_update",
        consultation=consultation,
        update=update,
        link=external_url("consultations.show", slug=consultation.slug) + f"#update-{update.id}",
    )
    return update


def _phase_start(consultation: Consultation, phase: str):
    return {
        Phase.IDEAS: consultation.ideas_open_at,
        Phase.VOTING: consultation.voting_open_at,
        Phase.CLOSED: consultation.closed_at,
        Phase.RESULTS: consultation.results_at,
    }.get(phase)


def announce_phases(now=None) -> int:
    """Tell followers when a consultation entered a new phase (run from cron, e.g. hourly).
    Each phase is announced once; returns how many consultations had news."""
    now = now or utcnow()
    announced = 0
    for consultation in db.session.scalars(select(Consultation)):
        phase = consultation.phase(now)
        if phase == Phase.UPCOMING:
            continue
        exists = db.session.scalar(
            select(PhaseNotice.id).where(
                PhaseNotice.consultation_id == consultation.id, PhaseNotice.phase == phase
            )
        )
        if exists:
            continue
        db.session.add(PhaseNotice(consultation_id=consultation.id, phase=phase))
        db.session.flush()
        started = _phase_start(consultation, phase)
        if started is None or now - started > PHASE_NEWS_WINDOW:
            continue
        notify_many(
            followers(consultation_id=consultation.id),
            Kind.CONSULTATIONS,
            _l("%(consultation)s: a new phase begins", consultation=consultation.title),
            "notify_phase",
            consultation=consultation,
            phase=str(phase),
            link=external_url("consultations.show", slug=consultation.slug),
        )
        announced += 1
    return announced
