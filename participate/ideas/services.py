"""The rules of ideas and votes: who may post, edit and withdraw, what a vote does, how lists
are ordered. Counts are changed with atomic UPDATEs, so they stay exact under concurrency."""

from __future__ import annotations

import math
from array import array
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import ClassVar

from flask import g, has_request_context, request
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import (
    ColumnElement,
    Insert,
    Integer,
    Update,
    any_,
    bindparam,
    delete,
    func,
    insert,
    literal,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, joinedload, load_only, raiseload
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.sql import Select

from participate.accounts.models import User
from participate.accounts.services import SessionAccount, may_take_part_clause
from participate.audit.services import record
from participate.consultations.content import content_of
from participate.consultations.models import Consultation, ModerationMode, Theme, VotingMode
from participate.consultations.services import posting_refusal, voting_refusal
from participate.db import UTCDateTime, db, utcnow
from participate.ideas import search, shuffle
from participate.ideas.models import (
    PUBLIC_STATUSES,
    Idea,
    IdeaStatus,
    StatusChange,
    Visibility,
    Vote,
    VoteAllowance,
)
from participate.images.services import store_photo
from participate.kept import read_once
from participate.moderation import queue
from participate.moderation.models import QueueReason

EDIT_WINDOW = timedelta(minutes=30)
TREND_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
TREND_HALF_LIFE_DAYS = 7.0
PER_PAGE = 20
# The orders a list offers besides the random one (the default while ideas come in).
ORDERS = ("newest", "supported", "trending", "discussed")
SORTS = ("random", *ORDERS)


class IdeaError(ValueError):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def trend_weight(moment: datetime) -> float:
    """A vote's weight in trend_score: doubles every half-life after the epoch."""
    days = (moment - TREND_EPOCH).total_seconds() / 86400
    return math.pow(2.0, days / TREND_HALF_LIFE_DAYS)


# -- Posting ------------------------------------------------------------------------------


def _require_verified(user: User) -> None:
    if not user.is_authenticated:
        raise IdeaError(_("Log in to take part."))
    if not user.is_verified:
        raise IdeaError(_("Confirm your e-mail address first: open the link we sent you."))
    if user.is_blocked:
        raise IdeaError(
            _("Your account is blocked: you cannot post, vote, comment or report anymore.")
        )


def _theme_of(consultation: Consultation, theme_id: int | None) -> Theme:
    theme = next((t for t in consultation.themes if t.id == theme_id), None)
    if theme is None:
        raise IdeaError(_("Choose one of the themes of this consultation."), "theme_id")
    return theme


def post_idea(
    consultation: Consultation,
    author: User,
    *,
    title: str,
    body_md: str,
    theme_id: int | None,
    place: str = "",
    photo: bytes | None = None,
    photo_alt: str = "",
) -> Idea:
    """A verified citizen posts an idea while ideas are open. In a pre-moderated consultation
    it waits for a moderator; otherwise it is public at once, unless it contains a blocked
    word or too many links: then it waits for a moderator's review."""
    _require_verified(author)
    refusal = posting_refusal(consultation)
    if refusal:
        raise IdeaError(refusal)
    theme = _theme_of(consultation, theme_id)
    idea = Idea(
        consultation_id=consultation.id,
        theme_id=theme.id,
        author_id=author.id,
        title=title.strip(),
        body_md=body_md.strip(),
        place=place.strip(),
        status=IdeaStatus.PENDING
        if consultation.moderation_mode == ModerationMode.PRE
        else IdeaStatus.PUBLISHED,
    )
    if photo:
        idea.photo = store_photo(photo, alt=photo_alt or title)
    db.session.add(idea)
    db.session.flush()
    flagged = queue.screen(idea.title, idea.body_md, idea.place)
    if idea.status == IdeaStatus.PENDING:
        queue.enqueue(idea, QueueReason.APPROVAL, flagged)
    elif flagged:
        idea.status = IdeaStatus.PENDING
        queue.enqueue(idea, QueueReason.FLAGGED, flagged)
    return idea


def edit_refusal(idea: Idea, user: User, now: datetime | None = None) -> str | None:
    """The author may edit until the first vote or comment, and for 30 minutes at most."""
    now = now or utcnow()
    if not user.is_authenticated or idea.author_id != user.id:
        return _("Only the author can change this idea.")
    if user.is_blocked:
        return _("Your account is blocked: you cannot post, vote, comment or report anymore.")
    if idea.status == IdeaStatus.WITHDRAWN:
        return _("This idea was withdrawn.")
    if idea.support_count or idea.oppose_count or idea.comment_count:
        return _("This idea can no longer be changed: others have already voted or commented.")
    if now - idea.created_at > EDIT_WINDOW:
        return _("An idea can be changed during 30 minutes after posting.")
    return None


def edit_idea(
    idea: Idea, user: User, *, title: str, body_md: str, theme_id: int | None, place: str
) -> None:
    refusal = edit_refusal(idea, user)
    if refusal:
        raise IdeaError(refusal)
    theme = _theme_of(idea.consultation, theme_id)
    idea.title, idea.body_md, idea.theme_id, idea.place = (
        title.strip(),
        body_md.strip(),
        theme.id,
        place.strip(),
    )
    idea.updated_at = utcnow()
    flagged = queue.screen(idea.title, idea.body_md, idea.place)
    premoderated = idea.consultation.moderation_mode == ModerationMode.PRE
    if idea.status == IdeaStatus.PENDING:
        if flagged:
            queue.enqueue(idea, QueueReason.APPROVAL, flagged)
    elif flagged or premoderated:
        # A change to a published idea is looked at again where the first version had to be:
        # in a pre-moderated consultation always, elsewhere when the filters catch it.
        idea.status = IdeaStatus.PENDING
        queue.enqueue(idea, QueueReason.FLAGGED if flagged else QueueReason.APPROVAL, flagged)


def withdraw_idea(idea: Idea, user: User) -> None:
    """The author withdraws their idea; it leaves the lists but its page stays, marked. Its
    votes are taken off, so that where votes are limited its voters can spend them again
    (nobody can withdraw a vote from an idea that is no longer public)."""
    if idea.author_id != user.id:
        raise IdeaError(_("Only the author can withdraw this idea."))
    if idea.status in (IdeaStatus.WITHDRAWN,):
        return
    if idea.status == IdeaStatus.PENDING:
        # Never published: it stays out of sight of others after its withdrawal too.
        idea.visibility = Visibility.PENDING
    idea.status = IdeaStatus.WITHDRAWN
    idea.updated_at = utcnow()
    remove_votes(idea)
    queue.settle(idea, "withdrawn")


def remove_votes(idea: Idea) -> None:
    """Take every vote off an idea that leaves the lists (withdrawn, rejected by the moderation),
    giving each voter their vote back where votes are limited."""
    voters = db.session.scalars(
        delete(Vote)
        .where(Vote.idea_id == idea.id)
        .returning(Vote.user_id)
        .execution_options(synchronize_session=False)
    ).all()
    give_votes_back(idea.consultation, voters)
    idea.support_count = idea.oppose_count = 0
    idea.trend_score = 0.0
    db.session.flush()


def give_votes_back(consultation: Consultation, voters) -> None:
    """Each of these citizens may spend one vote again, where the consultation limits votes
    (one UPDATE for all of them)."""
    if not voters or consultation.vote_limit is None:
        return
    db.session.execute(
        update(VoteAllowance)
        .where(
            VoteAllowance.consultation_id == consultation.id,
            VoteAllowance.user_id.in_(voters),
            VoteAllowance.used > 0,
        )
        .values(used=VoteAllowance.used - 1)
        .execution_options(synchronize_session=False)
    )


def set_status(idea: Idea, moderator: User, to_status: str, response_md: str) -> StatusChange:
    """A moderator or admin sets an official status with a public response from the municipality.
    An idea that waits for the moderation (or was hidden, rejected or merged) gets none."""
    if not idea.is_public:
        raise IdeaError(_("Only a published idea can get an official status."))
    if to_status not in {s.value for s in PUBLIC_STATUSES}:
        raise IdeaError(_("Choose one of the statuses."), "status")
    if not response_md.strip():
        raise IdeaError(
            _("Write the municipality's response: it is shown with the new status."), "response"
        )
    change = StatusChange(
        idea_id=idea.id,
        from_status=idea.status,
        to_status=to_status,
        response_md=response_md.strip(),
        author_id=moderator.id,
    )
    idea.status = to_status
    db.session.add(change)
    record(
        moderator,
        "idea.set_status",
        idea,
        before={"status": change.from_status},
        after={"status": to_status},
        reason=change.response_md,
    )
    db.session.flush()
    from participate.notifications import events

    events.idea_status_changed(idea, change, moderator)
    return change


# -- Votes --------------------------------------------------------------------------------


@dataclass
class VoteResult:
    value: int  # the citizen's vote now: 1, -1 or 0 (none)
    support_count: int
    oppose_count: int
    remaining: int | None


def _spend_allowance(consultation: Consultation, user: User) -> bool:
    """Take one of the citizen's votes in a limited consultation: one conditional UPDATE."""
    exists = db.session.get(VoteAllowance, (consultation.id, user.id))
    if exists is None:
        try:
            with db.session.begin_nested():
                db.session.execute(
                    insert(VoteAllowance).values(
                        consultation_id=consultation.id, user_id=user.id, used=0
                    )
                )
        except IntegrityError:
            pass  # created by a concurrent request of the same citizen
    result = db.session.execute(
        update(VoteAllowance)
        .where(
            VoteAllowance.consultation_id == consultation.id,
            VoteAllowance.user_id == user.id,
            VoteAllowance.used < consultation.vote_limit,
        )
        .values(used=VoteAllowance.used + 1)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _refund_allowance(consultation: Consultation, user: User) -> None:
    db.session.execute(
        update(VoteAllowance)
        .where(
            VoteAllowance.consultation_id == consultation.id,
            VoteAllowance.user_id == user.id,
            VoteAllowance.used > 0,
        )
        .values(used=VoteAllowance.used - 1)
        .execution_options(synchronize_session=False)
    )


def remaining_votes(consultation: Consultation, user: User) -> int | None:
    """How many votes the citizen has left here (None: no limit)."""
    if consultation.vote_limit is None:
        return None
    if not user.is_authenticated:
        return consultation.vote_limit
    used = db.session.scalar(
        select(VoteAllowance.used).where(
            VoteAllowance.consultation_id == consultation.id, VoteAllowance.user_id == user.id
        )
    )
    return max(consultation.vote_limit - (used or 0), 0)


_IDEAS = Idea.__table__
_VOTES = Vote.__table__
# The statements of a vote, built once (a vote is the busiest write: building and keying an
# ORM statement cost more Python than the database spends on it). Core statements on the
# tables: nothing in the session is loaded or expired by them.
_COUNT_SUPPORT = (
    update(_IDEAS)
    .where(_IDEAS.c.id == bindparam("idea_id"))
    .values(
        support_count=_IDEAS.c.support_count + bindparam("delta"),
        trend_score=_IDEAS.c.trend_score + bindparam("trend"),
    )
    .returning(_IDEAS.c.support_count, _IDEAS.c.oppose_count)
)
_COUNT_OPPOSE = (
    update(_IDEAS)
    .where(_IDEAS.c.id == bindparam("idea_id"))
    .values(oppose_count=_IDEAS.c.oppose_count + bindparam("delta"))
    .returning(_IDEAS.c.support_count, _IDEAS.c.oppose_count)
)
_TAKE_BACK = (
    delete(_VOTES)
    .where(_VOTES.c.idea_id == bindparam("idea_id"), _VOTES.c.user_id == bindparam("user_id"))
    .returning(_VOTES.c.value, _VOTES.c.created_at)
)
_CAST = {
    # The unique constraint decides, also against a concurrent click of the same citizen.
    dialect: insert_of(_VOTES)
    .values(
        idea_id=bindparam("vote_idea"),
        user_id=bindparam("vote_user"),
        consultation_id=bindparam("vote_consultation"),
        value=bindparam("vote_value"),
        created_at=bindparam("vote_at"),
    )
    .on_conflict_do_nothing(index_elements=["idea_id", "user_id"])
    .returning(_VOTES.c.idea_id)
    for dialect, insert_of in (("postgresql", pg_insert), ("sqlite", sqlite_insert))
}


def _counted_cast(cast: Insert, count_values: dict) -> Update:
    """PostgreSQL: the vote's INSERT and its count's UPDATE in one statement (a data-modifying
    WITH): the idea is counted only where the INSERT inserted, and the statement answers the
    idea's counts, or nothing where it inserted none. One round trip for the usual click
    instead of two."""
    new_vote = cast.cte("new_vote")
    return (
        update(_IDEAS)
        .where(_IDEAS.c.id == new_vote.c.idea_id)
        .values(count_values)
        .returning(_IDEAS.c.support_count, _IDEAS.c.oppose_count)
    )


_COUNT_SUPPORT_UP = {
    "support_count": _IDEAS.c.support_count + 1,
    "trend_score": _IDEAS.c.trend_score + bindparam("trend"),
}
# By the vote's value, as `_adjust_counts` counts it.
_COUNTED_CAST = {
    1: _counted_cast(_CAST["postgresql"], _COUNT_SUPPORT_UP),
    -1: _counted_cast(_CAST["postgresql"], {"oppose_count": _IDEAS.c.oppose_count + 1}),
}

# The usual clicks without loading the idea or the voter's account first: a support vote
# cast, or taken back, on a public idea of a consultation open for votes and without a vote
# limit, by an account whose session is valid, confirmed and not blocked, done only where all
# of that holds, read from the idea's and the account's own rows in the same statement (the
# rules of `vote`, `Idea.is_public`, `voting_refusal` and the account's checks, as SQL;
# tests/ideas/test_quick_vote.py holds the two to the same answers).
_CONSULTATIONS = Consultation.__table__
_VOTE_AT = bindparam("vote_at", type_=UTCDateTime())
_VOTE_USER = bindparam("vote_user", type_=Integer())
_OPEN_IDEA = (
    select(_IDEAS.c.id)
    .join(_CONSULTATIONS, _CONSULTATIONS.c.id == _IDEAS.c.consultation_id)
    .where(
        _IDEAS.c.id == bindparam("vote_idea"),
        Idea.public_clause(),
        _CONSULTATIONS.c.vote_limit.is_(None),
        _CONSULTATIONS.c.ideas_open_at <= _VOTE_AT,
        _CONSULTATIONS.c.closed_at > _VOTE_AT,
        may_take_part_clause(_VOTE_USER, bindparam("vote_token")),
    )
)
_QUICK_CAST = {
    dialect: insert_of(_VOTES)
    .from_select(
        ["idea_id", "user_id", "consultation_id", "value", "created_at"],
        _OPEN_IDEA.add_columns(
            _VOTE_USER,
            _IDEAS.c.consultation_id,
            literal(1, Integer()),
            _VOTE_AT,
        ),
    )
    .on_conflict_do_nothing(index_elements=["idea_id", "user_id"])
    .returning(_VOTES.c.idea_id)
    for dialect, insert_of in (("postgresql", pg_insert), ("sqlite", sqlite_insert))
}
_QUICK_CAST_COUNTED = _counted_cast(_QUICK_CAST["postgresql"], _COUNT_SUPPORT_UP)
_QUICK_TAKE_BACK = (
    delete(_VOTES)
    .where(
        _VOTES.c.idea_id == bindparam("vote_idea"),
        _VOTES.c.user_id == _VOTE_USER,
        _VOTES.c.idea_id.in_(_OPEN_IDEA),
        _VOTES.c.value == 1,
    )
    .returning(_VOTES.c.created_at)
)


def quick_click(idea_id: int, account: SessionAccount, value: int = 1) -> VoteResult | None:
    """The usual click on the support button, by the idea's id and the account its session
    names, where the idea is public and its consultation open for votes without a vote limit,
    and the account's session valid, the account confirmed and not blocked: a new support vote
    is cast (on PostgreSQL one statement, the vote and its count, its own transaction; two on
    SQLite), or the citizen's support vote is taken back (two more, in the request's
    transaction), with no read of the idea or the account.
    None where neither was done (nothing changed): the caller loads the idea and the account
    and `vote` decides, as for every other click (a switch from against, a refusal and its
    reason, a limited consultation, a vote against)."""
    if value != 1:
        return None
    now = utcnow()
    params = {
        "vote_idea": idea_id,
        "vote_user": account.id,
        "vote_token": account.token,
        "vote_at": now,
    }
    weight = trend_weight(now)
    counts = _cast(_QUICK_CAST_COUNTED, _QUICK_CAST["sqlite"], params, 1, weight, alone=True)
    if counts is not None:
        return VoteResult(1, counts[0], counts[1], remaining=None)
    # Not cast: the citizen supports the idea already (the usual reason), or may not vote.
    taken_back = db.session.execute(_QUICK_TAKE_BACK, params).first()
    if taken_back is None:
        return None
    counts = _adjust_counts(idea_id, 1, -1, trend_weight(taken_back.created_at))
    return VoteResult(0, counts[0], counts[1], remaining=None)


def _adjust_counts(idea_id: int, value: int, delta: int, weight: float) -> tuple[int, int]:
    """Add `delta` to the idea's count for `value` (and its trend, for support) in one atomic
    UPDATE; returns the idea's support and oppose counts as the UPDATE left them."""
    if value > 0:
        params = {"idea_id": idea_id, "delta": delta, "trend": delta * weight}
        row = db.session.execute(_COUNT_SUPPORT, params).first()
    else:
        row = db.session.execute(_COUNT_OPPOSE, {"idea_id": idea_id, "delta": delta}).first()
    return (row[0], row[1]) if row is not None else (0, 0)


def _cast(
    counted: Update,
    inserted: Insert,
    params: dict,
    value: int,
    weight: float,
    *,
    alone: bool = False,
) -> tuple[int, int] | None:
    """Cast a vote and count it: on PostgreSQL `counted` (the INSERT and the count's UPDATE
    in one statement), on SQLite the INSERT `inserted` and then the count. The idea's counts
    after, or None (and nothing changed) where the INSERT inserted nothing. `alone`: the
    cast is all the request changes, so on PostgreSQL its one statement may be its own
    transaction (`Database.execute_alone`)."""
    if db.session.get_bind().dialect.name == "postgresql":
        counted_params = {**params, "trend": weight}
        if alone:
            row = db.execute_alone(counted, counted_params)
        else:
            row = db.session.execute(counted, counted_params).first()
        return (row[0], row[1]) if row is not None else None
    if db.session.execute(inserted, params).first() is None:
        return None
    return _adjust_counts(params["vote_idea"], value, +1, weight)


def vote(idea: Idea, user: User, value: int = 1) -> VoteResult:
    """Cast a vote; the same vote again withdraws it; the other value (for/against) switches.

    One vote per citizen per idea (a unique constraint makes it so under concurrency); where the
    consultation limits votes, each cast vote spends one, each withdrawal gives it back. The
    usual click casts a new vote: INSERT ... ON CONFLICT DO NOTHING and the count's UPDATE ...
    RETURNING the counts, in one statement on PostgreSQL and two on SQLite. Where the citizen
    has a vote on the idea the INSERT does nothing; the vote is then taken back (DELETE ...
    RETURNING) and counted down, and for the other value cast again. Refusals raise IdeaError;
    the caller rolls back, so a vote refused after its INSERT leaves nothing behind."""
    _require_verified(user)
    consultation = idea.consultation
    if value not in (1, -1) or (value == -1 and consultation.voting_mode != VotingMode.FOR_AGAINST):
        raise IdeaError(_("This vote is not possible here."))
    if not idea.is_public:
        raise IdeaError(_("You can only vote for published ideas."))
    refusal = voting_refusal(consultation)
    if refusal:
        raise IdeaError(refusal)

    limited = consultation.vote_limit is not None
    now = utcnow()
    values = {
        "vote_idea": idea.id,
        "vote_user": user.id,
        "vote_consultation": consultation.id,
        "vote_value": value,
        "vote_at": now,
    }
    counts = _cast(_COUNTED_CAST[value], _CAST["sqlite"], values, value, trend_weight(now))
    if counts is None:
        # The citizen has a vote on this idea: take it back.
        old = db.session.execute(_TAKE_BACK, {"idea_id": idea.id, "user_id": user.id}).first()
        if old is None:
            # Taken back by a concurrent click between the two statements: none stands.
            return _result(idea, consultation, user, 0, counts=None)
        counts = _adjust_counts(idea.id, old.value, -1, trend_weight(old.created_at))
        if limited:
            _refund_allowance(consultation, user)
        if old.value == value:
            return _result(idea, consultation, user, 0, counts)
        counts = _cast(_COUNTED_CAST[value], _CAST["sqlite"], values, value, trend_weight(now))
        if counts is None:
            # A concurrent click of the same citizen cast one in between: one vote stands.
            return _result(idea, consultation, user, value, counts=None)
    if limited and not _spend_allowance(consultation, user):
        # The caller rolls back: the vote and its count go with the refusal.
        raise IdeaError(
            ngettext(
                "You have used your only vote in this consultation. Withdraw it to vote here.",
                "You have used all %(num)d of your votes in this consultation. Withdraw one to vote here.",
                consultation.vote_limit,
            )
        )
    return _result(idea, consultation, user, value, counts)


def remove_votes_of(user: User) -> int:
    """Take away every vote of a citizen whose account goes: each idea's counts and trend
    drop by exactly those votes (atomic UPDATEs), and their spent allowances go too, so
    nothing counts a vote that no longer exists. Returns how many votes were removed."""
    removed = db.session.execute(
        delete(Vote)
        .where(Vote.user_id == user.id)
        .returning(Vote.idea_id, Vote.value, Vote.created_at)
        .execution_options(synchronize_session=False)
    ).all()
    for idea_id, value, created_at in removed:
        _adjust_counts(idea_id, value, -1, trend_weight(created_at))
    db.session.execute(
        delete(VoteAllowance)
        .where(VoteAllowance.user_id == user.id)
        .execution_options(synchronize_session=False)
    )
    return len(removed)


def anonymise_author(user: User) -> None:
    """The ideas, comments and official responses of a departing account stay, without
    their author: the pages show them as by a former participant."""
    from participate.ideas.models import Comment

    for model in (Idea, Comment, StatusChange):
        db.session.execute(
            update(model)
            .where(model.author_id == user.id)
            .values(author_id=None)
            .execution_options(synchronize_session="fetch")
        )


def _result(
    idea: Idea,
    consultation: Consultation,
    user: User,
    value: int,
    counts: tuple[int, int] | None,
) -> VoteResult:
    """What the citizen sees after voting: the counts as this request's last UPDATE left them
    (read again where it made none)."""
    if counts is None:
        counts = db.session.execute(
            select(Idea.support_count, Idea.oppose_count).where(Idea.id == idea.id)
        ).one()
    support, oppose = counts
    # Shown as loaded, never written back: an UPDATE of what was read would undo the votes
    # that other requests counted in between.
    set_committed_value(idea, "support_count", support)
    set_committed_value(idea, "oppose_count", oppose)
    return VoteResult(value, support, oppose, remaining_votes(consultation, user))


def votes_of(user: User, idea_ids: list[int]) -> dict[int, int]:
    """The citizen's votes on these ideas (one query), for showing which they supported."""
    if not user.is_authenticated or not idea_ids:
        return {}
    rows = db.session.execute(
        select(Vote.idea_id, Vote.value).where(Vote.user_id == user.id, Vote.idea_id.in_(idea_ids))
    )
    return dict(rows.all())


# -- Lists --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeShown:
    id: int
    name: str


@dataclass(frozen=True)
class AuthorShown:
    display_name: str


@dataclass(frozen=True)
class IdeaShown:
    """What an idea card shows, read as plain values: the same attributes the card's
    templates read of an Idea (participate/ideas/templates/ideas/_macros.html)."""

    id: int
    title: str
    body_md: str
    photo_id: int | None
    pinned: bool
    featured: bool
    status: str
    source: str
    created_at: datetime
    comment_count: int
    support_count: int
    oppose_count: int
    theme: ThemeShown
    author: AuthorShown | None

    COLUMNS: ClassVar[tuple] = (
        Idea.id,
        Idea.title,
        Idea.body_md,
        Idea.photo_id,
        Idea.pinned,
        Idea.featured,
        Idea.status,
        Idea.source,
        Idea.created_at,
        Idea.comment_count,
        Idea.support_count,
        Idea.oppose_count,
    )

    @classmethod
    def of(cls, row, theme_names: dict[int, str]) -> IdeaShown:
        *values, theme_id, author_name = row
        author = AuthorShown(author_name) if author_name is not None else None
        return cls(*values, theme=ThemeShown(theme_id, theme_names[theme_id]), author=author)


@dataclass
class IdeaPage:
    items: list[Idea]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


# A search with at most this many matches finds them first and orders them (list_ideas).
FEW_MATCHES = 500


def public_ideas(consultation: Consultation):
    return select(Idea).where(Idea.consultation_id == consultation.id, Idea.public_clause())


def _count(statement) -> int:
    """How many rows a SELECT of ideas gives (read from the index ix_ideas_public_count
    where it serves: no idea's row is read)."""
    return db.session.scalar(statement.with_only_columns(func.count(Idea.id))) or 0


# What a search matched, per process, keyed by the consultation's ideas_version (raised by
# the database at every change a search counts, migration d4a7c2e91f30), the words and the
# filters: exact while the version stands, a new key when it moves. Bounded: at most
# FEW_MATCHES ids of 8 bytes an entry (8 MB at most), and on SQLite for many matches one bit
# per idea id between the first match and the last (a store of its own: 256 entries, 3 MB at
# 100 000 ideas).
@dataclass(frozen=True)
class SearchMatches:
    total: int
    # The ids of the matches when there are at most FEW_MATCHES (list_ideas orders those).
    ids: array | None
    # Many matches on SQLite: bit n of `bits` is set when idea `first + n` matches.
    bits: bytes | None = None
    first: int = 0

    def has(self, idea_id: int) -> bool:
        n = idea_id - self.first
        bits = self.bits
        return bits is not None and 0 <= n < len(bits) * 8 and bool(bits[n >> 3] >> (n & 7) & 1)


_SEARCHES: dict[tuple, SearchMatches] = {}
_SEARCHES_SIZE = 2_000
_MANY_SEARCHES: dict[tuple, SearchMatches] = {}
_MANY_SEARCHES_SIZE = 256


def _versioned(consultation: Consultation, key: tuple) -> tuple:
    """`key` under the current version of the consultation's ideas (as this GET read it)."""
    version = g.get("ideas_versions", {}).get(consultation.id) if has_request_context() else None
    if version is None:
        version = db.session.scalar(
            select(Consultation.ideas_version).where(Consultation.id == consultation.id)
        )
    # The moment of its creation too: SQLite may give a deleted consultation's id again.
    return (consultation.id, consultation.created_at, version, *key)


# The ids of a list (public ideas, with its theme and status filters), sorted, per version of
# the consultation's ideas: the random order shuffles their positions (participate/ideas/
# shuffle.py). 8 bytes an idea: 320 kB for 40 000; at most 32 lists, and 32 searches with
# many matches, per process (10 MB each at 40 000 ideas).
_LISTS: dict[tuple, array] = {}
_SEARCH_LISTS: dict[tuple, array] = {}
_LISTS_SIZE = 32


def _random_page(
    consultation: Consultation,
    filtered,
    statement,
    key: tuple,
    matches: SearchMatches | None,
    seed: int,
    offset: int,
    limit: int,
) -> list[int]:
    """A page of the visitor's random order of `statement`'s ideas (the `filtered` list, or a
    search's matches in it): their ids (a search's few matches as kept with its count, else
    read once per version), the pinned ones first (those of the list, read each time: pinning
    moves no version; shuffle.page keeps those among the ids), the rest shuffled by the
    visitor's seed."""
    if matches is not None and matches.ids is not None:
        ids = sorted(matches.ids)
    else:
        store = _LISTS if matches is None else _SEARCH_LISTS
        ids = read_once(
            store,
            _versioned(consultation, key),
            lambda: array("q", db.session.scalars(_ids_of(statement).order_by(Idea.id))),
            _LISTS_SIZE,
        )
    pinned = db.session.scalars(_ids_of(filtered).where(Idea.pinned.is_(True))).all()
    return shuffle.page(ids, pinned, seed, offset, limit)


def _ids_of(statement):
    return statement.with_only_columns(Idea.id)


def _search_matches(consultation: Consultation, statement, key: tuple) -> SearchMatches:
    """How many ideas a search matches, and which when they are few: read once per version
    of the consultation's ideas (counting reads every match: 25 to 45 ms for a common word
    at 40 000 ideas; finding a rare word's few matches 1 to 2 ms)."""
    full_key = _versioned(consultation, key)
    matches = read_once(_SEARCHES, full_key, lambda: _read_matches(statement), _SEARCHES_SIZE)
    if matches.ids is None and matches.total and search.dialect() == "sqlite":
        matches = read_once(
            _MANY_SEARCHES, full_key, lambda: _read_many(statement), _MANY_SEARCHES_SIZE
        )
    return matches


def _read_matches(statement) -> SearchMatches:
    total = _count(statement)
    if 0 < total <= FEW_MATCHES:
        ids = array("q", db.session.scalars(statement.with_only_columns(Idea.id)))
        return SearchMatches(len(ids), ids)
    return SearchMatches(total, None)


def _read_many(statement) -> SearchMatches:
    """Every match of a search with many, as one bit per idea id (SQLite). FTS5 gives every
    match of a word's prefix before a page of them can be picked (6 to 7 ms for a word that
    begins 30 000 words' entries); kept, a page is picked walking the list's order against
    the bits (_page_of_many)."""
    ids = array("q", db.session.scalars(_ids_of(statement).order_by(Idea.id)))
    if not ids:
        return SearchMatches(0, None)
    first = ids[0]
    bits = bytearray((ids[-1] - first) // 8 + 1)
    for idea_id in ids:
        n = idea_id - first
        bits[n >> 3] |= 1 << (n & 7)
    return SearchMatches(len(ids), None, bytes(bits), first)


def _page_of_many(statement, ordering, matches: SearchMatches, offset: int, limit: int) -> list:
    """The ids of a page of a search with many matches: the list's ids in its order, read
    from its index in batches, the matching ones kept until the page is full."""
    wanted = offset + limit
    found: list[int] = []
    result = db.session.execute(
        _ids_of(statement).order_by(*ordering).execution_options(yield_per=500)
    )
    has = matches.has
    for (idea_id,) in result:
        if has(idea_id):
            found.append(idea_id)
            if len(found) == wanted:
                break
    result.close()
    return found[offset:]


def _id_among(ids) -> ColumnElement[bool]:
    """Idea.id IN ids: on PostgreSQL as one array parameter (= ANY), so that the statement's
    text is the same whatever the number of ids (prepared once, not parsed again for each
    length); on SQLite as an IN list."""
    if db.session.get_bind().dialect.name == "postgresql":
        return Idea.id == any_(literal(list(ids), ARRAY(Integer)))
    return Idea.id.in_(list(ids))


def public_idea_count(consultation: Consultation, theme_id: int | None = None) -> int:
    """How many public ideas the consultation (or one of its themes) has: the number the
    database keeps exact (triggers on `ideas`). Read with a query of its own (a loaded
    consultation's attribute may predate the session's own changes), once per request: a
    list page shows it in its pagination and in its share card."""
    counts = g.setdefault("public_idea_counts", {}) if has_request_context() else {}
    key = (consultation.id, theme_id)
    if key not in counts:
        if theme_id is None:
            statement = select(Consultation.public_idea_count).where(
                Consultation.id == consultation.id
            )
        else:
            statement = select(Theme.public_idea_count).where(
                Theme.id == theme_id, Theme.consultation_id == consultation.id
            )
        counts[key] = db.session.scalar(statement) or 0
    return counts[key]


def counts_from_row(consultation: Consultation) -> None:
    """The consultation's row was read by this request, which has changed no idea since (a
    GET): the public count and the version of its ideas it holds are the ones to use
    (public_idea_count and a search's count ask no more)."""
    if request.method in ("GET", "HEAD"):
        g.setdefault("public_idea_counts", {})[(consultation.id, None)] = (
            consultation.public_idea_count
        )
        g.setdefault("ideas_versions", {})[consultation.id] = consultation.ideas_version


def list_ideas(
    consultation: Consultation,
    *,
    sort: str = "random",
    theme_id: int | None = None,
    status: str | None = None,
    query: str = "",
    page: int = 1,
    seed: int = 0,
    per_page: int = PER_PAGE,
    plain: bool = False,
) -> IdeaPage:
    """A page of public ideas, the pinned ones first: two queries whatever the page's length
    (count and rows, with theme and author joined in). `plain`: what the cards show, as plain
    values (IdeaShown) rather than ORM objects, for a visitor who is not logged in (whose
    list is kept rendered whole: building twenty ORM objects with their theme and author
    cost more than the rest of the list)."""
    filtered = public_ideas(consultation)
    if theme_id:
        filtered = filtered.where(Idea.theme_id == theme_id)
    # A status or a search narrows the list past the numbers the database keeps: counted.
    if status not in {s.value for s in PUBLIC_STATUSES}:
        status = None
    if status:
        filtered = filtered.where(Idea.status == status)
    statement = filtered
    clause = search.matches(query) if query.strip() else None
    key: tuple = (theme_id or None, status)
    matches: SearchMatches | None = None
    if clause is not None:
        statement = statement.where(clause)
        key = (tuple(search.terms(query)), *key)
        matches = _search_matches(consultation, statement, key)
        total = matches.total
    elif status:
        total = _count(statement)
    else:
        total = public_idea_count(consultation, theme_id or None)
    page = max(1, min(page, max(1, math.ceil(total / per_page))))
    if total == 0:
        return IdeaPage([], 0, page, per_page)
    offset = (page - 1) * per_page
    if sort not in ORDERS:
        # Random but stable for one visitor (their seed): a shuffle of the list's positions.
        page_ids = _random_page(
            consultation, filtered, statement, key, matches, seed, offset, per_page
        )
        return _shown(consultation, page_ids, total, page, per_page, plain)
    if matches is not None and matches.ids is not None:
        # Few ideas match the words: found through the full-text index first (kept with the
        # count), then ordered. PostgreSQL would rather walk the list's order and check each
        # idea for the words, which for a rare word reads most of the consultation (100 ms at
        # 40 000 ideas, where finding the few matches takes 2 ms).
        statement = public_ideas(consultation).where(_id_among(matches.ids))
    elif matches is not None:
        # Many match: a page of them is found walking the list's order (search.matches).
        statement = filtered.where(search.matches(query, in_order=True))

    # Where only support counts (no votes against), "most supported" is the supporters'
    # count itself, which an index keeps in order; for and against rank by the balance.
    by_support = consultation.voting_mode == VotingMode.SUPPORT
    score = Idea.support_count if by_support else Idea.support_count - Idea.oppose_count
    order = {
        "newest": (Idea.created_at.desc(), Idea.id.desc()),
        "supported": (score.desc(), Idea.id.desc()),
        "trending": (Idea.trend_score.desc(), Idea.id.desc()),
        "discussed": (Idea.comment_count.desc(), Idea.id.desc()),
    }[sort]
    ordering = (Idea.pinned.desc(), *order)
    # The orders the list indexes keep (ix_ideas_list_*).
    indexed = sort in ("newest", "trending") or (sort == "supported" and by_support)
    if matches is not None and matches.bits is not None and indexed:
        # Many matches, kept as bits (SQLite): no full-text query at all, the list's index
        # walked until the page is full.
        page_ids = _page_of_many(filtered, ordering, matches, offset, per_page)
        return _shown(consultation, page_ids, total, page, per_page, plain)
    # The page's ids first, read from the list's index alone (ix_ideas_list_*, which holds
    # every column the list filters on), then only those ideas' rows: joined before the
    # OFFSET, each idea skipped on the way to page 50 was read whole with its theme and author
    # (2 to 3 ms there on both databases, where the ids take under 1 ms).
    ids = _ids_of(statement).order_by(*ordering).offset(offset).limit(per_page)
    return _shown(consultation, ids, total, page, per_page, plain, ordering)


def _shown(
    consultation: Consultation,
    page_ids: list[int] | Select,
    total: int,
    page: int,
    per_page: int,
    plain: bool,
    ordering: tuple = (),
) -> IdeaPage:
    """The page's ideas: those of `page_ids` in their order (a list), or those its SELECT
    gives in `ordering` (one statement: the ids as a subquery). As plain values (IdeaShown)
    for a visitor who is not logged in, else as ORM objects with their theme and author."""
    if isinstance(page_ids, list) and not page_ids:
        return IdeaPage([], total, page, per_page)
    if plain:
        # The theme's name from the consultation's kept content (no join with themes).
        names = {theme.id: theme.name for theme in content_of(consultation).themes}
        shown = db.session.execute(
            select(*IdeaShown.COLUMNS, Idea.theme_id, User.display_name)
            .outerjoin(Idea.author)
            .where(Idea.id.in_(page_ids))
            .order_by(*ordering)
        )
        items = [IdeaShown.of(row, names) for row in shown]
    else:
        items = list(
            db.session.scalars(
                select(Idea)
                .join(Idea.theme)
                .outerjoin(Idea.author)
                .where(Idea.id.in_(page_ids))
                .order_by(*ordering)
                .options(contains_eager(Idea.theme), contains_eager(Idea.author))
            ).unique()
        )
    if isinstance(page_ids, list):
        position = {idea_id: n for n, idea_id in enumerate(page_ids)}
        items.sort(key=lambda idea: position[idea.id])
    return IdeaPage(items, total, page, per_page)


def featured_ideas(consultation: Consultation, limit: int = 6) -> list:
    """Ideas the moderation highlights on the consultation page (one query): the id, title
    and number of supporters the page links and shows, as plain rows."""
    return list(
        db.session.execute(
            public_ideas(consultation)
            .with_only_columns(Idea.id, Idea.title, Idea.support_count)
            .where(Idea.featured.is_(True))
            .order_by(Idea.created_at.desc(), Idea.id.desc())
            .limit(limit)
        )
    )


def similar_ideas(consultation: Consultation, title: str, limit: int = 5) -> list[Idea]:
    return search.similar(public_ideas(consultation), title, limit)


# What a vote reads of its idea and consultation: who may see the idea, whether it is public,
# and the consultation's voting rules and dates (any other attribute raises, rather than
# quietly costing a query). Loading two whole rows was the largest part of a vote's Python.
_FOR_VOTE = (
    load_only(
        Idea.id,
        Idea.consultation_id,
        Idea.author_id,
        Idea.status,
        Idea.visibility,
        Idea.merged_into_id,
        raiseload=True,
    ),
    joinedload(Idea.consultation).load_only(
        Consultation.voting_mode,
        Consultation.vote_limit,
        Consultation.ideas_open_at,
        Consultation.voting_open_at,
        Consultation.closed_at,
        Consultation.results_at,
        raiseload=True,
    ),
    raiseload("*"),
)
_SHOWN = (joinedload(Idea.consultation), joinedload(Idea.theme), joinedload(Idea.author))
_GET_IDEA = {
    shown: select(Idea).where(Idea.id == bindparam("idea_id")).options(*options)
    for shown, options in ((True, _SHOWN), (False, _FOR_VOTE))
}


def get_idea(idea_id: int, *, shown: bool = True) -> Idea | None:
    """The idea with its consultation, theme and author where it is `shown`; for a vote
    (`shown=False`) only what the vote reads: its answer is the counts."""
    return db.session.scalar(_GET_IDEA[shown], {"idea_id": idea_id})


def is_readable(idea: Idea) -> bool:
    """Everyone may read public ideas, and withdrawn ones the moderation did not hide."""
    return idea.is_public or (
        idea.status == IdeaStatus.WITHDRAWN
        and idea.visibility == Visibility.VISIBLE
        and idea.merged_into_id is None
    )


def may_view(idea: Idea, user: User) -> bool:
    """Readable ideas for everyone; pending, hidden and rejected ones for their author and the
    moderators."""
    from participate.auth.permissions import can

    if is_readable(idea):
        return True
    return bool(
        user.is_authenticated and (idea.author_id == user.id or can(user, "moderation.act"))
    )


def can_set_status(user: User) -> bool:
    from participate.auth.permissions import can

    return can(user, "idea.set_status")


def photo_access(image_id: int) -> str | None:
    """The photo of an idea is seen by whoever may see the idea (the images access check);
    a photo of an idea that is not public is never stored by shared caches."""
    from flask_login import current_user

    idea = db.session.scalar(select(Idea).where(Idea.photo_id == image_id))
    if idea is None:
        return None
    if not may_view(idea, current_user):
        return "denied"
    return "public" if is_readable(idea) else "private"
