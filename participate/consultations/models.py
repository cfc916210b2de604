from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participate.db import Base, utcnow
from participate.images.models import StoredImage


class Phase(StrEnum):
    UPCOMING = "upcoming"
    IDEAS = "ideas"  # posting and voting
    VOTING = "voting"  # voting only
    CLOSED = "closed"
    RESULTS = "results"


class ModerationMode(StrEnum):
    PRE = "pre"
    POST = "post"


class VotingMode(StrEnum):
    SUPPORT = "support"
    FOR_AGAINST = "for_against"


class Consultation(Base):
    __tablename__ = "consultations"
    __table_args__ = (
        CheckConstraint("moderation_mode IN ('pre', 'post')", name="moderation_mode_valid"),
        CheckConstraint("voting_mode IN ('support', 'for_against')", name="voting_mode_valid"),
        CheckConstraint("vote_limit IS NULL OR vote_limit > 0", name="vote_limit_positive"),
        CheckConstraint("report_threshold BETWEEN 1 AND 100", name="report_threshold_range"),
        CheckConstraint(
            "ideas_open_at <= voting_open_at AND voting_open_at <= closed_at AND closed_at <= results_at",
            name="phases_in_order",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(160))
    intro_md: Mapped[str] = mapped_column(Text, default="")
    cover_image_id: Mapped[int | None] = mapped_column(ForeignKey("images.id", ondelete="SET NULL"))
    moderation_mode: Mapped[str] = mapped_column(String(10), default=ModerationMode.POST)
    voting_mode: Mapped[str] = mapped_column(String(12), default=VotingMode.SUPPORT)
    vote_limit: Mapped[int | None]
    # Pre-moderation of comments too (only in a pre-moderated consultation).
    comments_premoderated: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Reports from this many different accounts hide an item until a moderator looks.
    report_threshold: Mapped[int] = mapped_column(default=3, server_default="3")
    ideas_open_at: Mapped[datetime]
    voting_open_at: Mapped[datetime]
    closed_at: Mapped[datetime]
    results_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Kept exact by triggers on `ideas` (migration b71c04d2e9a8); never written by the app.
    public_idea_count: Mapped[int] = mapped_column(default=0, server_default="0")
    # Raised by triggers on `ideas` whenever what a search of this consultation counts may
    # change (migration d4a7c2e91f30); never written by the app.
    ideas_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # Raised by triggers on `themes`, `selftests` and `consultation_updates` whenever what the
    # consultation's page shows of them may change (migration e5b8f3a1c9d6); never written by
    # the app.
    content_version: Mapped[int] = mapped_column(default=0, server_default="0")

    cover_image: Mapped[StoredImage | None] = relationship()
    themes: Mapped[list[Theme]] = relationship(
        back_populates="consultation",
        order_by="Theme.position, Theme.id",
        cascade="all, delete-orphan",
    )

    @property
    def comments_wait_for_moderation(self) -> bool:
        """Comments are pre-moderated only in a pre-moderated consultation that says so."""
        return self.moderation_mode == ModerationMode.PRE and self.comments_premoderated

    def phase(self, now: datetime | None = None) -> Phase:
        now = now or utcnow()
        if now < self.ideas_open_at:
            return Phase.UPCOMING
        if now < self.voting_open_at:
            return Phase.IDEAS
        if now < self.closed_at:
            return Phase.VOTING
        if now < self.results_at:
            return Phase.CLOSED
        return Phase.RESULTS

    def __repr__(self) -> str:
        return f"<Consultation {self.slug}>"


class Theme(Base):
    __tablename__ = "themes"
    __table_args__ = (
        UniqueConstraint("consultation_id", "name"),
        CheckConstraint("length(colour) = 7", name="colour_hex"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(80))
    colour: Mapped[str] = mapped_column(String(7), default="#1d4f91")
    position: Mapped[int] = mapped_column(default=0)

    # Kept exact by triggers on `ideas` (migration b71c04d2e9a8); never written by the app.
    public_idea_count: Mapped[int] = mapped_column(default=0, server_default="0")

    consultation: Mapped[Consultation] = relationship(back_populates="themes")
