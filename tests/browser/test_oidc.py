"""Signing in with another account, in a browser, against a real OpenID Connect provider on
loopback (tests/oidc_provider.py): the whole flow, linking an existing account, and each
refusal (forged state, wrong nonce, expired code, unconfirmed address) with a clear message
and nobody logged in."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from participate.demo import DEMO_PASSWORD
from tests.oidc_provider import LoopbackProvider, Person, serve

os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")  # the loopback provider is plain HTTP


@pytest.fixture(scope="module")
def loopback() -> Iterator[LoopbackProvider]:
    yield from serve(LoopbackProvider())


@pytest.fixture
def provider(live_server, loopback, monkeypatch) -> LoopbackProvider:
    loopback.reset()
    monkeypatch.setitem(live_server.app.config, "OIDC_PROVIDERS", loopback.settings())
    return loopback


def _start(page: Page, live_server, visit, follow) -> None:
    t = live_server.gettext
    visit("/login")
    follow(page.get_by_role("link", name=t("Log in with %(provider)s", provider="Loopback ID")))


def _nobody_logged_in(page: Page, live_server) -> None:
    t = live_server.gettext
    menu = page.get_by_role("navigation", name=t("Main menu"))
    expect(menu.get_by_role("link", name=t("Log in"))).to_be_visible()
    expect(menu.get_by_role("link", name=t("My account"))).to_have_count(0)


def test_sign_in_makes_an_account_and_logs_in(page: Page, live_server, provider, visit, follow):
    t = live_server.gettext
    provider.person = Person(sub="browser-1", email="jef.maes@example.com", name="Jef Maes")
    _start(page, live_server, visit, follow)

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("status")).to_contain_text("Jef Maes")
    menu = page.get_by_role("navigation", name=t("Main menu"))
    follow(menu.get_by_role("link", name=t("My account")))
    expect(page.get_by_role("main")).to_contain_text("jef.maes@example.com")
    expect(page.get_by_role("heading", name=t("Choose a password"))).to_be_visible()
    expect(
        page.get_by_role(
            "button", name=t("Remove the link with %(provider)s", provider="Loopback ID")
        )
    ).to_be_visible()

    # Logged out and back in: the same account.
    follow(menu.get_by_role("button", name=t("Log out")))
    _start(page, live_server, visit, follow)
    expect(page.get_by_role("status")).to_have_text(t("Welcome, %(name)s.", name="Jef Maes"))


def test_existing_account_is_linked_after_its_password(
    page: Page, live_server, provider, visit, follow
):
    t = live_server.gettext
    provider.person = Person(sub="browser-2", email="burger@example.com", name="Burger")
    _start(page, live_server, visit, follow)

    expect(page).to_have_url(f"{live_server.url}/login/link-account")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Link your account"))
    _nobody_logged_in(page, live_server)
    page.get_by_label(t("Password"), exact=True).fill("not the right password")
    follow(page.get_by_role("button", name=t("Link and log in")))
    expect(page.get_by_role("alert").filter(has=page.get_by_role("heading"))).to_contain_text(
        t("The password is not correct.")
    )
    _nobody_logged_in(page, live_server)

    page.get_by_label(t("Password"), exact=True).fill(DEMO_PASSWORD)
    follow(page.get_by_role("button", name=t("Link and log in")))
    expect(page.get_by_role("status")).to_contain_text(
        t(
            "Your account is linked: from now on you can log in with %(provider)s.",
            provider="Loopback ID",
        )
    )
    follow(
        page.get_by_role("navigation", name=t("Main menu")).get_by_role(
            "link", name=t("My account")
        )
    )
    expect(page.get_by_role("main")).to_contain_text("burger@example.com")


REFUSALS = {
    "state": "This sign-in was not started on this site, or it was already used. "
    "Nobody is logged in. Please start again.",
    "nonce": "We could not trust the answer of the sign-in service: it did not match the "
    "request we sent. Nobody is logged in. Please start again.",
    "expire_code": "The sign-in took too long or was already used. Nobody is logged in. "
    "Please start again.",
}


@pytest.mark.parametrize("misbehaviour", sorted(REFUSALS))
def test_a_tampered_answer_is_refused(
    page: Page, live_server, provider, visit, follow, misbehaviour
):
    t = live_server.gettext
    provider.person = Person(sub=f"browser-{misbehaviour}", email=f"{misbehaviour}@example.com")
    provider.misbehave = {misbehaviour}
    _start(page, live_server, visit, follow)

    expect(page.get_by_role("heading", level=1)).to_have_text(t("Signing in did not work"))
    expect(page.get_by_role("alert")).to_have_text(t(REFUSALS[misbehaviour]))
    _nobody_logged_in(page, live_server)
    visit("/account")  # sent to log in: there is no session
    expect(page).to_have_url(f"{live_server.url}/login?next=%2Faccount")


def test_an_unconfirmed_address_is_refused(page: Page, live_server, provider, visit, follow):
    t = live_server.gettext
    provider.person = Person(
        sub="browser-unverified", email="nog.niet@example.com", email_verified=False
    )
    _start(page, live_server, visit, follow)

    expect(page.get_by_role("alert")).to_have_text(
        t(
            "The sign-in service has not confirmed your e-mail address, so we cannot use "
            "it to make or find your account. Confirm your address there first, or "
            "register here with your e-mail address."
        )
    )
    _nobody_logged_in(page, live_server)
