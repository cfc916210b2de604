"""How the self-test scores: city-block (Manhattan) agreement, as EU&I and smartvote use it.

1. Each answer on the five-step scale maps to a number: fully disagree 0, disagree 25,
   neutral 50, agree 75, fully agree 100. A profile has a step on every statement.
2. Per statement, agreement = 100 − |you − profile|: 100 when you answer as the profile does,
   0 when you are at the opposite end of the scale.
3. "No opinion" and skipped statements are left out: they count neither for nor against.
4. A statement you marked "this matters a lot to me" weighs double.
5. The match is the weighted mean of the agreements, from 0 to 100 %.
6. Profiles are ranked by match, best first; equal matches keep the profiles' own order
   (their position in the editor), so a tie is always broken the same way.

The arithmetic is exact (fractions), so the ranking does not depend on the order in which the
statements are added up. Percentages are rounded half up only for display.

This module is pure: no database, no Flask. The services and the tests both use it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

SCALE = (0, 25, 50, 75, 100)
IMPORTANT_WEIGHT = 2


@dataclass(frozen=True)
class Given:
    """One answer: `step` 0..4 on the scale, or None for "no opinion"."""

    step: int | None
    important: bool = False


@dataclass(frozen=True)
class ProfilePositions:
    """A profile to score against: its id, its place in the stable order, its steps."""

    profile_id: int
    order: int
    steps: Mapping[int, int]  # statement id → step 0..4


@dataclass(frozen=True)
class Match:
    profile_id: int
    score: Fraction  # 0..100, exact

    @property
    def percent(self) -> int:
        """The score rounded half up to a whole percentage, for display."""
        return int(self.score + Fraction(1, 2))


def agreement(user_step: int, profile_step: int) -> int:
    """100 − |user − profile| on the 0–100 scale."""
    return 100 - abs(SCALE[user_step] - SCALE[profile_step])


def match(answers: Mapping[int, Given], steps: Mapping[int, int]) -> Fraction | None:
    """The weighted mean agreement of `answers` with a profile's `steps`, or None when no
    answer takes a position (everything skipped or "no opinion")."""
    total = 0
    weights = 0
    for statement_id, given in answers.items():
        if given.step is None or statement_id not in steps:
            continue
        weight = IMPORTANT_WEIGHT if given.important else 1
        total += weight * agreement(given.step, steps[statement_id])
        weights += weight
    if weights == 0:
        return None
    return Fraction(total, weights)


def rank(answers: Mapping[int, Given], profiles: Iterable[ProfilePositions]) -> list[Match]:
    """Every profile with its match, best first; ties keep the profiles' stable order.
    Empty when no answer takes a position."""
    scored = []
    for profile in profiles:
        score = match(answers, profile.steps)
        if score is None:
            return []
        scored.append((profile, score))
    scored.sort(key=lambda item: (-item[1], item[0].order, item[0].profile_id))
    return [Match(profile.profile_id, score) for profile, score in scored]
