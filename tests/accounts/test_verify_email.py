from __future__ import annotations

from participate.accounts import services
from participate.db import db
from tests.accounts.helpers import link_in, page_message


def _registered_link(register, outbox) -> str:
    register()
    (mail,) = outbox
    outbox.clear()
    return link_in(mail)


def _is_verified(app, email: str = "jan@example.com") -> bool:
    with app.app_context():
        return services.get_by_email(email).is_verified


def test_verification_link_confirms_the_address_and_invites_to_log_in(
    register, client, app, outbox
):
    link = _registered_link(register, outbox)

    response = client.get(link)

    assert response.status_code == 303
    assert response.headers["Location"] == "/login"
    assert _is_verified(app)
    page = client.get("/login").get_data(as_text=True)
    assert "Thank you, your e-mail address is confirmed." in page


def test_verification_link_sends_a_logged_in_user_to_their_account(register, client, app, outbox):
    link = _registered_link(register, outbox)
    client.post(
        "/login", data={"email": "jan@example.com", "password": "een lange zin als wachtwoord"}
    )

    response = client.get(link)

    assert response.headers["Location"] == "/account"
    assert _is_verified(app)


def test_verification_link_used_twice_still_confirms(register, client, app, outbox):
    link = _registered_link(register, outbox)
    client.get(link)

    assert client.get(link).status_code == 303
    assert _is_verified(app)


def test_tampered_verification_link_is_refused(register, client, app, outbox):
    link = _registered_link(register, outbox)

    response = client.get(link[:-3] + ("aaa" if not link.endswith("aaa") else "bbb"))

    assert response.status_code == 400
    assert page_message(response.get_data(as_text=True)) == "This confirmation link is not valid."
    assert not _is_verified(app)


def test_reset_link_does_not_work_as_a_verification_link(register, client, app, outbox):
    register()
    client.post("/password/forgot", data={"email": "jan@example.com"})
    reset_link = link_in(outbox[-1])

    response = client.get(reset_link.replace("/password/reset/", "/verify/"))

    assert response.status_code == 400
    assert not _is_verified(app)


def test_expired_verification_link_is_refused(register, client, app, outbox, clock):
    link = _registered_link(register, outbox)
    clock.advance(app.config["EMAIL_TOKEN_MAX_AGE"] + 1)

    response = client.get(link)

    assert response.status_code == 400
    assert page_message(response.get_data(as_text=True)) == (
        "This confirmation link has expired. Log in to get a new one."
    )
    assert not _is_verified(app)


def test_verification_link_works_until_it_expires(register, client, app, outbox, clock):
    link = _registered_link(register, outbox)
    clock.advance(app.config["EMAIL_TOKEN_MAX_AGE"] - 60)

    assert client.get(link).status_code == 303
    assert _is_verified(app)


def test_verification_link_for_an_address_that_changed_no_longer_works(
    register, client, app, outbox
):
    link = _registered_link(register, outbox)
    with app.app_context():
        services.get_by_email("jan@example.com").email = "jan.nieuw@example.com"
        db.session.commit()

    response = client.get(link)

    assert response.status_code == 400
    assert page_message(response.get_data(as_text=True)) == "This confirmation link is not valid."
    assert not _is_verified(app, "jan.nieuw@example.com")


def test_logged_in_unverified_user_can_ask_for_a_new_link(client, make_user, login, app, outbox):
    user = make_user(verified=False, locale="fr")
    login(user)

    response = client.post("/verify/resend")

    assert response.headers["Location"] == "/account"
    assert [mail.to for mail in outbox] == [user.email]
    assert '<html lang="fr">' in outbox[0].html
    assert client.get(link_in(outbox[0])).headers["Location"] == "/account"
    assert _is_verified(app, user.email)


def test_account_page_offers_a_new_link_only_while_unverified(client, make_user, login):
    login(make_user(verified=False))
    assert "Send the link again" in client.get("/account").get_data(as_text=True)


def test_verified_user_is_sent_no_new_link(client, make_user, login, outbox):
    login(make_user(verified=True))

    assert "Send the link again" not in client.get("/account").get_data(as_text=True)
    assert client.post("/verify/resend").status_code == 303
    assert outbox == []


def test_anonymous_visitor_cannot_ask_for_a_new_link(client, outbox):
    response = client.post("/verify/resend")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    assert outbox == []
