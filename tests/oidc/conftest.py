from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import requests

from tests.oidc_provider import LoopbackProvider, serve

BASE_URL = "http://participate.test"

# The loopback provider speaks plain HTTP; Authlib refuses that unless told it is a test.
os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[LoopbackProvider]:
    yield from serve(LoopbackProvider())


@pytest.fixture
def provider(app, oidc_provider, monkeypatch) -> LoopbackProvider:
    """The loopback provider, configured in the app as "loopback" for this test."""
    oidc_provider.reset()
    monkeypatch.setitem(app.config, "OIDC_PROVIDERS", oidc_provider.settings())
    return oidc_provider


@pytest.fixture(autouse=True)
def _english(client):
    with client.session_transaction() as session:
        session["locale"] = "en"


@pytest.fixture
def sign_in(client, provider):
    """`sign_in()` goes through the whole flow with the test client: our start page, the
    provider's authorize endpoint (over HTTP), and back to our callback. Returns the
    callback's response."""

    def go(start: str = "/login/with/loopback", **form: str):
        started = client.get(start, query_string=form)
        assert started.status_code == 302, started.get_data(as_text=True)
        answer = requests.get(started.headers["Location"], allow_redirects=False, timeout=10)
        assert answer.status_code == 302, answer.text
        back = answer.headers["Location"]
        assert back.startswith(BASE_URL), back
        return client.get(back.removeprefix(BASE_URL))

    return go
