"""The quick vote (a new support vote cast by the idea's id, without loading the idea) holds
the rules of the full vote as SQL: it casts exactly where `services.vote` would cast a new
vote in a consultation without a vote limit, with the same counts, and changes nothing
anywhere else (the full vote then decides, with its reason)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from participate.db import db, utcnow
from participate.ideas import services
from participate.ideas.models import IdeaStatus, Visibility, Vote

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
        had_vote = _vote_key(idea, user) is not None
        try:
            result = services.vote(idea, user, 1)
        except services.IdeaError:
            return None
        if had_vote or result.value != 1:
            return None  # a withdrawal or a switch, not a new vote
        return (result.support_count, result.oppose_count)

    return _in_savepoint(action)


def _vote_key(idea, user) -> int | None:
    return db.session.scalar(
        select(Vote.id).where(Vote.idea_id == idea.id, Vote.user_id == user.id)
    )


def _quick_vote(idea, user):
    def action():
        result = services.quick_support(idea.id, user)
        return None if result is None else (result.support_count, result.oppose_count)

    return _in_savepoint(action)


@pytest.fixture
def voters(make_user):
    verified, unverified, blocked, against = (
        make_user(),
        make_user(verified=False),
        make_user(),
        make_user(),
    )
    blocked.blocked_at = utcnow()
    db.session.flush()
    return {"verified": verified, "unverified": unverified, "blocked": blocked, "against": against}


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("vote_limit", [None, 2])
def test_the_quick_vote_casts_exactly_where_the_full_vote_casts_a_new_vote(
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
            db.session.add(
                Vote(
                    idea_id=idea.id,
                    user_id=user.id,
                    consultation_id=consultation.id,
                    value=value,
                    created_at=utcnow(),
                )
            )
            idea.support_count += value == 1
            idea.oppose_count += value == -1
    db.session.flush()

    cast = 0
    for idea in ideas:
        for name, user in voters.items():
            full = _full_vote(idea, user)
            quick = _quick_vote(idea, user)
            expected = full if vote_limit is None else None
            assert quick == expected, (idea.status, idea.visibility, idea.merged_into_id, name)
            cast += quick is not None
    # The cases above include casts wherever votes are open and unlimited.
    assert (cast > 0) == (phase in ("ideas", "voting") and vote_limit is None)


def test_a_quick_vote_keeps_the_counts_exact(app, request_ctx, make_consultation, make_idea, voters):
    idea = make_idea(make_consultation("voting"), votes=4)
    assert services.quick_support(idea.id, voters["verified"]) is not None
    db.session.refresh(idea)
    rows = db.session.query(Vote).filter_by(idea_id=idea.id, value=1).count()
    assert idea.support_count == rows == 5
    assert services.quick_support(idea.id, voters["verified"]) is None  # a second click: no cast
    db.session.refresh(idea)
    assert idea.support_count == 5
