"""What an export contains: the filters, checked once here for the site and the command line
alike, and the SQL conditions they become.

- Themes and statuses: any of those given (none given: all).
- A date range of local days, both included: ideas posted in it, and the votes and comments
  cast in it on those ideas.
- Hidden and rejected items: by default an export holds what the public sees (the ideas of
  `Idea.public_clause`, their visible comments). With `include_hidden` it also holds the ideas
  and comments the moderation hid or rejected and the ideas awaiting moderation. Withdrawn and
  merged ideas, and removed comments, are never exported.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import and_
from sqlalchemy.sql.elements import ColumnElement

from participate.consultations.models import Consultation, Theme
from participate.ideas.models import PUBLIC_STATUSES, Comment, Idea, IdeaStatus, Visibility
from participate.results.days import utc_start

FORMATS = ("xlsx", "csv", "json")
STATUSES = (*(s.value for s in PUBLIC_STATUSES), IdeaStatus.PENDING.value)


class ExportError(ValueError):
    """A request for an export that cannot be met, with a message for the person asking."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class ExportFilter:
    themes: tuple[Theme, ...] = ()
    statuses: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    include_hidden: bool = False
    theme_ids: tuple[int, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "theme_ids", tuple(t.id for t in self.themes))

    # -- as SQL ---------------------------------------------------------------------------

    def ideas_clause(self, consultation: Consultation) -> ColumnElement[bool]:
        conditions = [Idea.consultation_id == consultation.id]
        if self.include_hidden:
            conditions += [Idea.status != IdeaStatus.WITHDRAWN.value, Idea.merged_into_id.is_(None)]
        else:
            conditions.append(Idea.public_clause())
        if self.theme_ids:
            conditions.append(Idea.theme_id.in_(self.theme_ids))
        if self.statuses:
            conditions.append(Idea.status.in_(self.statuses))
        conditions += self.moment_conditions(Idea.created_at)
        return and_(*conditions)

    def comments_clause(self) -> ColumnElement[bool]:
        """For comments joined to the exported ideas."""
        conditions = [Comment.deleted_at.is_(None)]
        if not self.include_hidden:
            conditions.append(Comment.visibility == Visibility.VISIBLE.value)
        conditions += self.moment_conditions(Comment.created_at)
        return and_(*conditions)

    def moment_conditions(self, column: Any) -> list[ColumnElement[bool]]:
        conditions = []
        if self.since is not None:
            conditions.append(column >= utc_start(self.since))
        if self.until is not None:
            conditions.append(column < utc_start(self.until + timedelta(days=1)))
        return conditions

    # -- as words and data -----------------------------------------------------------------

    def describe(self) -> dict[str, Any]:
        """JSON-ready, for the audit log and the export's own header."""
        return {
            "themes": [t.name for t in self.themes],
            "statuses": list(self.statuses),
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "include_hidden": self.include_hidden,
        }

    def query_args(self) -> dict[str, Any]:
        """The same filters as the report page's query string."""
        args: dict[str, Any] = {}
        if self.theme_ids:
            args["theme"] = list(self.theme_ids)
        if self.statuses:
            args["status"] = list(self.statuses)
        if self.since:
            args["since"] = self.since.isoformat()
        if self.until:
            args["until"] = self.until.isoformat()
        if self.include_hidden:
            args["include_hidden"] = "1"
        return args

    @property
    def is_default(self) -> bool:
        return not (self.themes or self.statuses or self.since or self.until or self.include_hidden)


def _parse_day(value: date | str | None, field_name: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    text = value.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ExportError(
            _(
                "“%(value)s” is not a date. Write it as year-month-day, e.g. 2026-03-31.",
                value=text[:40],
            ),
            field_name,
        ) from None


def _find_theme(consultation: Consultation, value: Theme | int | str) -> Theme:
    if isinstance(value, Theme):
        if value.consultation_id == consultation.id:
            return value
        value = value.name
    text = str(value).strip()
    for theme in consultation.themes:
        if text == str(theme.id) or text.casefold() == theme.name.casefold():
            return theme
    raise ExportError(_("This consultation has no theme “%(value)s”.", value=text[:80]), "themes")


def make_filter(
    consultation: Consultation,
    *,
    themes: Iterable[Theme | int | str] = (),
    statuses: Iterable[str] = (),
    since: date | str | None = None,
    until: date | str | None = None,
    include_hidden: bool = False,
) -> ExportFilter:
    """Check the filters an export is asked with. A theme of another consultation, a status
    that does not exist, a date that is not one, or a range that ends before it starts is
    refused with a message (ExportError), before anything is written."""
    chosen = []
    for value in themes:
        theme = _find_theme(consultation, value)
        if theme not in chosen:
            chosen.append(theme)
    picked: list[str] = []
    for status in statuses:
        if status not in STATUSES:
            raise ExportError(
                _(
                    "“%(value)s” is not a status. Choose from: %(choices)s.",
                    value=str(status)[:40],
                    choices=", ".join(STATUSES),
                ),
                "statuses",
            )
        if status not in picked:
            picked.append(status)
    start, end = _parse_day(since, "since"), _parse_day(until, "until")
    if start and end and end < start:
        raise ExportError(
            _(
                "The date range is empty: it ends before it starts. Choose an end on or after the start."
            ),
            "until",
        )
    return ExportFilter(
        themes=tuple(sorted(chosen, key=lambda t: (t.position, t.id))),
        statuses=tuple(s for s in STATUSES if s in picked),
        since=start,
        until=end,
        include_hidden=bool(include_hidden),
    )


def check_format(value: str) -> str:
    if value not in FORMATS:
        raise ExportError(
            _(
                "“%(value)s” is not an export format. Choose from: %(choices)s.",
                value=str(value)[:20],
                choices=", ".join(FORMATS),
            ),
            "format",
        )
    return value
