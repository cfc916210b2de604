"""An admin changes the municipality's name and colour in the browser."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from babel.numbers import format_decimal
from playwright.sync_api import Page, expect

from participate.db import db
from participate.demo import DEMO_PASSWORD
from participate.site.models import SiteSettings
from participate.site.services import contrast_ratio


@pytest.fixture
def restore_site_settings(live_server) -> Iterator[None]:
    """The live server's database lives for the session: leave the settings as we found them."""
    with live_server.app.app_context():
        before = db.session.get(SiteSettings, 1)
        saved = (before.municipality_name, before.primary_colour)
    yield
    with live_server.app.app_context():
        settings = db.session.get(SiteSettings, 1)
        settings.municipality_name, settings.primary_colour = saved
        db.session.commit()


@pytest.mark.usefixtures("restore_site_settings")
def test_admin_edits_site_settings(page: Page, live_server, visit, follow):
    t = live_server.gettext
    visit("/login")
    page.get_by_label(t("E-mail address"), exact=True).fill("admin@example.com")
    page.get_by_label(t("Password"), exact=True).fill(DEMO_PASSWORD)
    follow(page.get_by_role("button", name=t("Log in")))
    follow(page.get_by_role("link", name=t("Administration")))  # the tools of one's role
    follow(page.get_by_role("link", name=t("Site settings")))
    expect(page).to_have_url(f"{live_server.url}/admin/settings")

    name = page.get_by_label(t("Name of the municipality"), exact=True)
    colour = page.get_by_label(t("Primary colour"), exact=True)
    name.fill("Gemeente Testveld")
    colour.fill("#7a1f3d")
    follow(page.get_by_role("button", name=t("Save settings")))

    expect(page.get_by_role("status")).to_have_text(t("The settings are saved."))
    header = page.get_by_role("banner")
    expect(header.get_by_role("link", name="Gemeente Testveld")).to_be_visible()
    expect(header).to_have_css("background-color", "rgb(122, 31, 61)")
    expect(colour).to_have_value("#7a1f3d")

    colour.fill("#ffff00")
    follow(page.get_by_role("button", name=t("Save settings")))

    message = t(
        "This colour is too light: white text on it (and the colour on white) has a contrast "
        "of %(ratio)s:1, and at least 4.5:1 is needed. Choose a darker colour.",
        ratio=format_decimal(contrast_ratio("#ffff00", "#ffffff"), format="0.0", locale="nl_BE"),
    )
    expect(colour).to_have_attribute("aria-invalid", "true")
    expect(colour).to_have_accessible_description(re.compile(re.escape(message)))
    expect(page.get_by_role("alert").get_by_role("link", name=message)).to_have_attribute(
        "href", "#primary_colour"
    )
    expect(header).to_have_css("background-color", "rgb(122, 31, 61)")
