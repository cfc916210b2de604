"""Share counts stay exact when many people click the same share link and arrive through it at
the same moment: one atomic upsert per count, on PostgreSQL and SQLite alike (a request that
counts on SQLite takes the write lock at its start, so it waits its turn instead of failing),
also when something read the database earlier in the request.

Like tests/ideas/test_vote_concurrency.py, these run on a database of their own with real
connections, each thread a real request through the app."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import app_on_its_own_database, unbound_session
from tests.ideas.test_vote_concurrency import all_at_once, setup
from tests.share.conftest import counts

CLICKS = 12
ARRIVALS = 12


@pytest.fixture(scope="module")
def counting_app(tmp_path_factory: pytest.TempPathFactory):
    with app_on_its_own_database(
        tmp_path_factory,
        "_share_concurrency",
        read_first=True,
        RATELIMIT_SHARE="1000 per minute",
    ) as app:
        yield app


@pytest.fixture
def real_app(counting_app) -> Iterator[Any]:
    with unbound_session():
        yield counting_app


def test_concurrent_clicks_and_arrivals_are_all_counted(real_app):
    _consultation, (idea_id,), _people = setup(real_app)

    def click():
        with real_app.test_client() as client:
            return client.get(f"/share/idea/{idea_id}/whatsapp").status_code

    def arrive():
        with real_app.test_client() as client:
            return client.get(f"/ideas/{idea_id}?ref=whatsapp").status_code

    results = all_at_once([click] * CLICKS + [arrive] * ARRIVALS)

    assert results == [302] * (CLICKS + ARRIVALS)
    assert counts(real_app, "idea", str(idea_id), "whatsapp") == (CLICKS, ARRIVALS)
