"""Browser tests: Debian's Chromium, driven by Playwright, against a live server.

The live server is a second app on its own database (a SQLite file, or a PostgreSQL database
beside TEST_DATABASE_URL), migrated and seeded with the demo settings and accounts once per
session. Its requests commit for real, so these tests do not run in a rolled-back transaction.

Every page a test visits is checked with axe (WCAG 2.1 A and AA), and a test fails if its page
asked another host for anything or logged a console error (a CSP violation, a script error):
`visit(path)` loads and checks a page, `follow(locator)` clicks a link or button that loads
a new page and checks that one. A test that loads a page some other way must call
`check_a11y(page)` itself; the `page` fixture fails any test that left a page unchecked.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from flask_babel import force_locale, gettext
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Locator,
    Page,
    Playwright,
    Request,
)
from playwright.sync_api import Response as PageResponse
from werkzeug.serving import BaseWSGIServer, make_server

from participate import create_app, demo, migrate
from participate.db import db
from participate.mail import SentMail, outbox
from tests.conftest import app_test_config, database_url_for

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium calls home, which a closed network punishes.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
LOCAL_HOST = "127.0.0.1"
HERE = Path(__file__).parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip = pytest.mark.skip(
        reason=f"{CHROMIUM} is missing: `make test` installs it as root, "
        "or run `sudo apt-get install chromium`"
    )
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                item.add_marker(skip)


@pytest.fixture(autouse=True)
def _db_transaction() -> None:
    """The live server needs its requests to commit for real (overrides tests/conftest.py)."""


@dataclass
class LiveServer:
    url: str
    app: Flask

    def outbox(self) -> list[SentMail]:
        with self.app.app_context():
            return list(outbox())

    def gettext(self, message: str, locale: str = "nl", **variables: Any) -> str:
        """`message` as the live app shows it in `locale`: the tests then pass whether or not
        that language's catalog translates it yet."""
        with self.app.test_request_context(), force_locale(locale):
            return gettext(message, **variables)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    # RATELIMIT_ENABLED stays as in the other tests: the Limiter is one object shared by both
    # apps and takes `enabled` from the app bound last, so False here would switch rate
    # limiting off for every test after this one. The autouse fixture resets it per test.
    app = create_app(
        app_test_config(database_url_for(tmp_path_factory, "_browser"), WTF_CSRF_ENABLED=True)
    )
    with app.app_context():
        migrate.upgrade()
        demo.seed_demo()
        db.session.commit()
    server: BaseWSGIServer = make_server(LOCAL_HOST, 0, app, threaded=True)
    url = f"http://{LOCAL_HOST}:{server.port}"
    app.config["BASE_URL"] = url  # read per request, for the links in e-mails
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(url=url, app=app)
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
        app.extensions["participate.engine"].dispose()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def context(browser: Browser, live_server: LiveServer) -> Iterator[BrowserContext]:
    context = browser.new_context(locale="nl-BE", base_url=live_server.url)
    yield context
    context.close()


@dataclass
class PageWatch:
    """What a page did that a test must answer for."""

    foreign_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    documents: set[str] = field(default_factory=set)
    loaded: list[str] = field(default_factory=list)
    checked: int = 0

    def take_problems(self) -> list[str]:
        """The problems seen since the last call (each is reported once)."""
        found = [f"request to another host: {url}" for url in self.foreign_requests]
        found += [f"console error: {text}" for text in self.console_errors]
        self.foreign_requests.clear()
        self.console_errors.clear()
        return found


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"data", "blob"} or parts.hostname == LOCAL_HOST


@pytest.fixture
def page_watch() -> PageWatch:
    return PageWatch()


@pytest.fixture
def page(context: BrowserContext, page_watch: PageWatch, live_server: LiveServer) -> Iterator[Page]:
    watch = page_watch

    def on_request(request: Request) -> None:
        if not _is_local(request.url):
            watch.foreign_requests.append(request.url)
        if request.is_navigation_request():
            watch.documents.add(request.url)

    def on_console(message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        url = message.location.get("url")
        # Chromium logs a page answered with 404 or 422 as a failed load; `visit` checks the
        # status of pages. A stylesheet or script that fails to load is still an error.
        if message.text.startswith("Failed to load resource") and url in watch.documents:
            return
        watch.console_errors.append(f"{message.text} ({url})")

    def on_load(loaded_page: Page) -> None:
        if loaded_page.url.startswith(live_server.url):
            watch.loaded.append(loaded_page.url)

    context.on("request", on_request)
    page = context.new_page()
    page.on("console", on_console)
    page.on("pageerror", lambda error: watch.console_errors.append(f"uncaught: {error}"))
    page.on("load", on_load)
    yield page
    problems = watch.take_problems()
    unchecked = watch.loaded[watch.checked :]
    if unchecked:
        problems.append(f"pages loaded but not checked with axe: {unchecked}")
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def _describe(violation: dict[str, Any]) -> str:
    nodes = "\n".join(
        f"      {', '.join(map(str, node['target']))}: {node.get('failureSummary', '')}".replace(
            "\n", " "
        )
        for node in violation["nodes"]
    )
    return f"  {violation['id']} ({violation['impact']}): {violation['help']}\n{nodes}"


@pytest.fixture
def check_a11y(page: Page, page_watch: PageWatch) -> Callable[[], None]:
    """`check_a11y()` checks the page as it is now: axe's WCAG 2.1 A and AA rules, no request
    to another host, no console error."""
    axe = Axe()

    def check() -> None:
        page.wait_for_load_state("load")
        results = axe.run(page, options=AXE_OPTIONS).response
        page_watch.checked = len(page_watch.loaded)
        problems = [_describe(v) for v in results["violations"]]
        problems += [f"  {p}" for p in page_watch.take_problems()]
        if problems:
            pytest.fail(f"{page.url} is not clean:\n" + "\n".join(problems), pytrace=False)

    return check


@pytest.fixture
def visit(page: Page, check_a11y: Callable[[], None]) -> Callable[..., PageResponse]:
    """`visit(path, status=200)` opens a page of the live server and checks it."""

    def go(path: str, status: int = 200) -> PageResponse:
        response = page.goto(path)
        assert response is not None
        assert response.status == status, f"{path} answered {response.status}"
        check_a11y()
        return response

    return go


@pytest.fixture
def follow(page: Page, check_a11y: Callable[[], None]) -> Callable[[Locator], None]:
    """`follow(locator)` clicks a link or submit button, waits for the page it leads to (after
    any redirects) and checks that page."""

    def click(locator: Locator) -> None:
        with page.expect_event("load"):
            locator.click()
        check_a11y()

    return click
