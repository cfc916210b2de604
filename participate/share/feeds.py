"""Atom feeds of new ideas, site-wide and per consultation. Only ideas that may be shared are
in them (`idea_is_shareable`), and the text is made safe for XML 1.0 (which has no place for
most control characters) before the template escapes it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from participate.consultations.models import Consultation
from participate.db import db
from participate.ideas.models import PUBLIC_STATUSES, Idea
from participate.share.builtin import idea_is_shareable
from participate.site.services import get_settings
from participate.text import plain_text, shorten
from participate.urls import external_url

FEED_LENGTH = 30
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)  # "updated" of a feed without entries
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text or "")


@dataclass(frozen=True)
class Entry:
    url: str
    title: str
    summary: str
    author: str
    category: str
    published: str
    updated: str


@dataclass(frozen=True)
class Feed:
    id: str
    title: str
    self_url: str
    page_url: str
    author: str
    updated: str
    entries: list[Entry]


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _newest(where) -> list[Idea]:
    rows = db.session.scalars(
        select(Idea)
        .where(where, Idea.status.in_([s.value for s in PUBLIC_STATUSES]))
        .options(joinedload(Idea.author), joinedload(Idea.theme))
        .order_by(Idea.created_at.desc(), Idea.id.desc())
        .limit(FEED_LENGTH * 2)
    ).unique()
    return [idea for idea in rows if idea_is_shareable(idea)][:FEED_LENGTH]


def _entries(ideas: list[Idea]) -> list[Entry]:
    return [
        Entry(
            url=external_url("ideas.show", idea_id=idea.id),
            title=xml_text(idea.title),
            summary=xml_text(shorten(plain_text(idea.body_md), 400)),
            author=xml_text(idea.author.display_name if idea.author else _("a former participant")),
            category=xml_text(idea.theme.name),
            published=_stamp(idea.created_at),
            updated=_stamp(idea.updated_at or idea.created_at),
        )
        for idea in ideas
    ]


def _updated(ideas: list[Idea], fallback: datetime) -> str:
    moments = [i.updated_at or i.created_at for i in ideas]
    return _stamp(max(moments) if moments else fallback)


def site_feed() -> Feed:
    """The newest public ideas of every consultation."""
    site = get_settings().municipality_name
    ideas = _newest(Idea.id.isnot(None))
    url = external_url("share.site_feed")
    return Feed(
        id=url,
        title=xml_text(_("New ideas on %(site)s", site=site)),
        self_url=url,
        page_url=external_url("core.home"),
        author=xml_text(site),
        updated=_updated(ideas, EPOCH),
        entries=_entries(ideas),
    )


def consultation_feed(consultation: Consultation) -> Feed:
    """The newest public ideas of one consultation."""
    ideas = _newest(Idea.consultation_id == consultation.id)
    url = external_url("share.consultation_feed", slug=consultation.slug)
    return Feed(
        id=url,
        title=xml_text(_("New ideas in %(title)s", title=consultation.title)),
        self_url=url,
        page_url=external_url("consultations.show", slug=consultation.slug),
        author=xml_text(get_settings().municipality_name),
        updated=_updated(ideas, consultation.created_at),
        entries=_entries(ideas),
    )
