"""The language switch in the header."""

from __future__ import annotations

import pytest

from participate.accounts.models import User
from participate.db import db


def _locale(client) -> str | None:
    with client.session_transaction() as session:
        return session.get("locale")


def test_switching_language_remembers_it_and_returns_to_the_page(client):
    response = client.post("/language", data={"lang": "fr", "next": "/login"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/login"
    assert _locale(client) == "fr"
    assert '<html lang="fr">' in client.get("/login").get_data(as_text=True)


def test_switching_language_keeps_the_query_string(client):
    response = client.post("/language", data={"lang": "en", "next": "/login?next=/account"})
    assert response.headers["Location"] == "/login?next=/account"


def test_the_header_form_points_back_to_the_current_page(client):
    body = client.get("/login?next=/account").get_data(as_text=True)
    assert 'name="next" value="/login?next=/account"' in body


def test_switching_language_without_next_goes_home(client):
    response = client.post("/language", data={"lang": "en"})
    assert response.headers["Location"] == "/"
    assert _locale(client) == "en"


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "https://evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "javascript:alert(1)",
    ],
)
def test_switching_language_never_redirects_to_another_site(client, target):
    response = client.post("/language", data={"lang": "en", "next": target})
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


def test_unknown_language_changes_nothing(client):
    response = client.post("/language", data={"lang": "de", "next": "/login"})
    assert response.status_code == 303
    assert _locale(client) is None


def test_logged_in_user_keeps_the_language_on_the_account(client, app, make_user, login):
    user = make_user("citizen")
    login(user)
    client.post("/language", data={"lang": "fr", "next": "/"})
    with app.app_context():
        assert db.session.get(User, user.id).locale == "fr"


def test_saved_language_is_used_on_the_next_visit(app, make_user, login, client):
    user = make_user("citizen", locale="en")
    login(user)
    with client.session_transaction() as session:
        session.pop("locale", None)
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(("saved", "kept"), [("fr", "fr"), ("en", "en"), (None, "nl")])
def test_logging_in_keeps_the_accounts_language_in_the_session(
    make_user, login, client, saved, kept
):
    # A request then knows its language without reading the account (a vote does not).
    login(make_user("citizen", locale=saved))
    assert _locale(client) == kept
    assert f'<html lang="{kept}">' in client.get("/").get_data(as_text=True)


def test_a_language_chosen_before_logging_in_stays(make_user, login, client):
    client.post("/language", data={"lang": "en", "next": "/"})
    login(make_user("citizen", locale="fr"))
    assert _locale(client) == "en"


def test_a_remember_me_cookie_brings_the_accounts_language_back(app, make_user, login, client):
    login(make_user("citizen", locale="fr"), remember=True)
    remember = client.get_cookie("remember_token")
    client.delete_cookie("session")
    assert _locale(client) is None
    client.set_cookie("remember_token", remember.value)
    assert '<html lang="fr">' in client.get("/").get_data(as_text=True)
    assert _locale(client) == "fr"
