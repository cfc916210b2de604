"""Counts stay exact when many citizens vote at once, and a vote limit holds against a citizen's
simultaneous clicks.

These tests need real concurrent connections, so they cannot run inside the rolled-back test
transaction: they build a database of their own (a SQLite file, or a PostgreSQL database beside
TEST_DATABASE_URL) and every thread works like a request, in its own app context with its own
session, committing normally. On PostgreSQL the counts must be exact; on SQLite, which takes one
writer at a time, no error may reach the caller either (the busy timeout makes writers wait).
"""

from __future__ import annotations

import itertools
import secrets
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
from psycopg.pq import TransactionStatus
from sqlalchemy import event, func, select

from participate.accounts.models import User
from participate.accounts.services import SessionAccount
from participate.consultations.models import Consultation, Theme
from participate.db import db, utcnow
from participate.ideas import services
from participate.ideas.models import Idea, Vote, VoteAllowance
from tests.conftest import app_on_its_own_database, unbound_session

VOTERS = 16
TOGGLERS = 8
DAY = timedelta(days=1)
_SLUGS = itertools.count()


@pytest.fixture(scope="module")
def shared_app(tmp_path_factory: pytest.TempPathFactory):
    with app_on_its_own_database(tmp_path_factory, "_concurrency") as app:
        yield app


@pytest.fixture
def real_app(shared_app) -> Iterator[Any]:
    with unbound_session():
        yield shared_app


def is_postgres(app) -> bool:
    return app.extensions["participate.engine"].dialect.name == "postgresql"


def setup(app, *, vote_limit: int | None = None, ideas: int = 1, users: int = 1):
    """A consultation open for ideas, its ideas and citizens, committed; returns their ids."""
    with app.app_context():
        now = utcnow()
        consultation = Consultation(
            # Unique in the shared database (id(object()) could repeat within a second).
            slug=f"gelijktijdig-{next(_SLUGS)}-{secrets.token_hex(4)}",
            title="Gelijktijdig stemmen",
            vote_limit=vote_limit,
            ideas_open_at=now - DAY,
            voting_open_at=now + 10 * DAY,
            closed_at=now + 20 * DAY,
            results_at=now + 30 * DAY,
            themes=[Theme(name="Alles")],
        )
        db.session.add(consultation)
        db.session.flush()
        people = [
            User(
                email=f"p{i}.{consultation.id}@example.com",
                display_name=f"Persoon {i}",
                password_hash="-",
            )
            for i in range(users)
        ]
        db.session.add_all(people)
        db.session.flush()
        rows = [
            Idea(
                consultation_id=consultation.id,
                theme_id=consultation.themes[0].id,
                author_id=people[0].id,
                title=f"Een idee om op te stemmen {i}",
                body_md="Tekst",
            )
            for i in range(ideas)
        ]
        db.session.add_all(rows)
        db.session.commit()
        for person in people:
            person.email_verified_at = now
        db.session.commit()
        return consultation.id, [i.id for i in rows], [p.id for p in people]


def cast(app, user_id: int, idea_id: int, value: int = 1) -> services.VoteResult:
    """One vote, as a request would cast it: load, vote, commit (or roll back and raise)."""
    with app.test_request_context(f"/ideas/{idea_id}/vote", method="POST"):
        try:
            user = db.session.get(User, user_id)
            idea = services.get_idea(idea_id)
            result = services.vote(idea, user, value)
            db.session.commit()
            return result
        except BaseException:
            db.session.rollback()
            raise


def all_at_once(jobs: list[Callable[[], Any]]) -> list[Any]:
    """Run the jobs in as many threads, released together; return results or exceptions."""
    barrier = threading.Barrier(len(jobs))

    def run(job):
        barrier.wait()
        try:
            return job()
        except Exception as exc:  # collected: the test says which are acceptable
            return exc

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(run, jobs))


def tally(app, idea_id: int) -> tuple[int, int, int]:
    """(support_count, oppose_count, rows in votes) as the database has them now."""
    with app.app_context():
        idea = db.session.get(Idea, idea_id)
        rows = db.session.scalar(
            select(func.count()).select_from(Vote).where(Vote.idea_id == idea_id)
        )
        return idea.support_count, idea.oppose_count, rows


def test_concurrent_votes_keep_the_count_equal_to_the_vote_rows(real_app):
    _consultation, (idea_id,), people = setup(real_app, users=VOTERS + TOGGLERS + 1)
    voters, togglers, clicker = people[:VOTERS], people[VOTERS:-1], people[-1]
    for user_id in togglers:  # they have voted already, and will click three more times
        cast(real_app, user_id, idea_id)

    def toggle_three_times(user_id: int) -> list:
        return [cast(real_app, user_id, idea_id) for _ in range(3)]

    jobs: list[Callable[[], Any]] = [lambda u=u: cast(real_app, u, idea_id) for u in voters]
    jobs += [lambda u=u: toggle_three_times(u) for u in togglers]
    jobs += [lambda: cast(real_app, clicker, idea_id) for _ in range(4)]  # a frantic double-click
    results = all_at_once(jobs)

    errors = [r for r in results if isinstance(r, Exception)]
    assert errors == []
    support, oppose, rows = tally(real_app, idea_id)
    assert support == rows and oppose == 0
    if is_postgres(real_app):
        # every voter counts once, every toggler withdrew, the clicker has zero or one vote
        assert VOTERS <= rows <= VOTERS + 1


def test_concurrent_spending_never_exceeds_the_vote_limit(real_app):
    limit = 3
    consultation_id, ideas, (user_id,) = setup(real_app, vote_limit=limit, ideas=12)

    results = all_at_once([lambda i=i: cast(real_app, user_id, i) for i in ideas])

    refused = [r for r in results if isinstance(r, services.IdeaError)]
    errors = [r for r in results if isinstance(r, Exception) and r not in refused]
    cast_votes = [r for r in results if isinstance(r, services.VoteResult)]
    assert errors == []
    with real_app.app_context():
        used = db.session.scalar(
            select(VoteAllowance.used).where(
                VoteAllowance.consultation_id == consultation_id, VoteAllowance.user_id == user_id
            )
        )
        rows = db.session.scalar(
            select(func.count()).select_from(Vote).where(Vote.user_id == user_id)
        )
    assert used == rows == len(cast_votes) <= limit
    assert len(refused) == len(ideas) - len(cast_votes)
    if is_postgres(real_app):
        assert len(cast_votes) == limit
    for idea_id in ideas:
        support, _oppose, idea_rows = tally(real_app, idea_id)
        assert support == idea_rows


def session_accounts(app, user_ids: list[int]) -> list[SessionAccount]:
    """The accounts as their sessions name them (id and session token), read beforehand: the
    usual click reads nothing before its vote."""
    with app.app_context():
        rows = db.session.execute(
            select(User.id, User.session_token).where(User.id.in_(user_ids)).order_by(User.id)
        )
        return [SessionAccount(row.id, row.session_token) for row in rows]


def quick(app, account: SessionAccount, idea_id: int) -> services.VoteResult | None:
    """The usual click as the vote view makes it: `quick_click`, then the request's commit."""
    with app.test_request_context(f"/ideas/{idea_id}/vote", method="POST"):
        try:
            result = services.quick_click(idea_id, account)
            db.session.commit()
            return result
        except BaseException:
            db.session.rollback()
            raise


def test_concurrent_quick_clicks_keep_the_count_equal_to_the_vote_rows(real_app):
    _consultation, (idea_id,), people = setup(real_app, users=VOTERS + TOGGLERS)
    accounts = session_accounts(real_app, people)
    voters, togglers = accounts[:VOTERS], accounts[VOTERS:]
    for account in togglers:  # they support the idea already: their click takes it back
        assert quick(real_app, account, idea_id).value == 1

    results = all_at_once([lambda a=a: quick(real_app, a, idea_id) for a in voters + togglers])

    assert [r.value for r in results] == [1] * VOTERS + [0] * TOGGLERS
    assert tally(real_app, idea_id) == (VOTERS, 0, VOTERS)


def test_a_quick_cast_on_postgresql_is_a_transaction_of_its_own(real_app):
    """One round trip: the server commits the vote's statement as it ends (no BEGIN before
    it, no COMMIT after), so the vote stands before the request commits."""
    if not is_postgres(real_app):
        pytest.skip("SQLite casts in the request's transaction, begun IMMEDIATE")
    _consultation, (idea_id,), people = setup(real_app)
    (account,) = session_accounts(real_app, people)
    engine = real_app.extensions["participate.engine"]
    statuses: list[TransactionStatus] = []

    def after(conn, _cursor, statement, *_args) -> None:
        if "INSERT INTO votes" in statement:
            statuses.append(conn.connection.dbapi_connection.info.transaction_status)

    event.listen(engine, "after_cursor_execute", after)
    try:
        with real_app.test_request_context(f"/ideas/{idea_id}/vote", method="POST"):
            result = services.quick_click(idea_id, account)
            # The request has committed nothing, and another transaction sees the vote.
            seen = tally(real_app, idea_id)
            db.session.rollback()
    finally:
        event.remove(engine, "after_cursor_execute", after)
    assert (result.value, result.support_count) == (1, 1)
    assert statuses == [TransactionStatus.IDLE]
    assert seen == (1, 0, 1)
    assert tally(real_app, idea_id) == (1, 0, 1)


def test_a_quick_cast_after_a_read_goes_with_the_request_transaction(real_app):
    """A request that has begun a transaction casts in it: its rollback takes the vote back."""
    _consultation, (idea_id,), people = setup(real_app)
    (account,) = session_accounts(real_app, people)

    with real_app.test_request_context(f"/ideas/{idea_id}/vote", method="POST"):
        db.session.execute(select(1))
        result = services.quick_click(idea_id, account)
        db.session.rollback()

    assert result.value == 1
    assert tally(real_app, idea_id) == (0, 0, 0)
