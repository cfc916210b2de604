"""Site-wide announcements: an admin puts a banner up between two moments and adds
follow-up updates to its timeline. Visitors hide it for themselves (a cookie, no account
needed); a new follow-up shows it again."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from participate.accounts.models import User
from participate.audit.services import record
from participate.db import db, utcnow
from participate.notifications.models import Announcement, AnnouncementUpdate

DISMISS_COOKIE = "dismissed_announcements"


class AnnouncementError(ValueError):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def active(now: datetime | None = None) -> list[Announcement]:
    now = now or utcnow()
    return list(
        db.session.scalars(
            select(Announcement)
            .where(Announcement.starts_at <= now, Announcement.ends_at > now)
            .order_by(Announcement.starts_at.desc(), Announcement.id.desc())
        )
    )


def all_announcements() -> list[Announcement]:
    return list(db.session.scalars(select(Announcement).order_by(Announcement.starts_at.desc())))


def save(
    announcement: Announcement | None,
    author: User,
    *,
    title: str,
    body_md: str,
    starts_at: datetime,
    ends_at: datetime,
) -> Announcement:
    """Create or change an announcement; it ends after it starts."""
    title, body_md = title.strip(), body_md.strip()
    if not 3 <= len(title) <= 160:
        raise AnnouncementError(_("A title has between 3 and 160 characters."), "title")
    if not body_md:
        raise AnnouncementError(_("Write the announcement itself."), "body_md")
    if ends_at <= starts_at:
        raise AnnouncementError(_("The end must come after the start."), "ends_at")
    if announcement is None:
        announcement = Announcement(author_id=author.id)
        db.session.add(announcement)
    announcement.title, announcement.body_md = title, body_md
    announcement.starts_at, announcement.ends_at = starts_at, ends_at
    db.session.flush()
    record(author, "announcement.save", announcement, after={"title": title})
    return announcement


def add_update(announcement: Announcement, author: User, body_md: str) -> AnnouncementUpdate:
    """A follow-up on the announcement's timeline (shown at the top of the banner)."""
    body_md = body_md.strip()
    if not body_md:
        raise AnnouncementError(_("Write the update itself."), "body_md")
    update = AnnouncementUpdate(announcement_id=announcement.id, body_md=body_md)
    announcement.updates.append(update)
    db.session.flush()
    record(author, "announcement.update", announcement, after={"update": body_md[:200]})
    return update


def dismissed(cookie: str | None) -> set[str]:
    return {part for part in (cookie or "").split("_") if part}


def visible(announcements: list[Announcement], cookie: str | None) -> list[Announcement]:
    hidden = dismissed(cookie)
    return [a for a in announcements if a.version not in hidden]


def dismiss_cookie(cookie: str | None, announcement: Announcement) -> str:
    """The cookie's new value: this version hidden, the ids of ended ones dropped."""
    live = {a.id for a in active()}
    kept = {
        v for v in dismissed(cookie) if v.split(".")[0].isdigit() and int(v.split(".")[0]) in live
    }
    kept.add(announcement.version)
    return "_".join(sorted(kept))
