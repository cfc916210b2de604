"""The rules of comments: one level of replies, Markdown (sanitised when shown), edits within
15 minutes, and deletion that leaves a placeholder so the thread still reads. The idea's
comment_count counts the visible comments (not deleted, not waiting for or hidden by the
moderation), changed atomically."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import bindparam, select, type_coerce, update
from sqlalchemy.orm import joinedload
from sqlalchemy.types import NullType

from participate.accounts.models import User
from participate.audit.services import record
from participate.consultations.services import commenting_refusal
from participate.db import db, utcnow
from participate.ideas.models import Comment, Idea, Visibility
from participate.ideas.services import IdeaError, _require_verified
from participate.moderation import queue
from participate.moderation.models import QueueReason

EDIT_WINDOW = timedelta(minutes=15)


@dataclass
class ThreadItem:
    comment: Comment
    replies: list[Comment] = field(default_factory=list)


def thread(idea: Idea, viewer: User | None = None) -> list[ThreadItem]:
    """The comments of an idea in one query: top-level comments oldest first, each with its
    replies oldest first. A comment awaiting moderation is left out, except for its author and
    the moderators; a hidden or rejected one stays (the template shows a placeholder)."""
    from participate.auth.permissions import can

    statement = (
        select(Comment)
        .where(Comment.idea_id == idea.id)
        .options(joinedload(Comment.author))
        .order_by(Comment.created_at, Comment.id)
    )
    if viewer is None or not can(viewer, "moderation.act"):
        mine = Comment.author_id == viewer.id if viewer and viewer.is_authenticated else False
        statement = statement.where((Comment.visibility != Visibility.PENDING.value) | mine)
    comments = db.session.scalars(statement).all()
    items: dict[int, ThreadItem] = {}
    for comment in comments:
        if comment.parent_id is None:
            items[comment.id] = ThreadItem(comment)
    for comment in comments:
        if comment.parent_id is not None and comment.parent_id in items:
            items[comment.parent_id].replies.append(comment)
    return list(items.values())


# Everything the thread shows a visitor who is not logged in (public_thread_rows). The
# dates are read as the driver gives them (no conversion: they only name a version of the
# thread), and the statement is built once.
_PUBLIC_THREAD = (
    select(
        Comment.id,
        Comment.parent_id,
        type_coerce(Comment.created_at, NullType()),
        type_coerce(Comment.edited_at, NullType()),
        type_coerce(Comment.moderator_edited_at, NullType()),
        type_coerce(Comment.deleted_at, NullType()),
        Comment.visibility,
        Comment.source,
        User.display_name,
        Comment.body_md,
    )
    .outerjoin(User, Comment.author_id == User.id)
    .where(
        Comment.idea_id == bindparam("idea_id"),
        Comment.visibility != Visibility.PENDING.value,
    )
    .order_by(Comment.created_at, Comment.id)
)


def public_thread_rows(idea: Idea) -> list[tuple]:
    """Everything the thread shows a visitor who is not logged in, as plain rows in its order
    (one query, no ORM objects, run on the session's connection): each comment's id, parent,
    dates, state, source, author's name and text. The key of the kept thread
    (participate/ideas/fragment_keys.py)."""
    rows = db.session.connection().execute(_PUBLIC_THREAD, {"idea_id": idea.id})
    return [tuple(row) for row in rows]


def change_count(idea_id: int, delta: int) -> None:
    db.session.execute(
        update(Idea)
        .where(Idea.id == idea_id)
        .values(comment_count=Idea.comment_count + delta)
        .execution_options(synchronize_session=False)
    )


def post_comment(idea: Idea, author: User, body_md: str, parent_id: int | None = None) -> Comment:
    """A verified citizen comments on a public idea while the discussion is open. A reply goes
    to a top-level comment of the same idea (replies to replies join that same thread)."""
    _require_verified(author)
    if not idea.is_public:
        raise IdeaError(_("You can only comment on published ideas."))
    refusal = commenting_refusal(idea.consultation)
    if refusal:
        raise IdeaError(refusal)
    body = body_md.strip()
    if not 2 <= len(body) <= 5000:
        raise IdeaError(_("A comment has between 2 and 5000 characters."), "body_md")
    if parent_id is not None:
        parent = db.session.get(Comment, parent_id)
        if parent is None or parent.idea_id != idea.id or not parent.is_visible:
            raise IdeaError(_("The comment you reply to does not exist."))
        parent_id = parent.parent_id or parent.id
    comment = Comment(idea_id=idea.id, author_id=author.id, body_md=body, parent_id=parent_id)
    db.session.add(comment)
    db.session.flush()
    consultation = idea.consultation
    flagged = queue.screen(body)
    if consultation.comments_wait_for_moderation:
        comment.visibility = Visibility.PENDING
        queue.enqueue(comment, QueueReason.APPROVAL, flagged)
    elif flagged:
        comment.visibility = Visibility.PENDING
        queue.enqueue(comment, QueueReason.FLAGGED, flagged)
    else:
        change_count(idea.id, +1)
        from participate.notifications import events

        events.comment_posted(comment)
    return comment


def edit_refusal(comment: Comment, user: User, now: datetime | None = None) -> str | None:
    now = now or utcnow()
    if not user.is_authenticated or comment.author_id != user.id:
        return _("Only the author can change this comment.")
    if user.is_blocked:
        return _("Your account is blocked: you cannot post, vote, comment or report anymore.")
    if comment.is_deleted:
        return _("This comment was removed.")
    if now - comment.created_at > EDIT_WINDOW:
        return _("A comment can be changed during 15 minutes after posting.")
    return None


def edit_comment(comment: Comment, user: User, body_md: str) -> None:
    refusal = edit_refusal(comment, user)
    if refusal:
        raise IdeaError(refusal)
    body = body_md.strip()
    if not 2 <= len(body) <= 5000:
        raise IdeaError(_("A comment has between 2 and 5000 characters."), "body_md")
    comment.body_md = body
    comment.edited_at = utcnow()
    flagged = queue.screen(body)
    premoderated = comment.idea.consultation.comments_wait_for_moderation
    if flagged or (premoderated and comment.visibility == Visibility.VISIBLE):
        # Looked at again where the first version had to be, or when the filters catch it.
        reason = QueueReason.FLAGGED if flagged else QueueReason.APPROVAL
        if comment.visibility == Visibility.VISIBLE:
            change_count(comment.idea_id, -1)
        elif comment.visibility == Visibility.PENDING:
            reason = QueueReason.APPROVAL
        comment.visibility = Visibility.PENDING
        queue.enqueue(comment, reason, flagged)


def delete_comment(comment: Comment, user: User) -> None:
    """The author (or a moderator) removes a comment; a placeholder keeps the thread readable."""
    from participate.auth.permissions import can

    by_moderator = comment.author_id != user.id
    if by_moderator and not can(user, "moderation.act"):
        raise IdeaError(_("Only the author can remove this comment."))
    if comment.is_deleted:
        return
    if by_moderator:
        record(user, "comment.delete", comment, before={"body_md": comment.body_md})
    counted = comment.is_visible
    comment.deleted_at = utcnow()
    comment.body_md = "--"  # the text is gone; the length check still holds
    db.session.flush()
    if counted:
        change_count(comment.idea_id, -1)
    queue.settle(comment, "removed")
