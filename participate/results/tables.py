"""The tables of an export, read from the database row by row. The XLSX, CSV and JSON writers
all write these same tables, so the three formats always hold the same figures.

Each table is a list of columns and a function that yields its rows; the rows come from
grouped or plain SELECTs fetched in batches (`yield_per`), never loaded whole, so memory stays
flat however large the consultation is.

Privacy: no names and no e-mail addresses. Each author appears under a pseudonym
("Participant 17") that holds within one export only: the numbers follow a random permutation
of the accounts drawn for each export (`Export.salt`), so they are not the accounts' ids, and
two exports number the same person differently. Contributions handed in at the town hall have
no author and say so in `source`. Only the variant with contact details (admins) adds the
display name and e-mail address, and the audit log marks it.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import BigInteger, Select, case, cast, func, literal, select, union, union_all
from sqlalchemy.sql.selectable import Subquery

from participate.accounts.models import User
from participate.consultations.models import Consultation, Theme
from participate.db import db, utcnow
from participate.ideas.models import Comment, Idea, Source, StatusChange, Vote
from participate.results.days import as_date, local_day
from participate.results.filters import ExportFilter
from participate.selftest.aggregates import Aggregates, aggregates
from participate.selftest.models import SelfTest
from participate.urls import external_url

PRIME = 2_147_483_647  # 2^31 - 1: (id × a + b) mod PRIME permutes every id below it
BATCH = 500


@dataclass(frozen=True)
class Column:
    key: str  # the CSV header and the JSON property
    label: Any  # the spreadsheet's header (a lazy string)
    kind: str  # int, text, date, datetime
    width: int = 12  # the spreadsheet's column width, in characters


@dataclass(frozen=True)
class Table:
    name: str  # CSV file name and JSON property
    title: Any  # the spreadsheet's sheet name (at most 31 characters)
    columns: tuple[Column, ...]
    rows: Callable[[], Iterator[tuple[Any, ...]]]


@dataclass
class Export:
    """One export being made: what it is of, how it is filtered, its pseudonym key."""

    consultation: Consultation
    filter: ExportFilter
    contact_details: bool = False
    generated_at: datetime = field(default_factory=utcnow)
    salt: tuple[int, int] = field(
        default_factory=lambda: (1 + secrets.randbelow(PRIME - 1), secrets.randbelow(PRIME))
    )
    _figures: list[tuple[SelfTest, Aggregates]] | None = field(default=None, repr=False)
    _numbers: dict[int, int] | None = field(default=None, repr=False)
    _participant: str | None = field(default=None, repr=False)

    # -- the selection, as SQL -------------------------------------------------------------

    def ideas(self) -> Select:
        return select(Idea.id).where(self.filter.ideas_clause(self.consultation))

    def comments_where(self, statement: Select) -> Select:
        return statement.join(Idea, Idea.id == Comment.idea_id).where(
            self.filter.ideas_clause(self.consultation), self.filter.comments_clause()
        )

    def votes_where(self, statement: Select) -> Select:
        return statement.where(
            Vote.idea_id.in_(self.ideas()), *self.filter.moment_conditions(Vote.created_at)
        )

    def pseudonyms(self) -> Subquery:
        """author id → number, for the authors of the exported ideas and comments."""
        authors = union(
            select(Idea.author_id.label("uid")).where(
                self.filter.ideas_clause(self.consultation), Idea.author_id.is_not(None)
            ),
            self.comments_where(select(Comment.author_id).where(Comment.author_id.is_not(None))),
        ).subquery()
        a, b = self.salt
        key = (cast(authors.c.uid, BigInteger) * literal(a, BigInteger) + b) % PRIME
        return select(authors.c.uid, func.row_number().over(order_by=key).label("n")).subquery()

    def pseudonym_numbers(self) -> dict[int, int]:
        """author id → number, read once per export (one number per participant: a join of
        every idea and comment to this subquery made SQLite evaluate it again and again,
        minutes at region size)."""
        if self._numbers is None:
            names = self.pseudonyms()
            self._numbers = dict(db.session.execute(select(names.c.uid, names.c.n)).all())
        return self._numbers

    def pseudonym_of(self, author_id: int | None) -> str:
        """'Participant 12' for an author of this export, empty for none."""
        number = self.pseudonym_numbers().get(author_id) if author_id is not None else None
        if not number:
            return ""
        if self._participant is None:
            self._participant = _("Participant %(number)d")
        return self._participant % {"number": number}

    def selftests(self) -> list[SelfTest]:
        return list(
            db.session.scalars(
                select(SelfTest)
                .where(SelfTest.consultation_id == self.consultation.id)
                .order_by(SelfTest.id)
            )
        )

    def selftest_figures(self) -> list[tuple[SelfTest, Aggregates]]:
        """Per self-test linked to the consultation, per version, newest version first. The
        date range and the other filters do not apply: these are the test's own figures."""
        if self._figures is None:
            self._figures = [
                (selftest, aggregates(version))
                for selftest in self.selftests()
                for version in reversed(selftest.versions)
            ]
        return self._figures


def _stream(statement: Select) -> Iterator[Any]:
    yield from db.session.execute(statement.execution_options(yield_per=BATCH))


def _contact_columns(export: Export) -> tuple[Column, ...]:
    if not export.contact_details:
        return ()
    return (
        Column("author_name", _l("Name (contact details)"), "text", 24),
        Column("author_email", _l("E-mail (contact details)"), "text", 30),
    )


# -- Ideas ----------------------------------------------------------------------------------


def latest_response():
    """The latest non-empty official response of the idea in the outer query."""
    return (
        select(StatusChange.response_md)
        .where(StatusChange.idea_id == Idea.id, StatusChange.response_md != "")
        .order_by(StatusChange.created_at.desc(), StatusChange.id.desc())
        .limit(1)
        .correlate(Idea)
        .scalar_subquery()
    )


def ideas_table(export: Export) -> Table:
    columns = (
        Column("id", _l("Number"), "int", 9),
        Column("title", _l("Title"), "text", 48),
        Column("theme", _l("Theme"), "text", 22),
        Column("status", _l("Status"), "text", 20),
        Column("official_response", _l("Official response"), "text", 60),
        Column("author", _l("Author (pseudonym)"), "text", 18),
        Column("source", _l("Source"), "text", 11),
        Column("created_at", _l("Posted"), "datetime", 17),
        Column("supporters", _l("Supporters"), "int", 11),
        Column("opponents", _l("Opponents"), "int", 11),
        Column("comments", _l("Comments"), "int", 11),
        Column("place", _l("Place"), "text", 20),
        Column("moderation", _l("Moderation"), "text", 12),
        Column("url", _l("Address"), "text", 40),
        Column("text", _l("Text (Markdown)"), "text", 80),
        *_contact_columns(export),
    )

    def rows() -> Iterator[tuple[Any, ...]]:
        wanted = [
            Idea.id,
            Idea.title,
            Theme.name,
            Idea.status,
            latest_response(),
            Idea.author_id,
            Idea.source,
            Idea.created_at,
            Idea.support_count,
            Idea.oppose_count,
            Idea.comment_count,
            Idea.place,
            Idea.visibility,
            Idea.body_md,
        ]
        statement = select(*wanted).join(Theme, Theme.id == Idea.theme_id)
        if export.contact_details:
            statement = statement.add_columns(User.display_name, User.email).outerjoin(
                User, User.id == Idea.author_id
            )
        statement = statement.where(export.filter.ideas_clause(export.consultation)).order_by(
            Idea.id
        )
        for row in _stream(statement):
            (idea_id, title, theme, status, response, author, source, created, *counts) = row[:11]
            place, visibility, body = row[11:14]
            url = external_url("ideas.show", idea_id=idea_id)
            yield (
                idea_id,
                title,
                theme,
                status,
                response or "",
                export.pseudonym_of(author),
                source,
                created,
                *counts,
                place,
                visibility,
                url,
                body,
                *(tuple(row[14:16]) if export.contact_details else ()),
            )

    return Table("ideas", _l("Ideas"), columns, rows)


# -- Votes per idea per day -----------------------------------------------------------------


def votes_table(export: Export) -> Table:
    columns = (
        Column("idea_id", _l("Idea number"), "int", 12),
        Column("day", _l("Day"), "date", 12),
        Column("supporters", _l("Votes for"), "int", 11),
        Column("opponents", _l("Votes against"), "int", 13),
    )

    def rows() -> Iterator[tuple[Any, ...]]:
        day = local_day(Vote.created_at)
        statement = export.votes_where(
            select(
                Vote.idea_id,
                day,
                func.sum(case((Vote.value > 0, 1), else_=0)),
                func.sum(case((Vote.value < 0, 1), else_=0)),
            )
        ).group_by(Vote.idea_id, day)
        for idea_id, when, up, down in _stream(statement.order_by(Vote.idea_id, day)):
            yield idea_id, as_date(when), int(up or 0), int(down or 0)

    return Table("votes_per_day", _l("Votes per day"), columns, rows)


# -- Comments -------------------------------------------------------------------------------


def comments_table(export: Export) -> Table:
    columns = (
        Column("id", _l("Number"), "int", 9),
        Column("idea_id", _l("Idea number"), "int", 12),
        Column("reply_to", _l("Reply to"), "int", 10),
        Column("author", _l("Author (pseudonym)"), "text", 18),
        Column("source", _l("Source"), "text", 11),
        Column("created_at", _l("Posted"), "datetime", 17),
        Column("moderation", _l("Moderation"), "text", 12),
        Column("text", _l("Text (Markdown)"), "text", 80),
        *_contact_columns(export),
    )

    def rows() -> Iterator[tuple[Any, ...]]:
        statement = select(
            Comment.id,
            Comment.idea_id,
            Comment.parent_id,
            Comment.author_id,
            Comment.source,
            Comment.created_at,
            Comment.visibility,
            Comment.body_md,
        )
        if export.contact_details:
            statement = statement.add_columns(User.display_name, User.email).outerjoin(
                User, User.id == Comment.author_id
            )
        statement = export.comments_where(statement).order_by(Comment.id)
        for row in _stream(statement):
            yield (*row[:3], export.pseudonym_of(row[3]), *row[4:])

    return Table("comments", _l("Comments"), columns, rows)


# -- Themes ---------------------------------------------------------------------------------


def themes_table(export: Export) -> Table:
    """The ideas sheet added up per theme (every theme, also those without ideas)."""
    columns = (
        Column("id", _l("Number"), "int", 9),
        Column("name", _l("Theme"), "text", 28),
        Column("ideas", _l("Ideas"), "int", 9),
        Column("supporters", _l("Supporters"), "int", 11),
        Column("opponents", _l("Opponents"), "int", 11),
        Column("comments", _l("Comments"), "int", 11),
    )

    def rows() -> Iterator[tuple[Any, ...]]:
        totals = (
            select(
                Idea.theme_id,
                func.count(Idea.id).label("ideas"),
                func.sum(Idea.support_count).label("up"),
                func.sum(Idea.oppose_count).label("down"),
                func.sum(Idea.comment_count).label("comments"),
            )
            .where(export.filter.ideas_clause(export.consultation))
            .group_by(Idea.theme_id)
            .subquery()
        )
        statement = (
            select(
                Theme.id, Theme.name, totals.c.ideas, totals.c.up, totals.c.down, totals.c.comments
            )
            .outerjoin(totals, totals.c.theme_id == Theme.id)
            .where(Theme.consultation_id == export.consultation.id)
            .order_by(Theme.position, Theme.id)
        )
        if export.filter.theme_ids:
            statement = statement.where(Theme.id.in_(export.filter.theme_ids))
        for theme_id, name, *figures in db.session.execute(statement):
            yield (theme_id, name, *(int(f or 0) for f in figures))

    return Table("themes", _l("Themes"), columns, rows)


# -- Self-tests -----------------------------------------------------------------------------

ANSWER_KEYS = ("fully_disagree", "disagree", "neutral", "agree", "fully_agree", "no_opinion")
ANSWER_LABELS = (
    _l("Fully disagree"),
    _l("Disagree"),
    _l("Neutral"),
    _l("Agree"),
    _l("Fully agree"),
    _l("No opinion"),
)


def selftest_answers_table(export: Export) -> Table:
    columns = (
        Column("selftest", _l("Self-test"), "text", 24),
        Column("version", _l("Version"), "int", 9),
        Column("statement_key", _l("Statement number"), "int", 10),
        Column("statement", _l("Statement"), "text", 50),
        Column("theme", _l("Theme"), "text", 18),
        Column("completions", _l("Completed tests"), "int", 11),
        *(Column(k, label, "int", 11) for k, label in zip(ANSWER_KEYS, ANSWER_LABELS, strict=True)),
        Column("skipped", _l("Skipped"), "int", 10),
        Column("marked_important", _l("Matters a lot"), "int", 11),
    )

    def rows() -> Iterator[tuple[Any, ...]]:
        for selftest, figures in export.selftest_figures():
            for f in figures.statements:
                yield (
                    selftest.title,
                    figures.version.number,
                    f.statement.key,
                    f.statement.text,
                    f.statement.theme,
                    figures.completions,
                    *(f.counts[step] for step in (0, 1, 2, 3, 4, None)),
                    f.skipped,
                    f.important,
                )

    return Table("selftest_answers", _l("Self-test answers"), columns, rows)


def selftest_profiles_table(export: Export) -> Table:
    columns = (
        Column("selftest", _l("Self-test"), "text", 24),
        Column("version", _l("Version"), "int", 9),
        Column("profile_key", _l("Profile number"), "int", 10),
        Column("profile", _l("Profile"), "text", 28),
        Column("first_places", _l("First place"), "int", 11),
        Column("completions", _l("Completed tests"), "int", 11),
    )

    def rows() -> Iterator[tuple[Any, ...]]:
        for selftest, figures in export.selftest_figures():
            for profile, n in figures.first_places:
                yield (
                    selftest.title,
                    figures.version.number,
                    profile.key,
                    profile.name,
                    n,
                    figures.completions,
                )

    return Table("selftest_profiles", _l("Self-test profiles"), columns, rows)


# -- Summary --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    key: str
    label: Any
    value: int


def summary(export: Export) -> list[Figure]:
    """The headline figures: each equals a total of one of the tables (ideas, votes per day,
    comments, self-tests), in three queries."""
    clause = export.filter.ideas_clause(export.consultation)
    ideas = db.session.execute(
        select(
            func.count(Idea.id),
            func.sum(case((Idea.source == Source.TOWN_HALL.value, 1), else_=0)),
            func.sum(Idea.support_count),
            func.sum(Idea.oppose_count),
        ).where(clause)
    ).one()
    votes = db.session.execute(
        export.votes_where(
            select(
                func.sum(case((Vote.value > 0, 1), else_=0)),
                func.sum(case((Vote.value < 0, 1), else_=0)),
            )
        )
    ).one()
    comments = db.session.execute(
        export.comments_where(
            select(
                func.count(Comment.id),
                func.sum(case((Comment.source == Source.TOWN_HALL.value, 1), else_=0)),
            )
        )
    ).one()
    participants = union_all(
        select(Idea.author_id.label("uid")).where(clause),
        export.comments_where(select(Comment.author_id)),
        export.votes_where(select(Vote.user_id)),
    ).subquery()
    distinct = db.session.scalar(
        select(func.count(func.distinct(participants.c.uid))).where(participants.c.uid.is_not(None))
    )
    completions = sum(figures.completions for _selftest, figures in export.selftest_figures())
    values = [
        ("ideas", _l("Ideas"), ideas[0]),
        ("ideas_town_hall", _l("of which handed in at the town hall"), ideas[1]),
        ("supporters", _l("Supporters of these ideas"), ideas[2]),
        ("opponents", _l("Opponents of these ideas"), ideas[3]),
        ("votes_for", _l("Votes for, cast in the period"), votes[0]),
        ("votes_against", _l("Votes against, cast in the period"), votes[1]),
        ("comments", _l("Comments"), comments[0]),
        ("comments_town_hall", _l("of which handed in at the town hall"), comments[1]),
        ("participants", _l("Participants (accounts that posted, voted or commented)"), distinct),
        ("selftest_completions", _l("Completed self-tests"), completions),
    ]
    return [Figure(key, label, int(value or 0)) for key, label, value in values]


def tables(export: Export) -> list[Table]:
    return [
        ideas_table(export),
        votes_table(export),
        comments_table(export),
        themes_table(export),
        selftest_answers_table(export),
        selftest_profiles_table(export),
    ]
