"""The scoring rules of the self-test (participate/selftest/scoring.py): hand-computed
examples, and properties checked by Hypothesis over many generated tests."""

from __future__ import annotations

import random
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from participate.selftest.scoring import Given, Match, ProfilePositions, agreement, match, rank

# Steps: 0 fully disagree, 1 disagree, 2 neutral, 3 agree, 4 fully agree.


def test_agreement_is_one_hundred_minus_the_city_block_distance():
    assert agreement(4, 4) == 100
    assert agreement(4, 3) == 75
    assert agreement(1, 3) == 50
    assert agreement(0, 4) == 0
    assert agreement(2, 0) == 50


def test_hand_computed_match_with_an_important_statement_skips_and_no_opinion():
    # Statement 1: you 4, profile 3 → 75, marked important: weight 2.
    # Statement 2: you 0, profile 1 → 75.
    # Statement 3: you 2, profile 4 → 50.
    # Statement 4: "no opinion" → left out. Statement 5: skipped (no answer) → left out.
    answers = {1: Given(4, important=True), 2: Given(0), 3: Given(2), 4: Given(None)}
    steps = {1: 3, 2: 1, 3: 4, 4: 0, 5: 0}
    # (2×75 + 75 + 50) / (2 + 1 + 1) = 275 / 4 = 68.75
    assert match(answers, steps) == Fraction(275, 4)
    assert Match(9, Fraction(275, 4)).percent == 69


def test_hand_computed_match_without_weights():
    answers = {1: Given(3), 2: Given(3), 3: Given(1)}
    steps = {1: 4, 2: 2, 3: 1}
    # (75 + 75 + 100) / 3 = 83.33…
    assert match(answers, steps) == Fraction(250, 3)
    assert Match(1, Fraction(250, 3)).percent == 83


def test_percentages_round_half_up():
    assert Match(1, Fraction(125, 2)).percent == 63  # 62.5
    assert Match(1, Fraction(249, 4)).percent == 62  # 62.25


def test_no_position_taken_gives_no_match():
    assert match({1: Given(None), 2: Given(None, important=True)}, {1: 4, 2: 0}) is None
    assert match({}, {1: 4}) is None
    assert rank({1: Given(None)}, [ProfilePositions(1, 0, {1: 2})]) == []


def test_hand_computed_ranking():
    answers = {1: Given(4, important=True), 2: Given(0), 3: Given(None)}
    green = ProfilePositions(10, 0, {1: 4, 2: 1, 3: 0})  # (2×100 + 75) / 3 = 91.67
    city = ProfilePositions(11, 1, {1: 2, 2: 0, 3: 4})  # (2×50 + 100) / 3 = 66.67
    village = ProfilePositions(12, 2, {1: 0, 2: 4, 3: 2})  # (2×0 + 0) / 3 = 0
    ranking = rank(answers, [village, city, green])
    assert [m.profile_id for m in ranking] == [10, 11, 12]
    assert [m.percent for m in ranking] == [92, 67, 0]


def test_ties_keep_the_profiles_stable_order():
    answers = {1: Given(2)}
    a = ProfilePositions(30, 2, {1: 0})
    b = ProfilePositions(20, 0, {1: 4})
    c = ProfilePositions(10, 1, {1: 0})
    # All three score 50: the order is the profiles' own, not the input's or the ids'.
    assert [m.profile_id for m in rank(answers, [a, b, c])] == [20, 10, 30]
    assert [m.profile_id for m in rank(answers, [c, a, b])] == [20, 10, 30]


# --- Properties -----------------------------------------------------------------------------

# Nothing in the suite is timed: no per-example deadline on a busy machine.
settings.register_profile("participate", deadline=None)
settings.load_profile("participate")

step = st.integers(min_value=0, max_value=4)
answer = st.one_of(st.none(), step)


@st.composite
def a_test(draw, extremes: bool = False):
    """(answers, profiles) over 1 to 20 statements and 3 to 8 profiles."""
    n = draw(st.integers(min_value=1, max_value=20))
    statements = list(range(100, 100 + n))
    profile_step = st.sampled_from([0, 4]) if extremes else step
    profiles = [
        ProfilePositions(
            profile_id=500 + i,
            order=i,
            steps={s: draw(profile_step) for s in statements},
        )
        for i in range(draw(st.integers(min_value=3, max_value=8)))
    ]
    answers = {}
    for s in statements:
        if draw(st.booleans()):  # else skipped
            answers[s] = Given(draw(answer), important=draw(st.booleans()))
    return answers, profiles


def _has_position(answers) -> bool:
    return any(g.step is not None for g in answers.values())


@given(a_test(), st.data())
def test_answering_exactly_like_a_profile_gives_100(test, data):
    _answers, profiles = test
    profile = data.draw(st.sampled_from(profiles))
    marks = data.draw(st.lists(st.booleans(), min_size=len(profile.steps)))
    answers = {
        s: Given(v, important=marks[i] if i < len(marks) else False)
        for i, (s, v) in enumerate(profile.steps.items())
    }
    assert match(answers, profile.steps) == 100
    ranking = rank(answers, profiles)
    assert ranking[0].score == 100
    assert profile.profile_id in {m.profile_id for m in ranking if m.score == 100}


@given(a_test(extremes=True), st.data())
def test_the_opposite_extreme_on_every_statement_gives_0(test, data):
    _answers, profiles = test
    profile = data.draw(st.sampled_from(profiles))
    answers = {
        s: Given(4 - v, important=data.draw(st.booleans())) for s, v in profile.steps.items()
    }
    assert match(answers, profile.steps) == 0
    assert (
        next(m for m in rank(answers, profiles) if m.profile_id == profile.profile_id).percent == 0
    )


@given(a_test())
def test_every_score_lies_between_0_and_100(test):
    answers, profiles = test
    ranking = rank(answers, profiles)
    if not _has_position(answers):
        assert ranking == []
        return
    assert len(ranking) == len(profiles)
    for m in ranking:
        assert 0 <= m.score <= 100
        assert 0 <= m.percent <= 100
    assert [m.score for m in ranking] == sorted((m.score for m in ranking), reverse=True)


@given(a_test(), st.randoms(use_true_random=False))
def test_the_ranking_does_not_depend_on_statement_order(test, rnd: random.Random):
    answers, profiles = test
    items = list(answers.items())
    rnd.shuffle(items)
    shuffled_profiles = []
    for p in profiles:
        steps = list(p.steps.items())
        rnd.shuffle(steps)
        shuffled_profiles.append(ProfilePositions(p.profile_id, p.order, dict(steps)))
    assert rank(dict(items), shuffled_profiles) == rank(answers, profiles)


@given(a_test(), st.randoms(use_true_random=False))
def test_the_ranking_does_not_depend_on_the_order_profiles_are_given_in(test, rnd):
    answers, profiles = test
    shuffled = list(profiles)
    rnd.shuffle(shuffled)
    assert rank(answers, shuffled) == rank(answers, profiles)
