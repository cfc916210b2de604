"""What every page shares: the language switch, keyboard access, small screens."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect


def test_language_switch(page: Page, live_server, visit, follow):
    t = live_server.gettext
    html = page.locator("html")
    visit("/login")
    expect(html).to_have_attribute("lang", "nl")
    expect(page.get_by_role("button", name="Nederlands")).to_have_attribute("aria-pressed", "true")

    headings = set()
    for code, name in [("en", "English"), ("fr", "Français"), ("nl", "Nederlands")]:
        follow(page.get_by_role("button", name=name))
        expect(page).to_have_url(f"{live_server.url}/login")
        expect(html).to_have_attribute("lang", code)
        expect(page.get_by_role("button", name=name)).to_have_attribute("aria-pressed", "true")
        expect(page.get_by_role("heading", level=1)).to_have_text(t("Log in", code))
        expect(page.get_by_role("link", name=t("Forgot your password?", code))).to_be_visible()
        headings.add(page.get_by_role("heading", level=1).inner_text())
    assert len(headings) == 3, f"the heading is not translated: {headings}"


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(page: Page, live_server, visit):
    t = live_server.gettext
    visit("/login")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name=t("Skip to main content"))
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()

    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label(t("E-mail address"), exact=True)).to_be_focused()


@pytest.mark.parametrize(
    ("path", "status"), [("/", 200), ("/register", 200), ("/no-such-page", 404)]
)
def test_page_fits_a_320_pixel_wide_screen(page: Page, visit, path, status):
    page.set_viewport_size({"width": 320, "height": 640})
    visit(path, status=status)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
