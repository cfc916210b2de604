"""A citizen takes the self-test in Chromium (with JavaScript: each answer swaps in the next
statement), skips some statements, marks some as important, gets the expected ranking, and
the permalink shows the result, not the answers, in a fresh browser context. Every page and
every statement screen is checked with axe. The council's figures then equal the answers."""

from __future__ import annotations

import uuid

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from participate.db import db
from participate.demo import DEMO_PASSWORD
from participate.selftest.aggregates import aggregates
from participate.selftest.models import SelfTest
from participate.selftest.services import get_by_slug
from tests.browser.conftest import AXE_OPTIONS, _describe
from tests.selftest.helpers import build_selftest

# Profiles (tests/selftest/helpers.py): Groen 4 4 0 2 · Stad 0 4 4 4 · Dorp 2 0 0 0.
# The citizen: s1 fully agree and important; s2 skipped; s3 no opinion; s4 agree.
# Groen (2×100 + 75) / 3 = 92 %, Dorp (2×50 + 25) / 3 = 42 %, Stad (2×0 + 75) / 3 = 25 %.
ANSWERS = [("4", True), (None, False), ("none", False), ("3", False)]
EXPECTED = [("Groen", "92%"), ("Dorp", "42%"), ("Stad", "25%")]


@pytest.fixture
def selftest(live_server) -> str:
    slug = f"zelftest-{uuid.uuid4().hex[:8]}"
    with live_server.app.app_context():
        build_selftest(slug=slug)
        db.session.commit()
    return slug


def ranking(page: Page) -> list[tuple[str, str]]:
    items = page.locator("[data-ranking] li")
    return [
        (item.locator(".ranking-name").inner_text(), item.locator(".ranking-percent").inner_text())
        for item in items.all()
    ]


def test_citizen_takes_the_whole_test_and_opens_the_permalink_elsewhere(
    page: Page, browser: Browser, live_server, selftest, visit, follow, check_a11y, page_watch
):
    t = live_server.gettext
    visit(f"/selftests/{selftest}")
    follow(page.get_by_role("link", name=t("Start the test")))

    progress = page.locator(".selftest-progress")
    total = len(ANSWERS)
    for number, (value, important) in enumerate(ANSWERS, start=1):
        expect(progress).to_have_text(
            t("Question %(number)d of %(total)d", number=number, total=total)
        )
        if number > 1:
            expect(page.locator("h1")).to_be_focused()  # moved there by the script
        check_a11y()  # each statement screen, as the script shows it
        if number == 3:
            # "Next" without an answer: the error comes in place, is focused and checked.
            page.get_by_role("button", name=t("Next")).click()
            error = page.locator("#answer-error")
            expect(error).to_contain_text(t("Choose an answer, or skip this statement."))
            expect(error).to_be_focused()
            # Chromium logs the expected 422 of that request as a failed load: not a problem.
            page_watch.console_errors[:] = [
                e for e in page_watch.console_errors if "(UNPROCESSABLE ENTITY)" not in e
            ]
            check_a11y()
        if value is not None:
            page.locator(f"label[for=answer-{value}]").click()
        if important:
            page.get_by_label(t("This matters a lot to me")).check()
        if value is None:
            button = t("Skip")
        else:
            button = t("Next") if number < total else t("To the overview")
        if number == 2:
            # Back to the first statement: the answer and the mark are still there.
            page.get_by_role("link", name=t("Back")).click()
            expect(progress).to_have_text(
                t("Question %(number)d of %(total)d", number=1, total=total)
            )
            expect(page.locator("#answer-4")).to_be_checked()
            expect(page.get_by_label(t("This matters a lot to me"))).to_be_checked()
            page.get_by_role("button", name=t("Next")).click()
            expect(progress).to_have_text(
                t("Question %(number)d of %(total)d", number=2, total=total)
            )
        if number < total:
            page.get_by_role("button", name=button, exact=True).click()
        else:
            follow(page.get_by_role("button", name=button, exact=True))  # to the review page

    assert page.url.endswith(f"/selftests/{selftest}/review")
    follow(page.get_by_role("button", name=t("Show my result")))
    assert "/selftest-results/" in page.url
    assert ranking(page) == EXPECTED
    expect(page.locator("svg.result-chart")).to_have_attribute("role", "img")
    expect(page.locator("table.comparison")).to_be_visible()  # the owner sees the comparison
    assert EXPECTED[0][0] in page.title()

    # The permalink, in a fresh browser: the result, not the answers.
    permalink = page.locator("[data-permalink]").get_attribute("href")
    assert permalink and permalink.startswith(live_server.url)
    fresh = browser.new_context(locale="nl-BE")
    try:
        other = fresh.new_page()
        response = other.goto(permalink)
        assert response is not None and response.status == 200
        assert ranking(other) == EXPECTED
        assert other.locator("table.comparison").count() == 0
        assert other.get_by_role("button", name=t("Delete my result and answers")).count() == 0
        violations = Axe().run(other, options=AXE_OPTIONS).response["violations"]
        assert not violations, "\n".join(_describe(v) for v in violations)
    finally:
        fresh.close()

    # The figures equal what the citizen put in.
    with live_server.app.app_context():
        version = get_by_slug(selftest).current_version
        figures = aggregates(version)
        assert figures.completions == 1
        assert [(p.name, n) for p, n in figures.first_places] == [
            ("Groen", 1),
            ("Stad", 0),
            ("Dorp", 0),
        ]
        rows = [(f.counts, f.skipped, f.important) for f in figures.statements]
    steps = (0, 1, 2, 3, 4, None)
    only = lambda step: {s: (1 if s == step else 0) for s in steps}  # noqa: E731
    assert rows == [
        (only(4), 0, 1),
        (dict.fromkeys(steps, 0), 1, 0),
        (only(None), 0, 0),
        (only(3), 0, 0),
    ]


def test_council_sees_the_figures_and_admin_the_editor(
    page: Page, live_server, selftest, visit, follow
):
    t = live_server.gettext
    with live_server.app.app_context():
        selftest_id = db.session.scalar(
            db.session.query(SelfTest.id).filter_by(slug=selftest).statement
        )

    visit("/login")
    page.get_by_label(t("E-mail address"), exact=True).fill("admin@example.com")
    page.get_by_label(t("Password"), exact=True).fill(DEMO_PASSWORD)
    follow(page.get_by_role("button", name=t("Log in")))
    visit("/admin/selftests")
    visit(f"/admin/selftests/{selftest_id}")
    follow(page.get_by_role("link", name=t("Add a statement")))
    follow(page.get_by_role("button", name=t("Save statement")))  # empty: refused, with errors
    expect(page.locator(".error-summary")).to_be_visible()
    visit(f"/admin/selftests/{selftest_id}/profiles/1")
    visit(f"/admin/selftests/{selftest_id}/settings")
    visit(f"/admin/selftests/{selftest_id}/figures")
    expect(page.locator("[data-completions]")).to_be_visible()


def test_the_test_works_without_javascript(browser: Browser, live_server, selftest):
    """Each answer a form post and a new page. (axe needs JavaScript to run: these same
    pages, the error state included, are checked in the test above.)"""
    t = live_server.gettext
    context = browser.new_context(
        locale="nl-BE", base_url=live_server.url, java_script_enabled=False
    )
    try:
        page = context.new_page()

        page.goto(f"/selftests/{selftest}/questions/1")
        page.locator("label[for=answer-0]").click()
        with page.expect_navigation():
            page.get_by_role("button", name=t("Next")).click()
        expect(page.locator(".selftest-progress")).to_have_text(
            t("Question %(number)d of %(total)d", number=2, total=4)
        )
        assert page.url.endswith(f"/selftests/{selftest}/questions/2")
        # Next without an answer: the error is on the page, linked to the statement.
        with page.expect_navigation():
            page.get_by_role("button", name=t("Next")).click()
        expect(page.locator("#answer-error")).to_contain_text(
            t("Choose an answer, or skip this statement.")
        )
        for _ in range(3):
            with page.expect_navigation():
                page.get_by_role("button", name=t("Skip")).click()
        assert page.url.endswith(f"/selftests/{selftest}/review")
        with page.expect_navigation():
            page.get_by_role("button", name=t("Show my result")).click()
        # Fully disagreeing with s1 only: Stad (0) 100 %, Dorp (2) 50 %, Groen (4) 0 %.
        assert ranking(page) == [("Stad", "100%"), ("Dorp", "50%"), ("Groen", "0%")]
    finally:
        context.close()
