"""Sign-in links, for the citizen's data export and account deletion."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete

from participate.accounts.models import User
from participate.db import db
from participate.oidc.models import OidcIdentity
from participate.oidc.services import identities_of

SECTION = "sign_in_links"


def export_user_data(user: User) -> list[dict[str, Any]]:
    return [
        {
            "provider": i.provider,
            "subject": i.subject,
            "email": i.email,
            "linked_at": i.created_at,
            "last_used_at": i.last_used_at,
        }
        for i in identities_of(user)
    ]


def delete_user_data(user: User) -> None:
    db.session.execute(delete(OidcIdentity).where(OidcIdentity.user_id == user.id))
