"""Moderation in the browser: the pre-moderation flow (a citizen posts, a moderator approves,
the idea is public, its author got the e-mail) and the report flow (reports from three
citizens hide an idea, a moderator reviews it by keyboard and rejects it with a standard
reason); the audit log shows every step. Every page on the way is checked with axe."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from participate.accounts.models import User
from participate.db import db
from participate.demo import DEMO_PASSWORD
from participate.ideas import services as ideas
from participate.moderation import services as moderation
from tests.browser.ideas_helpers import (
    PASSWORD,
    Citizen,
    create_citizen,
    create_consultation,
    create_idea,
)

MODERATOR = "moderator@example.com"
ADMIN = "admin@example.com"


@pytest.fixture
def sign_in(page: Page, live_server, visit, follow) -> Callable[[str, str], None]:
    """`sign_in(email, password)` through the log-in form, after logging out whoever was in."""

    def go(email: str, password: str = PASSWORD) -> None:
        t = live_server.gettext
        visit("/")
        logout = page.get_by_role("button", name=t("Log out"))
        if logout.count():
            follow(logout)
        visit("/login")
        page.get_by_label(t("E-mail address"), exact=True).fill(email)
        page.get_by_label(t("Password"), exact=True).fill(password)
        follow(page.get_by_role("button", name=t("Log in")))

    return go


@pytest.fixture
def sign_out(page: Page, live_server, visit, follow) -> Callable[[], None]:
    def go() -> None:
        visit("/")
        follow(page.get_by_role("button", name=live_server.gettext("Log out")))

    return go


def flash(page: Page):
    return page.locator(".flashes").get_by_role("status")


def queue_item(page: Page, title: str):
    return page.locator("article.queue-item", has=page.get_by_role("link", name=title))


def audit_actions(page: Page, visit, idea_id: int) -> list[str]:
    visit(f"/admin/audit?target_type=ideas&target_id={idea_id}")
    return page.locator("tbody td code").filter(has_text=re.compile(r"^idea\.")).all_inner_texts()


def test_pre_moderation_from_posting_to_publication(
    page: Page, live_server, visit, follow, sign_in, sign_out
):
    t = live_server.gettext
    slug = create_consultation(live_server, "browser-voormoderatie", moderation_mode="pre")
    citizen = create_citizen(live_server, "Lien Vermeulen")
    title = "Een speelstraat in de Molenstraat tijdens de zomer"

    # The citizen posts; the idea waits, and the citizen is told so.
    sign_in(citizen.email)
    visit(f"/consultations/{slug}/ideas/new")
    page.get_by_label(t("Title of your idea"), exact=True).fill(title)
    follow(page.get_by_role("button", name=t("Next")))
    page.get_by_label(t("Describe your idea"), exact=True).fill(
        "In juli en augustus mogen de kinderen in de Molenstraat op straat spelen, zonder auto's."
    )
    page.get_by_role("radio", name="Mobiliteit").check()
    follow(page.get_by_role("button", name=re.compile(re.escape(t("Post my idea")))))
    expect(flash(page)).to_have_text(
        t("Thank you! Your idea is awaiting moderation; we will let you know by e-mail.")
    )
    idea_url = page.url
    idea_id = int(idea_url.rsplit("/", 1)[1])
    expect(page.get_by_role("main")).to_contain_text(
        t("This idea is awaiting moderation. Only you and the moderators can see it.")
    )

    # Nobody else sees it yet: not on its page, not in the list.
    sign_out()
    visit(f"/ideas/{idea_id}", status=404)
    visit(f"/consultations/{slug}")
    expect(page.get_by_role("link", name=title)).to_have_count(0)

    # The moderator finds it in the queue (the navigation counts what waits) and approves it.
    sign_in(MODERATOR, DEMO_PASSWORD)
    nav_link = page.get_by_role("navigation", name=t("Main menu")).get_by_role(
        "link", name=re.compile(re.escape(t("Moderation")))
    )
    expect(nav_link).to_contain_text(re.compile(r"\d+"))
    follow(nav_link)
    item = queue_item(page, title)
    expect(item).to_contain_text(t("Awaiting approval"))
    expect(item).to_contain_text(citizen.name)
    follow(item.get_by_role("button", name=t("Approve and publish")))
    expect(flash(page)).to_have_text(t("Approved: it is public."))
    expect(queue_item(page, title)).to_have_count(0)

    # Public now, for everyone.
    sign_out()
    visit(f"/ideas/{idea_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    visit(f"/consultations/{slug}")
    expect(page.get_by_role("link", name=title)).to_be_visible()

    # The author got the decision by e-mail, with a link to the idea.
    mails = [m for m in live_server.outbox() if m.to == citizen.email]
    assert mails, "the author got no e-mail"
    assert mails[-1].subject == t("Your contribution is published")
    assert f"/ideas/{idea_id}" in mails[-1].text

    # The audit log shows the decision, with who took it.
    sign_in(ADMIN, DEMO_PASSWORD)
    assert "idea.approve" in audit_actions(page, visit, idea_id)


def _report(live_server, idea_id: int, reporter: Citizen) -> None:
    with live_server.app.app_context():
        moderation.report(
            ideas.get_idea(idea_id), db.session.get_one(User, reporter.id), "offensive"
        )
        db.session.commit()


def test_reports_hide_an_idea_until_a_moderator_rejects_it(
    page: Page, live_server, visit, follow, check_a11y, sign_in, sign_out
):
    t = live_server.gettext
    slug = create_consultation(live_server, "browser-meldingen")
    author = create_citizen(live_server, "Dirk Schepers")
    title = "Die mensen van het buurthuis zijn allemaal profiteurs"
    idea_id = create_idea(live_server, slug, author, title, "Wonen")
    for name in ("Eva Claes", "Tom Peeters"):
        _report(live_server, idea_id, create_citizen(live_server, name))

    # The third citizen reports it through the site, and it disappears at once.
    third = create_citizen(live_server, "Ann Smets")
    sign_in(third.email)
    visit(f"/ideas/{idea_id}")
    follow(page.get_by_role("link", name=t("Report this idea")))
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Report this idea"))
    # Sending without a reason is refused, with the error tied to the question.
    follow(page.get_by_role("button", name=t("Send report")))
    expect(page.get_by_role("alert")).to_contain_text(t("Choose a reason."))
    page.get_by_role("radio", name=t("Offensive, hateful or threatening")).check()
    follow(page.get_by_role("button", name=t("Send report")))
    expect(flash(page)).to_have_text(t("Thank you. A moderator will look at your report."))
    sign_out()
    visit(f"/ideas/{idea_id}", status=404)

    # The moderator reviews it in the queue, by keyboard alone, and rejects it with a
    # standard reason and a word of their own.
    sign_in(MODERATOR, DEMO_PASSWORD)
    visit("/moderation?reason=reported")
    item = queue_item(page, title)
    expect(item).to_contain_text(t("hidden"))
    expect(item).to_contain_text(t("Offensive, hateful or threatening"))
    item.get_by_text(t("Reject…")).focus()
    page.keyboard.press("Enter")
    reason_select = item.get_by_label(t("Standard reason"))
    reason_select.focus()
    reason_select.select_option(label="Beledigend of kwetsend")
    item.get_by_label(t("Reason for the author (e-mailed)")).focus()
    page.keyboard.type("Spreek over ideeën, niet over personen.")
    item.get_by_role("button", name=t("Reject and tell the author")).focus()
    with page.expect_event("load"):
        page.keyboard.press("Enter")
    check_a11y()
    expect(flash(page)).to_have_text(t("Rejected: the author received the reason by e-mail."))

    # The author was told why, and still sees the idea, marked; others do not.
    mail = [m for m in live_server.outbox() if m.to == author.email][-1]
    assert mail.subject == t("Your contribution was not published")
    assert "Op dit platform discussiëren we met respect" in mail.text
    assert "Spreek over ideeën, niet over personen." in mail.text
    sign_in(author.email)
    visit(f"/ideas/{idea_id}")
    expect(page.get_by_role("main")).to_contain_text(
        t("This idea was rejected by the moderation. Only you and the moderators can see it.")
    )

    # Every step is in the audit log: the automatic hiding and the moderator's decision.
    sign_in(ADMIN, DEMO_PASSWORD)
    actions = audit_actions(page, visit, idea_id)
    assert "idea.auto_hide" in actions
    assert "idea.reject" in actions


def test_every_moderation_page_passes_axe(
    page: Page, live_server, visit, follow, check_a11y, sign_in
):
    """The moderators' pages with the demo's queue in them: the queue (held, reported and
    hidden items, with every decision form open), an idea's moderation panel, the merge,
    edit and town-hall forms, people, and the admins' settings."""
    t = live_server.gettext
    sign_in(ADMIN, DEMO_PASSWORD)
    visit("/moderation")
    expect(page.locator("article.queue-item").first).to_be_visible()
    for details in page.locator("details.action-details").all():
        details.evaluate("el => { el.open = true; }")
    check_a11y()  # again, with every decision form open

    idea_link = page.locator("article.queue-item h2 a").first
    follow(idea_link)
    expect(page.get_by_role("region", name=re.compile(t("Moderation")))).to_be_visible()
    idea_id = int(page.url.split("#")[0].rsplit("/", 1)[1])
    follow(page.get_by_role("link", name=t("Merge into another idea")).first)
    visit(f"/moderation/idea/{idea_id}/edit")
    visit("/moderation/consultations/ruimte-voor-morgen/offline-idea")
    follow(page.get_by_role("button", name=t("Publish the idea")))  # empty: errors, 422
    expect(page.get_by_role("alert")).to_be_visible()
    visit("/moderation/people")
    visit("/moderation/people?q=a")
    follow(page.locator("main ul a").first)
    visit("/admin/moderation")
    follow(page.get_by_role("link", name=t("Add a reason")))
