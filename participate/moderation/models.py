"""What moderation keeps: reports of citizens, the queue of items a moderator must look at,
the blocked words and the reasons a moderator can pick when rejecting."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participate.accounts.models import User
from participate.db import Base, utcnow
from participate.ideas.models import Comment, Idea


class ReportReason(StrEnum):
    SPAM = "spam"
    OFFENSIVE = "offensive"
    OFF_TOPIC = "off_topic"
    PERSONAL_DATA = "personal_data"
    OTHER = "other"


REASON_VALUES = ", ".join(f"'{r.value}'" for r in ReportReason)
ONE_TARGET = "(idea_id IS NULL) <> (comment_id IS NULL)"


class Report(Base):
    """One citizen's report of an idea or a comment: one per account per item (the database
    says so). Open until a moderator decides on the item."""

    __tablename__ = "reports"
    __table_args__ = (
        CheckConstraint(ONE_TARGET, name="one_target"),
        CheckConstraint(f"reason IN ({REASON_VALUES})", name="reason_valid"),
        CheckConstraint("reason <> 'other' OR length(text) > 0", name="other_has_text"),
        UniqueConstraint("idea_id", "reporter_id"),
        UniqueConstraint("comment_id", "reporter_id"),
        Index("ix_reports_comment_id", "comment_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]

    reporter: Mapped[User] = relationship()


class QueueReason(StrEnum):
    APPROVAL = "approval"  # pre-moderation: waits for approval
    FLAGGED = "flagged"  # blocked words or too many links: waits for review
    REPORTED = "reported"  # reported by citizens (hidden once the threshold is reached)


QUEUE_REASON_VALUES = ", ".join(f"'{r.value}'" for r in QueueReason)


class QueueEntry(Base):
    """One row per item that ever needed a moderator; open while `resolved_at` is NULL. A new
    reason (a new report after a decision, an edit with blocked words) opens it again."""

    __tablename__ = "moderation_queue"
    __table_args__ = (
        CheckConstraint(ONE_TARGET, name="one_target"),
        CheckConstraint(f"reason IN ({QUEUE_REASON_VALUES})", name="reason_valid"),
        UniqueConstraint("idea_id"),
        UniqueConstraint("comment_id"),
        # The queue is read oldest first among the open entries: this index serves both the
        # page (keyset on queued_at, id) and the count in the navigation.
        Index("ix_moderation_queue_open", "resolved_at", "queued_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(10))
    detail: Mapped[str] = mapped_column(Text, default="", server_default="")
    queued_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    outcome: Mapped[str] = mapped_column(String(16), default="", server_default="")

    idea: Mapped[Idea | None] = relationship()
    comment: Mapped[Comment | None] = relationship()

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class BlockedWord(Base):
    """A word or phrase that sends an idea or comment to the queue for review (never dropped)."""

    __tablename__ = "blocked_words"
    __table_args__ = (CheckConstraint("length(word) BETWEEN 2 AND 60", name="word_length"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    word: Mapped[str] = mapped_column(String(60), unique=True)  # stored lower-case
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RejectionTemplate(Base):
    """A reason a moderator can pick when rejecting; e-mailed to the author."""

    __tablename__ = "rejection_templates"
    __table_args__ = (CheckConstraint("length(title) BETWEEN 2 AND 80", name="title_length"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(80), unique=True)
    body: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)
