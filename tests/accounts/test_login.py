from __future__ import annotations

import pytest

from participate.accounts import services
from tests.accounts.helpers import set_cookie_header
from tests.conftest import TEST_PASSWORD

WRONG = "not the right password at all"


def _log_in(client, email: str, password: str = TEST_PASSWORD, **extra: str):
    return client.post("/login", data={"email": email, "password": password, **extra})


def _error_summary(response) -> str:
    page = response.get_data(as_text=True)
    start = page.index('<div class="error-summary"')
    return page[start : page.index("</div>", start)]


def test_login_form_is_shown(client):
    response = client.get("/login")

    assert response.status_code == 200
    assert 'autocomplete="current-password"' in response.get_data(as_text=True)


def test_correct_credentials_log_in_and_go_home(client, make_user, app):
    user = make_user(name="Mia Claes")

    response = _log_in(client, user.email)

    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert "Welcome, Mia Claes." in page
    assert client.get("/account").status_code == 200
    with app.app_context():
        assert services.get_by_email(user.email).last_login_at is not None


def test_email_is_matched_whatever_its_case(client, make_user):
    make_user(email="mia@example.com")

    assert _log_in(client, "MIA@Example.com").status_code == 303


def test_unverified_user_can_log_in(client, make_user):
    assert _log_in(client, make_user(verified=False).email).status_code == 303


@pytest.mark.parametrize("target", ["/account", "/admin/settings?tab=2"])
def test_login_goes_to_a_local_next_page(client, make_user, target):
    response = _log_in(client, make_user().email, next=target)

    assert response.headers["Location"] == target


def test_next_page_from_the_address_bar_is_kept_in_the_form(client):
    page = client.get("/login?next=/account").get_data(as_text=True)

    assert 'name="next" type="hidden" value="/account"' in page


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "https://evil.example",
        "http://evil.example/account",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "javascript:alert(1)",
        "evil.example",
    ],
)
def test_login_never_sends_to_another_site(client, make_user, target):
    response = _log_in(client, make_user().email, next=target)

    assert response.status_code == 303
    assert response.headers["Location"] == "/"


def test_wrong_password_and_unknown_email_get_the_same_answer(client, make_user):
    user = make_user()

    wrong_password = _log_in(client, user.email, WRONG)
    unknown_email = _log_in(client, "nobody@example.com", WRONG)

    assert wrong_password.status_code == unknown_email.status_code == 422
    assert _error_summary(wrong_password) == _error_summary(unknown_email)
    assert "The e-mail address or password is not correct." in _error_summary(wrong_password)
    assert client.get("/account").status_code == 302


def test_failed_login_does_not_echo_the_password(client, make_user):
    page = _log_in(client, make_user().email, WRONG).get_data(as_text=True)

    assert WRONG not in page


def test_remember_me_sets_a_lasting_http_only_cookie(client, make_user):
    response = _log_in(client, make_user().email, remember="y")

    cookie = set_cookie_header(response, "remember_token")
    assert cookie is not None
    assert "HttpOnly" in cookie
    assert "Expires=" in cookie
    assert "SameSite=Lax" in cookie


def test_without_remember_me_no_remember_cookie_is_set(client, make_user):
    response = _log_in(client, make_user().email)

    assert set_cookie_header(response, "remember_token") is None


def test_remember_cookie_alone_keeps_the_user_logged_in(app, client, make_user):
    _log_in(client, make_user().email, remember="y")
    other_browser = app.test_client()
    other_browser.set_cookie("remember_token", client.get_cookie("remember_token").value)

    assert other_browser.get("/account").status_code == 200


def test_session_cookie_is_http_only(client, make_user):
    response = _log_in(client, make_user().email)

    cookie = set_cookie_header(response, "session")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_logged_in_visitor_is_sent_home_from_the_login_page(client, make_user, login):
    login(make_user())

    assert client.get("/login").headers["Location"] == "/"


def test_logout_ends_the_session_and_the_remember_cookie(client, make_user):
    _log_in(client, make_user().email, remember="y")

    response = client.post("/logout")

    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    assert client.get_cookie("remember_token") is None
    assert client.get("/account").status_code == 302


def test_logout_requires_post(client, make_user, login):
    login(make_user())

    assert client.get("/logout").status_code == 405
    assert client.get("/account").status_code == 200
