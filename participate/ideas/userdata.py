"""Ideas, comments and votes, for the citizen's data export and account deletion."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from participate.accounts.models import User
from participate.db import db
from participate.ideas import services
from participate.ideas.models import Comment, Idea, Vote
from participate.urls import external_url

SECTION = "participation"
DELETE_ORDER = 10  # before the account row: votes are counted off while they still exist


def export_user_data(user: User) -> dict[str, Any]:
    ideas = db.session.scalars(select(Idea).where(Idea.author_id == user.id).order_by(Idea.id))
    comments = db.session.scalars(
        select(Comment).where(Comment.author_id == user.id).order_by(Comment.id)
    )
    votes = db.session.execute(
        select(Vote.idea_id, Idea.title, Vote.value, Vote.created_at)
        .join(Idea, Idea.id == Vote.idea_id)
        .where(Vote.user_id == user.id)
        .order_by(Vote.id)
    )
    return {
        "ideas": [
            {
                "id": i.id,
                "consultation": i.consultation.title,
                "title": i.title,
                "text": i.body_md,
                "place": i.place,
                "status": i.status,
                "created_at": i.created_at,
                "changed_at": i.updated_at,
                "address": external_url("ideas.show", idea_id=i.id),
            }
            for i in ideas
        ],
        "comments": [
            {
                "id": c.id,
                "idea_id": c.idea_id,
                "reply_to": c.parent_id,
                "text": None if c.is_deleted else c.body_md,
                "created_at": c.created_at,
                "changed_at": c.edited_at,
                "removed_at": c.deleted_at,
            }
            for c in comments
        ],
        "votes": [
            {"idea_id": idea_id, "idea": title, "value": value, "cast_at": cast_at}
            for idea_id, title, value, cast_at in votes
        ],
    }


def delete_user_data(user: User) -> None:
    services.remove_votes_of(user)
    services.anonymise_author(user)
