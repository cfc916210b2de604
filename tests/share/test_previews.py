"""Each kind of page read as a link-preview crawler reads it: the Open Graph tags with extruct
(the metadata extractor crawlers use), the Twitter tags and links with BeautifulSoup; then each
og:image is fetched and checked as WhatsApp would (1200×630, PNG or JPEG, under 300 KB)."""

from __future__ import annotations

from io import BytesIO
from urllib.parse import urlsplit

import extruct
import pytest
from bs4 import BeautifulSoup
from PIL import Image

from participate.text import plain_text
from tests.share.conftest import BASE, rename_site

LONG_BODY = (
    "Het **Marktplein** is een parking. Met bomen, banken en een speelplek wordt het een plek "
    "waar mensen elkaar ontmoeten, waar kinderen spelen en waar het in de zomer koel blijft. "
    "Ook de markt op zaterdag krijgt er meer ruimte, en de cafés kunnen een groter terras zetten "
    "zonder dat het voetpad verdwijnt. Parkeren kan in de nieuwe garage onder het station."
)
URL_ATTRIBUTES = ("href", "src", "action", "content", "srcset", "data-count-url", "data-native-url")


def opengraph(html: str, url: str) -> dict[str, list[str]]:
    """The page's Open Graph properties as an extruct crawler gets them (every value kept)."""
    data = extruct.extract(html, base_url=url, syntaxes=["opengraph"], uniform=False)
    (graph,) = data["opengraph"]
    found: dict[str, list[str]] = {}
    for name, value in graph["properties"]:
        found.setdefault(name, []).append(value)
    return found


def twitter(soup: BeautifulSoup) -> dict[str, str]:
    return {
        m["name"]: m["content"]
        for m in soup.find_all("meta", attrs={"name": True})
        if m["name"].startswith("twitter:")
    }


def check_preview(get, path: str, *, canonical: str | None, title: str, og_type: str) -> dict:
    response = get(path)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    og = opengraph(html, BASE + path)
    soup = BeautifulSoup(html, "html.parser")
    one = {name: values[0] for name, values in og.items()}

    for name in (
        "og:title", "og:description", "og:type", "og:url", "og:site_name", "og:locale",
        "og:image", "og:image:width", "og:image:height", "og:image:type", "og:image:alt",
    ):  # fmt: skip
        assert one.get(name), f"{path} lacks {name}"
        assert len(og[name]) == 1, f"{path} has {name} more than once"
    assert one["og:title"] == title
    assert one["og:type"] == og_type
    assert one["og:site_name"] == "Participate"
    assert one["og:locale"] == "nl_BE"
    assert sorted(og["og:locale:alternate"]) == ["en_GB", "fr_BE"]
    assert one["og:url"].startswith(BASE + "/")
    assert one["og:image"].startswith(BASE + "/")
    assert (one["og:image:width"], one["og:image:height"]) == ("1200", "630")
    assert "<" not in one["og:description"] and "**" not in one["og:description"]

    tw = twitter(soup)
    assert tw["twitter:card"] == "summary_large_image"
    assert tw["twitter:image"] == one["og:image"]
    assert tw["twitter:image:alt"] == one["og:image:alt"]
    assert tw["twitter:title"] == title

    links = soup.find_all("link", rel="canonical")
    if canonical is None:
        assert links == []
    else:
        assert [link["href"] for link in links] == [canonical]
        assert one["og:url"] == canonical

    check_image(get, one["og:image"], one["og:image:type"])
    assert_only_own_host(soup, path)
    return {"og": one, "soup": soup, "twitter": tw}


def check_image(get, url: str, declared_type: str) -> bytes:
    parts = urlsplit(url)
    response = get(parts.path + "?" + parts.query)
    assert response.status_code == 200
    assert response.mimetype == declared_type
    assert response.mimetype in ("image/png", "image/jpeg")
    body = response.data
    assert len(body) < 300 * 1024
    with Image.open(BytesIO(body)) as image:
        assert image.size == (1200, 630)
        assert Image.MIME[image.format] == response.mimetype
    return body


def assert_only_own_host(soup: BeautifulSoup, path: str) -> None:
    """Nothing on the page points at another host: no script, image, form or link of a network
    (mailto: has no host and is fine)."""
    for tag in soup.find_all(True):
        for attribute in URL_ATTRIBUTES:
            value = tag.get(attribute)
            if not isinstance(value, str):
                continue
            for candidate in value.split():
                parts = urlsplit(candidate)
                if parts.scheme in ("http", "https") or candidate.startswith("//"):
                    assert parts.netloc == urlsplit(BASE).netloc, (
                        f"{path}: <{tag.name} {attribute}={candidate!r}> points at another host"
                    )


def test_idea_page_has_a_complete_preview(get, make_consultation, make_idea):
    consultation = make_consultation()
    idea = make_idea(
        consultation, votes=3, title="Maak van het Marktplein een groen plein", body=LONG_BODY
    )
    page = check_preview(
        get,
        f"/ideas/{idea.id}",
        canonical=f"{BASE}/ideas/{idea.id}",
        title="Maak van het Marktplein een groen plein",
        og_type="article",
    )
    description = page["og"]["og:description"]
    full = plain_text(LONG_BODY)
    assert description.endswith("…") and len(description) <= 200
    assert full.startswith(description[:-1])
    assert full[len(description) - 1] in " ,.", "cut inside a word"
    assert "3" in page["og"]["og:image:alt"]
    assert page["soup"].find("link", type="application/json+oembed")


def test_consultation_page_has_a_complete_preview(get, make_consultation, make_idea):
    consultation = make_consultation(title="Ruimte voor morgen in Lindeveld")
    make_idea(consultation)
    page = check_preview(
        get,
        f"/consultations/{consultation.slug}?sort=newest",
        canonical=f"{BASE}/consultations/{consultation.slug}",
        title="Ruimte voor morgen in Lindeveld",
        og_type="website",
    )
    assert page["og"]["og:description"] == "Hoe gebruiken we onze ruimte in 2040?"
    feeds = [link["href"] for link in page["soup"].find_all("link", type="application/atom+xml")]
    assert feeds[:2] == [
        f"{BASE}/ideas.atom",
        f"{BASE}/consultations/{consultation.slug}/ideas.atom",
    ]
    assert feeds[2:] == [f"/consultations/{consultation.slug}/updates.atom"]  # the news


@pytest.mark.parametrize("path", ["/", "/login", "/register", "/no-such-page"])
def test_every_other_page_has_the_site_wide_preview(get, path):
    response = get(path)
    html = response.get_data(as_text=True)
    og = {name: values[0] for name, values in opengraph(html, BASE + path).items()}
    assert og["og:site_name"] == "Participate"
    assert og["og:url"] == BASE + path
    assert urlsplit(og["og:image"]).path == "/share/site-image"
    check_image(get, og["og:image"], og["og:image:type"])
    assert_only_own_host(BeautifulSoup(html, "html.parser"), path)


def test_the_preview_follows_the_visitors_language(get, client, make_consultation, make_idea):
    idea = make_idea(make_consultation(), votes=2)
    with client.session_transaction() as session:
        session["locale"] = "fr"
    html = get(f"/ideas/{idea.id}").get_data(as_text=True)
    og = opengraph(html, BASE)
    assert og["og:locale"] == ["fr_BE"]
    assert sorted(og["og:locale:alternate"]) == ["en_GB", "nl_BE"]
    assert "lang=fr" in og["og:image"][0]


@pytest.mark.parametrize("status", ["pending", "withdrawn"])
def test_a_page_of_an_idea_that_may_not_be_shared_carries_no_preview_of_it(
    get, client, make_user, login, make_consultation, make_idea, status
):
    author = make_user()
    idea = make_idea(
        make_consultation(), author, title="Een geheim voorstel van mij", status=status
    )
    login(author)  # its author may still see the page
    response = get(f"/ideas/{idea.id}")
    assert response.status_code == 200
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    head = soup.head
    assert head.find("link", rel="canonical") is None
    assert head.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    og_image = head.find("meta", property="og:image")["content"]
    assert urlsplit(og_image).path == "/share/site-image"
    for meta in head.find_all("meta", property=True):
        assert "geheim" not in meta["content"]
    assert soup.find(attrs={"data-share": True}) is None


def test_the_site_wide_preview_escapes_text_once(app, get):
    rename_site(app, "Gemeente Bos & Beek", tagline="Wonen, werken & leven in <Bos>")
    og = {k: v[0] for k, v in opengraph(get("/").get_data(as_text=True), BASE).items()}
    assert og["og:site_name"] == "Gemeente Bos & Beek"
    assert og["og:description"] == "Wonen, werken & leven in <Bos>"


def test_the_sharing_pages_reference_no_other_host(
    get, client, make_user, login, make_consultation, make_idea
):
    consultation = make_consultation()
    idea = make_idea(consultation, votes=1)
    get(f"/share/idea/{idea.id}/whatsapp")
    login(make_user("moderator"))
    for path in (
        f"/embed/idea/{idea.id}",
        f"/embed/consultation/{consultation.slug}",
        f"/share/idea/{idea.id}/mastodon",
        f"/share/idea/{idea.id}/nosuchnetwork",
        "/admin/shares",
        f"/ideas/{idea.id}",
    ):
        response = get(path)
        assert response.status_code in (200, 404), path
        assert_only_own_host(BeautifulSoup(response.get_data(as_text=True), "html.parser"), path)


def test_an_idea_the_municipality_did_not_accept_stays_shareable(get, make_consultation, make_idea):
    """ "Not accepted" (status "rejected") is an official, public answer on a public page: it
    may be shared like any public idea. What moderation rejects or hides is not public at all
    (Idea.is_public), and so not shareable."""
    idea = make_idea(make_consultation(), status="rejected")
    assert get(f"/share/idea/{idea.id}/image").status_code == 200
    soup = BeautifulSoup(get(f"/ideas/{idea.id}").get_data(as_text=True), "html.parser")
    assert soup.find("link", rel="canonical")["href"] == f"{BASE}/ideas/{idea.id}"
