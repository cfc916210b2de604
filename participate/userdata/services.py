"""The rules of a citizen's own data: the export holds everything every contributor keeps
about them; deleting the account runs every contributor's deletion in one transaction (the
request's), so it happens whole or not at all."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l

from participate.accounts.models import User
from participate.accounts.passwords import verify_password
from participate.db import db, utcnow
from participate.userdata.registry import contributors

FORMAT = "participate-personal-data/1"


class DeletionError(ValueError):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def export_user(user: User) -> dict[str, Any]:
    """Everything we hold about `user`, by contributor, ready for json.dumps."""
    from participate.site.services import get_settings

    data: dict[str, Any] = {
        "format": FORMAT,
        "exported_at": utcnow(),
        "site": get_settings().municipality_name,
    }
    for contributor in contributors():
        if contributor.export is not None:
            data[contributor.name] = contributor.export(user)
    return _jsonable(data)


def delete_account(user: User, *, password: str | None, confirmed: bool) -> None:
    """Delete the account after confirmation (and its password, if it has one). Ideas and
    comments stay, shown as by a former participant; votes go and the counts follow; every
    other piece of personal data goes with the account."""
    if not confirmed:
        raise DeletionError(str(_l("Tick the box to confirm.")), "confirm")
    if user.has_password and not verify_password(user.password_hash, password or ""):
        raise DeletionError(str(_l("Your password is not correct.")), "password")
    for contributor in contributors():
        if contributor.delete is not None:
            contributor.delete(user)
    db.session.flush()
