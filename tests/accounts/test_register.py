from __future__ import annotations

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import func, select

from participate.accounts import services
from participate.accounts.models import User
from participate.db import db
from tests.accounts.helpers import inline_error, link_in


def _translated(app, locale: str, text: str) -> str:
    with app.test_request_context(), force_locale(locale):
        return gettext(text)


def test_registering_creates_an_unverified_citizen_and_mails_one_verification_link(
    register, app, outbox
):
    response = register(email="Jan@Example.com", display_name="  Jan Janssens  ")

    assert response.status_code == 303
    assert response.headers["Location"] == "/register/check-your-email"
    with app.app_context():
        user = services.get_by_email("jan@example.com")
        assert user.email == "jan@example.com"
        assert user.display_name == "Jan Janssens"
        assert user.role == "citizen"
        assert not user.is_verified
        assert user.password_hash.startswith("$argon2id$")
    assert [mail.to for mail in outbox] == ["jan@example.com"]
    assert link_in(outbox[0]).startswith("/verify/")


def test_check_your_email_page_follows_registration(register, client, outbox):
    response = client.get(register().headers["Location"])

    assert response.status_code == 200
    assert "Check your e-mail" in response.get_data(as_text=True)


def test_verification_mail_is_in_the_language_the_visitor_chose(register, client, app, outbox):
    client.post("/language", data={"lang": "fr"})

    register()

    with app.app_context():
        assert services.get_by_email("jan@example.com").locale == "fr"
    assert '<html lang="fr">' in outbox[0].html
    assert outbox[0].subject == _translated(app, "fr", "Confirm your e-mail address")


def test_verification_mail_is_in_dutch_by_default(register, client, app, outbox):
    with client.session_transaction() as session:
        del session["locale"]

    register()

    with app.app_context():
        assert services.get_by_email("jan@example.com").locale == "nl"
    assert '<html lang="nl">' in outbox[0].html
    assert outbox[0].subject == _translated(app, "nl", "Confirm your e-mail address")


def test_logged_in_visitor_is_sent_home_from_the_register_page(client, make_user, login):
    login(make_user())

    assert client.get("/register").headers["Location"] == "/"


@pytest.mark.parametrize("email", ["jan@example.com", "JAN@Example.COM"])
def test_duplicate_email_is_refused_and_saves_nothing(register, make_user, user_count, email):
    make_user(email="jan@example.com")

    response = register(email=email)

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert inline_error(page, "email") == "An account with this e-mail address already exists."
    assert user_count() == 1


@pytest.mark.parametrize(
    "email", ["jan", "jan@", "@example.com", "jan@@example.com", "jan example"]
)
def test_malformed_email_is_refused_and_saves_nothing(register, user_count, email):
    response = register(email=email)

    assert response.status_code == 422
    assert inline_error(response.get_data(as_text=True), "email") == (
        "Enter an e-mail address in the right form, like name@example.com."
    )
    assert user_count() == 0


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("kort", "Use at least 10 characters."),
        ("x" * 201, "Use at most 200 characters."),
        ("iloveyou123", "This password is too common and easy to guess. Choose another one."),
        ("WachtWoord123", "This password is too common and easy to guess. Choose another one."),
        ("ababababababab", "This password is too common and easy to guess. Choose another one."),
        ("my name is jan.peeters", "Your password must not contain your e-mail address or name."),
        ("Jan Janssens", "Your password must not contain your e-mail address or name."),
    ],
)
def test_weak_password_is_refused_and_saves_nothing(register, user_count, password, message):
    response = register(
        email="jan.peeters@example.com", password=password, password_confirm=password
    )

    assert response.status_code == 422
    assert inline_error(response.get_data(as_text=True), "password") == message
    assert user_count() == 0


def test_mismatched_confirmation_is_refused_and_saves_nothing(register, user_count):
    response = register(password_confirm="een andere zin als wachtwoord")

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert inline_error(page, "password_confirm") == "The two passwords are not the same."
    assert user_count() == 0


@pytest.mark.parametrize(
    ("display_name", "message"),
    [
        ("", "Enter the name others will see."),
        ("   ", "Enter the name others will see."),
        ("J", "Use between 2 and 60 characters."),
        ("  J  ", "Use between 2 and 60 characters."),
        ("J" * 61, "Use between 2 and 60 characters."),
    ],
)
def test_display_name_outside_two_to_sixty_characters_is_refused(
    register, user_count, display_name, message
):
    response = register(display_name=display_name)

    assert response.status_code == 422
    assert inline_error(response.get_data(as_text=True), "display_name") == message
    assert user_count() == 0


def test_refused_registration_keeps_what_was_typed_except_passwords(register):
    page = register(display_name="Jan Janssens", password_confirm="iets anders").get_data(
        as_text=True
    )

    assert 'value="jan@example.com"' in page
    assert 'value="Jan Janssens"' in page
    assert "een lange zin als wachtwoord" not in page


def test_error_page_title_says_there_is_an_error(register):
    page = register(email="jan").get_data(as_text=True)

    assert "<title>Error: Register" in page
    assert "There is a problem" in page


def test_create_user_refuses_a_display_name_the_database_would_refuse(request_ctx):
    with pytest.raises(services.AccountError) as refused:
        services.create_user("an@example.com", " A ", "een lange zin als wachtwoord")

    assert refused.value.field == "display_name"
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_create_user_refuses_a_malformed_email(request_ctx):
    with pytest.raises(services.AccountError) as refused:
        services.create_user("not-an-address", "Anna", "een lange zin als wachtwoord")

    assert refused.value.field == "email"
