"""Failed log-ins are limited per account (RATELIMIT_LOGIN_ACCOUNT, 5 per 15 minutes) and per
address; successful ones never count. conftest resets the limits before each test."""

from __future__ import annotations

from tests.conftest import TEST_PASSWORD

WRONG = "not the right password at all"


def _log_in(client, email: str, password: str):
    return client.post("/login", data={"email": email, "password": password})


def _fail(client, email: str, times: int) -> list[int]:
    return [_log_in(client, email, WRONG).status_code for _ in range(times)]


def test_sixth_attempt_after_five_failures_is_refused_even_with_the_right_password(
    client, make_user
):
    user = make_user()

    assert _fail(client, user.email, 5) == [422] * 5
    response = _log_in(client, user.email, TEST_PASSWORD)

    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)
    assert "Retry-After" in response.headers
    assert client.get("/account").status_code == 302


def test_the_limit_counts_one_account_whatever_the_case_of_its_address(client, make_user):
    make_user(email="mia@example.com")

    _fail(client, "MIA@example.com", 3)
    _fail(client, "mia@EXAMPLE.com", 2)

    assert _log_in(client, "mia@example.com", TEST_PASSWORD).status_code == 429


def test_failures_for_one_account_do_not_lock_out_another(client, make_user):
    victim, other = make_user(), make_user()
    _fail(client, victim.email, 5)

    assert _log_in(client, other.email, TEST_PASSWORD).status_code == 303


def test_four_failures_still_allow_the_right_password(client, make_user):
    user = make_user()
    _fail(client, user.email, 4)

    assert _log_in(client, user.email, TEST_PASSWORD).status_code == 303


def test_successful_log_ins_do_not_count(client, make_user):
    user = make_user()
    for _ in range(6):
        assert _log_in(client, user.email, TEST_PASSWORD).status_code == 303
        client.post("/logout")

    assert _fail(client, user.email, 5) == [422] * 5
    assert _log_in(client, user.email, WRONG).status_code == 429
