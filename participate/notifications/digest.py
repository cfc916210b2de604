"""The weekly digest: for each citizen who asked for one, the mails held since the last
digest go out as one e-mail (run weekly from cron: `participate notifications digest`)."""

from __future__ import annotations

from flask_babel import lazy_ngettext
from sqlalchemy import select

from participate.accounts.models import User
from participate.db import db
from participate.notifications.models import Kind, Notification, Status
from participate.notifications.services import notify


def send_digests() -> int:
    """Send each citizen's held notifications as one digest; returns how many were sent."""
    held = db.session.scalars(
        select(Notification)
        .where(Notification.status == Status.HELD)
        .order_by(Notification.user_id, Notification.created_at, Notification.id)
    ).all()
    by_user: dict[int, list[Notification]] = {}
    for notification in held:
        by_user.setdefault(notification.user_id, []).append(notification)
    sent = 0
    for user_id, items in by_user.items():
        user = db.session.get(User, user_id)
        if user is None:
            continue
        digest = notify(
            user,
            Kind.DIGEST,
            lazy_ngettext(
                "Your weekly summary: %(num)d new item",
                "Your weekly summary: %(num)d new items",
                len(items),
            ),
            "notify_digest",
            items=items,
        )
        if digest is not None:
            sent += 1
        for item in items:
            item.status = Status.DIGESTED
    db.session.flush()
    return sent
