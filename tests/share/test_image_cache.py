"""Share images are cached by what they show: served from the cache while nothing changed,
drawn again when the title, the count, a colour or the logo changes; with an ETag and cache
headers that let crawlers and browsers keep them."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import delete, func, select, update

from participate.db import db
from participate.ideas.models import Idea
from participate.share import drawing
from participate.share.models import ShareImage
from tests.share.conftest import rename_site


@pytest.fixture
def drawings(monkeypatch) -> list[str]:
    """The titles of the cards drawn (each call of draw_card)."""
    drawn: list[str] = []
    original = drawing.draw_card

    def counting(**values):
        drawn.append(values["title"])
        return original(**values)

    monkeypatch.setattr(drawing, "draw_card", counting)
    return drawn


def image_url(get, page: str) -> str:
    soup = BeautifulSoup(get(page).get_data(as_text=True), "html.parser")
    url = urlsplit(soup.find("meta", property="og:image")["content"])
    return f"{url.path}?{url.query}"


def test_an_image_is_drawn_once_and_then_served_from_the_cache(
    app, get, make_consultation, make_idea, drawings
):
    idea = make_idea(make_consultation(), title="Een speeltuin in het park")
    first = get(f"/share/idea/{idea.id}/image")
    second = get(f"/share/idea/{idea.id}/image")
    assert first.data == second.data
    assert drawings == ["Een speeltuin in het park"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ShareImage)) == 1


def test_a_new_vote_count_draws_the_image_again_under_a_new_address(
    app, get, make_consultation, make_idea, drawings
):
    idea = make_idea(make_consultation(), votes=1)
    before = image_url(get, f"/ideas/{idea.id}")
    old = get(before).data
    with app.app_context():
        db.session.execute(update(Idea).where(Idea.id == idea.id).values(support_count=2))
        db.session.commit()
    after = image_url(get, f"/ideas/{idea.id}")
    assert after != before  # networks that keep images by address fetch the new one
    assert get(after).data != old
    assert len(drawings) == 2


def test_the_image_has_an_etag_and_answers_304_when_unchanged(get, make_consultation, make_idea):
    idea = make_idea(make_consultation())
    url = image_url(get, f"/ideas/{idea.id}")
    response = get(url)
    etag = response.headers["ETag"]
    assert response.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    again = get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""


def test_the_address_with_the_current_digest_may_be_kept_for_a_year(
    get, make_consultation, make_idea
):
    idea = make_idea(make_consultation())
    url = image_url(get, f"/ideas/{idea.id}")
    cache = get(url).headers["Cache-Control"]
    assert "public" in cache and "max-age=31536000" in cache and "immutable" in cache
    plain = get(f"/share/idea/{idea.id}/image").headers["Cache-Control"]
    assert "max-age=300" in plain and "immutable" not in plain


def test_the_site_wide_image_is_redrawn_when_the_settings_change(app, get):
    before = image_url(get, "/")
    old = get(before).data
    rename_site(app, "Gemeente Anderveld")
    after = image_url(get, "/")
    assert after != before
    response = get(after)
    assert response.status_code == 200 and response.data != old


def test_images_are_cached_per_language(app, get, client, make_consultation, make_idea):
    idea = make_idea(make_consultation(), votes=3)
    dutch = get(f"/share/idea/{idea.id}/image?lang=nl")
    french = get(f"/share/idea/{idea.id}/image?lang=fr")
    assert dutch.data != french.data  # "supporters" is translated on the image
    assert get(f"/share/idea/{idea.id}/image?lang=nl").data == dutch.data
    with app.app_context():
        keys = set(db.session.scalars(select(ShareImage.item_key)))
    assert keys == {f"{idea.id}:nl", f"{idea.id}:fr"}


@pytest.fixture
def known_types(monkeypatch):
    """The types of drawn images this process knows, emptied for the test."""
    from participate.share import services

    known: dict[str, str] = {}
    monkeypatch.setattr(services, "_KNOWN_TYPES", known)
    return known


def test_the_preview_names_the_type_of_the_drawn_image_and_remembers_it(
    app, get, make_consultation, make_idea, monkeypatch, known_types
):
    """A card too heavy as PNG is stored as a JPEG: the preview says so. The type of a digest
    never changes (the digest names what is drawn), so it is asked of the database once."""
    from participate.share import services

    monkeypatch.setattr(services, "encode", lambda image: (b"\xff\xd8jpeg", "image/jpeg"))
    idea = make_idea(make_consultation(), title="Een zware kaart")

    def preview_type() -> str:
        soup = BeautifulSoup(get(f"/ideas/{idea.id}").get_data(as_text=True), "html.parser")
        return soup.find("meta", property="og:image:type")["content"]

    assert preview_type() == "image/png"  # not drawn yet: a drawing gives a PNG
    assert known_types == {}
    get(image_url(get, f"/ideas/{idea.id}"))  # a network fetches the image: drawn and stored
    assert preview_type() == "image/jpeg"
    assert list(known_types.values()) == ["image/jpeg"]
    with app.app_context():
        db.session.execute(delete(ShareImage))  # the stored image is gone...
        db.session.commit()
    assert preview_type() == "image/jpeg"  # ...its digest still names a JPEG
