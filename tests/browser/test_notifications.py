"""Notifications in the browser: following a consultation, the municipality's news arriving
by e-mail with a working unsubscribe, and the site-wide announcement banner that a visitor
hides (with JavaScript, without reloading)."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import Page, expect

from participate.db import db, utcnow
from participate.notifications.models import Announcement, AnnouncementUpdate
from tests.browser.ideas_helpers import PASSWORD, create_citizen, create_consultation


def _login(page: Page, live_server, visit, follow, email: str, password: str = PASSWORD) -> None:
    t = live_server.gettext
    visit("/login")
    page.get_by_label(t("E-mail address"), exact=True).fill(email)
    page.get_by_label(t("Password"), exact=True).fill(password)
    follow(page.get_by_role("button", name=t("Log in")))


def test_follow_a_consultation_get_its_news_and_unsubscribe(page: Page, live_server, visit, follow):
    from participate.demo import DEMO_PASSWORD

    t = live_server.gettext
    slug = create_consultation(live_server, "nieuws-volgen")
    citizen = create_citizen(live_server, "Fien Goossens")
    _login(page, live_server, visit, follow, citizen.email)
    visit(f"/consultations/{slug}")
    follow(page.get_by_role("button", name=re.compile("^" + re.escape(t("Follow")))))
    expect(page.get_by_role("status")).to_have_text(
        t("You follow this consultation: we e-mail you its updates and new phases.")
    )
    expect(
        page.get_by_role("button", name=re.compile(re.escape(t("Following"))))
    ).to_have_attribute("aria-pressed", "true")
    follow(
        page.get_by_role("navigation", name=t("Main menu")).get_by_role("button", name=t("Log out"))
    )

    _login(page, live_server, visit, follow, "admin@example.com", DEMO_PASSWORD)
    visit(f"/consultations/{slug}")
    follow(page.get_by_role("link", name=t("Post an update")))
    page.get_by_label(t("Title")).fill("Infoavond op 12 maart")
    page.get_by_label(t("News")).fill("Kom langs in het **gemeentehuis**.")
    follow(page.get_by_role("button", name=t("Post and send")))
    expect(page.get_by_role("heading", name="Infoavond op 12 maart")).to_be_visible()

    [mail] = [m for m in live_server.outbox() if m.to == citizen.email]
    assert "Infoavond op 12 maart" in mail.subject
    unsubscribe = re.fullmatch(r"<(.+)>", mail.headers["List-Unsubscribe"]).group(1)
    assert unsubscribe in mail.text
    visit(unsubscribe)
    follow(page.get_by_role("button", name=t("Yes, stop these e-mails")))
    expect(page.get_by_role("heading", level=1)).to_have_text(t("You are unsubscribed"))


def test_an_announcement_banner_is_hidden_per_visitor(page: Page, live_server, visit):
    t = live_server.gettext
    now = utcnow()
    with live_server.app.app_context():
        item = Announcement(
            title="Infoavond verplaatst naar 19 maart",
            body_md="De infoavond gaat **een week later** door.",
            starts_at=now - timedelta(minutes=5),
            ends_at=now + timedelta(hours=1),
        )
        db.session.add(item)
        db.session.commit()
        item_id = item.id
    try:
        visit("/")
        banner = page.get_by_role("region", name=re.compile("Infoavond verplaatst naar 19 maart"))
        expect(banner).to_be_visible()
        expect(banner).to_contain_text("een week later")
        banner.get_by_role(
            "button", name=re.compile(re.escape(t("Hide this announcement")))
        ).click()
        expect(banner).to_have_count(0)
        expect(page.locator("#main")).to_be_focused()
        visit("/")  # hidden for this visitor from now on
        expect(page.get_by_text("Infoavond verplaatst naar 19 maart")).to_have_count(0)

        with live_server.app.app_context():
            db.session.add(
                AnnouncementUpdate(announcement_id=item_id, body_md="Nu in de **sporthal**.")
            )
            db.session.commit()
        visit("/")  # a follow-up shows it again
        expect(banner).to_contain_text("sporthal")
    finally:
        with live_server.app.app_context():
            db.session.delete(db.session.get(Announcement, item_id))
            db.session.commit()
