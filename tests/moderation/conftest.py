"""Fixtures for the moderation tests: the factories of tests/factories.py, English pages (the
assertions read English text), and one logged-in test client per person."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from tests.conftest import TEST_PASSWORD
from tests.factories import make_consultation, make_idea, request_ctx  # noqa: F401


@pytest.fixture(autouse=True)
def _english(client):
    """English pages, so assertions do not depend on the catalogues."""
    with client.session_transaction() as session:
        session["locale"] = "en"


@pytest.fixture
def client_as(app):
    """`client_as(user)` → a new test client logged in as `user` (English pages);
    `client_as(None)` → an anonymous one. Each person gets their own cookies."""

    def make(user=None):
        browser = app.test_client()
        with browser.session_transaction() as session:
            session["locale"] = "en"
        if user is not None:
            response = browser.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
            assert response.status_code == 303, response.get_data(as_text=True)
        return browser

    return make


@pytest.fixture
def consultation(make_consultation):  # noqa: F811 - the imported fixture
    """A post-moderated consultation in its ideas phase (posting, voting and comments open)."""
    return make_consultation("ideas")


@pytest.fixture
def author(make_user):
    return make_user("citizen", name="Anna Auteur", locale="en")


@pytest.fixture
def moderator(make_user):
    return make_user("moderator", name="Mo Derator", locale="en")


@pytest.fixture
def admin(make_user):
    return make_user("admin", name="Ada Admin", locale="en")


@pytest.fixture
def en_ctx(app_ctx):
    """`app_ctx` (for unit tests of services) with messages in English. List it last among a
    test's fixtures: `make_user` and the other factories that open an app context of their own
    end the session it holds."""
    with force_locale("en"):
        yield
