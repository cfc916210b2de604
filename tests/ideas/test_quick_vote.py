"""The quick click (a support vote cast or taken back by the idea's id and the account its
session names, without loading either) holds the rules of the full vote as SQL: it casts
exactly where `services.vote` would cast a new vote, and takes back exactly where it would take
back a support vote, in a consultation without a vote limit, with the same counts; and changes
nothing anywhere else (the full vote then decides, with its reason), nor for a session whose
account ended it (a rotated session token)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from participate.accounts.services import SessionAccount
from participate.db import db, utcnow
from participate.ideas import services
from participate.ideas.models import IdeaStatus, Visibility, Vote
from tests.factories import add_vote

PHASES = ("upcoming", "ideas", "voting", "closed", "results")


def _in_savepoint(action):
    """What `action()` answers, with everything it changed rolled back."""
    savepoint = db.session.begin_nested()
    try:
        return action()
    finally:
        savepoint.rollback()


def _full_vote(idea, user):
    def action():
        had_vote = _vote_value(idea, user)
        try:
            result = services.vote(idea, user, 1)
        except services.IdeaError:
            return None
        new_vote = result.value == 1 and had_vote is None
        support_taken_back = result.value == 0 and had_vote == 1
        if not (new_vote or support_taken_back):
            return None  # a switch between for and against
        return (result.value, result.support_count, result.oppose_count)

    return _in_savepoint(action)


def _vote_value(idea, user) -> int | None:
    return db.session.scalar(
        select(Vote.value).where(Vote.idea_id == idea.id, Vote.user_id == user.id)
    )


def _session_of(user) -> SessionAccount:
    return SessionAccount(user.id, user.session_token)


def _quick_vote(idea, account: SessionAccount):
    def action():
        result = services.quick_click(idea.id, account)
        return None if result is None else (result.value, result.support_count, result.oppose_count)

    return _in_savepoint(action)


@pytest.fixture
def voters(make_user):
    verified, unverified, blocked, against = (
        make_user(),
        make_user(verified=False),
        make_user(),
        make_user(),
    )
    blocked = db.session.merge(blocked)  # made in the factory's own session: blocked here
    blocked.blocked_at = utcnow()
    db.session.flush()
    return {"verified": verified, "unverified": unverified, "blocked": blocked, "against": against}


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("vote_limit", [None, 2])
def test_the_quick_click_acts_exactly_where_the_full_vote_casts_or_takes_back_support(
    app, request_ctx, make_consultation, make_idea, voters, phase, vote_limit
):
    consultation = make_consultation(phase, vote_limit=vote_limit, voting_mode="for_against")
    ideas = []
    for status in IdeaStatus:
        for visibility in Visibility:
            idea = make_idea(consultation, status=status.value, votes=1)
            idea.visibility = visibility.value
            ideas.append(idea)
    merged = make_idea(consultation, votes=2)
    merged.merged_into_id = ideas[0].id
    ideas.append(merged)
    voted = make_idea(consultation, votes=3)
    ideas.append(voted)
    db.session.flush()
    for idea in ideas:
        # One citizen has voted against each idea already, one for the last one.
        for user, value in ((voters["against"], -1), (voters["verified"], 1)):
            if value == 1 and idea is not voted:
                continue
            add_vote(idea, user, value)
    db.session.flush()

    done = []
    for idea in ideas:
        for name, user in voters.items():
            full = _full_vote(idea, user)
            quick = _quick_vote(idea, _session_of(user))
            expected = full if vote_limit is None else None
            assert quick == expected, (idea.status, idea.visibility, idea.merged_into_id, name)
            if quick is not None:
                done.append(quick[0])
            # A session its account has ended (logged out everywhere, a new password).
            ended = SessionAccount(user.id, "an-earlier-token")
            assert _quick_vote(idea, ended) is None, (idea.status, idea.visibility, name)
    # The cases above include casts and a withdrawal wherever votes are open and unlimited.
    if phase in ("ideas", "voting") and vote_limit is None:
        assert done.count(0) == 1
        assert done.count(1) > 1
    else:
        assert done == []


def test_quick_clicks_keep_the_counts_and_the_trend_exact(
    app, request_ctx, make_consultation, make_idea, voters
):
    idea = make_idea(make_consultation("voting"), votes=4)
    trend = idea.trend_score

    def support() -> tuple[int, int]:
        db.session.refresh(idea)
        rows = db.session.query(Vote).filter_by(idea_id=idea.id, value=1).count()
        return idea.support_count, rows

    account = _session_of(voters["verified"])
    assert services.quick_click(idea.id, account).value == 1
    assert support() == (5, 5)
    assert idea.trend_score > trend
    assert services.quick_click(idea.id, account).value == 0  # a second click
    assert support() == (4, 4)
    assert idea.trend_score == pytest.approx(trend, rel=1e-12)


def test_a_click_against_is_left_to_the_full_vote(
    app, request_ctx, make_consultation, make_idea, voters
):
    idea = make_idea(make_consultation("voting", voting_mode="for_against"), votes=1)
    assert services.quick_click(idea.id, _session_of(voters["verified"]), -1) is None
    assert db.session.query(Vote).filter_by(idea_id=idea.id).count() == 1
