"""Registering, confirming the address, logging in and out, as a visitor does it."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

PASSWORD = "een lange zin als wachtwoord"


def test_register_verify_login_logout(page: Page, live_server, visit, follow):
    t = live_server.gettext
    email = "lotte.peeters@example.com"

    visit("/register")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.get_by_label(t("E-mail address"), exact=True).fill(email)
    page.get_by_label(t("Display name"), exact=True).fill("Lotte")
    page.get_by_label(t("Password"), exact=True).fill(PASSWORD)
    page.get_by_label(t("Repeat the password"), exact=True).fill(PASSWORD)
    follow(page.get_by_role("button", name=t("Create account")))

    expect(page).to_have_url(f"{live_server.url}/register/check-your-email")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Check your e-mail"))
    [mail] = [m for m in live_server.outbox() if m.to == email]
    link = re.search(rf"{re.escape(live_server.url)}/verify/[^\s\"'<>]+", mail.text)
    assert link, mail.text

    visit(link.group(0))
    expect(page).to_have_url(f"{live_server.url}/login")
    expect(page.get_by_role("status").first).to_have_text(
        t("Thank you, your e-mail address is confirmed.")
    )
    page.get_by_label(t("E-mail address"), exact=True).fill(email)
    page.get_by_label(t("Password"), exact=True).fill(PASSWORD)
    follow(page.get_by_role("button", name=t("Log in")))

    menu = page.get_by_role("navigation", name=t("Main menu"))
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("status")).to_have_text(t("Welcome, %(name)s.", name="Lotte"))
    follow(menu.get_by_role("link", name=t("My account")))

    expect(page).to_have_url(f"{live_server.url}/account")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("My account"))
    expect(menu.get_by_role("link", name=t("My account"))).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("main")).to_contain_text(email)
    follow(menu.get_by_role("button", name=t("Log out")))

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("status")).to_have_text(t("You are logged out."))
    expect(menu.get_by_role("link", name=t("Log in"))).to_be_visible()
    expect(menu.get_by_role("link", name=t("Register"))).to_be_visible()
    expect(menu.get_by_role("link", name=t("My account"))).to_have_count(0)


def test_form_errors_are_announced(page: Page, live_server, visit, follow):
    t = live_server.gettext
    visit("/register")
    follow(page.get_by_role("button", name=t("Create account")))

    expect(page).to_have_title(re.compile("^" + re.escape(t("Error:"))))
    summary = page.get_by_role("alert").filter(has=page.get_by_role("heading"))
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text(t("There is a problem"))
    errors = {
        "email": t("Enter your e-mail address."),
        "display_name": t("Enter the name others will see."),
        "password": t("Choose a password."),
        "password_confirm": t("Repeat the password."),
    }
    for field_id, message in errors.items():
        expect(summary.get_by_role("link", name=message, exact=True)).to_have_attribute(
            "href", f"#{field_id}"
        )
        field = page.locator(f"#{field_id}")
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_accessible_description(re.compile(re.escape(message)))

    summary.get_by_role("link", name=errors["display_name"], exact=True).click()
    expect(page.get_by_label(t("Display name"), exact=True)).to_be_focused()
