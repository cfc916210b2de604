"""A citizen downloads everything we hold about them, then deletes their account: their idea
stays as by a former participant, their votes go and every count stays right."""

from __future__ import annotations

import json

from playwright.sync_api import Page, expect

from participate.db import db
from participate.ideas.models import Idea
from tests.browser.ideas_helpers import (
    PASSWORD,
    cast_vote,
    create_citizen,
    create_consultation,
    create_idea,
)


def _support(live_server, idea_id: int) -> int:
    with live_server.app.app_context():
        return db.session.get(Idea, idea_id).support_count


def test_download_then_delete_my_account(page: Page, live_server, visit, follow, tmp_path):
    t = live_server.gettext
    slug = create_consultation(live_server, "mijn-gegevens", vote_limit=2)
    mira = create_citizen(live_server, "Mira Claes")
    other = create_citizen(live_server, "Tom Jacobs")
    hers = create_idea(live_server, slug, mira, "Een speelplein aan de kerk", "Wonen")
    theirs = create_idea(
        live_server, slug, other, "Meer fietsenstallingen aan het station", "Mobiliteit"
    )
    cast_vote(live_server, hers, other)
    cast_vote(live_server, theirs, mira)
    cast_vote(live_server, theirs, other)
    assert (_support(live_server, hers), _support(live_server, theirs)) == (1, 2)

    visit("/login")
    page.get_by_label(t("E-mail address"), exact=True).fill(mira.email)
    page.get_by_label(t("Password"), exact=True).fill(PASSWORD)
    follow(page.get_by_role("button", name=t("Log in")))
    visit("/account")

    with page.expect_download() as download_info:
        page.get_by_role("link", name=t("Download my data")).click()
    path = tmp_path / "data.json"
    download_info.value.save_as(path)
    data = json.loads(path.read_text())
    assert data["profile"]["email"] == mira.email
    assert [i["title"] for i in data["participation"]["ideas"]] == ["Een speelplein aan de kerk"]
    assert [v["idea_id"] for v in data["participation"]["votes"]] == [theirs]

    follow(page.get_by_role("link", name=t("Delete my account")))
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Delete my account"))
    follow(page.get_by_role("button", name=t("Delete my account for good")))
    expect(page.get_by_role("alert").filter(has=page.get_by_role("heading"))).to_contain_text(
        t("Tick the box to confirm.")
    )
    page.get_by_label(
        t(
            "I understand that my account and my personal data are deleted, and that this cannot be undone."
        )
    ).check()
    page.get_by_label(t("Your password"), exact=True).fill(PASSWORD)
    follow(page.get_by_role("button", name=t("Delete my account for good")))

    expect(page.get_by_role("status")).to_have_text(
        t("Your account and your personal data are deleted. Goodbye!")
    )
    menu = page.get_by_role("navigation", name=t("Main menu"))
    expect(menu.get_by_role("link", name=t("Log in"))).to_be_visible()
    assert (_support(live_server, hers), _support(live_server, theirs)) == (1, 1)

    visit(f"/ideas/{hers}")
    expect(page.get_by_role("main")).to_contain_text(
        t("by %(name)s", name=t("a former participant"))
    )
    expect(page.get_by_role("main")).not_to_contain_text("Mira Claes")
