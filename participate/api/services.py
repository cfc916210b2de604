"""What the open data API may show, in one place: consultations and their themes, the public
ideas (the ideas package's `Idea.public_clause()`: published or given an official status, and
not pending, withdrawn, hidden or rejected by the moderation, nor merged), the visible comments
on those ideas, and the figures of published self-tests. Nothing about a person: no account,
no name, no e-mail address; authors are left out.

Each list is one count and one page of rows (plus one query for what every row carries), so a
page costs the same number of queries whatever its length."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import contains_eager, selectinload

from participate.api.params import Paging
from participate.consultations.models import Consultation, Phase, Theme
from participate.consultations.services import SLUG
from participate.db import db, utcnow
from participate.ideas import services as ideas_services
from participate.ideas.models import Comment, Idea, Visibility
from participate.selftest.models import SelfTest, SelfTestVersion

T = TypeVar("T")

# The database's status "rejected" is the municipality's decision "not accepted": the API
# names it so, and cannot be mistaken for something the moderation rejected (never shown).
STATUS_NAMES = {
    "published": "published",
    "under_consideration": "under_consideration",
    "accepted": "accepted",
    "rejected": "not_accepted",
    "implemented": "implemented",
}
STATUS_VALUES = {name: value for value, name in STATUS_NAMES.items()}
IDEA_SORTS = ("oldest", "newest", "supported", "discussed")
PHASES = tuple(p.value for p in Phase)


def _is_slug(value: str) -> bool:
    """Only a possible address is looked up (PostgreSQL refuses some characters outright)."""
    return len(value) <= 80 and SLUG.fullmatch(value) is not None


@dataclass
class Page(Generic[T]):
    items: list[T]
    total: int
    paging: Paging

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.paging.per_page))


def _page(
    statement: Select, paging: Paging, order: tuple, options: tuple = (), total: int | None = None
) -> Page:
    """One count (unless the total is known) and one page of rows (loader options apply to
    the rows only)."""
    if total is None:
        total = db.session.scalar(select(func.count()).select_from(statement.subquery()))
    rows = db.session.scalars(
        statement.options(*options).order_by(*order).offset(paging.offset).limit(paging.per_page)
    )
    return Page(list(rows.unique()), total or 0, paging)


# -- Consultations ------------------------------------------------------------------------


def _phase_clause(phase: str, now: datetime):
    c = Consultation
    return {
        Phase.UPCOMING: now < c.ideas_open_at,
        Phase.IDEAS: (c.ideas_open_at <= now) & (now < c.voting_open_at),
        Phase.VOTING: (c.voting_open_at <= now) & (now < c.closed_at),
        Phase.CLOSED: (c.closed_at <= now) & (now < c.results_at),
        Phase.RESULTS: c.results_at <= now,
    }[Phase(phase)]


def consultations(*, phase: str | None, paging: Paging) -> Page[Consultation]:
    """Every consultation (they are all public, announced ones too), the latest to open
    first; with `phase`, those in that phase now."""
    statement = select(Consultation)
    if phase:
        statement = statement.where(_phase_clause(phase, utcnow()))
    return _page(
        statement,
        paging,
        (Consultation.ideas_open_at.desc(), Consultation.id.desc()),
        (selectinload(Consultation.themes),),
    )


def consultation(slug: str) -> Consultation | None:
    if not _is_slug(slug):
        return None
    return db.session.scalar(
        select(Consultation)
        .where(Consultation.slug == slug)
        .options(selectinload(Consultation.themes))
    )


def public_idea_counts(consultation_ids: list[int]) -> dict[int, int]:
    """Public ideas per consultation (the numbers the database keeps), in one query."""
    if not consultation_ids:
        return {}
    rows = db.session.execute(
        select(Consultation.id, Consultation.public_idea_count).where(
            Consultation.id.in_(consultation_ids)
        )
    )
    return dict(rows.all())


def public_idea_counts_by_theme(consultation: Consultation) -> dict[int, int]:
    rows = db.session.execute(
        select(Theme.id, Theme.public_idea_count).where(Theme.consultation_id == consultation.id)
    )
    return dict(rows.all())


def selftest_slugs(consultation_ids: list[int]) -> dict[int, list[str]]:
    """The published self-tests of each consultation, in one query."""
    found: dict[int, list[str]] = {}
    if not consultation_ids:
        return found
    rows = db.session.execute(
        select(SelfTest.consultation_id, SelfTest.slug)
        .where(SelfTest.consultation_id.in_(consultation_ids), SelfTest.published.is_(True))
        .order_by(SelfTest.id)
    )
    for consultation_id, slug in rows:
        found.setdefault(consultation_id, []).append(slug)
    return found


# -- Ideas --------------------------------------------------------------------------------


def ideas(
    consultation: Consultation,
    *,
    theme_id: int | None,
    status: str | None,
    since: datetime | None,
    sort: str,
    paging: Paging,
) -> Page[Idea]:
    """A page of the consultation's public ideas with their themes and official responses.
    `status` is an API status name (see STATUS_NAMES); `since` keeps ideas posted from then on.
    Every order ends with the id, so that pages never overlap."""
    statement = (
        select(Idea)
        .join(Idea.theme)
        .where(Idea.consultation_id == consultation.id, Idea.public_clause())
    )
    if theme_id is not None:
        statement = statement.where(Idea.theme_id == theme_id)
    if status is not None:
        statement = statement.where(Idea.status == STATUS_VALUES[status])
    if since is not None:
        statement = statement.where(Idea.created_at >= since)
    order = {
        "oldest": (Idea.created_at, Idea.id),
        "newest": (Idea.created_at.desc(), Idea.id.desc()),
        "supported": ((Idea.support_count - Idea.oppose_count).desc(), Idea.id),
        "discussed": (Idea.comment_count.desc(), Idea.id),
    }[sort]
    # Without a status or a date, the number of ideas is the one the database keeps.
    total = None
    if status is None and since is None:
        total = ideas_services.public_idea_count(consultation, theme_id)
    return _page(
        statement,
        paging,
        order,
        (contains_eager(Idea.theme), selectinload(Idea.status_changes)),
        total,
    )


def idea(idea_id: int) -> Idea | None:
    """A public idea, or None (also for one that exists but may not be shown)."""
    return db.session.scalar(
        select(Idea)
        .join(Idea.theme)
        .join(Idea.consultation)
        .where(Idea.id == idea_id, Idea.public_clause())
        .options(
            contains_eager(Idea.theme),
            contains_eager(Idea.consultation),
            selectinload(Idea.status_changes),
        )
    )


# -- Comments -----------------------------------------------------------------------------


def comments(
    *,
    idea: Idea | None = None,
    consultation: Consultation | None = None,
    since: datetime | None,
    paging: Paging,
) -> Page[Comment]:
    """A page of the comments everyone sees (not deleted, not waiting for or hidden or
    rejected by the moderation) on public ideas, of one idea or of a whole consultation,
    oldest first."""
    statement = (
        select(Comment)
        .join(Comment.idea)
        .where(
            Comment.deleted_at.is_(None),
            Comment.visibility == Visibility.VISIBLE.value,
            Idea.public_clause(),
        )
    )
    if idea is not None:
        statement = statement.where(Comment.idea_id == idea.id)
    if consultation is not None:
        statement = statement.where(Idea.consultation_id == consultation.id)
    if since is not None:
        statement = statement.where(Comment.created_at >= since)
    return _page(statement, paging, (Comment.created_at, Comment.id))


# -- Self-tests ---------------------------------------------------------------------------


def selftests(*, consultation: Consultation | None, paging: Paging) -> Page[SelfTest]:
    """Published self-tests (published means ready: the editor checks it), oldest first."""
    statement = select(SelfTest).where(SelfTest.published.is_(True))
    if consultation is not None:
        statement = statement.where(SelfTest.consultation_id == consultation.id)
    return _page(
        statement,
        paging,
        (SelfTest.id,),
        (selectinload(SelfTest.versions), selectinload(SelfTest.consultation)),
    )


def selftest(slug: str) -> SelfTest | None:
    if not _is_slug(slug):
        return None
    return db.session.scalar(
        select(SelfTest).where(SelfTest.slug == slug, SelfTest.published.is_(True))
    )


def version(selftest: SelfTest, number: int | None) -> SelfTestVersion | None:
    """The version with that number, or the current one."""
    if number is None:
        return selftest.current_version
    return next((v for v in selftest.versions if v.number == number), None)
