"""What the council sees of a self-test: per version, completions per day, the distribution
of answers per statement, how often each profile came first and how often each statement was
marked "this matters a lot". Computed from the stored responses, so the figures always equal
what is in the database. The exports use `aggregates()` too.

Also the retention rule: anonymous responses older than a self-test's retention period are
deleted (`purge_expired`, run by `participate selftest purge`, e.g. daily from cron).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import delete, func, select

from participate.db import db, utcnow
from participate.selftest.models import (
    Answer,
    Profile,
    Response,
    SelfTest,
    SelfTestVersion,
    Statement,
)


@dataclass
class StatementFigures:
    statement: Statement
    counts: dict[int | None, int]  # step 0..4 (None: "no opinion") → answers
    skipped: int
    important: int  # answers marked "this matters a lot"
    completions: int

    @property
    def answered(self) -> int:
        return sum(self.counts.values())

    @property
    def important_share(self) -> float:
        """Marked "matters a lot", as a share of everyone who finished this version."""
        return self.important / self.completions if self.completions else 0.0


@dataclass
class Aggregates:
    version: SelfTestVersion
    completions: int
    per_day: list[tuple[date, int]]  # local dates, oldest first, days without any left out
    statements: list[StatementFigures] = field(default_factory=list)
    first_places: list[tuple[Profile, int]] = field(default_factory=list)


def aggregates(version: SelfTestVersion) -> Aggregates:
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    days: Counter[date] = Counter()
    for (moment,) in db.session.execute(
        select(Response.created_at).where(Response.version_id == version.id)
    ):
        days[moment.astimezone(zone).date()] += 1
    completions = sum(days.values())

    counts: dict[int, dict[int | None, int]] = {s.id: {} for s in version.statements}
    marked: Counter[int] = Counter()
    rows = db.session.execute(
        select(Answer.statement_id, Answer.value, Answer.important, func.count())
        .join(Response, Response.id == Answer.response_id)
        .where(Response.version_id == version.id)
        .group_by(Answer.statement_id, Answer.value, Answer.important)
    )
    for statement_id, value, important, n in rows:
        per = counts.setdefault(statement_id, {})
        per[value] = per.get(value, 0) + n
        if important:
            marked[statement_id] += n

    firsts = dict(
        db.session.execute(
            select(Response.top_profile_id, func.count())
            .where(Response.version_id == version.id)
            .group_by(Response.top_profile_id)
        ).all()
    )
    statements = []
    for s in version.statements:
        per = counts.get(s.id, {})
        statements.append(
            StatementFigures(
                statement=s,
                counts={step: per.get(step, 0) for step in (0, 1, 2, 3, 4, None)},
                skipped=completions - sum(per.values()),
                important=marked[s.id],
                completions=completions,
            )
        )
    return Aggregates(
        version=version,
        completions=completions,
        per_day=sorted(days.items()),
        statements=statements,
        first_places=[(p, firsts.get(p.id, 0)) for p in version.profiles],
    )


def purge_expired(now: datetime | None = None) -> dict[str, int]:
    """Delete anonymous responses (with their answers) older than their self-test's retention
    period. Results a citizen saved to their account are kept. Returns slug → deleted."""
    now = now or utcnow()
    deleted: dict[str, int] = {}
    for selftest in db.session.scalars(
        select(SelfTest).where(SelfTest.retention_days.is_not(None)).order_by(SelfTest.id)
    ):
        cutoff = now - timedelta(days=selftest.retention_days or 0)
        expired = (
            select(Response.id)
            .join(SelfTestVersion, SelfTestVersion.id == Response.version_id)
            .where(
                SelfTestVersion.selftest_id == selftest.id,
                Response.user_id.is_(None),
                Response.created_at < cutoff,
            )
        )
        ids = list(db.session.scalars(expired))
        for start in range(0, len(ids), 500):  # bounded IN lists, for any database
            chunk = ids[start : start + 500]
            db.session.execute(delete(Answer).where(Answer.response_id.in_(chunk)))
            db.session.execute(delete(Response).where(Response.id.in_(chunk)))
        deleted[selftest.slug] = len(ids)
    db.session.flush()
    return deleted
