"""An admin sets up a consultation in the browser (themes, phases, moderation), a citizen's idea
gets an official status and response from a moderator; every page is checked with axe."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import Page, expect

from participate.db import utcnow
from participate.demo import DEMO_PASSWORD
from tests.browser.ideas_helpers import create_citizen, create_idea


def _log_in(page: Page, live_server, visit, follow, email: str) -> None:
    t = live_server.gettext
    visit("/")
    logout = page.get_by_role("button", name=t("Log out"))
    if logout.count():
        follow(logout)
    visit("/login")
    page.get_by_label(t("E-mail address"), exact=True).fill(email)
    page.get_by_label(t("Password"), exact=True).fill(DEMO_PASSWORD)
    follow(page.get_by_role("button", name=t("Log in")))


def test_admin_sets_up_a_consultation_and_a_moderator_answers_an_idea(
    page: Page, live_server, visit, follow
):
    t = live_server.gettext
    _log_in(page, live_server, visit, follow, "admin@example.com")
    follow(page.get_by_role("link", name=t("Administration")))
    follow(page.get_by_role("link", name=t("Manage consultations")))
    follow(page.get_by_role("link", name=re.compile(t("New consultation"))))

    now = utcnow() + timedelta(hours=2)  # Brussels time is 1-2 hours ahead; days matter here
    fmt = "%Y-%m-%dT%H:%M"
    page.get_by_label(t("Title"), exact=True).fill("Een nieuw park aan de Dijle")
    page.get_by_label(t("Introduction"), exact=True).fill("Hoe richten we het **park** in?")
    page.get_by_label(t("Ideas open"), exact=True).fill((now - timedelta(days=1)).strftime(fmt))
    page.get_by_label(t("Final voting round opens (no new ideas)"), exact=True).fill(
        (now + timedelta(days=20)).strftime(fmt)
    )
    page.get_by_label(t("Closes"), exact=True).fill((now + timedelta(days=30)).strftime(fmt))
    page.get_by_label(t("Results published"), exact=True).fill(
        (now + timedelta(days=40)).strftime(fmt)
    )
    page.get_by_role("radio", name=t("Ideas wait for a moderator before they are public")).check()
    page.get_by_label(
        t("Comments too wait for a moderator (only in a pre-moderated consultation)")
    ).check()
    page.get_by_label(t("Theme"), exact=True).first.fill("Spelen")
    page.get_by_label(t("Theme"), exact=True).nth(1).fill("Natuur")
    follow(page.get_by_role("button", name=t("Save consultation")))
    expect(page.get_by_role("heading", level=1)).to_have_text("Een nieuw park aan de Dijle")
    slug = page.url.rsplit("/", 1)[1]
    expect(page.get_by_role("main")).to_contain_text("Spelen")

    # A citizen's idea there, answered officially by a moderator.
    author = create_citizen(live_server, "Jonas Peeters")
    idea_id = create_idea(
        live_server, slug, author, "Een speeltuin met natuurlijke materialen", "Spelen"
    )
    _log_in(page, live_server, visit, follow, "moderator@example.com")
    visit("/moderation?reason=approval")
    item = page.locator(
        "article.queue-item", has=page.get_by_role("link", name=re.compile("speeltuin"))
    )
    follow(item.get_by_role("button", name=t("Approve and publish")))
    visit(f"/ideas/{idea_id}")
    page.get_by_role("radio", name=t("Under consideration")).check()
    page.get_by_label(t("Official response of the municipality")).fill(
        "We nemen dit mee in het ontwerp van het park."
    )
    follow(page.get_by_role("button", name=t("Publish status and response")))
    response = page.get_by_role("region", name=re.compile(t("Response of the municipality")))
    expect(response).to_contain_text("We nemen dit mee in het ontwerp van het park.")
