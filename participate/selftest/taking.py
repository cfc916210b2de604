"""Taking a self-test: answers kept in the visitor's session until they finish (nothing is
stored before that), then one response with its answers; the result, its permalink and what
its owner may do with it.

A visitor's progress is a small dict in the session, per self-test:
    {"v": version id, "a": attempt id, "x": {statement id: [step or None, important 0/1]}}
"""

from __future__ import annotations

import re
import secrets
from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any

from flask import g, has_request_context
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from participate.consultations.models import Consultation, Theme
from participate.db import db
from participate.ideas.models import Idea
from participate.images.models import StoredImage
from participate.kept import read_once
from participate.selftest import scoring
from participate.selftest.models import (
    STEPS,
    Answer,
    Response,
    SelfTest,
    SelfTestVersion,
)

TOKEN = re.compile(r"^[A-Za-z0-9_-]{22,43}$")
OWNED_KEPT = 20  # results a browser session remembers as its own
NO_OPINION = "none"


class TakingError(ValueError):
    """A refused answer or submission, with what to tell the visitor and the HTTP status."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


# -- Progress in the session ----------------------------------------------------------------


def progress(session: MutableMapping[str, Any], selftest: SelfTest) -> dict[str, Any]:
    """The visitor's progress on this self-test, started if need be, always on the current
    version (an attempt begun on an older version starts again)."""
    store = session.setdefault("selftests", {})
    version = selftest.current_version
    mine = store.get(str(selftest.id))
    if not mine or mine.get("v") != version.id:
        mine = {"v": version.id, "a": secrets.token_urlsafe(16), "x": {}}
        store[str(selftest.id)] = mine
        session.modified = True
    return mine


def restart(session: MutableMapping[str, Any], selftest: SelfTest) -> None:
    session.setdefault("selftests", {}).pop(str(selftest.id), None)
    session.modified = True


def given_answers(mine: dict[str, Any]) -> dict[int, scoring.Given]:
    return {
        int(sid): scoring.Given(step, bool(important))
        for sid, (step, important) in mine["x"].items()
    }


def record_answer(
    session: MutableMapping[str, Any],
    selftest: SelfTest,
    number: int,
    *,
    statement_id: str | None,
    version_id: str | None,
    answer: str | None,
    important: bool,
    skip: bool,
) -> None:
    """Keep the answer to statement `number` (1-based) in the session. The statement must be
    that one of the current version; the answer one of the scale's steps or "no opinion"; a
    skipped statement drops any earlier answer. Nothing is written to the database."""
    version = selftest.current_version
    statements = version.statements
    if not 1 <= number <= len(statements):
        raise TakingError(_("This self-test has no such question."), 404)
    statement = statements[number - 1]
    if str(version.id) != (version_id or ""):
        if version_id in {str(v.id) for v in selftest.versions}:
            restart(session, selftest)  # an older version of this test: it changed meanwhile
            raise TakingError(
                _("This self-test was changed while you took it. Please start again."), 409
            )
        raise TakingError(_("This answer does not belong to this self-test."), 400)
    if str(statement.id) != (statement_id or ""):
        raise TakingError(_("This answer does not belong to this question."), 400)
    mine = progress(session, selftest)
    if skip:
        mine["x"].pop(str(statement.id), None)
    elif answer == NO_OPINION:
        mine["x"][str(statement.id)] = [None, 0]  # "no opinion" cannot matter a lot
    elif answer is None or answer == "":
        raise TakingError(_("Choose an answer, or skip this statement."))
    elif answer in {str(s) for s in STEPS}:
        mine["x"][str(statement.id)] = [int(answer), 1 if important else 0]
    else:
        raise TakingError(_("Choose one of the answers on the scale."), 400)
    session.modified = True


# -- Finishing ------------------------------------------------------------------------------


def finished_response(attempt: str | None) -> Response | None:
    if not attempt:
        return None
    return db.session.scalar(select(Response).where(Response.attempt == attempt))


def finish(session: MutableMapping[str, Any], selftest: SelfTest, attempt: str | None) -> Response:
    """Store the visitor's answers as one response and its result. Refused when the attempt
    in the form is not the session's (an old form, or finished already: then the existing
    response is named in the error), or when no answer takes a position."""
    done = finished_response(attempt)
    if done is not None:
        raise AlreadyFinished(done)
    mine = session.get("selftests", {}).get(str(selftest.id))
    version = selftest.current_version
    if not mine or mine.get("a") != attempt or mine.get("v") != version.id:
        raise TakingError(
            _("This self-test was changed while you took it. Please start again."), 409
        )
    answers = given_answers(mine)
    valid = {s.id for s in version.statements}
    if not set(answers) <= valid:
        raise TakingError(_("This answer does not belong to this self-test."), 400)
    ranking = rank_profiles(version.profiles, answers)
    if not ranking:
        raise TakingError(
            _("Give your opinion on at least one statement to see which profile fits you.")
        )
    response = Response(
        version_id=version.id,
        token=secrets.token_urlsafe(24),
        attempt=attempt,
        top_profile_id=ranking[0].profile_id,
        answers=[
            Answer(statement_id=sid, value=given.step, important=given.important)
            for sid, given in answers.items()
        ],
    )
    try:
        with db.session.begin_nested():
            db.session.add(response)
            db.session.flush()
    except IntegrityError as err:  # the same attempt finished concurrently
        done = finished_response(attempt)
        if done is None:
            raise
        raise AlreadyFinished(done) from err
    restart(session, selftest)
    owned = session.setdefault("selftest_results", [])
    owned.append(response.token)
    del owned[:-OWNED_KEPT]
    session.modified = True
    return response


class AlreadyFinished(TakingError):
    def __init__(self, response: Response) -> None:
        super().__init__(_("You already finished this self-test: here is your result."), 303)
        self.response = response


# -- Results --------------------------------------------------------------------------------


def rank_profiles(profiles, answers: dict[int, scoring.Given]) -> list[scoring.Match]:
    """The profiles (of a version, or of its kept definition) ranked for these answers."""
    return scoring.rank(
        answers, [scoring.ProfilePositions(p.id, p.position, p.position_map()) for p in profiles]
    )


def get_response(token: str) -> Response | None:
    """The response with this permalink token; None for an unknown or malformed one."""
    if not token or not TOKEN.match(token):
        return None
    # With its version, self-test and consultation, which every page of a result shows.
    return db.session.scalar(
        select(Response)
        .where(Response.token == token)
        .options(
            joinedload(Response.version)
            .joinedload(SelfTestVersion.selftest)
            .joinedload(SelfTest.consultation)
        )
    )


def is_owner(session: MutableMapping[str, Any], user: Any, response: Response) -> bool:
    """The one who took the test: the same browser session, or the account it was saved to."""
    if response.token in session.get("selftest_results", []):
        return True
    return bool(
        getattr(user, "is_authenticated", False)
        and response.user_id is not None
        and response.user_id == user.id
    )


@dataclass(frozen=True)
class ProfileShown:
    """A profile of an answered version, as its result shows it (plain values)."""

    id: int
    key: int
    position: int
    name: str
    description: str
    image_id: int | None
    themes: tuple[str, ...]
    steps: tuple[tuple[int, int], ...]  # (statement id, step)

    def position_map(self) -> dict[int, int]:
        return dict(self.steps)


@dataclass(frozen=True)
class StatementShown:
    id: int
    key: int
    text: str
    theme: str


@dataclass(frozen=True)
class Definition:
    """What a result needs of its version: the statements and the profiles with their
    positions, in their order."""

    statements: tuple[StatementShown, ...]
    profiles: tuple[ProfileShown, ...]


# An answered version never changes (an edit makes a new one: services.working_version), so
# its definition is read once per process. Keyed by the version's creation too: SQLite may
# give a deleted version's id again. Bounded.
_DEFINITIONS: dict[tuple, Definition] = {}
_DEFINITIONS_SIZE = 500


def definition_of(version: SelfTestVersion) -> Definition:
    return read_once(
        _DEFINITIONS,
        (version.id, version.created_at),
        lambda: _read_definition(version),
        _DEFINITIONS_SIZE,
    )


def _read_definition(version: SelfTestVersion) -> Definition:
    return Definition(
        statements=tuple(
            StatementShown(st.id, st.key, st.text, st.theme) for st in version.statements
        ),
        profiles=tuple(
            ProfileShown(
                p.id,
                p.key,
                p.position,
                p.name,
                p.description,
                p.image_id,
                tuple(p.themes or ()),
                tuple(sorted(p.position_map().items())),
            )
            for p in version.profiles
        ),
    )


def image_of(profile: ProfileShown) -> StoredImage | None:
    """The profile's image, read on each view: its description for screen readers may be
    edited without a new version."""
    return db.session.get(StoredImage, profile.image_id) if profile.image_id else None


@dataclass
class RankedProfile:
    profile: ProfileShown
    match: scoring.Match


@dataclass
class ComparisonRow:
    statement: StatementShown
    you: scoring.Given | None  # None: skipped
    profiles: list[int]  # the steps of the top profiles, in their order


@dataclass
class Result:
    response: Response
    version: SelfTestVersion
    ranking: list[RankedProfile]
    comparison: list[ComparisonRow]

    @property
    def top(self) -> RankedProfile:
        return self.ranking[0]

    @property
    def compared(self) -> list[ProfileShown]:
        return [r.profile for r in self.ranking[:3]]


def result(response: Response) -> Result:
    """The ranking of a response, recomputed from its answers under its own version (which
    never changes once answered), and the comparison with the top three profiles. Once per
    request: the result page and its share card both ask."""
    if response.id is None or not has_request_context():
        return _compute_result(response)
    cache = g.setdefault("selftest_result_of", {})
    if response.id not in cache:
        cache[response.id] = _compute_result(response)
    return cache[response.id]


def _compute_result(response: Response) -> Result:
    version = response.version
    definition = definition_of(version)
    rows = db.session.execute(
        select(Answer.statement_id, Answer.value, Answer.important).where(
            Answer.response_id == response.id
        )
    )
    answers = {sid: scoring.Given(value, important) for sid, value, important in rows}
    profiles = {p.id: p for p in definition.profiles}
    ranking = [
        RankedProfile(profiles[m.profile_id], m)
        for m in rank_profiles(definition.profiles, answers)
    ]
    top = [r.profile.position_map() for r in ranking[:3]]
    comparison = [
        ComparisonRow(s, answers.get(s.id), [steps[s.id] for steps in top])
        for s in definition.statements
    ]
    return Result(response, version, ranking, comparison)


def set_show_answers(response: Response, show: bool) -> None:
    """The owner decides whether the permalink shows their answers (it does not by default)."""
    response.show_answers = show
    db.session.flush()


def save_to_account(response: Response, user: Any) -> None:
    """A logged-in citizen keeps the result with their account (only then is it linked to one)."""
    if not getattr(user, "is_authenticated", False):
        raise TakingError(_("Log in to save your result."), 401)
    response.user_id = user.id
    db.session.flush()


def delete_response(response: Response) -> None:
    """The owner removes their result and answers for good."""
    db.session.delete(response)
    db.session.flush()


def saved_results(user: Any) -> list[Response]:
    return list(
        db.session.scalars(
            select(Response).where(Response.user_id == user.id).order_by(Response.created_at.desc())
        )
    )


def ideas_for(selftest: SelfTest, themes: list[str], limit: int = 5) -> list:
    """The most supported public ideas in the given themes: in the self-test's consultation,
    or, for a stand-alone self-test, in any consultation (themes are matched by name). The
    id, title and number of supporters the result page links and shows, as plain rows."""
    names = [t.lower() for t in themes if t]
    if not names:
        return []
    statement = (
        select(Idea.id, Idea.title, Idea.support_count)
        .join(Theme, Theme.id == Idea.theme_id)
        .where(func.lower(Theme.name).in_(names), Idea.public_clause())
        .order_by(Idea.support_count.desc(), Idea.id)
        .limit(limit)
    )
    if selftest.consultation_id:
        statement = statement.where(Idea.consultation_id == selftest.consultation_id)
    return list(db.session.execute(statement))


def consultation_for_ideas(selftest: SelfTest) -> Consultation | None:
    return selftest.consultation
