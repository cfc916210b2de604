"""The council's results in Chromium: the demo council member downloads each format from the
export page (Playwright's download API) and the numbers in each file match what the site
shows; the report, the participation dashboard and the public results page are clean for axe
(WCAG 2.1 AA) and load nothing from elsewhere."""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
import zipfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import jsonschema
import openpyxl
import pytest
from playwright.sync_api import Page, expect

from participate.consultations.models import ModerationMode, VotingMode
from participate.consultations.services import ThemeInput, save_consultation
from participate.db import db, utcnow
from participate.demo import DEMO_PASSWORD
from participate.demo_content import SLUG, TITLE
from tests.results.helpers import SCHEMA

COUNCIL = "raad@example.com"


@pytest.fixture
def sign_in(page: Page, live_server, visit, follow) -> Callable[[str], None]:
    def go(email: str) -> None:
        t = live_server.gettext
        visit("/login")
        page.get_by_label(t("E-mail address"), exact=True).fill(email)
        page.get_by_label(t("Password"), exact=True).fill(DEMO_PASSWORD)
        follow(page.get_by_role("button", name=t("Log in")))

    return go


def site_figures(page: Page) -> tuple[int, dict[int, int]]:
    """The number of ideas the consultation page announces, and the supporters of each idea
    on its first page."""
    total = int(page.locator("#ideas-title .count").inner_text().strip("() "))
    cards = page.locator("article.idea-card")
    supporters = {}
    for card in cards.all():
        idea_id = int(card.get_attribute("id").removeprefix("idea-"))
        supporters[idea_id] = int(card.locator("[data-support-count]").inner_text())
    return total, supporters


def read_download(fmt: str, path: Path, supporters_header: str) -> tuple[int, dict[int, int]]:
    """(ideas in the summary, supporters per idea) as the file holds them."""
    if fmt == "json":
        document = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.validate(document, SCHEMA, format_checker=jsonschema.FormatChecker())
        rows = {row["id"]: row["supporters"] for row in document["ideas"]}
        assert document["summary"]["ideas"] == len(rows)
        return document["summary"]["ideas"], rows
    if fmt == "csv":
        archive = zipfile.ZipFile(path)

        def table(name: str) -> list[dict[str, str]]:
            return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))

        summary = {row["figure"]: row["value"] for row in table("summary.csv")}
        rows = {int(row["id"]): int(row["supporters"]) for row in table("ideas.csv")}
        return int(summary["ideas"]), rows
    book = openpyxl.load_workbook(path)
    summary_sheet, ideas_sheet = book.worksheets[0], book.worksheets[1]
    figures = list(summary_sheet.iter_rows(min_row=11, values_only=True))
    header = [cell.value for cell in ideas_sheet[1]]
    number, supporters = 0, header.index(supporters_header)
    rows = {
        row[number]: row[supporters] for row in ideas_sheet.iter_rows(min_row=2, values_only=True)
    }
    return figures[0][1], rows


@pytest.mark.parametrize(
    ("fmt", "label"),
    [
        ("xlsx", "Spreadsheet (Excel, LibreOffice): XLSX"),
        ("csv", "CSV files in a ZIP, one per table"),
        ("json", "JSON, the open-data form"),
    ],
)
def test_the_council_downloads_each_format_and_the_numbers_match_the_site(
    page: Page, live_server, visit, follow, sign_in, tmp_path, fmt, label
):
    t = live_server.gettext
    sign_in(COUNCIL)
    visit(f"/consultations/{SLUG}")
    total, supporters = site_figures(page)
    assert total > 20 and supporters

    follow(page.get_by_role("link", name=t("Administration")))
    follow(page.get_by_role("link", name=t("Results and exports")))
    follow(page.get_by_role("link", name=TITLE))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t("Export the results: %(title)s", title=TITLE)
    )
    page.get_by_label(t(label)).check()
    with page.expect_download() as info:
        page.get_by_role("button", name=t("Export")).click()
    download = info.value
    assert download.failure() is None
    assert download.suggested_filename.startswith(f"{SLUG}-results-")
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    ideas, rows = read_download(fmt, path, t("Supporters"))
    assert ideas == total == len(rows)
    for idea_id, count in supporters.items():
        assert rows[idea_id] == count, idea_id


def test_the_council_opens_the_report_and_the_dashboard_from_the_consultation_page(
    page: Page, live_server, visit, follow, sign_in
):
    t = live_server.gettext
    sign_in(COUNCIL)
    visit(f"/consultations/{SLUG}")
    total, _supporters = site_figures(page)
    tools = page.locator("[data-results-tools]")

    follow(tools.get_by_role("link", name=t("Report for the council")))
    expect(page.locator('[data-figure="ideas"]')).to_have_text(str(total))
    expect(page.locator(".results-chart").first).to_be_visible()
    page.emulate_media(media="print")  # the print stylesheet: no navigation on paper
    expect(page.locator(".site-header")).to_be_hidden()
    page.emulate_media(media="screen")

    visit(f"/consultations/{SLUG}")
    follow(page.locator("[data-results-tools]").get_by_role("link", name=t("Participation")))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t("Participation: %(title)s", title=TITLE)
    )
    expect(page.locator("[data-days] tbody tr").first).to_be_visible()
    follow(page.get_by_role("link", name=t("Participation in all consultations")))


def test_a_bad_date_range_is_explained_on_the_form(
    page: Page, live_server, visit, sign_in, check_a11y
):
    t = live_server.gettext
    sign_in(COUNCIL)
    visit(f"/admin/results/{SLUG}/export")
    page.get_by_label(t("JSON, the open-data form")).check()
    page.get_by_label(t("From"), exact=True).fill("2026-03-31")
    page.get_by_label(t("Until"), exact=True).fill("2026-03-01")
    with page.expect_navigation():
        page.get_by_role("button", name=t("Export")).click()
    check_a11y()  # the form again, with its errors (a 422)

    expect(page.locator(".error-summary")).to_contain_text(
        t("The date range is empty: it ends before it starts. Choose an end on or after the start.")
    )


def test_the_public_results_page_and_the_not_yet_page(page: Page, live_server, visit, follow):
    t = live_server.gettext
    slug = f"resultaten-{uuid.uuid4().hex[:8]}"
    now = utcnow()
    with live_server.app.app_context():
        save_consultation(
            None,
            title="Een afgerond traject",
            slug=slug,
            intro_md="Wat vonden de inwoners?",
            moderation_mode=ModerationMode.POST,
            voting_mode=VotingMode.SUPPORT,
            vote_limit=None,
            ideas_open_at=now - timedelta(days=40),
            voting_open_at=now - timedelta(days=30),
            closed_at=now - timedelta(days=20),
            results_at=now - timedelta(days=1),
            themes=[ThemeInput("Groen", "#1d6b3a"), ThemeInput("Wonen", "#7a3b8f")],
        )
        db.session.commit()

    visit(f"/consultations/{slug}")
    follow(page.get_by_role("link", name=t("See the results")))
    assert re.search(rf"/consultations/{slug}/results$", page.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t("Results: %(title)s", title="Een afgerond traject")
    )
    visit(f"/consultations/{SLUG}/results", status=404)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t("The results are not published yet")
    )
