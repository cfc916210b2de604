"""The council's figures equal what was put in, per version; the retention rule deletes old
anonymous answers and nothing else."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from participate.cli import cli
from participate.db import db, utcnow
from participate.selftest.aggregates import aggregates, purge_expired
from participate.selftest.models import Answer, Response, SelfTest
from tests.selftest.flow import take

# Profiles (helpers.py): Groen 4 4 0 2 · Stad 0 4 4 4 · Dorp 2 0 0 0.
TAKEN = [
    ["4!", None, "none", "3"],  # Groen first
    ["0", "4!", "4!", "4"],  # Stad first
    ["2", "0", "0", "0!"],  # Dorp first
    ["4", "4", "0", "2"],  # Groen first
]


@pytest.fixture
def selftest(make_selftest):
    return make_selftest()


@pytest.fixture
def taken(app, selftest):
    tokens = [take(app.test_client(), app, selftest, answers) for answers in TAKEN]
    return tokens


def figures_of(app, selftest):
    with app.app_context():
        t = db.session.get(SelfTest, selftest.id)
        f = aggregates(t.current_version)
        return (
            f.completions,
            [(d.isoformat(), n) for d, n in f.per_day],
            [(p.name, n) for p, n in f.first_places],
            [(s.counts, s.skipped, s.important) for s in f.statements],
        )


def test_the_figures_equal_what_was_put_in(app, selftest, taken):
    completions, per_day, firsts, statements = figures_of(app, selftest)
    assert completions == 4
    assert len(per_day) == 1 and per_day[0][1] == 4
    assert firsts == [("Groen", 2), ("Stad", 1), ("Dorp", 1)]
    steps = (0, 1, 2, 3, 4, None)
    assert statements == [
        (dict(zip(steps, [1, 0, 1, 0, 2, 0], strict=True)), 0, 1),
        (dict(zip(steps, [1, 0, 0, 0, 2, 0], strict=True)), 1, 1),
        (dict(zip(steps, [2, 0, 0, 0, 1, 1], strict=True)), 0, 1),
        (dict(zip(steps, [1, 0, 1, 1, 1, 0], strict=True)), 0, 1),
    ]


def test_the_figures_page_shows_them_to_the_council(client, app, selftest, taken, make_user, login):
    login(make_user("council"))
    with client.session_transaction() as session:
        session["locale"] = "en"
    page = client.get(f"/admin/selftests/{selftest.id}/figures").get_data(as_text=True)
    assert "4 completed tests" in page
    assert '<th scope="row">Groen</th><td class="num">2</td><td class="num">50%</td>' in page
    assert "1 (25%)" in page  # "matters a lot" share of the first statement


def test_figures_are_per_version(client, app, selftest, taken):
    from participate.selftest import services

    with app.app_context():
        t = db.session.get(SelfTest, selftest.id)
        s = t.current_version.statements[0]
        services.save_statement(
            t,
            s.key,
            text="Elke straat krijgt bomen.",
            explanation="",
            theme="",
            positions={p.key: 4 for p in t.current_version.profiles},
        )
        db.session.commit()
    assert figures_of(app, selftest)[0] == 0  # the new version has no responses yet
    take(app.test_client(), app, selftest, ["4", "4", "4", "4"])
    assert figures_of(app, selftest)[0] == 1
    with app.app_context():
        t = db.session.get(SelfTest, selftest.id)
        assert aggregates(t.versions[0]).completions == 4


def _age(app, token: str, days: int) -> None:
    with app.app_context():
        db.session.execute(
            update(Response)
            .where(Response.token == token)
            .values(created_at=utcnow() - timedelta(days=days))
        )
        db.session.commit()


def test_purge_deletes_anonymous_answers_past_the_retention_period(app, selftest, taken, make_user):
    saver = make_user()
    _age(app, taken[0], 400)  # anonymous, too old: deleted
    _age(app, taken[1], 400)  # too old but saved to an account: kept
    _age(app, taken[2], 300)  # anonymous, within 365 days: kept
    with app.app_context():
        db.session.execute(
            update(Response).where(Response.token == taken[1]).values(user_id=saver.id)
        )
        db.session.commit()
        deleted = purge_expired()
        db.session.commit()
        assert deleted[selftest.slug] == 1
        left = set(db.session.scalars(select(Response.token)))
        assert left == set(taken[1:])
        assert db.session.scalar(select(func.count()).select_from(Answer)) == 4 + 4 + 4


def test_purge_is_a_command_for_cron(app, selftest, taken, monkeypatch):
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")
    _age(app, taken[0], 366)
    result = app.test_cli_runner().invoke(cli, args=["selftest", "purge"])
    assert result.exit_code == 0, result.output
    assert "Deleted 1 anonymous self-test response(s)" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Response)) == 3


def test_without_a_retention_period_nothing_is_purged(app, selftest, taken):
    with app.app_context():
        db.session.execute(update(SelfTest).values(retention_days=None))
        db.session.commit()
    _age(app, taken[0], 5000)
    with app.app_context():
        assert purge_expired() == {}
