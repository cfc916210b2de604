"""Signing in with an OpenID Connect provider: a real one on loopback, built with Authlib's
server side. The flow is the authorization code flow with PKCE; state and nonce are checked."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from sqlalchemy import func, select

from participate.accounts.models import User
from participate.db import db
from participate.oidc.models import OidcIdentity
from tests.accounts.helpers import link_in
from tests.oidc.conftest import BASE_URL


def _logged_in_as(client) -> str | None:
    page = client.get("/account")
    if page.status_code != 200:
        return None
    return page.get_data(as_text=True)


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_login_page_shows_a_button_only_for_configured_providers(
    client, app, provider, monkeypatch
):
    assert "Log in with Loopback ID" in client.get("/login").get_data(as_text=True)
    monkeypatch.setitem(app.config, "OIDC_PROVIDERS", {})
    assert "Log in with" not in client.get("/login").get_data(as_text=True)
    assert client.get("/login/with/loopback").status_code == 404


def test_first_sign_in_makes_a_verified_account_without_password(client, app, provider, sign_in):
    response = sign_in()
    assert response.status_code == 303
    page = _logged_in_as(client)
    assert page and "an.peeters@example.com" in page
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "an.peeters@example.com"))
        assert user.is_verified and not user.has_password
        assert user.display_name == "An Peeters"
        [identity] = db.session.scalars(select(OidcIdentity).where(OidcIdentity.user_id == user.id))
        assert (identity.provider, identity.subject) == ("loopback", "person-1")


def test_the_flow_uses_pkce_with_s256_and_a_nonce(client, provider, sign_in):
    sign_in()
    [asked] = provider.authorize_requests
    assert asked["code_challenge_method"] == "S256" and len(asked["code_challenge"]) >= 43
    assert asked["nonce"] and asked["state"]
    [token_request] = provider.token_requests
    assert len(token_request["code_verifier"]) >= 43


def test_second_sign_in_logs_into_the_same_account(client, app, provider, sign_in):
    sign_in()
    client.post("/logout")
    assert _logged_in_as(client) is None
    sign_in()
    assert _logged_in_as(client)
    assert _count(app, OidcIdentity) == 1


def test_unverified_email_is_refused_and_nobody_is_logged_in(client, app, provider, sign_in):
    provider.person.email_verified = False
    users = _count(app, User)
    response = sign_in()
    assert response.status_code == 400
    assert "has not confirmed your e-mail address" in response.get_data(as_text=True)
    assert _logged_in_as(client) is None
    assert _count(app, User) == users


def test_forged_state_is_refused(client, app, provider, sign_in):
    provider.misbehave = {"state"}
    response = sign_in()
    assert response.status_code == 400
    assert "not started on this site" in response.get_data(as_text=True)
    assert _logged_in_as(client) is None


def test_a_callback_nobody_started_is_refused(client, provider):
    response = client.get("/login/with/loopback/callback?code=abc&state=xyz")
    assert response.status_code == 400
    assert _logged_in_as(client) is None


def test_wrong_nonce_is_refused(client, app, provider, sign_in):
    provider.misbehave = {"nonce"}
    users = _count(app, User)
    response = sign_in()
    assert response.status_code == 400
    assert "could not trust the answer" in response.get_data(as_text=True)
    assert _logged_in_as(client) is None
    assert _count(app, User) == users


def test_expired_code_is_refused(client, provider, sign_in):
    provider.misbehave = {"expire_code"}
    response = sign_in()
    assert response.status_code == 400
    assert "took too long or was already used" in response.get_data(as_text=True)
    assert _logged_in_as(client) is None


def test_cancelled_sign_in_is_refused(client, provider, sign_in):
    provider.misbehave = {"deny"}
    response = sign_in()
    assert response.status_code == 400
    assert "You cancelled signing in" in response.get_data(as_text=True)


def test_existing_account_is_linked_only_with_its_password(
    client, app, provider, sign_in, make_user
):
    user = make_user(email="an.peeters@example.com")
    response = sign_in()
    assert response.status_code == 303 and response.headers["Location"] == "/login/link-account"
    assert _logged_in_as(client) is None
    page = client.get("/login/link-account").get_data(as_text=True)
    assert "an.peeters@example.com" in page

    wrong = client.post("/login/link-account", data={"password": "not the password at all"})
    assert wrong.status_code == 422
    assert _logged_in_as(client) is None and _count(app, OidcIdentity) == 0

    right = client.post("/login/link-account", data={"password": "correct horse battery staple"})
    assert right.status_code == 303
    assert "an.peeters@example.com" in _logged_in_as(client)
    with app.app_context():
        [identity] = db.session.scalars(select(OidcIdentity))
        assert identity.user_id == user.id

    client.post("/logout")
    sign_in()
    assert _logged_in_as(client)


def test_existing_account_is_linked_by_a_confirmation_email(
    client, app, provider, sign_in, make_user, outbox
):
    user = make_user(email="an.peeters@example.com")
    sign_in()
    client.post("/login/link-account/mail")
    [mail] = outbox
    assert mail.to == "an.peeters@example.com"
    path = link_in(mail)
    assert _logged_in_as(client) is None
    response = client.get(path)
    assert response.status_code == 303
    assert _logged_in_as(client)
    with app.app_context():
        assert db.session.scalar(select(OidcIdentity.user_id)) == user.id


def test_unconfirmed_existing_account_needs_the_mail_and_loses_its_password(
    client, app, provider, sign_in, make_user, outbox
):
    squatter = make_user(email="an.peeters@example.com", verified=False)
    sign_in()
    page = client.get("/login/link-account").get_data(as_text=True)
    assert 'name="password"' not in page
    refused = client.post("/login/link-account", data={"password": "correct horse battery staple"})
    assert _count(app, OidcIdentity) == 0 and refused.status_code in (200, 422)
    client.post("/login/link-account/mail")
    client.get(link_in(outbox[-1]))
    with app.app_context():
        user = db.session.get(User, squatter.id)
        assert user.is_verified and not user.has_password
    client.post("/logout")
    response = client.post(
        "/login",
        data={"email": "an.peeters@example.com", "password": "correct horse battery staple"},
    )
    assert response.status_code == 422


def test_link_and_unlink_on_the_account_page(client, app, provider, sign_in, make_user, login):
    user = make_user()
    login(user)
    page = client.get("/account").get_data(as_text=True)
    assert "Link Loopback ID" in page
    response = sign_in()
    assert response.status_code == 303 and response.headers["Location"] == "/account"
    page = client.get("/account").get_data(as_text=True)
    assert "Remove the link with Loopback ID" in page
    with app.app_context():
        assert db.session.scalar(select(OidcIdentity.user_id)) == user.id

    client.post("/account/sign-in/loopback/unlink")
    assert _count(app, OidcIdentity) == 0


def test_the_last_way_in_cannot_be_unlinked(client, app, provider, sign_in, outbox):
    sign_in()
    response = client.post("/account/sign-in/loopback/unlink", follow_redirects=True)
    assert "only way into your account" in response.get_data(as_text=True)
    assert _count(app, OidcIdentity) == 1

    client.post(
        "/account/password",
        data={
            "new_password": "een nieuw lang wachtwoord",
            "password_confirm": "een nieuw lang wachtwoord",
        },
    )
    client.post("/account/sign-in/loopback/unlink")
    assert _count(app, OidcIdentity) == 0


def test_a_provider_account_linked_elsewhere_cannot_be_linked_again(
    client, app, provider, sign_in, make_user, login
):
    sign_in()  # makes An's account, linked
    client.post("/logout")
    other = make_user()
    login(other)
    response = sign_in()
    assert response.status_code == 400
    assert "already linked to another account" in response.get_data(as_text=True)


def test_redirect_uri_points_back_at_this_site(client, provider):
    started = client.get("/login/with/loopback")
    query = parse_qs(urlsplit(started.headers["Location"]).query)
    assert query["redirect_uri"] == [f"{BASE_URL}/login/with/loopback/callback"]
    assert query["client_id"] == ["participate-test"]


def test_a_plain_oauth2_provider_signs_in_through_its_user_info(
    client, app, provider, sign_in, monkeypatch
):
    """The Facebook preset's way: no ID token, the person is read from the user-info endpoint."""
    from participate.oidc.config import load_providers

    settings = load_providers(
        {
            "OIDC_PROVIDERS": "loopback",
            "OIDC_LOOPBACK_CLIENT_ID": provider.client.client_id,
            "OIDC_LOOPBACK_CLIENT_SECRET": provider.client.client_secret,
            "OIDC_LOOPBACK_PROTOCOL": "oauth2",
            "OIDC_LOOPBACK_AUTHORIZE_URL": f"{provider.issuer}/authorize",
            "OIDC_LOOPBACK_TOKEN_URL": f"{provider.issuer}/token",
            "OIDC_LOOPBACK_USERINFO_URL": f"{provider.issuer}/userinfo",
            "OIDC_LOOPBACK_SCOPE": "email profile",
        }
    )
    monkeypatch.setitem(app.config, "OIDC_PROVIDERS", settings)
    response = sign_in()
    assert response.status_code == 303
    assert "an.peeters@example.com" in _logged_in_as(client)
    [asked] = provider.authorize_requests
    assert asked["code_challenge_method"] == "S256" and "nonce" not in asked
