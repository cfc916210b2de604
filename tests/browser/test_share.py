"""Sharing as a visitor does it in the browser: copying the link (announced in a live region,
and with a plain field to select without JavaScript), sharing through a network's link (our
endpoint counts the click and hands over to the network, and the arrival through the shared
link is counted), Mastodon with the server remembered in the browser only, and the browser's
own share sheet where it exists. Every page of ours on the way is checked with axe.

The networks are never reached: their addresses are answered by a stand-in inside the browser,
and the test then accounts for exactly the one request to another host that the visitor chose."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, Route, expect
from werkzeug.serving import make_server
from werkzeug.wrappers import Response

from tests.browser.conftest import LOCAL_HOST
from tests.browser.ideas_helpers import create_citizen, create_consultation, create_idea
from tests.share.conftest import counts

SLUG = "browser-delen"
STAND_IN = "<!doctype html><html lang='en'><title>Stand-in</title><p>A network's page.</p></html>"


@pytest.fixture(scope="module")
def idea_id(live_server) -> int:
    create_consultation(live_server, SLUG)
    author = create_citizen(live_server, "Lotte Peeters")
    return create_idea(
        live_server, SLUG, author, "Een waterfontein op het Stadsplein", "Groen en natuur"
    )


def stand_in(route: Route) -> None:
    route.fulfill(status=200, content_type="text/html", body=STAND_IN)


def account_for_foreign_request(page_watch, prefix: str) -> str:
    """The one request to another host that the visitor chose; it must be the only one."""
    foreign = set(page_watch.foreign_requests)  # Chromium may report a redirected request twice
    page_watch.foreign_requests.clear()
    assert len(foreign) == 1, foreign
    (chosen,) = foreign
    assert chosen.startswith(prefix), chosen
    return chosen


def test_visitor_copies_the_link_and_hears_that_it_worked(
    page: Page, context, live_server, visit, idea_id
):
    t = live_server.gettext
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    visit(f"/ideas/{idea_id}")
    share = page.get_by_role("region", name=t("Share this idea"))
    with page.expect_response(re.compile(r"/count/copy$")) as beacon:
        share.get_by_role("button", name=t("Copy link")).click()
    expect(share.get_by_role("status")).to_have_text(t("The link is copied."))
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{live_server.url}/ideas/{idea_id}?ref=copy"
    assert beacon.value.status == 204
    assert counts(live_server.app, "idea", str(idea_id), "copy") == (1, 0)


def test_visitor_shares_through_whatsapp_and_a_friend_arrives(
    page: Page, live_server, visit, follow, page_watch, idea_id
):
    t = live_server.gettext
    page.route(re.compile(r"^https://wa\.me/"), stand_in)
    visit(f"/ideas/{idea_id}")
    link = page.get_by_role("link", name=f"{t('Share on')} WhatsApp")
    expect(link).to_have_attribute("href", f"/share/idea/{idea_id}/whatsapp")
    link.click()
    page.wait_for_url(re.compile(r"^https://wa\.me/\?text="))
    chosen = account_for_foreign_request(page_watch, "https://wa.me/?text=")
    text = parse_qs(urlsplit(chosen).query)["text"][0]
    shared_url = f"{live_server.url}/ideas/{idea_id}?ref=whatsapp"
    assert text == f"Een waterfontein op het Stadsplein {shared_url}"
    assert counts(live_server.app, "idea", str(idea_id), "whatsapp") == (1, 0)

    # The friend opens the shared link: counted once, and the address loses the marker.
    visit(shared_url)
    expect(page).to_have_url(f"{live_server.url}/ideas/{idea_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Een waterfontein op het Stadsplein")
    assert counts(live_server.app, "idea", str(idea_id), "whatsapp") == (1, 1)


def without_refresh(route: Route) -> None:
    """Our hand-over page as the server sent it, less its automatic refresh: the visitor then
    sees it, and axe can check it, before following its link."""
    response = route.fetch()
    body = re.sub(r'<meta http-equiv="refresh"[^>]*>', "", response.text())
    route.fulfill(response=response, body=body)


def test_mastodon_server_is_remembered_in_the_browser_only(
    page: Page, live_server, visit, follow, page_watch, idea_id
):
    t = live_server.gettext
    page.route(re.compile(r"^https://mastodon\.gent/"), stand_in)
    page.route(re.compile(rf"/share/idea/{idea_id}/mastodon$"), without_refresh)
    visit(f"/ideas/{idea_id}")
    server = page.get_by_label(t("Your Mastodon server"), exact=True)
    expect(server).to_have_value("")
    server.fill("@lotte@mastodon.gent")
    follow(page.get_by_role("button", name=t("Share on Mastodon")))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t("On to %(host)s", host="mastodon.gent")
    )
    assert counts(live_server.app, "idea", str(idea_id), "mastodon") == (1, 0)
    page.get_by_role("link", name=t("Continue to %(host)s", host="mastodon.gent")).click()
    page.wait_for_url(re.compile(r"^https://mastodon\.gent/share\?text="))
    chosen = account_for_foreign_request(page_watch, "https://mastodon.gent/share?text=")
    assert f"ideas%2F{idea_id}%3Fref%3Dmastodon" in chosen

    visit(f"/ideas/{idea_id}")
    expect(page.get_by_label(t("Your Mastodon server"), exact=True)).to_have_value(
        "@lotte@mastodon.gent"
    )
    stored = page.evaluate("localStorage.getItem('participate.mastodon-server')")
    assert stored == "@lotte@mastodon.gent"


def test_a_bad_mastodon_server_is_refused_with_a_clear_message(
    page: Page, live_server, visit, follow, idea_id
):
    t = live_server.gettext
    visit(f"/ideas/{idea_id}")
    page.get_by_label(t("Your Mastodon server"), exact=True).fill("http://localhost:3000")
    follow(page.get_by_role("button", name=t("Share on Mastodon")))
    expect(page.get_by_role("alert")).to_contain_text(t("There is a problem"))
    expect(page.locator(".error-message")).to_contain_text("localhost:3000")


def test_the_share_sheet_button_appears_only_where_the_browser_has_one(
    page: Page, live_server, visit, idea_id
):
    t = live_server.gettext
    visit(f"/ideas/{idea_id}")
    button = page.get_by_role("button", name=t("Share with an app…"))
    if page.evaluate("typeof navigator.share") == "undefined":
        expect(button).to_be_hidden()
    page.add_init_script(
        "navigator.share = function (data) { window.sharedWith = data; return Promise.resolve(); };"
    )
    visit(f"/ideas/{idea_id}")
    with page.expect_response(re.compile(r"/count/native$")):
        page.get_by_role("button", name=t("Share with an app…")).click()
    shared = page.evaluate("window.sharedWith")
    assert shared["url"] == f"{live_server.url}/ideas/{idea_id}?ref=native"
    assert shared["title"] == "Een waterfontein op het Stadsplein"


def test_without_javascript_the_link_is_there_to_select(browser: Browser, live_server, idea_id):
    t = live_server.gettext
    context = browser.new_context(
        java_script_enabled=False, locale="nl-BE", base_url=live_server.url
    )
    try:
        page = context.new_page()
        foreign: list[str] = []
        page.on(
            "request",
            lambda r: None if r.url.startswith(live_server.url) else foreign.append(r.url),
        )
        response = page.goto(f"/ideas/{idea_id}")
        assert response is not None and response.status == 200
        field = page.get_by_label(t("Link to share"), exact=True)
        expect(field).to_have_value(f"{live_server.url}/ideas/{idea_id}?ref=copy")
        expect(field).to_have_attribute("readonly", "")
        expect(page.get_by_role("button", name=t("Copy link"))).to_be_hidden()
        expect(page.get_by_role("button", name=t("Share with an app…"))).to_be_hidden()
        # Every network is a plain link to our own endpoint.
        links = page.locator(".share-links a")
        hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
        assert hrefs and all(h.startswith(f"/share/idea/{idea_id}/") for h in hrefs)
        assert foreign == []
        # Mastodon without JavaScript: the form, then our page hands over by itself.
        page.route(re.compile(r"^https://toot\.example/"), stand_in)
        page.get_by_label(t("Your Mastodon server"), exact=True).fill("toot.example")
        page.get_by_role("button", name=t("Share on Mastodon")).click()
        page.wait_for_url(re.compile(r"^https://toot\.example/share\?text="))
        assert set(foreign) == {page.url}
    finally:
        context.close()


@contextmanager
def other_website(html: str) -> Iterator[str]:
    """Another website (another origin: its own port) that serves one page."""
    app = Response(html, mimetype="text/html")
    server = make_server(LOCAL_HOST, 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.port}/"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


def test_a_news_website_embeds_the_card_with_its_live_count(
    page: Page, live_server, visit, check_a11y, idea_id
):
    t = live_server.gettext
    visit(f"/embed/idea/{idea_id}")  # the card itself, checked with axe
    oembed = page.request.get(
        f"{live_server.url}/oembed", params={"url": f"{live_server.url}/ideas/{idea_id}"}
    ).json()
    article = (
        "<!doctype html><html lang='nl'><head><title>Nieuws</title></head><body><main>"
        f"<h1>Nieuws uit de gemeente</h1>{oembed['html']}</main></body></html>"
    )
    with other_website(article) as news:
        page.goto(news)
        card = page.frame_locator("iframe")
        expect(card.get_by_role("heading", level=1)).to_have_text(
            "Een waterfontein op het Stadsplein"
        )
        expect(card.locator(".embed-figure")).to_have_text(f"0 {live_server.gettext('supporters')}")
        # Our stylesheet loaded inside the other site's frame (a blocked one is a console error).
        border = card.locator(".embed-card").evaluate("e => getComputedStyle(e).borderTopWidth")
        assert border == "8px"
        expect(card.get_by_role("link", name=t("Read and vote"))).to_have_attribute(
            "href", f"{live_server.url}/ideas/{idea_id}?ref=embed"
        )
        check_a11y()  # the news page with our card in it
