from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participate.accounts.models import User
from participate.db import Base, utcnow


class Kind(StrEnum):
    """What a notification is about; each can be switched off on the account page."""

    MY_IDEA = "my_idea"  # my idea was approved, rejected, changed status, got a response
    REPLIES = "replies"  # a comment on my idea, a reply to my comment
    FOLLOWED_IDEAS = "followed_ideas"  # news of an idea I follow
    CONSULTATIONS = "consultations"  # an update or a new phase of a consultation I follow
    DIGEST = "digest"  # the weekly digest itself


KIND_VALUES = ", ".join(f"'{k.value}'" for k in Kind)


class Follow(Base):
    """A citizen follows one idea or one consultation."""

    __tablename__ = "follows"
    __table_args__ = (
        UniqueConstraint("user_id", "idea_id"),
        UniqueConstraint("user_id", "consultation_id"),
        CheckConstraint("(idea_id IS NULL) <> (consultation_id IS NULL)", name="follows_one_thing"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    idea_id: Mapped[int | None] = mapped_column(
        ForeignKey("ideas.id", ondelete="CASCADE"), index=True
    )
    consultation_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Preferences(Base):
    """Which kinds of e-mail a citizen wants. No row: every kind, one mail each."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    my_idea: Mapped[bool] = mapped_column(default=True, server_default=true())
    replies: Mapped[bool] = mapped_column(default=True, server_default=true())
    followed_ideas: Mapped[bool] = mapped_column(default=True, server_default=true())
    consultations: Mapped[bool] = mapped_column(default=True, server_default=true())
    # Collect the mails of a week into one digest instead of sending each one.
    digest: Mapped[bool] = mapped_column(default=False, server_default=false())


class Status(StrEnum):
    PENDING = "pending"  # waiting for the queue
    HELD = "held"  # waiting for the weekly digest
    SENT = "sent"
    DIGESTED = "digested"  # went out inside a digest
    FAILED = "failed"  # gave up after the retries


STATUS_VALUES = ", ".join(f"'{s.value}'" for s in Status)


class Notification(Base):
    """One e-mail to one citizen, rendered in their language when it was made, and its fate:
    the queue sends it, retries it, and records a failure here."""

    __tablename__ = "notifications"
    __table_args__ = (
        CheckConstraint(f"status IN ({STATUS_VALUES})", name="status_valid"),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        Index("ix_notifications_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    # What the digest lists: a line and a link.
    summary: Mapped[str] = mapped_column(String(300), default="", server_default="")
    link: Mapped[str] = mapped_column(Text, default="", server_default="")
    headers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(12), default=Status.PENDING)
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    last_error: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class ConsultationUpdate(Base):
    """News from the municipality on a consultation (Markdown, sanitised when shown)."""

    __tablename__ = "consultation_updates"
    __table_args__ = (
        CheckConstraint("length(title) BETWEEN 3 AND 160", name="title_length"),
        Index("ix_consultation_updates_consultation_created", "consultation_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(160))
    body_md: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PhaseNotice(Base):
    """A phase of a consultation whose opening was announced (once)."""

    __tablename__ = "phase_notices"
    __table_args__ = (UniqueConstraint("consultation_id", "phase"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    phase: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Announcement(Base):
    """A site-wide banner (an evening moved, a consultation extended) between two moments,
    with a timeline of follow-up updates."""

    __tablename__ = "announcements"
    __table_args__ = (
        CheckConstraint("starts_at < ends_at", name="starts_before_it_ends"),
        CheckConstraint("length(title) BETWEEN 3 AND 160", name="title_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(160))
    body_md: Mapped[str] = mapped_column(Text)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    updates: Mapped[list[AnnouncementUpdate]] = relationship(
        order_by="AnnouncementUpdate.created_at, AnnouncementUpdate.id",
        cascade="all, delete-orphan",
        lazy="selectin",
    )

    @property
    def version(self) -> str:
        """Changes with each follow-up, so a visitor who hid the banner sees it again."""
        return f"{self.id}.{len(self.updates)}"


class AnnouncementUpdate(Base):
    __tablename__ = "announcement_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    announcement_id: Mapped[int] = mapped_column(
        ForeignKey("announcements.id", ondelete="CASCADE"), index=True
    )
    body_md: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
