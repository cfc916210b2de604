"""The open data page for people, reached from every page's footer; and the API read from
another website by a real browser, which enforces CORS."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def test_the_open_data_page_is_in_the_footer_and_links_the_description(
    page: Page, live_server, visit, follow
):
    t = live_server.gettext
    visit("/")
    follow(page.get_by_role("contentinfo").get_by_role("link", name=t("Open data")))
    expect(page).to_have_url(f"{live_server.url}/api")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Open data"))
    description = page.get_by_role("link", name=f"{live_server.url}/api/v1/openapi.json")
    expect(description).to_have_attribute("href", "/api/v1/openapi.json")


def test_the_open_data_page_fits_a_320_pixel_wide_screen(page: Page, visit):
    page.set_viewport_size({"width": 320, "height": 640})
    visit("/api")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


FETCH = """async ([url, headers]) => {
    try {
        const response = await fetch(url, {headers});
        return {status: response.status, etag: response.headers.get("ETag"),
                body: response.status === 200 ? await response.json() : null};
    } catch (error) {
        return {error: String(error)};
    }
}"""


def test_another_website_can_read_the_api_in_a_browser(page: Page, live_server, page_watch):
    # A page of no origin of ours (about:blank): every request to us is cross-origin.
    page.set_content("<!doctype html><title>Elsewhere</title><p>Another site</p>")
    url = f"{live_server.url}/api/v1/consultations/ruimte-voor-morgen"
    first = page.evaluate(FETCH, [url, {}])
    assert first["status"] == 200 and first["body"]["slug"] == "ruimte-voor-morgen"
    assert first["etag"]  # exposed to scripts of other sites
    # If-None-Match is not a simple header: the browser asks first (a preflight).
    again = page.evaluate(FETCH, [url, {"If-None-Match": first["etag"]}])
    assert again["status"] == 304
    # The rest of the site does not allow it: the browser refuses to hand over the answer.
    refused = page.evaluate(FETCH, [f"{live_server.url}/healthz", {}])
    assert "error" in refused
    expected = [e for e in page_watch.console_errors if "/healthz" in e]
    assert any("CORS" in e for e in expected)
    for error in expected:  # the browser said so in its console, as it should
        page_watch.console_errors.remove(error)
