"""Screening of new and changed contributions, and the moderation queue they may land in.

The ideas package calls `screen()` when an idea or a comment is posted or changed, and
`enqueue()` when it must wait for a moderator. Nothing is ever dropped: what the blocked words or
the links limit catch waits in the queue, and its author sees that it does."""

from __future__ import annotations

import re

from sqlalchemy import func, select, update

from participate.db import db, utcnow
from participate.ideas.models import Comment, Idea
from participate.moderation.models import BlockedWord, QueueEntry, QueueReason, Report

LINK = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


def normalise_word(word: str) -> str:
    return " ".join(word.casefold().split())


def blocked_words() -> list[str]:
    return list(db.session.scalars(select(BlockedWord.word).order_by(BlockedWord.word)))


def count_links(text: str) -> int:
    return len(LINK.findall(text))


DEFAULT_LINKS_LIMIT = 3


def links_limit() -> int:
    """The most links an idea or comment may hold before it waits for review (the default
    until the site settings are first saved)."""
    from participate.site.services import get_settings

    limit = get_settings().max_links_per_post
    return DEFAULT_LINKS_LIMIT if limit is None else limit


def screen(*texts: str) -> str:
    """Why these texts need a moderator's eye ("" when they do not): the blocked words they
    contain (whole words, any case) and whether they hold more links than allowed."""
    text = "\n".join(texts)
    folded = text.casefold()
    found = [
        word
        for word in blocked_words()
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", folded) is not None
    ]
    reasons = []
    if found:
        reasons.append("words: " + ", ".join(found))
    limit = links_limit()
    links = count_links(text)
    if links > limit:
        reasons.append(f"links: {links} > {limit}")
    return "; ".join(reasons)


def entry_for(item: Idea | Comment) -> QueueEntry | None:
    column = QueueEntry.idea_id if isinstance(item, Idea) else QueueEntry.comment_id
    return db.session.scalar(select(QueueEntry).where(column == item.id))


def enqueue(item: Idea | Comment, reason: QueueReason, detail: str = "") -> QueueEntry:
    """Put the item in the queue, or open its entry again. An open entry keeps its place
    (oldest first); a stronger reason (approval, then flagged, then reported) takes over."""
    db.session.flush()
    entry = entry_for(item)
    if entry is None:
        entry = QueueEntry(reason=reason, detail=detail, queued_at=utcnow())
        if isinstance(item, Idea):
            entry.idea_id = item.id
        else:
            entry.comment_id = item.id
        db.session.add(entry)
    elif entry.resolved_at is not None:
        entry.resolved_at = None
        entry.resolved_by_id = None
        entry.outcome = ""
        entry.reason, entry.detail, entry.queued_at = reason, detail, utcnow()
    else:
        order = [QueueReason.APPROVAL, QueueReason.FLAGGED, QueueReason.REPORTED]
        if order.index(QueueReason(reason)) < order.index(QueueReason(entry.reason)):
            entry.reason = reason
        if detail and detail not in entry.detail:
            entry.detail = "; ".join(filter(None, [entry.detail, detail]))
    db.session.flush()
    return entry


def settle(item: Idea | Comment, outcome: str, by: int | None = None) -> None:
    """The item needs no (more) decision: a moderator decided (`by` is their id), or its author
    withdrew or removed it. Its open reports are settled and its queue entry is closed."""
    now = utcnow()
    target = Report.idea_id if isinstance(item, Idea) else Report.comment_id
    db.session.execute(
        update(Report)
        .where(target == item.id, Report.resolved_at.is_(None))
        .values(resolved_at=now)
        .execution_options(synchronize_session=False)
    )
    entry = entry_for(item)
    if entry is not None and entry.resolved_at is None:
        entry.resolved_at, entry.resolved_by_id, entry.outcome = now, by, outcome


def open_count() -> int:
    """Items waiting for a moderator, for the count in the navigation (served by an index)."""
    return (
        db.session.scalar(
            select(func.count()).select_from(QueueEntry).where(QueueEntry.resolved_at.is_(None))
        )
        or 0
    )
