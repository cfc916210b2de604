"""Taking a self-test through the test client, as a browser without JavaScript does."""

from __future__ import annotations

import re

from participate.db import db
from participate.selftest.models import SelfTest


def ids(app, selftest) -> tuple[int, list[int]]:
    """(current version id, statement ids in order)."""
    with app.app_context():
        t = db.session.get(SelfTest, selftest.id)
        version = t.current_version
        return version.id, [s.id for s in version.statements]


def answer(
    client, app, selftest, number: int, value: str | None, *, important=False, skip=False, **extra
):
    version_id, statement_ids = ids(app, selftest)
    data = {
        "statement": str(statement_ids[number - 1]),
        "version": str(version_id),
        "go": "skip" if skip else "next",
    }
    if value is not None:
        data["answer"] = value
    if important:
        data["important"] = "y"
    data.update(extra)
    return client.post(f"/selftests/{selftest.slug}/questions/{number}", data=data)


def attempt_of(client, selftest) -> str:
    page = client.get(f"/selftests/{selftest.slug}/review").get_data(as_text=True)
    match = re.search(r'name="attempt"[^>]*value="([^"]+)"', page) or re.search(
        r'value="([^"]+)"[^>]*name="attempt"', page
    )
    assert match, "the review page has no finish form"
    return match.group(1)


def finish(client, selftest, attempt: str | None = None):
    attempt = attempt or attempt_of(client, selftest)
    return client.post(f"/selftests/{selftest.slug}/finish", data={"attempt": attempt})


def take(client, app, selftest, answers) -> str:
    """Answer every statement (`answers`: per statement a step "0".."4", "none", or None to
    skip; a trailing "!" marks it as mattering a lot), finish, and return the result's token."""
    for number, given in enumerate(answers, start=1):
        if given is None:
            response = answer(client, app, selftest, number, None, skip=True)
        else:
            response = answer(
                client, app, selftest, number, given.rstrip("!"), important=given.endswith("!")
            )
        assert response.status_code == 303, response.get_data(as_text=True)
    response = finish(client, selftest)
    assert response.status_code == 303, response.get_data(as_text=True)
    return response.headers["Location"].rsplit("/", 1)[1]
