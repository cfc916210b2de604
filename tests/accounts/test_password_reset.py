from __future__ import annotations

import pytest

from participate.accounts import services
from tests.accounts.conftest import NEW_PASSWORD
from tests.accounts.helpers import inline_error, link_in, page_message
from tests.conftest import TEST_PASSWORD


def _ask_for_reset(client, email: str):
    return client.post("/password/forgot", data={"email": email})


def _reset_link(client, outbox, user) -> str:
    _ask_for_reset(client, user.email)
    (mail,) = outbox
    outbox.clear()
    return link_in(mail)


def _choose(client, link: str, password: str = NEW_PASSWORD, confirm: str | None = None):
    return client.post(link, data={"password": password, "password_confirm": confirm or password})


def _password_works(app, user, password: str) -> bool:
    with app.app_context():
        return services.authenticate(user.email, password) is not None


def test_forgot_form_answers_the_same_page_whether_or_not_the_address_exists(
    client, make_user, outbox
):
    user = make_user()

    known = _ask_for_reset(client, user.email)
    unknown = _ask_for_reset(client, "nobody@example.com")

    assert known.status_code == unknown.status_code == 200
    assert known.get_data() == unknown.get_data()
    assert "If an account exists for this address" in known.get_data(as_text=True)
    assert [mail.to for mail in outbox] == [user.email]


def test_reset_mail_is_in_the_users_language_with_a_link(client, make_user, outbox):
    user = make_user(locale="fr")

    _ask_for_reset(client, user.email.upper())

    (mail,) = outbox
    assert mail.to == user.email
    assert '<html lang="fr">' in mail.html
    assert link_in(mail).startswith("/password/reset/")


def test_forgot_form_refuses_a_malformed_address(client, outbox):
    response = _ask_for_reset(client, "nobody")

    assert response.status_code == 422
    assert inline_error(response.get_data(as_text=True), "email")
    assert outbox == []


def test_reset_link_shows_the_new_password_form(client, make_user, outbox):
    link = _reset_link(client, outbox, make_user())

    response = client.get(link)

    assert response.status_code == 200
    assert 'autocomplete="new-password"' in response.get_data(as_text=True)


def test_reset_link_sets_the_new_password_and_logs_in(client, make_user, app, outbox):
    user = make_user()
    link = _reset_link(client, outbox, user)

    response = _choose(client, link)

    assert response.status_code == 303
    assert response.headers["Location"] == "/account"
    assert client.get("/account").status_code == 200
    assert _password_works(app, user, NEW_PASSWORD)
    assert not _password_works(app, user, TEST_PASSWORD)


def test_reset_sends_a_password_changed_notice(client, make_user, outbox):
    user = make_user(locale="en")
    link = _reset_link(client, outbox, user)

    _choose(client, link)

    (notice,) = outbox
    assert notice.to == user.email
    assert notice.subject == "Your password was changed"
    assert "The password of your account was just changed" in notice.text


def test_reset_link_confirms_an_unverified_address(client, make_user, app, outbox):
    user = make_user(verified=False)

    _choose(client, _reset_link(client, outbox, user))

    with app.app_context():
        assert services.get_by_email(user.email).is_verified


def test_reset_link_works_only_once(client, app, make_user, outbox):
    user = make_user()
    link = _reset_link(client, outbox, user)
    _choose(client, link)
    client.post("/logout")

    again = client.get(link)
    reuse = _choose(client, link, "yet another long password phrase")

    assert again.status_code == reuse.status_code == 400
    message = "This link is not valid or was already used."
    assert page_message(again.get_data(as_text=True)) == message
    assert page_message(reuse.get_data(as_text=True)) == message
    assert _password_works(app, user, NEW_PASSWORD)


def test_older_reset_links_die_when_the_password_changes(client, make_user, outbox):
    user = make_user()
    first = _reset_link(client, outbox, user)
    second = _reset_link(client, outbox, user)

    _choose(client, second)

    assert client.get(first).status_code == 400


def test_expired_reset_link_is_refused(client, make_user, app, outbox, clock):
    user = make_user()
    link = _reset_link(client, outbox, user)
    clock.advance(app.config["RESET_TOKEN_MAX_AGE"] + 1)

    for response in (client.get(link), _choose(client, link)):
        assert response.status_code == 400
        assert page_message(response.get_data(as_text=True)) == (
            "This link has expired. Ask for a new one."
        )
    assert _password_works(app, user, TEST_PASSWORD)


def test_tampered_reset_link_is_refused(client, make_user, outbox):
    link = _reset_link(client, outbox, make_user())

    response = client.get(link[:-4] + ("AAAA" if not link.endswith("AAAA") else "BBBB"))

    assert response.status_code == 400
    assert page_message(response.get_data(as_text=True)) == (
        "This link is not valid or was already used."
    )


@pytest.mark.parametrize(
    ("password", "confirm", "field", "message"),
    [
        ("kort", None, "password", "Use at least 10 characters."),
        (
            "iloveyou123",
            None,
            "password",
            "This password is too common and easy to guess. Choose another one.",
        ),
        (
            NEW_PASSWORD,
            "something else entirely",
            "password_confirm",
            "The two passwords are not the same.",
        ),
    ],
)
def test_refused_new_password_keeps_the_old_one_and_the_link(
    client, make_user, app, outbox, password, confirm, field, message
):
    user = make_user()
    link = _reset_link(client, outbox, user)

    response = _choose(client, link, password, confirm)

    assert response.status_code == 422
    assert inline_error(response.get_data(as_text=True), field) == message
    assert _password_works(app, user, TEST_PASSWORD)
    assert outbox == []
    assert client.get(link).status_code == 200
    assert client.get("/account").status_code == 302


def test_reset_ends_sessions_on_other_devices(app, client, make_user, login, outbox):
    user = make_user()
    other_device = app.test_client()
    other_device.post("/login", data={"email": user.email, "password": TEST_PASSWORD})

    _choose(client, _reset_link(client, outbox, user))

    assert other_device.get("/account").status_code == 302
