"""Follows, e-mail settings and the e-mails sent, for the data export and account deletion."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from participate.accounts.models import User
from participate.db import db
from participate.notifications.models import Follow, Notification, Preferences
from participate.notifications.services import preferences

SECTION = "notifications"


def export_user_data(user: User) -> dict[str, Any]:
    prefs = preferences(user)
    return {
        "settings": {
            "my_idea": prefs.my_idea,
            "replies": prefs.replies,
            "followed_ideas": prefs.followed_ideas,
            "consultations": prefs.consultations,
            "weekly_digest": prefs.digest,
        },
        "follows": [
            {"idea_id": f.idea_id, "consultation_id": f.consultation_id, "since": f.created_at}
            for f in db.session.scalars(select(Follow).where(Follow.user_id == user.id))
        ],
        "emails": [
            {"kind": n.kind, "subject": n.subject, "status": n.status, "created_at": n.created_at}
            for n in db.session.scalars(
                select(Notification)
                .where(Notification.user_id == user.id)
                .order_by(Notification.id)
            )
        ],
    }


def delete_user_data(user: User) -> None:
    for model in (Follow, Notification, Preferences):
        db.session.execute(delete(model).where(model.user_id == user.id))
