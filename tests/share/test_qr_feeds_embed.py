"""QR codes for posters, Atom feeds with their discovery links, oEmbed and the embeddable card
(the one page other sites may frame)."""

from __future__ import annotations

import json
from io import BytesIO
from urllib.parse import quote

import pytest
import segno
from lxml import etree
from PIL import Image

from tests.share.conftest import BASE

ATOM = "{http://www.w3.org/2005/Atom}"


# -- QR codes ----------------------------------------------------------------------------------


def test_the_qr_code_as_svg_encodes_the_marked_link(get, make_consultation, make_idea):
    idea = make_idea(make_consultation(), title="Een fietsenstalling aan de bib")
    response = get(f"/share/idea/{idea.id}/qr.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    svg = etree.fromstring(response.data)
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert svg.find("{http://www.w3.org/2000/svg}title").text == "Een fietsenstalling aan de bib"
    expected = BytesIO()
    segno.make(f"{BASE}/ideas/{idea.id}?ref=qr", error="m").save(
        expected, kind="svg", scale=10, border=4, title="Een fietsenstalling aan de bib", unit="px"
    )
    assert response.data == expected.getvalue()


def test_the_qr_code_as_png_is_large_enough_to_print(get, make_consultation):
    consultation = make_consultation()
    response = get(f"/share/consultation/{consultation.slug}/qr.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    with Image.open(BytesIO(response.data)) as image:
        assert image.width == image.height >= 300
    assert get(f"/share/consultation/{consultation.slug}/qr.gif").status_code == 404


# -- Atom feeds --------------------------------------------------------------------------------


def parse_feed(data: bytes):
    return etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))


def test_the_consultation_feed_lists_its_public_ideas_newest_first(
    get, make_consultation, make_idea
):
    from datetime import timedelta

    from participate.db import utcnow

    consultation = make_consultation()
    other = make_consultation()
    old = make_idea(consultation, title="Het oudere idee", created_at=utcnow() - timedelta(days=2))
    new = make_idea(consultation, title="Het nieuwste idee <b>&</b>")
    make_idea(consultation, title="Een idee dat wacht op moderatie", status="pending")
    make_idea(consultation, title="Een ingetrokken idee", status="withdrawn")
    make_idea(other, title="Een idee elders")
    response = get(f"/consultations/{consultation.slug}/ideas.atom")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    feed = parse_feed(response.data)
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert titles == ["Het nieuwste idee <b>&</b>", "Het oudere idee"]
    links = [e.find(f"{ATOM}link").get("href") for e in feed.iter(f"{ATOM}entry")]
    assert links == [f"{BASE}/ideas/{new.id}", f"{BASE}/ideas/{old.id}"]
    assert (
        feed.find(f"{ATOM}link[@rel='self']").get("href")
        == f"{BASE}/consultations/{consultation.slug}/ideas.atom"
    )
    assert feed.findtext(f"{ATOM}updated")
    assert (
        get(
            f"/consultations/{consultation.slug}/ideas.atom",
            headers={"If-None-Match": response.headers["ETag"]},
        ).status_code
        == 304
    )


def test_the_site_feed_has_ideas_of_every_consultation(get, make_consultation, make_idea):
    first, second = make_consultation(), make_consultation()
    make_idea(first, title="Een idee in de eerste")
    make_idea(second, title="Een idee in de tweede")
    feed = parse_feed(get("/ideas.atom").data)
    titles = {e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")}
    assert {"Een idee in de eerste", "Een idee in de tweede"} <= titles


def test_the_feed_stays_valid_xml_whatever_was_typed(get, make_consultation, make_idea):
    consultation = make_consultation()
    make_idea(
        consultation,
        title="Een titel met \x0b een stuurteken",
        body="Tekst \x01 met ]]> en \x1f rommel erin, lang genoeg.",
    )
    feed = parse_feed(get(f"/consultations/{consultation.slug}/ideas.atom").data)
    assert feed.find(f"{ATOM}entry").findtext(f"{ATOM}title") == "Een titel met  een stuurteken"


def test_an_empty_feed_is_still_a_valid_feed(get, make_consultation):
    consultation = make_consultation()
    feed = parse_feed(get(f"/consultations/{consultation.slug}/ideas.atom").data)
    assert list(feed.iter(f"{ATOM}entry")) == []
    assert get("/consultations/nope/ideas.atom").status_code == 404


def test_every_page_announces_the_site_feed(get):
    assert f'type="application/atom+xml" href="{BASE}/ideas.atom"' in get("/").get_data(
        as_text=True
    )


# -- oEmbed and the card ---------------------------------------------------------------------


def test_oembed_describes_an_idea_as_a_rich_embed(get, make_consultation, make_idea):
    idea = make_idea(make_consultation(), votes=4, title="Een bloemenweide langs de Dijle")
    response = get(f"/oembed?url={quote(f'{BASE}/ideas/{idea.id}')}&format=json&maxwidth=400")
    assert response.status_code == 200
    data = json.loads(response.data)
    assert data["version"] == "1.0" and data["type"] == "rich"
    assert data["title"] == "Een bloemenweide langs de Dijle"
    assert data["provider_name"] == "Participate" and data["provider_url"] == f"{BASE}/"
    assert data["width"] == 400 and data["height"] > 0
    assert f'src="{BASE}/embed/idea/{idea.id}"' in data["html"]
    assert data["html"].startswith("<iframe") and "sandbox=" in data["html"]
    assert data["thumbnail_url"].startswith(f"{BASE}/share/idea/{idea.id}/image")
    assert (data["thumbnail_width"], data["thumbnail_height"]) == (1200, 630)


def test_oembed_describes_a_consultation_too(get, make_consultation):
    consultation = make_consultation()
    data = json.loads(get(f"/oembed?url={BASE}/consultations/{consultation.slug}").data)
    assert data["title"] == consultation.title


@pytest.mark.parametrize(
    "url",
    [
        "https://elsewhere.example/ideas/1",
        f"{BASE}/ideas/99999",
        f"{BASE}/login",
        f"{BASE}/no/such/page",
        "javascript:alert(1)",
        "",
    ],
)
def test_oembed_answers_404_for_anything_but_a_public_item_of_ours(get, url):
    response = get(f"/oembed?url={quote(url)}")
    assert response.status_code == 404
    assert response.mimetype == "application/json"


def test_oembed_offers_json_only(get, make_consultation):
    consultation = make_consultation()
    assert (
        get(f"/oembed?url={BASE}/consultations/{consultation.slug}&format=xml").status_code == 501
    )


def test_the_card_shows_the_live_vote_count_and_may_be_framed_by_any_site(
    get, make_consultation, make_idea, english
):
    idea = make_idea(make_consultation(), votes=5, title="Een bloemenweide langs de Dijle")
    response = get(f"/embed/idea/{idea.id}")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Een bloemenweide langs de Dijle" in body and "5 supporters" in body
    assert f'href="{BASE}/ideas/{idea.id}?ref=embed"' in body
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors *" in csp and "script-src 'self'" in csp
    assert "X-Frame-Options" not in response.headers
    assert response.headers["Cross-Origin-Resource-Policy"] == "cross-origin"


def test_no_other_page_may_be_framed(get, make_consultation, make_idea):
    idea = make_idea(make_consultation())
    for path in (f"/ideas/{idea.id}", "/", f"/share/idea/{idea.id}/mastodon"):
        response = get(path)
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Frame-Options"] == "DENY"
