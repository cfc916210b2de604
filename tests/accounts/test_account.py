from __future__ import annotations

import pytest

from participate.accounts import services
from tests.accounts.conftest import NEW_PASSWORD
from tests.accounts.helpers import has_inline_error, inline_error, set_cookie_header
from tests.conftest import TEST_PASSWORD


def _change_password(client, current: str = TEST_PASSWORD, new: str = NEW_PASSWORD, confirm=None):
    return client.post(
        "/account/password",
        data={
            "current_password": current,
            "new_password": new,
            "password_confirm": confirm or new,
        },
    )


def _password_works(app, user, password: str) -> bool:
    with app.app_context():
        return services.authenticate(user.email, password) is not None


def _device_logged_in_as(app, user, *, remember: bool = False):
    device = app.test_client()
    data = {"email": user.email, "password": TEST_PASSWORD}
    if remember:
        data["remember"] = "y"
    assert device.post("/login", data=data).status_code == 303
    return device


def _only_remember_cookie(app, device):
    """The same device after the browser was closed: its session cookie is gone."""
    restarted = app.test_client()
    restarted.set_cookie("remember_token", device.get_cookie("remember_token").value)
    return restarted


def test_account_page_requires_login(client):
    response = client.get("/account")

    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Faccount"


def test_account_page_shows_the_users_own_address_and_name(client, make_user, login):
    login(make_user(email="mia@example.com", name="Mia Claes"))

    page = client.get("/account").get_data(as_text=True)

    assert "mia@example.com" in page
    assert "Mia Claes" in page


# Change password ------------------------------------------------------------------------


def test_wrong_current_password_is_refused_next_to_its_field(client, make_user, login, app):
    user = make_user()
    login(user)

    response = _change_password(client, current="not my password at all")

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert inline_error(page, "current_password") == "Your current password is not correct."
    assert _password_works(app, user, TEST_PASSWORD)


@pytest.mark.parametrize(
    ("new", "confirm", "field", "message"),
    [
        ("kort", None, "new_password", "Use at least 10 characters."),
        (
            "iloveyou123",
            None,
            "new_password",
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
def test_refused_new_password_changes_nothing(
    client, make_user, login, app, new, confirm, field, message
):
    user = make_user()
    login(user)

    response = _change_password(client, new=new, confirm=confirm)

    assert response.status_code == 422
    assert inline_error(response.get_data(as_text=True), field) == message
    assert _password_works(app, user, TEST_PASSWORD)


def test_password_errors_leave_the_name_form_untouched(client, make_user, login):
    login(make_user())

    page = _change_password(client, current="not my password at all").get_data(as_text=True)

    assert not has_inline_error(page, "display_name")


def test_password_change_sets_the_new_password_and_sends_a_notice(
    client, make_user, login, app, outbox
):
    user = make_user(locale="en")
    login(user)

    response = _change_password(client)

    assert response.status_code == 303
    assert response.headers["Location"] == "/account"
    assert _password_works(app, user, NEW_PASSWORD)
    assert not _password_works(app, user, TEST_PASSWORD)
    assert [(mail.to, mail.subject) for mail in outbox] == [
        (user.email, "Your password was changed")
    ]


def test_password_change_logs_out_other_devices_but_not_this_one(
    app, client, make_user, login, outbox
):
    user = make_user()
    other_device = _device_logged_in_as(app, user, remember=True)
    other_after_restart = _only_remember_cookie(app, other_device)
    login(user)

    _change_password(client)

    assert client.get("/account").status_code == 200
    assert other_device.get("/account").status_code == 302
    assert other_after_restart.get("/account").status_code == 302


def test_password_change_keeps_remember_me_on_this_device(app, client, make_user, login, outbox):
    user = make_user()
    login(user, remember=True)

    response = _change_password(client)

    assert set_cookie_header(response, "remember_token") is not None
    assert _only_remember_cookie(app, client).get("/account").status_code == 200


def test_password_change_does_not_add_remember_me_where_it_was_not_chosen(
    client, make_user, login, outbox
):
    login(make_user())

    response = _change_password(client)

    assert set_cookie_header(response, "remember_token") is None


def test_anonymous_visitor_cannot_change_a_password(client, outbox):
    response = _change_password(client)

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


# Change display name -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Enter the name others will see."),
        ("M", "Use between 2 and 60 characters."),
        ("  M  ", "Use between 2 and 60 characters."),
        ("M" * 61, "Use between 2 and 60 characters."),
    ],
)
def test_display_name_outside_two_to_sixty_characters_is_refused(
    client, make_user, login, reload, name, message
):
    user = make_user(name="Mia Claes")
    login(user)

    response = client.post("/account/name", data={"display_name": name})

    assert response.status_code == 422
    assert inline_error(response.get_data(as_text=True), "display_name") == message
    assert reload(user).display_name == "Mia Claes"


@pytest.mark.parametrize("name", ["Mi", "M" * 60, "  Mia Peeters  "])
def test_display_name_is_changed(client, make_user, login, reload, name):
    user = make_user(name="Mia Claes")
    login(user)

    response = client.post("/account/name", data={"display_name": name})

    assert response.status_code == 303
    assert response.headers["Location"] == "/account"
    assert reload(user).display_name == name.strip()
    assert "Your display name is changed." in client.get("/account").get_data(as_text=True)


def test_anonymous_visitor_cannot_change_a_display_name(client):
    response = client.post("/account/name", data={"display_name": "Iemand"})

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_change_display_name_service_refuses_what_the_database_would(request_ctx, make_user):
    user = make_user()

    with pytest.raises(services.AccountError) as refused:
        services.change_display_name(user, " M ")

    assert refused.value.field == "display_name"
