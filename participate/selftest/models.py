"""The self-test: statements and profiles in versions, and the anonymous responses to them.

A version holds the statements, the profiles and each profile's position on each statement.
Once a version has responses it is never changed again: an edit makes a copy (a new version)
and changes that, so every result stays readable under the version it was made with.
Statements and profiles keep a `key` across versions, so the editor's addresses stay the same.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participate.consultations.models import Consultation
from participate.db import Base, utcnow
from participate.images.models import StoredImage

# The answer scale: five steps, stored as 0..4, scored as 0, 25, 50, 75, 100.
# "No opinion" is stored as NULL; a skipped statement has no answer row at all.
STEPS = (0, 1, 2, 3, 4)
MIN_PROFILES = 3
MAX_PROFILES = 8


class SelfTest(Base):
    __tablename__ = "selftests"
    __table_args__ = (
        CheckConstraint(
            "retention_days IS NULL OR retention_days > 0", name="retention_days_positive"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(160))
    intro_md: Mapped[str] = mapped_column(Text, default="")
    consultation_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultations.id", ondelete="SET NULL"), index=True
    )
    published: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # Anonymous responses older than this many days are deleted by `participate selftest
    # purge`; None keeps them.
    retention_days: Mapped[int | None] = mapped_column(default=365)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    consultation: Mapped[Consultation | None] = relationship()
    versions: Mapped[list[SelfTestVersion]] = relationship(
        back_populates="selftest",
        order_by="SelfTestVersion.number",
        cascade="all, delete-orphan",
    )

    @property
    def current_version(self) -> SelfTestVersion:
        return self.versions[-1]

    def __repr__(self) -> str:
        return f"<SelfTest {self.slug}>"


class SelfTestVersion(Base):
    __tablename__ = "selftest_versions"
    __table_args__ = (UniqueConstraint("selftest_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    selftest_id: Mapped[int] = mapped_column(ForeignKey("selftests.id", ondelete="CASCADE"))
    number: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    selftest: Mapped[SelfTest] = relationship(back_populates="versions")
    statements: Mapped[list[Statement]] = relationship(
        back_populates="version",
        order_by="Statement.position, Statement.id",
        cascade="all, delete-orphan",
    )
    profiles: Mapped[list[Profile]] = relationship(
        back_populates="version",
        order_by="Profile.position, Profile.id",
        cascade="all, delete-orphan",
    )


class Statement(Base):
    __tablename__ = "selftest_statements"
    __table_args__ = (
        UniqueConstraint("version_id", "key"),
        CheckConstraint("length(text) >= 5", name="text_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("selftest_versions.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[int]  # the same statement in every version
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(String(300))
    explanation: Mapped[str] = mapped_column(Text, default="")
    theme: Mapped[str] = mapped_column(String(80), default="")

    version: Mapped[SelfTestVersion] = relationship(back_populates="statements")


class Profile(Base):
    __tablename__ = "selftest_profiles"
    __table_args__ = (UniqueConstraint("version_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("selftest_versions.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[int]  # the same profile in every version
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(Text, default="")
    image_id: Mapped[int | None] = mapped_column(
        ForeignKey("images.id", ondelete="SET NULL"), index=True
    )
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)

    version: Mapped[SelfTestVersion] = relationship(back_populates="profiles")
    image: Mapped[StoredImage | None] = relationship()
    # Loaded with the profiles in one query (a result page needs every profile's positions).
    positions: Mapped[list[ProfilePosition]] = relationship(
        back_populates="profile", cascade="all, delete-orphan", lazy="selectin"
    )

    def position_map(self) -> dict[int, int]:
        """statement id → the profile's step on it."""
        return {p.statement_id: p.value for p in self.positions}


class ProfilePosition(Base):
    __tablename__ = "selftest_positions"
    __table_args__ = (CheckConstraint("value BETWEEN 0 AND 4", name="value_on_scale"),)

    profile_id: Mapped[int] = mapped_column(
        ForeignKey("selftest_profiles.id", ondelete="CASCADE"), primary_key=True
    )
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("selftest_statements.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    value: Mapped[int] = mapped_column(SmallInteger)

    profile: Mapped[Profile] = relationship(back_populates="positions")


class Response(Base):
    """One finished test. No IP address is kept, and no account unless the citizen saves the
    result to theirs. `attempt` is the random id of the attempt in the visitor's session: it is
    unique, so a test finished twice (a double click, a resubmitted form) is stored once."""

    __tablename__ = "selftest_responses"
    __table_args__ = (Index("ix_selftest_responses_version_created", "version_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("selftest_versions.id", ondelete="CASCADE"))
    token: Mapped[str] = mapped_column(String(43), unique=True)
    attempt: Mapped[str] = mapped_column(String(43), unique=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    top_profile_id: Mapped[int | None] = mapped_column(
        ForeignKey("selftest_profiles.id", ondelete="SET NULL"), index=True
    )
    show_answers: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    version: Mapped[SelfTestVersion] = relationship()
    top_profile: Mapped[Profile | None] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan", passive_deletes=True
    )


class Answer(Base):
    __tablename__ = "selftest_answers"
    __table_args__ = (
        CheckConstraint("value IS NULL OR value BETWEEN 0 AND 4", name="value_on_scale"),
    )

    response_id: Mapped[int] = mapped_column(
        ForeignKey("selftest_responses.id", ondelete="CASCADE"), primary_key=True
    )
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("selftest_statements.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    value: Mapped[int | None] = mapped_column(SmallInteger)  # None: "no opinion"
    important: Mapped[bool] = mapped_column(Boolean, default=False)

    response: Mapped[Response] = relationship(back_populates="answers")
