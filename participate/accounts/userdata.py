"""The account's own row, for the citizen's data export and account deletion."""

from __future__ import annotations

from typing import Any

from participate.accounts.models import User
from participate.db import db

SECTION = "profile"
DELETE_ORDER = 1000  # last: the others still need the account row


def export_user_data(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "display_name": user.display_name,
        "postcode": user.postcode,
        "role": user.role,
        "language": user.locale,
        "email_confirmed_at": user.email_verified_at,
        "has_password": user.has_password,
        "created_at": user.created_at,
        "last_login_at": user.last_login_at,
    }


def delete_user_data(user: User) -> None:
    """The row goes; the database nulls or removes what still points at it."""
    db.session.delete(user)
    db.session.flush()
