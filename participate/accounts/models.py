from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import CheckConstraint, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from participate.auth.roles import Role
from participate.db import Base, utcnow

ROLE_VALUES = ", ".join(f"'{r.value}'" for r in Role)


def new_session_token() -> str:
    return secrets.token_urlsafe(16)


# An account made by signing in elsewhere has no password: its hash starts with this and
# matches nothing (argon2 refuses it as a hash).
UNUSABLE_PASSWORD_PREFIX = "!"  # noqa: S105 - a marker, not a password


def unusable_password() -> str:
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(24)


class User(Base):
    """An account. E-mail addresses are stored lower-cased and are never shown to others."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(f"role IN ({ROLE_VALUES})", name="role_valid"),
        CheckConstraint("length(display_name) BETWEEN 2 AND 60", name="display_name_length"),
        CheckConstraint("email = lower(email)", name="email_lowercase"),
        # Optional, for the council's "who do we reach?" (participate/results/): a Belgian
        # postcode has four digits.
        CheckConstraint("postcode IS NULL OR length(postcode) = 4", name="postcode_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(60))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default=Role.CITIZEN, server_default="citizen")
    email_verified_at: Mapped[datetime | None]
    locale: Mapped[str | None] = mapped_column(String(5))
    # Part of the login cookie; rotating it ends every other session (after a password change).
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    last_login_at: Mapped[datetime | None]
    # A blocked account cannot post, vote, comment or report (participate/moderation/).
    blocked_at: Mapped[datetime | None]
    blocked_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    postcode: Mapped[str | None] = mapped_column(String(4))

    @property
    def is_blocked(self) -> bool:
        return self.blocked_at is not None

    # Flask-Login's protocol -------------------------------------------------
    is_active = True
    is_anonymous = False

    @property
    def is_authenticated(self) -> bool:
        return True

    def get_id(self) -> str:
        return f"{self.id}.{self.session_token}"

    # -------------------------------------------------------------------------
    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def has_password(self) -> bool:
        return not self.password_hash.startswith(UNUSABLE_PASSWORD_PREFIX)

    def has_role(self, *roles: Role | str) -> bool:
        return self.role in {str(r) for r in roles}

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"
