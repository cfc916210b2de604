"""Days are the municipality's local days, computed by the database (PostgreSQL's time zones,
or on SQLite a CASE over the zone's transitions): the same day Python's zoneinfo gives, around
midnight and across the changes to and from summer time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from participate.db import db
from participate.ideas.models import Idea
from participate.results.days import _transitions, as_date, local_date, local_day, utc_start

MOMENTS = [
    datetime(2026, 3, 28, 22, 59, tzinfo=UTC),  # Saturday 23:59 in Brussels (winter time)
    datetime(2026, 3, 28, 23, 0, tzinfo=UTC),  # Sunday 00:00
    datetime(2026, 3, 29, 0, 59, tzinfo=UTC),  # 01:59, just before the clocks go forward
    datetime(2026, 3, 29, 1, 0, tzinfo=UTC),  # 03:00 summer time
    datetime(2026, 7, 1, 21, 59, 59, tzinfo=UTC),  # 23:59:59 summer time
    datetime(2026, 7, 1, 22, 0, tzinfo=UTC),  # midnight
    datetime(2026, 10, 24, 22, 0, tzinfo=UTC),  # midnight before the clocks go back
    datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # 02:30 the first time
    datetime(2026, 10, 25, 1, 30, tzinfo=UTC),  # 02:30 the second time
    datetime(2026, 10, 25, 22, 59, tzinfo=UTC),  # 23:59 winter time
    datetime(2026, 10, 25, 23, 0, tzinfo=UTC),  # Monday
    datetime(2026, 12, 31, 23, 0, tzinfo=UTC),  # new year
    datetime(2027, 3, 28, 1, 0, tzinfo=UTC),  # next year's change
]


def test_the_database_gives_the_same_local_day_as_python(request_ctx, make_consultation, make_idea):
    consultation = make_consultation("ideas")
    for moment in MOMENTS:
        make_idea(consultation, created_at=moment)

    rows = db.session.execute(
        select(Idea.created_at, local_day(Idea.created_at))
        .where(Idea.consultation_id == consultation.id)
        .order_by(Idea.id)
    ).all()

    assert [as_date(day) for _moment, day in rows] == [local_date(m) for m in MOMENTS]
    assert [as_date(day) for _m, day in rows][:2] == [
        datetime(2026, 3, 28).date(),
        datetime(2026, 3, 29).date(),
    ]


def test_the_transitions_of_brussels_are_the_known_ones(app):
    transitions = dict(_transitions("Europe/Brussels", 2027))

    assert transitions[datetime(2026, 3, 29, 1, 0, tzinfo=UTC)] == 7200
    assert transitions[datetime(2026, 10, 25, 1, 0, tzinfo=UTC)] == 3600
    assert len(_transitions("UTC", 2027)) == 1


def test_a_local_day_starts_at_local_midnight(request_ctx):
    start = utc_start(datetime(2026, 7, 1).date())

    assert start == datetime(2026, 6, 30, 22, 0, tzinfo=UTC)
    assert local_date(start) == datetime(2026, 7, 1).date()
    assert local_date(start - timedelta(seconds=1)) == datetime(2026, 6, 30).date()
