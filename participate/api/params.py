"""Query parameters of the open data API, read strictly: an unknown parameter, a value given
twice, a number out of range or a filter value that does not exist is refused with a 400 that
names the parameter, never silently ignored (a typo must not pass for an empty filter)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import request
from flask_babel import gettext as _

PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PAGE = 100_000
MAX_ID = 2_147_483_647  # the largest id a PostgreSQL integer column holds

# RFC 3339 date-time, as OpenAPI's `format: date-time` means it: a time zone is required.
DATE_TIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$"
)


class BadParameter(ValueError):
    """A query parameter the API refuses; answered as a 400 naming it."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.message = message


@dataclass(frozen=True)
class Paging:
    page: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def check_known(allowed: Iterable[str]) -> None:
    """Refuse parameters the operation does not have, and any parameter given twice."""
    allowed = set(allowed)
    for name in request.args:
        if name not in allowed:
            # TRANSLATORS: in "This address accepts: none.", when it has no query parameters.
            known = ", ".join(sorted(allowed)) or _("none")
            raise BadParameter(
                name,
                _(
                    "Unknown query parameter “%(name)s”. This address accepts: %(known)s.",
                    name=name,
                    known=known,
                ),
            )
        if len(request.args.getlist(name)) > 1:
            raise BadParameter(name, _("Give “%(name)s” only once.", name=name))


def raw(name: str) -> str | None:
    """The value as given (after check_known: at most one), for links that keep the filters."""
    return request.args.get(name)


def integer(name: str, *, default: int | None, minimum: int, maximum: int) -> int | None:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not re.fullmatch(r"[0-9]{1,12}", raw):
        raise BadParameter(name, _("“%(name)s” must be a whole number.", name=name))
    value = int(raw)
    if not minimum <= value <= maximum:
        raise BadParameter(
            name,
            _(
                "“%(name)s” must be between %(minimum)d and %(maximum)d.",
                name=name,
                minimum=minimum,
                maximum=maximum,
            ),
        )
    return value


def paging() -> Paging:
    page = integer("page", default=1, minimum=1, maximum=MAX_PAGE)
    per_page = integer("per_page", default=PER_PAGE, minimum=1, maximum=MAX_PER_PAGE)
    return Paging(page or 1, per_page or PER_PAGE)


def choice(name: str, choices: Iterable[str], default: str | None = None) -> str | None:
    raw = request.args.get(name)
    if raw is None:
        return default
    choices = list(choices)
    if raw not in choices:
        raise BadParameter(
            name,
            _(
                "“%(name)s” must be one of: %(choices)s.",
                name=name,
                choices=", ".join(choices),
            ),
        )
    return raw


def date_time(name: str) -> datetime | None:
    """An RFC 3339 moment with its time zone (2026-03-01T00:00:00Z), as a UTC datetime."""
    raw = request.args.get(name)
    if raw is None:
        return None
    match = DATE_TIME.match(raw)
    value = None
    if match:
        # A leap second (:60) is valid RFC 3339; Python's datetime has no room for it.
        text = raw[:17] + "59" + raw[19:] if match.group(6) == "60" else raw
        try:
            value = datetime.fromisoformat(text.upper().replace("Z", "+00:00"))
        except ValueError:
            value = None
    if value is None:
        raise BadParameter(
            name,
            _(
                "“%(name)s” must be a date and time with its time zone, for example %(example)s.",
                name=name,
                example="2026-03-01T00:00:00Z",
            ),
        )
    try:
        return value.astimezone(UTC)
    except OverflowError:  # within hours of year 1 or 9999: as far as any data goes
        return (
            datetime.min.replace(tzinfo=UTC)
            if value.year == 1
            else datetime.max.replace(tzinfo=UTC)
        )
