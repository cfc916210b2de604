"""What a consultation's page shows besides its ideas (its themes, its published self-tests,
its latest news), read once per version of it and kept per process.

The database raises `consultations.content_version` at every change to any of them
(triggers, migration e5b8f3a1c9d6), and the page loads the consultation's row (version
included) on every view: what was read under (consultation, version) is exact while that
version stands, and the next view after a change reads the new one. The values are plain
and frozen, shared by the requests of the process. Only a GET reads the kept values: a
request that changes something may have a loaded row whose version predates its own change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import has_request_context, request
from sqlalchemy import select

from participate.consultations.models import Consultation, Theme
from participate.db import db

# The news a consultation's page shows: the latest ones.
NEWS_SHOWN = 10


@dataclass(frozen=True)
class ThemeShown:
    id: int
    name: str
    colour: str


@dataclass(frozen=True)
class SelfTestShown:
    slug: str
    title: str
    intro_md: str


@dataclass(frozen=True)
class NewsShown:
    id: int
    title: str
    body_md: str
    created_at: datetime


@dataclass(frozen=True)
class ConsultationContent:
    themes: tuple[ThemeShown, ...]
    selftests: tuple[SelfTestShown, ...]
    news: tuple[NewsShown, ...]


_KEPT: dict[tuple, ConsultationContent] = {}
_KEPT_SIZE = 1_000


def content_of(consultation: Consultation) -> ConsultationContent:
    """The consultation's themes (in their order), published self-tests and latest news."""
    if not (has_request_context() and request.method in ("GET", "HEAD")):
        return _read(consultation)
    # The moment of its creation too: SQLite may give a deleted consultation's id again.
    key = (consultation.id, consultation.created_at, consultation.content_version)
    content = _KEPT.get(key)
    if content is None:
        content = _read(consultation)
        if len(_KEPT) >= _KEPT_SIZE:
            _KEPT.clear()
        _KEPT[key] = content
    return content


def _read(consultation: Consultation) -> ConsultationContent:
    from participate.notifications.models import ConsultationUpdate
    from participate.selftest.models import SelfTest

    themes = db.session.execute(
        select(Theme.id, Theme.name, Theme.colour)
        .where(Theme.consultation_id == consultation.id)
        .order_by(Theme.position, Theme.id)
    )
    selftests = db.session.execute(
        select(SelfTest.slug, SelfTest.title, SelfTest.intro_md)
        .where(SelfTest.consultation_id == consultation.id, SelfTest.published.is_(True))
        .order_by(SelfTest.id)
    )
    news = db.session.execute(
        select(
            ConsultationUpdate.id,
            ConsultationUpdate.title,
            ConsultationUpdate.body_md,
            ConsultationUpdate.created_at,
        )
        .where(ConsultationUpdate.consultation_id == consultation.id)
        .order_by(ConsultationUpdate.created_at.desc(), ConsultationUpdate.id.desc())
        .limit(NEWS_SHOWN)
    )
    return ConsultationContent(
        themes=tuple(ThemeShown(*row) for row in themes),
        selftests=tuple(SelfTestShown(*row) for row in selftests),
        news=tuple(NewsShown(*row) for row in news),
    )
