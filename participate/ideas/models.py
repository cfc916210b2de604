from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    and_,
    false,
    literal_column,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participate.accounts.models import User
from participate.consultations.models import Consultation, Theme
from participate.db import Base, utcnow
from participate.images.models import StoredImage


class IdeaStatus(StrEnum):
    PENDING = "pending"  # awaiting moderation (pre-moderated consultations)
    PUBLISHED = "published"
    UNDER_CONSIDERATION = "under_consideration"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    IMPLEMENTED = "implemented"
    WITHDRAWN = "withdrawn"


PUBLIC_STATUSES = (
    IdeaStatus.PUBLISHED,
    IdeaStatus.UNDER_CONSIDERATION,
    IdeaStatus.ACCEPTED,
    IdeaStatus.REJECTED,
    IdeaStatus.IMPLEMENTED,
)
OFFICIAL_STATUSES = PUBLIC_STATUSES  # what a moderator may set, each with a response
STATUS_VALUES = ", ".join(f"'{s.value}'" for s in IdeaStatus)


class Visibility(StrEnum):
    """What the moderation decided about an item, apart from its status: a hidden item (by a
    moderator, or by enough reports) and a rejected one are seen only by the author and the
    moderators; a pending comment waits in the queue."""

    VISIBLE = "visible"
    # A comment waiting in the queue (ideas wait with status "pending"); an idea withdrawn
    # before the moderation published it, which therefore never becomes readable by others.
    PENDING = "pending"
    HIDDEN = "hidden"
    REJECTED = "rejected"


VISIBILITY_VALUES = ", ".join(f"'{v.value}'" for v in Visibility)


class Source(StrEnum):
    ONLINE = "online"
    TOWN_HALL = "town_hall"  # entered by a moderator from a paper form or at the counter


SOURCE_VALUES = ", ".join(f"'{v.value}'" for v in Source)


# Idea.public_clause(), built once per class.
_PUBLIC_CLAUSES: dict[type, Any] = {}

# What the idea lists filter on, held by their indexes (migration f6c9a4b2d8e1).
LIST_FILTERS = ("status", "visibility", "merged_into_id", "theme_id")


class Idea(Base):
    __tablename__ = "ideas"
    __table_args__ = (
        CheckConstraint(f"status IN ({STATUS_VALUES})", name="status_valid"),
        CheckConstraint("length(title) BETWEEN 10 AND 120", name="title_length"),
        CheckConstraint(
            "support_count >= 0 AND oppose_count >= 0", name="vote_counts_not_negative"
        ),
        CheckConstraint("comment_count >= 0", name="comment_count_not_negative"),
        CheckConstraint(f"visibility IN ({VISIBILITY_VALUES})", name="visibility_valid"),
        CheckConstraint(f"source IN ({SOURCE_VALUES})", name="source_valid"),
        CheckConstraint(
            "merged_into_id IS NULL OR merged_into_id <> id", name="not_merged_into_self"
        ),
        Index("ix_ideas_consultation_created", "consultation_id", "created_at"),
        Index("ix_ideas_consultation_support", "consultation_id", "support_count"),
        Index("ix_ideas_consultation_trend", "consultation_id", "trend_score"),
        # The lists' orders with the pinned ideas first (services.list_ideas): walked in order,
        # a page reads its twenty ideas instead of sorting every idea of the consultation; the
        # columns the lists filter on come last, so that a page's ids (page 50 skips a
        # thousand) are read from the index alone.
        Index(
            "ix_ideas_list_newest", "consultation_id", "pinned", "created_at", "id", *LIST_FILTERS
        ),
        Index(
            "ix_ideas_list_supported",
            "consultation_id",
            "pinned",
            "support_count",
            "id",
            *LIST_FILTERS,
        ),
        Index(
            "ix_ideas_list_trending",
            "consultation_id",
            "pinned",
            "trend_score",
            "id",
            *LIST_FILTERS,
        ),
        # The highlighted ideas of a consultation page, newest first.
        Index("ix_ideas_featured", "consultation_id", "featured", "created_at", "id"),
        # Every column a list's count reads (services.public_idea_count): counted from the
        # index alone.
        Index(
            "ix_ideas_public_count",
            "consultation_id",
            "theme_id",
            "status",
            "visibility",
            "merged_into_id",
            "id",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id", ondelete="RESTRICT"), index=True)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(120))
    body_md: Mapped[str] = mapped_column(Text)
    place: Mapped[str] = mapped_column(String(120), default="", server_default="")
    photo_id: Mapped[int | None] = mapped_column(
        ForeignKey("images.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(24), default=IdeaStatus.PUBLISHED)
    # Kept exact by atomic UPDATE ... SET n = n + 1 in the services, never read-modify-write.
    support_count: Mapped[int] = mapped_column(default=0, server_default="0")
    oppose_count: Mapped[int] = mapped_column(default=0, server_default="0")
    comment_count: Mapped[int] = mapped_column(default=0, server_default="0")
    # Sum over votes of 2^((vote time - epoch) / half-life): ordering by it ranks ideas by
    # their votes decayed to "now", without recomputing anything as time passes.
    trend_score: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime | None]
    # Moderation (participate/moderation/): see Visibility and Source.
    visibility: Mapped[str] = mapped_column(
        String(10), default=Visibility.VISIBLE, server_default=Visibility.VISIBLE.value
    )
    source: Mapped[str] = mapped_column(
        String(12), default=Source.ONLINE, server_default=Source.ONLINE.value
    )
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("ideas.id", ondelete="SET NULL"), index=True
    )
    featured: Mapped[bool] = mapped_column(default=False, server_default=false())
    pinned: Mapped[bool] = mapped_column(default=False, server_default=false())
    moderator_edited_at: Mapped[datetime | None]

    consultation: Mapped[Consultation] = relationship()
    theme: Mapped[Theme] = relationship()
    author: Mapped[User | None] = relationship()
    photo: Mapped[StoredImage | None] = relationship()
    status_changes: Mapped[list[StatusChange]] = relationship(
        back_populates="idea", order_by="StatusChange.created_at.desc(), StatusChange.id.desc()"
    )

    @property
    def score(self) -> int:
        return self.support_count - self.oppose_count

    @property
    def is_public(self) -> bool:
        return (
            self.status in {s.value for s in PUBLIC_STATUSES}
            and self.visibility == Visibility.VISIBLE
            and self.merged_into_id is None
        )

    @classmethod
    def public_clause(cls):
        """The same rule as `is_public`, for queries. Built once: a clause is immutable, and
        building it anew cost a tenth of a list page's statements."""
        clause = _PUBLIC_CLAUSES.get(cls)
        if clause is None:
            clause = _PUBLIC_CLAUSES[cls] = and_(
                # The statuses written into the SQL (fixed names of this module): a list of
                # values would be an expanding parameter, worked out again at every execution.
                cls.status.in_([literal_column(f"'{s.value}'") for s in PUBLIC_STATUSES]),
                cls.visibility == Visibility.VISIBLE.value,
                cls.merged_into_id.is_(None),
            )
        return clause


class Vote(Base):
    __tablename__ = "votes"
    __table_args__ = (
        UniqueConstraint("idea_id", "user_id"),
        CheckConstraint("value IN (1, -1)", name="value_valid"),
        Index("ix_votes_user_consultation", "user_id", "consultation_id"),
        Index("ix_votes_idea_created", "idea_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    value: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class VoteAllowance(Base):
    """Votes a citizen has spent in a consultation with a vote limit. Spending is a single
    conditional UPDATE (used < limit), so the limit holds under concurrent clicks."""

    __tablename__ = "vote_allowances"
    __table_args__ = (CheckConstraint("used >= 0", name="used_not_negative"),)

    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    used: Mapped[int] = mapped_column(default=0, server_default="0")


class Comment(Base):
    __tablename__ = "comments"
    __table_args__ = (
        CheckConstraint("length(body_md) BETWEEN 2 AND 5000", name="body_length"),
        CheckConstraint(f"visibility IN ({VISIBILITY_VALUES})", name="visibility_valid"),
        CheckConstraint(f"source IN ({SOURCE_VALUES})", name="source_valid"),
        Index("ix_comments_idea_created", "idea_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    body_md: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]
    visibility: Mapped[str] = mapped_column(
        String(10), default=Visibility.VISIBLE, server_default=Visibility.VISIBLE.value
    )
    source: Mapped[str] = mapped_column(
        String(12), default=Source.ONLINE, server_default=Source.ONLINE.value
    )
    moderator_edited_at: Mapped[datetime | None]

    author: Mapped[User | None] = relationship()
    idea: Mapped[Idea] = relationship()

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_visible(self) -> bool:
        """Counted in the idea's comment_count and shown to everyone."""
        return self.deleted_at is None and self.visibility == Visibility.VISIBLE


class StatusChange(Base):
    """A status given by the municipality, with its public official response."""

    __tablename__ = "idea_status_changes"
    __table_args__ = (CheckConstraint(f"to_status IN ({STATUS_VALUES})", name="to_status_valid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str] = mapped_column(String(24))
    to_status: Mapped[str] = mapped_column(String(24))
    response_md: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    idea: Mapped[Idea] = relationship(back_populates="status_changes")
    author: Mapped[User | None] = relationship()
