from __future__ import annotations

import pytest

from participate.accounts.tokens import TokenExpired, TokenInvalid, make_token, read_token


@pytest.fixture(autouse=True)
def _in_app(app_ctx):
    pass


def test_token_carries_its_payload():
    token = make_token("verify-email", {"uid": 7, "email": "mia@example.com"})

    assert read_token("verify-email", token, 60) == {"uid": 7, "email": "mia@example.com"}


def test_token_for_one_purpose_is_refused_for_another():
    token = make_token("verify-email", {"uid": 7})

    with pytest.raises(TokenInvalid):
        read_token("reset-password", token, 60)


def test_token_signed_with_another_secret_is_refused(app, monkeypatch):
    token = make_token("verify-email", {"uid": 7})
    monkeypatch.setitem(app.config, "SECRET_KEY", "another-secret-key-entirely-0123456789")

    with pytest.raises(TokenInvalid):
        read_token("verify-email", token, 60)


def test_old_token_is_expired(clock):
    token = make_token("verify-email", {"uid": 7})
    clock.advance(61)

    with pytest.raises(TokenExpired):
        read_token("verify-email", token, 60)


@pytest.mark.parametrize("token", ["", "garbage", "a.b.c"])
def test_garbage_is_refused(token):
    with pytest.raises(TokenInvalid):
        read_token("verify-email", token, 60)


def test_payload_that_is_not_a_mapping_is_refused():
    with pytest.raises(TokenInvalid):
        read_token("verify-email", make_token("verify-email", [1, 2]), 60)  # type: ignore[arg-type]
