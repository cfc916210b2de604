"""Moderation's part of the citizen's data: the reports they made, and whether their account
is blocked (and why). On deletion their reports go; what moderators decided stays in the audit
log, which names the moderator, not the citizen."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from participate.accounts.models import User
from participate.db import db
from participate.moderation.models import Report

SECTION = "moderation"
DELETE_ORDER = 20


def export_user_data(user: User) -> dict[str, Any]:
    reports = db.session.scalars(
        select(Report).where(Report.reporter_id == user.id).order_by(Report.id)
    )
    return {
        "reports_made": [
            {
                "item": "idea" if r.idea_id else "comment",
                "item_id": r.idea_id or r.comment_id,
                "reason": r.reason,
                "text": r.text,
                "created_at": r.created_at,
                "settled_at": r.resolved_at,
            }
            for r in reports
        ],
        "blocked_at": user.blocked_at,
        "blocked_reason": user.blocked_reason or None,
    }


def delete_user_data(user: User) -> None:
    db.session.execute(
        delete(Report)
        .where(Report.reporter_id == user.id)
        .execution_options(synchronize_session=False)
    )
