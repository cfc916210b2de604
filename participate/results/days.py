"""Days in the municipality's time zone, computed by the database so that figures per day are
grouped there (one grouped query, however many rows) and agree with the self-test's figures,
which count local days too.

PostgreSQL converts with its own time-zone database. SQLite has none: there a day is
`date(moment, <offset>)`, with the offset picked by a CASE over the zone's transitions (summer
time and back), which Python's zoneinfo gives us once per zone. Both are exact.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from itertools import pairwise
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import Date, case, cast, func, literal_column
from sqlalchemy.sql.elements import ColumnElement

from participate.db import db

FIRST_YEAR = 2000  # transitions before this are not needed: no consultation is older


def zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def local_date(moment: datetime) -> date:
    return moment.astimezone(zone()).date()


def utc_start(day: date) -> datetime:
    """The moment `day` begins in the municipality, in UTC."""
    return datetime.combine(day, time.min, tzinfo=zone()).astimezone(UTC)


def as_date(value: object) -> date:
    """A day as the database returns it (a date on PostgreSQL, text on SQLite)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _offset(moment: datetime, tz: ZoneInfo) -> int:
    offset = moment.astimezone(tz).utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


@lru_cache(maxsize=8)
def _transitions(zone_name: str, last_year: int) -> tuple[tuple[datetime, int], ...]:
    """(UTC moment from which an offset applies, offset in seconds), oldest first."""
    tz = ZoneInfo(zone_name)
    moment = datetime(FIRST_YEAR, 1, 1, tzinfo=UTC)
    end = datetime(last_year + 1, 1, 1, tzinfo=UTC)
    offset = _offset(moment, tz)
    found = [(moment, offset)]
    step = timedelta(hours=6)  # zones change their offset at most a few times a year
    while moment < end:
        following = moment + step
        new = _offset(following, tz)
        if new != offset:
            low, high = moment, following  # the change happens in (low, high]
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                low, high = (middle, high) if _offset(middle, tz) == offset else (low, middle)
            found.append((high.replace(second=0, microsecond=0), new))
            offset = new
        moment = following
    return tuple(found)


def _sqlite_text(moment: datetime) -> str:
    # SQLite keeps UTC moments as text in this form (participate.db.UTCDateTime), so text
    # comparison orders them as time.
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def local_day(column: ColumnElement) -> ColumnElement:
    """SQL for the local date of a UTC moment column, for grouping and selecting."""
    name = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    if db.session.get_bind().dialect.name == "postgresql":
        # The zone's name inline, not as a parameter: GROUP BY must see the same expression as
        # the SELECT. ZoneInfo refuses anything that is not a zone's name.
        ZoneInfo(name)
        zone_name = literal_column("'" + name.replace("'", "''") + "'")
        return cast(func.timezone(zone_name, column), Date)
    transitions = _transitions(name, datetime.now(UTC).year + 1)
    # Before the next transition, a moment has the offset of the previous one.
    whens = [
        (column < literal_column(f"'{_sqlite_text(following)}'"), _modifier(offset))
        for (_start, offset), (following, _next) in pairwise(transitions)
    ]
    last = _modifier(transitions[-1][1])
    return func.date(column, case(*whens, else_=last) if whens else last)


def _modifier(seconds: int) -> ColumnElement:
    return literal_column(f"'{seconds:+d} seconds'")
