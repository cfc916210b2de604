"""The participation dashboard ("who do we reach?"), per consultation or over all of them.

Every figure comes from one grouped query, so the page costs the same number of queries for a
consultation with ten ideas or ten thousand (tests/results/test_dashboard.py pins it):

1. ideas, votes, comments and completed self-tests per local day;
2. distinct participants per day (accounts that posted, voted, commented or saved a
   self-test result that day);
3. ideas, votes and comments per theme;
4. participants per postcode (given optionally on the account);
5. share clicks and arrivals per network (the consultation, its ideas, its self-tests'
   results);
6. the funnel: views of the consultation page → voters → authors of ideas.

Contributions the moderation rejected (spam, abuse) are left out; everything else that people
contributed counts, also what waits for or was hidden by the moderation: this page is about
whom the municipality reaches, not about what is published. Contributions handed in at the
town hall have no account, so they count as ideas and comments but not as participants.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import String, cast, func, literal_column, or_, select, union, union_all

from participate.accounts.models import User
from participate.consultations.models import Consultation, Theme
from participate.db import db
from participate.ideas.models import Comment, Idea, Visibility, Vote
from participate.results.days import as_date, local_day
from participate.results.models import ConsultationVisit
from participate.selftest.models import Response, SelfTest, SelfTestVersion
from participate.share.models import ShareCount
from participate.share.networks import NETWORKS

KINDS = ("ideas", "votes", "comments", "selftests")
MAX_FILLED_DAYS = 400  # longer spans list only the days with activity


@dataclass
class DayRow:
    day: date
    ideas: int = 0
    votes: int = 0
    comments: int = 0
    selftests: int = 0
    participants: int = 0


@dataclass
class ThemeRow:
    name: str
    consultation: str
    ideas: int = 0
    votes: int = 0
    comments: int = 0


@dataclass(frozen=True)
class PostcodeRow:
    postcode: str | None  # None: not given
    participants: int


@dataclass(frozen=True)
class NetworkRow:
    network: str
    label: str
    clicks: int
    arrivals: int


@dataclass(frozen=True)
class Funnel:
    visits: int
    voters: int
    authors: int


@dataclass
class Dashboard:
    consultation: Consultation | None
    days: list[DayRow] = field(default_factory=list)
    themes: list[ThemeRow] = field(default_factory=list)
    postcodes: list[PostcodeRow] = field(default_factory=list)
    networks: list[NetworkRow] = field(default_factory=list)
    funnel: Funnel = Funnel(0, 0, 0)

    def total(self, kind: str) -> int:
        return sum(getattr(row, kind) for row in self.days)

    @property
    def participants(self) -> int:
        return sum(row.participants for row in self.postcodes)

    @property
    def with_postcode(self) -> int:
        return sum(row.participants for row in self.postcodes if row.postcode)


class _Scope:
    """The rows of one consultation, or of all of them."""

    def __init__(self, consultation: Consultation | None) -> None:
        self.consultation = consultation

    def _of(self, column: Any) -> list[Any]:
        return [] if self.consultation is None else [column == self.consultation.id]

    def ideas(self, *columns: Any):
        return (
            select(*columns)
            .select_from(Idea)
            .where(Idea.visibility != Visibility.REJECTED.value, *self._of(Idea.consultation_id))
        )

    def votes(self, *columns: Any):
        return select(*columns).select_from(Vote).where(*self._of(Vote.consultation_id))

    def comments(self, *columns: Any):
        return (
            select(*columns)
            .select_from(Comment)
            .join(Idea, Idea.id == Comment.idea_id)
            .where(Comment.visibility != Visibility.REJECTED.value, *self._of(Idea.consultation_id))
        )

    def responses(self, *columns: Any):
        return (
            select(*columns)
            .select_from(Response)
            .join(SelfTestVersion, SelfTestVersion.id == Response.version_id)
            .join(SelfTest, SelfTest.id == SelfTestVersion.selftest_id)
            .where(*self._of(SelfTest.consultation_id))
        )

    def people(self, with_day: bool) -> list[Any]:
        """(account[, day]) of every contribution, for counting distinct participants."""

        def pick(account: Any, moment: Any) -> tuple[Any, ...]:
            uid = account.label("uid")
            return (uid, local_day(moment).label("day")) if with_day else (uid,)

        return [
            self.ideas(*pick(Idea.author_id, Idea.created_at)),
            self.votes(*pick(Vote.user_id, Vote.created_at)),
            self.comments(*pick(Comment.author_id, Comment.created_at)),
            self.responses(*pick(Response.user_id, Response.created_at)),
        ]


def _kind(name: str) -> Any:
    """A constant naming the kind of a row in a UNION (inline: one of KINDS, never input)."""
    if name not in KINDS:
        raise ValueError(name)
    return literal_column(f"'{name}'").label("kind")


def _per_day(scope: _Scope) -> list[DayRow]:
    def kind(name: str, moment: Any) -> tuple[Any, ...]:
        return (_kind(name), local_day(moment).label("day"))

    events = union_all(
        scope.ideas(*kind("ideas", Idea.created_at)),
        scope.votes(*kind("votes", Vote.created_at)),
        scope.comments(*kind("comments", Comment.created_at)),
        scope.responses(*kind("selftests", Response.created_at)),
    ).subquery()
    rows: dict[date, DayRow] = {}
    for name, day, n in db.session.execute(
        select(events.c.kind, events.c.day, func.count()).group_by(events.c.kind, events.c.day)
    ):
        when = as_date(day)
        setattr(rows.setdefault(when, DayRow(when)), name, int(n))

    people = union_all(*scope.people(with_day=True)).subquery()
    for day, n in db.session.execute(
        select(people.c.day, func.count(func.distinct(people.c.uid)))
        .where(people.c.uid.is_not(None))
        .group_by(people.c.day)
    ):
        when = as_date(day)
        rows.setdefault(when, DayRow(when)).participants = int(n)
    return _fill(rows)


def _fill(rows: dict[date, DayRow]) -> list[DayRow]:
    """Days without activity between the first and the last, so the chart shows time as it
    passed (for a span up to MAX_FILLED_DAYS)."""
    if not rows:
        return []
    first, last = min(rows), max(rows)
    if (last - first).days > MAX_FILLED_DAYS:
        return [rows[d] for d in sorted(rows)]
    span = (last - first).days + 1
    return [rows.get(d) or DayRow(d) for d in (first + timedelta(days=i) for i in range(span))]


def _per_theme(scope: _Scope) -> list[ThemeRow]:
    items = union_all(
        scope.ideas(Idea.theme_id.label("theme_id"), _kind("ideas")),
        scope.votes(Idea.theme_id, _kind("votes")).join(Idea, Idea.id == Vote.idea_id),
        scope.comments(Idea.theme_id, _kind("comments")),
    ).subquery()
    statement = (
        select(Theme.id, Theme.name, Consultation.title, items.c.kind, func.count(items.c.kind))
        .join(Consultation, Consultation.id == Theme.consultation_id)
        .outerjoin(items, items.c.theme_id == Theme.id)
        .group_by(
            Consultation.ideas_open_at,
            Consultation.id,
            Theme.position,
            Theme.id,
            Theme.name,
            Consultation.title,
            items.c.kind,
        )
        .order_by(Consultation.ideas_open_at.desc(), Consultation.id, Theme.position, Theme.id)
    )
    if scope.consultation is not None:
        statement = statement.where(Theme.consultation_id == scope.consultation.id)
    rows: dict[int, ThemeRow] = {}
    for theme_id, name, title, kind, n in db.session.execute(statement):
        row = rows.setdefault(theme_id, ThemeRow(name, title))
        if kind:
            setattr(row, kind, int(n))
    return list(rows.values())


def _per_postcode(scope: _Scope) -> list[PostcodeRow]:
    people = union(*scope.people(with_day=False)).subquery()
    rows = db.session.execute(
        select(User.postcode, func.count(User.id))
        .join(people, people.c.uid == User.id)
        .group_by(User.postcode)
    ).all()
    found = [PostcodeRow(postcode, int(n)) for postcode, n in rows]
    # The most participants first; "not given" last.
    return sorted(found, key=lambda r: (r.postcode is None, -r.participants, r.postcode or ""))


def _per_network(scope: _Scope) -> list[NetworkRow]:
    statement = select(
        ShareCount.network, func.sum(ShareCount.clicks), func.sum(ShareCount.arrivals)
    ).group_by(ShareCount.network)
    consultation = scope.consultation
    if consultation is not None:
        ideas = select(cast(Idea.id, String)).where(Idea.consultation_id == consultation.id)
        results = scope.responses(Response.token)
        statement = statement.where(
            or_(
                (ShareCount.kind == "consultation") & (ShareCount.item_key == consultation.slug),
                (ShareCount.kind == "idea") & ShareCount.item_key.in_(ideas),
                (ShareCount.kind == "result") & ShareCount.item_key.in_(results),
            )
        )
    rows = [
        NetworkRow(network, _network_label(network), int(clicks or 0), int(arrivals or 0))
        for network, clicks, arrivals in db.session.execute(statement)
    ]
    return sorted(rows, key=lambda r: (-(r.clicks + r.arrivals), r.network))


def _network_label(network: str) -> str:
    if network in NETWORKS:
        return str(NETWORKS[network].label)
    labels = {
        "copy": _("Copied link"),
        "native": _("Share menu"),
        "qr": _("QR code"),
        "embed": _("Embedded card"),
    }
    return labels.get(network, network)


def _funnel(scope: _Scope) -> Funnel:
    visits = select(func.sum(ConsultationVisit.views)).where(
        *scope._of(ConsultationVisit.consultation_id)
    )
    voters = scope.votes(func.count(func.distinct(Vote.user_id)))
    authors = scope.ideas(func.count(func.distinct(Idea.author_id)))
    row = db.session.execute(
        select(visits.scalar_subquery(), voters.scalar_subquery(), authors.scalar_subquery())
    ).one()
    return Funnel(*(int(v or 0) for v in row))


def dashboard(consultation: Consultation | None = None) -> Dashboard:
    """The figures of one consultation, or of all (None), in seven queries."""
    scope = _Scope(consultation)
    return Dashboard(
        consultation=consultation,
        days=_per_day(scope),
        themes=_per_theme(scope),
        postcodes=_per_postcode(scope),
        networks=_per_network(scope),
        funnel=_funnel(scope),
    )
