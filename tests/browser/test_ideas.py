"""Posting an idea with a photo, voting and withdrawing, commenting and replying, as citizens do
it in the browser; every page on the way is checked with axe.

The tests use their own consultation (open for ideas, three votes per citizen) and their own
citizens, so they do not depend on the demo data and not on each other."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from io import BytesIO

import pytest
from PIL import Image
from playwright.sync_api import Browser, Locator, Page, Request, expect

from tests.browser.ideas_helpers import (
    PASSWORD,
    Citizen,
    cast_vote,
    create_citizen,
    create_consultation,
    create_idea,
    ideas_by,
    jpeg_with_exif,
    plural,
)

SLUG = "browser-ideeen"
VOTE_LIMIT = 3


@pytest.fixture(scope="module")
def consultation(live_server) -> str:
    """The slug of this module's consultation."""
    return create_consultation(live_server, SLUG, vote_limit=VOTE_LIMIT)


@pytest.fixture
def citizen(live_server) -> Citizen:
    return create_citizen(live_server, "Sofie Janssens")


@pytest.fixture
def neighbour(live_server) -> Citizen:
    """Another citizen, who posted the ideas that are already there."""
    return create_citizen(live_server, "Wim Maes")


def log_in_on(page: Page, live_server, citizen: Citizen) -> None:
    t = live_server.gettext
    page.get_by_label(t("E-mail address"), exact=True).fill(citizen.email)
    page.get_by_label(t("Password"), exact=True).fill(PASSWORD)


@pytest.fixture
def log_in(page: Page, live_server, visit, follow) -> Callable[[Citizen], None]:
    """`log_in(citizen)` through the log-in form."""

    def go(citizen: Citizen) -> None:
        t = live_server.gettext
        visit("/login")
        log_in_on(page, live_server, citizen)
        follow(page.get_by_role("button", name=t("Log in")))
        expect(flash(page)).to_have_text(t("Welcome, %(name)s.", name=citizen.name))

    return go


def flash(page: Page) -> Locator:
    """The message the site shows after a form was sent."""
    return page.locator(".flashes").get_by_role("status")


def test_citizen_posts_an_idea_with_a_photo(
    page: Page,
    live_server,
    visit,
    follow,
    check_a11y,
    consultation,
    citizen,
    neighbour,
    log_in,
    tmp_path,
):
    t = live_server.gettext
    existing = create_idea(
        live_server, consultation, neighbour, "Meer bomen in de Kerkstraat", "Groen en natuur"
    )
    photo = jpeg_with_exif(tmp_path / "kerkplein.jpg")
    title = "Bomen en bankjes op het Kerkplein"

    log_in(citizen)
    follow(page.get_by_role("link", name=f"Testraadpleging {consultation}"))
    expect(page).to_have_url(f"{live_server.url}/consultations/{consultation}")
    follow(page.get_by_role("link", name=t("Post an idea")))

    # Step 1: the title, so that similar ideas can be shown first.
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Post an idea"))
    page.get_by_label(t("Title of your idea"), exact=True).fill(title)
    follow(page.get_by_role("button", name=t("Next")))

    # Step 2: an idea that looks alike is shown, with a way to support it instead.
    similar = page.get_by_role("region", name=t("These ideas look alike"))
    expect(similar.get_by_role("link", name="Meer bomen in de Kerkstraat")).to_have_attribute(
        "href", f"/ideas/{existing}"
    )
    title_field = page.get_by_label(t("Title of your idea"), exact=True)
    expect(title_field).to_have_value(title)

    # While the title changes, ideas that look alike are suggested without leaving the page.
    title_field.fill("Bomen op het Kerkplein")
    suggestions = page.locator("[data-similar-live]")
    expect(suggestions.get_by_role("link", name="Meer bomen in de Kerkstraat")).to_be_visible()
    check_a11y()
    title_field.fill(title)

    page.get_by_label(t("Describe your idea"), exact=True).fill(
        "Het Kerkplein is nu een grote **stenen** vlakte. Met bomen en bankjes wordt het een "
        "plek waar je in de zomer in de schaduw kunt zitten."
    )
    page.get_by_role("radio", name="Groen en natuur").check()
    page.get_by_label(t("Place (optional)"), exact=True).fill("Kerkplein")
    page.get_by_label(t("Photo (optional)"), exact=True).set_input_files(photo)
    page.get_by_label(t("What does the photo show? (optional)"), exact=True).fill(
        "Het kale Kerkplein op een zomerdag"
    )
    follow(page.get_by_role("button", name=t("Post my idea anyway")))

    # The idea's own page: title, success message, the photo without its hidden data.
    expect(page).to_have_url(re.compile(rf"^{re.escape(live_server.url)}/ideas/\d+$"))
    expect(flash(page)).to_have_text(t("Thank you! Your idea is published."))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("main")).to_contain_text(f"{t('Place:')} Kerkplein")
    expect(page.get_by_role("main")).to_contain_text("Groen en natuur")
    expect(page.get_by_role("main").locator("strong", has_text="stenen")).to_be_visible()
    image = page.get_by_role("img", name="Het kale Kerkplein op een zomerdag")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth") > 0
    served = page.request.get(image.get_attribute("src"))
    assert served.ok
    assert served.headers["content-type"] == "image/jpeg"
    with Image.open(BytesIO(served.body())) as stored:
        assert stored.size == (1200, 800)
        assert not stored.getexif(), "the photo still carries EXIF data"

    # And it is in the consultation's list.
    follow(page.get_by_role("link", name=f"Testraadpleging {consultation}"))
    expect(page.get_by_role("article", name=title)).to_be_visible()
    assert ideas_by(live_server, citizen) == 1


def vote_in_place(
    page: Page, live_server, page_watch, box: Locator, *, count: int, left: int
) -> None:
    """Support the idea in `box` and withdraw the vote again, without the page reloading:
    the count, the button's state, the votes left and the announcement follow each click."""
    t = live_server.gettext
    url = page.url
    loaded = list(page_watch.loaded)
    page.evaluate("window.sameDocument = true")
    button = box.get_by_role("button", name=t("Support"))
    words = {plural(live_server, "supporter", "supporters", n) for n in (1, 2)}
    tally = box.get_by_text(re.compile(rf"^\s*\d+\s+({'|'.join(map(re.escape, words))})\s*$"))
    status = box.get_by_role("status")
    votes_left = page.locator("[data-votes-left]")

    def supporters(n: int) -> str:
        return f"{n} {plural(live_server, 'supporter', 'supporters', n)}"

    def remaining(n: int) -> str:
        return plural(live_server, "You have %(num)d vote left.", "You have %(num)d votes left.", n)

    expect(tally).to_have_text(supporters(count))
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(votes_left).to_have_text(remaining(left))

    button.click()
    expect(status).to_have_text(t("Your vote is counted."))
    expect(tally).to_have_text(supporters(count + 1))
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(votes_left).to_have_text(remaining(left - 1))

    button.click()
    expect(status).to_have_text(t("Your vote is withdrawn."))
    expect(tally).to_have_text(supporters(count))
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(votes_left).to_have_text(remaining(left))

    assert page.url == url
    assert page.evaluate("window.sameDocument") is True, "the page was loaded again"
    assert page_watch.loaded == loaded


def test_voting_without_reload_and_withdrawing(
    page: Page, live_server, visit, page_watch, consultation, citizen, neighbour, log_in
):
    idea = create_idea(
        live_server, consultation, neighbour, "Een fietsstraat langs de basisschool", "Mobiliteit"
    )
    other = create_idea(
        live_server, consultation, neighbour, "Een speelstraat in de zomervakantie", "Wonen"
    )
    cast_vote(live_server, other, citizen)  # one of the three votes is spent: two are left

    log_in(citizen)
    visit(f"/consultations/{consultation}")
    vote_in_place(page, live_server, page_watch, page.locator(f"#idea-{idea}"), count=0, left=2)

    visit(f"/ideas/{idea}")
    votes = page.get_by_role("complementary", name=live_server.gettext("Votes"))
    vote_in_place(page, live_server, page_watch, votes, count=0, left=2)


@pytest.fixture
def page_without_script(browser: Browser, live_server) -> Iterator[Page]:
    """A page that runs no JavaScript. axe cannot run there (it is a script), so these pages
    are not checked with it: the same templates are, with scripts on. A request to another
    host still fails the test."""
    context = browser.new_context(
        locale="nl-BE", base_url=live_server.url, java_script_enabled=False
    )
    foreign: list[str] = []

    def on_request(request: Request) -> None:
        if not request.url.startswith(f"{live_server.url}/"):
            foreign.append(request.url)

    context.on("request", on_request)
    yield context.new_page()
    context.close()
    assert not foreign, f"requests to other hosts: {foreign}"


def test_voting_without_javascript_returns_to_the_same_place(
    page_without_script: Page, live_server, consultation, citizen, neighbour
):
    t = live_server.gettext
    page = page_without_script
    idea = create_idea(
        live_server, consultation, neighbour, "Een bank bij de bushalte aan het station", "Wonen"
    )
    page.goto("/login")
    log_in_on(page, live_server, citizen)
    page.get_by_role("button", name=t("Log in")).click()
    expect(flash(page)).to_have_text(t("Welcome, %(name)s.", name=citizen.name))

    list_url = f"{live_server.url}/consultations/{consultation}"
    page.goto(list_url)
    card = page.locator(f"#idea-{idea}")
    card.get_by_role("button", name=t("Support")).click()
    expect(page).to_have_url(f"{list_url}#idea-{idea}")
    expect(flash(page)).to_have_text(t("Your vote is counted."))
    card = page.locator(f"#idea-{idea}")
    expect(card).to_be_in_viewport()
    expect(card.get_by_role("button", name=t("Support"))).to_have_attribute("aria-pressed", "true")
    expect(card).to_contain_text(f"1 {plural(live_server, 'supporter', 'supporters', 1)}")
    expect(page.locator("[data-votes-left]")).to_have_text(
        plural(live_server, "You have %(num)d vote left.", "You have %(num)d votes left.", 2)
    )

    page.goto(f"/ideas/{idea}")
    page.get_by_role("button", name=t("Support")).click()
    expect(page).to_have_url(f"{live_server.url}/ideas/{idea}")
    expect(flash(page)).to_have_text(t("Your vote is withdrawn."))
    expect(page.get_by_role("button", name=t("Support"))).to_have_attribute("aria-pressed", "false")
    expect(page.get_by_role("complementary")).to_contain_text(
        f"0 {plural(live_server, 'supporter', 'supporters', 0)}"
    )


def test_commenting_and_replying(
    page: Page, live_server, visit, follow, check_a11y, consultation, citizen, neighbour, log_in
):
    t = live_server.gettext
    idea = create_idea(
        live_server,
        consultation,
        neighbour,
        "Een overdekte fietsenstalling aan het station",
        "Mobiliteit",
    )

    def comments(n: int) -> str:
        return plural(live_server, "%(num)d comment", "%(num)d comments", n)

    log_in(citizen)
    visit(f"/ideas/{idea}")
    heading = page.get_by_role("heading", name=re.compile(r"^\d+ "), level=2)
    expect(heading).to_have_text(comments(0))
    page.get_by_label(t("Your comment"), exact=True).fill("Goed idee, en graag met *laadpunten*.")
    follow(page.get_by_role("button", name=t("Post comment")))

    expect(flash(page)).to_have_text(t("Your comment is posted."))
    match = re.search(r"#comment-(\d+)$", page.url)
    assert match, page.url
    comment = page.locator(f"#comment-{match.group(1)}")
    expect(comment).to_contain_text("Goed idee, en graag met laadpunten.")
    expect(comment.locator("em", has_text="laadpunten")).to_be_visible()
    expect(heading).to_have_text(comments(1))

    thread = page.locator("li", has=comment)
    thread.get_by_text(t("Reply"), exact=True).click()
    reply_field = thread.get_by_label(t("Your reply"), exact=True)
    expect(reply_field).to_be_visible()
    check_a11y()
    reply_field.fill("En een plek voor bakfietsen.")
    follow(thread.get_by_role("button", name=t("Post reply")))

    expect(flash(page)).to_have_text(t("Your comment is posted."))
    replies = page.locator("li", has=comment).get_by_role("list").get_by_role("article")
    expect(replies).to_have_count(1)
    expect(replies).to_contain_text("En een plek voor bakfietsen.")
    expect(heading).to_have_text(comments(2))

    follow(comment.get_by_role("button", name=t("Remove")))
    expect(flash(page)).to_have_text(t("The comment is removed."))
    expect(comment).to_have_text(t("This comment was removed."))
    expect(comment).not_to_contain_text("laadpunten")
    expect(replies).to_contain_text("En een plek voor bakfietsen.")
    expect(heading).to_have_text(comments(1))


def test_bad_input_is_explained(
    page: Page, live_server, visit, follow, consultation, citizen, log_in, tmp_path
):
    t = live_server.gettext
    not_a_photo = tmp_path / "foto.jpg"
    not_a_photo.write_text("Dit is geen foto, alleen tekst.")

    log_in(citizen)
    visit(f"/consultations/{consultation}/ideas/new")
    page.get_by_label(t("Title of your idea"), exact=True).fill("Zebrapad")
    follow(page.get_by_role("button", name=t("Next")))
    page.get_by_label(t("Describe your idea"), exact=True).fill(
        "Kinderen steken hier elke ochtend over zonder zebrapad, tussen de auto's door."
    )
    follow(page.get_by_role("button", name=t("Post my idea")))

    expect(page).to_have_title(re.compile("^" + re.escape(t("Error:"))))
    summary = page.get_by_role("alert").filter(has=page.get_by_role("heading"))
    expect(summary).to_be_focused()
    too_short = t("The title has between 10 and 120 characters.")
    no_theme = t("Choose a theme.")
    expect(summary.get_by_role("link", name=too_short)).to_have_attribute("href", "#title")
    expect(summary.get_by_role("link", name=no_theme)).to_have_attribute("href", "#theme_id")
    title = page.get_by_label(t("Title of your idea"), exact=True)
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(title).to_have_accessible_description(re.compile(re.escape(too_short)))
    expect(page.get_by_role("group", name=t("Theme"))).to_have_accessible_description(no_theme)
    summary.get_by_role("link", name=too_short).click()
    expect(title).to_be_focused()

    title.fill("Een zebrapad aan de sporthal")
    page.get_by_role("radio", name="Wonen").check()
    photo = page.get_by_label(t("Photo (optional)"), exact=True)
    photo.set_input_files(not_a_photo)
    follow(page.get_by_role("button", name=t("Post my idea")))

    refused = t("This file is not a photo we can read. Upload a JPEG, PNG or WebP image.")
    expect(photo).to_have_attribute("aria-invalid", "true")
    expect(photo).to_have_accessible_description(re.compile(re.escape(refused)))
    expect(page.get_by_role("alert").get_by_role("link", name=refused)).to_have_attribute(
        "href", "#photo"
    )
    expect(page.get_by_label(t("Title of your idea"), exact=True)).to_have_value(
        "Een zebrapad aan de sporthal"
    )
    expect(page.get_by_role("radio", name="Wonen")).to_be_checked()
    assert ideas_by(live_server, citizen) == 0


def test_keyboard_only_voting(
    page: Page, live_server, visit, consultation, citizen, neighbour, log_in
):
    t = live_server.gettext
    idea = create_idea(
        live_server, consultation, neighbour, "Een wekelijkse boerenmarkt op het plein", "Wonen"
    )
    log_in(citizen)
    visit(f"/ideas/{idea}")
    support = page.get_by_role("button", name=t("Support"))
    status = page.get_by_role("complementary").get_by_role("status")

    # Start where a screen-reader user who jumped to the heading is, then only the keyboard.
    page.get_by_role("heading", level=1).evaluate("h => { h.tabIndex = -1; h.focus(); }")
    page.keyboard.press("Tab")
    expect(support).to_be_focused()
    page.keyboard.press("Enter")
    expect(support).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("complementary")).to_contain_text(
        f"1 {plural(live_server, 'supporter', 'supporters', 1)}"
    )
    expect(support).to_be_focused()

    page.keyboard.press("Space")
    expect(support).to_have_attribute("aria-pressed", "false")
    expect(status).to_have_text(t("Your vote is withdrawn."))
    expect(support).to_be_focused()
