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

from participate.consultations.models import Consultation
from participate.kept import read_once

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
    return read_once(_KEPT, key, lambda: _read(consultation), _KEPT_SIZE)


def _read(consultation: Consultation) -> ConsultationContent:
    """Read through the services that own each part (their order and their rules)."""
    from participate.notifications.news import updates_of
    from participate.selftest.services import public_selftests

    return ConsultationContent(
        themes=tuple(ThemeShown(t.id, t.name, t.colour) for t in consultation.themes),
        selftests=tuple(
            SelfTestShown(t.slug, t.title, t.intro_md) for t in public_selftests(consultation)
        ),
        news=tuple(
            NewsShown(u.id, u.title, u.body_md, u.created_at)
            for u in updates_of(consultation, limit=NEWS_SHOWN)
        ),
    )
