"""A consultation's phase follows its dates; each phase allows posting, voting and commenting
or refuses them with a message that says when they open or closed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask_babel import force_locale, format_datetime

from participate.consultations.models import Consultation, Phase
from participate.consultations.services import (
    commenting_refusal,
    posting_refusal,
    timeline,
    voting_refusal,
)

OPENS = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
VOTING = datetime(2027, 4, 1, 8, 0, tzinfo=UTC)
CLOSES = datetime(2027, 5, 1, 20, 0, tzinfo=UTC)
RESULTS = datetime(2027, 6, 1, 8, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)


@pytest.fixture
def consultation() -> Consultation:
    return Consultation(
        slug="ruimte",
        title="Ruimte voor morgen",
        ideas_open_at=OPENS,
        voting_open_at=VOTING,
        closed_at=CLOSES,
        results_at=RESULTS,
    )


@pytest.mark.parametrize(
    ("now", "phase"),
    [
        (OPENS - SECOND, Phase.UPCOMING),
        (OPENS, Phase.IDEAS),
        (VOTING - SECOND, Phase.IDEAS),
        (VOTING, Phase.VOTING),
        (CLOSES - SECOND, Phase.VOTING),
        (CLOSES, Phase.CLOSED),
        (RESULTS - SECOND, Phase.CLOSED),
        (RESULTS, Phase.RESULTS),
        (RESULTS + timedelta(days=400), Phase.RESULTS),
    ],
)
def test_phase_follows_the_dates(consultation, now, phase):
    assert consultation.phase(now) == phase


def test_phase_without_a_moment_is_the_phase_now(make_consultation):
    for phase in ("upcoming", "ideas", "voting", "closed", "results"):
        assert make_consultation(phase).phase() == phase


def when(moment: datetime) -> str:
    return format_datetime(moment, "d MMMM yyyy, HH:mm")


ALLOWED = {
    # phase: (posting, voting, commenting)
    Phase.UPCOMING: (False, False, False),
    Phase.IDEAS: (True, True, True),
    Phase.VOTING: (False, True, True),
    Phase.CLOSED: (False, False, False),
    Phase.RESULTS: (False, False, False),
}
MOMENT = {
    Phase.UPCOMING: OPENS - SECOND,
    Phase.IDEAS: OPENS + SECOND,
    Phase.VOTING: VOTING + SECOND,
    Phase.CLOSED: CLOSES + SECOND,
    Phase.RESULTS: RESULTS + SECOND,
}


@pytest.mark.parametrize("phase", list(ALLOWED))
def test_what_each_phase_allows(request_ctx, consultation, phase):
    now = MOMENT[phase]
    posting, voting, commenting = ALLOWED[phase]

    assert (posting_refusal(consultation, now) is None) is posting
    assert (voting_refusal(consultation, now) is None) is voting
    assert (commenting_refusal(consultation, now) is None) is commenting


def test_refusals_before_the_start_name_the_opening_date(request_ctx, consultation):
    now = MOMENT[Phase.UPCOMING]

    with force_locale("en"):
        assert posting_refusal(consultation, now) == f"Posting ideas opens on {when(OPENS)}."
        assert voting_refusal(consultation, now) == f"Voting opens on {when(OPENS)}."
        assert commenting_refusal(consultation, now) == (f"The discussion opens on {when(OPENS)}.")
        assert when(OPENS) == "1 March 2027, 09:00"  # in the municipality's time zone


def test_posting_refusal_in_the_voting_round_names_when_posting_closed(request_ctx, consultation):
    with force_locale("en"):
        assert posting_refusal(consultation, MOMENT[Phase.VOTING]) == (
            f"Posting ideas closed on {when(VOTING)}."
        )


@pytest.mark.parametrize("phase", [Phase.CLOSED, Phase.RESULTS])
def test_refusals_after_closing_name_the_closing_date(request_ctx, consultation, phase):
    now = MOMENT[phase]

    with force_locale("en"):
        assert posting_refusal(consultation, now) == f"Posting ideas closed on {when(VOTING)}."
        assert voting_refusal(consultation, now) == f"Voting closed on {when(CLOSES)}."
        assert commenting_refusal(consultation, now) == (
            f"The discussion closed on {when(CLOSES)}."
        )
        assert when(CLOSES) == "1 May 2027, 22:00"


def test_refusals_are_in_dutch_by_default(request_ctx, consultation):
    refusal = posting_refusal(consultation, MOMENT[Phase.UPCOMING])

    assert refusal is not None and "Posting" not in refusal
    assert "maart 2027" in refusal


def test_timeline_marks_the_current_step_and_the_steps_done(request_ctx, make_consultation):
    steps = timeline(make_consultation("closed"))

    assert [s["phase"] for s in steps] == [Phase.IDEAS, Phase.VOTING, Phase.CLOSED, Phase.RESULTS]
    assert [s["current"] for s in steps] == [False, False, True, False]
    assert [s["done"] for s in steps] == [True, True, False, False]


def test_timeline_before_the_start_has_nothing_current(request_ctx, make_consultation):
    steps = timeline(make_consultation("upcoming"))

    assert not any(s["current"] or s["done"] for s in steps)
