"""Kinds are pluggable: a capability registers how to load, check and describe its items, and
gets the preview tags, the image, the share links and the counts. Here a stand-in for the
self-test's results (registered for real by participate/selftest/sharing.py)."""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from participate.ideas.models import IdeaStatus
from participate.share import kinds
from participate.share.builtin import idea_is_shareable
from participate.share.drawing import ResultImage
from participate.share.kinds import Card, ShareKind, register_kind
from tests.share.conftest import BASE, counts


@dataclass
class Result:
    token: str
    public: bool = True


RESULTS = {"tok3n": Result("tok3n"), "private": Result("private", public=False)}


@pytest.fixture
def result_kind():
    """A stand-in kind named like the self-test's, put back as it was afterwards."""
    real = kinds._KINDS.get("result")

    def card(result: Result) -> Card:
        return Card(
            kind="result",
            key=result.token,
            title="Mijn resultaat: een compacte, groene stad",
            description="72 % overeenkomst met een compacte, groene stad.",
            url=f"{BASE}/zelftest/resultaat/{result.token}",
            image=ResultImage(
                title="In wat voor gemeente wil je wonen?",
                profile_name="Een compacte, groene stad",
                percentage=72,
            ),
            image_alt="Een compacte, groene stad: 72 %",
        )

    register_kind(
        ShareKind(
            name="result",
            load=RESULTS.get,
            is_public=lambda r: r.public,
            card=card,
            key_of=lambda r: r.token,
            posters=False,
            embeddable=False,
        )
    )
    yield
    kinds._KINDS.pop("result")
    if real is not None:
        kinds._KINDS["result"] = real


def test_a_registered_kind_gets_an_image_links_and_counts(app, client, result_kind):
    image = client.get("/share/result/tok3n/image")
    assert image.status_code == 200
    with Image.open(BytesIO(image.data)) as drawn:
        assert drawn.size == (1200, 630)
    link = client.get("/share/result/tok3n/telegram")
    assert (
        link.status_code == 302
        and "zelftest%2Fresultaat%2Ftok3n%3Fref%3Dtelegram" in link.headers["Location"]
    )
    assert counts(app, "result", "tok3n") == (1, 0)
    assert client.get("/share/result/tok3n/qr.svg").status_code == 404  # no posters for this kind
    assert client.get("/embed/result/tok3n").status_code == 404  # nor embeds


def test_a_registered_kind_hides_what_is_not_public(app, client, result_kind):
    assert client.get("/share/result/private/whatsapp").status_code == 404
    assert client.get("/share/result/private/image").status_code == 404
    assert counts(app, "result", "private") == (0, 0)


def test_its_page_gets_the_complete_tags_from_one_call(app, result_kind):
    from flask import render_template_string

    with app.test_request_context("/zelftest/resultaat/tok3n"):
        html = render_template_string(
            "{{ share_meta('result', item) }}{{ share_actions('result', item) }}",
            item=RESULTS["tok3n"],
        )
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("link", rel="canonical")["href"] == f"{BASE}/zelftest/resultaat/tok3n"
    assert soup.find("meta", property="og:image")["content"].startswith(
        f"{BASE}/share/result/tok3n/image?v="
    )
    assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
    assert soup.find("link", type="application/json+oembed") is None
    assert soup.find("a", href="/share/result/tok3n/whatsapp")
    assert soup.find(attrs={"data-share-link": True})["value"].endswith("tok3n?ref=copy")


@pytest.mark.parametrize(
    ("status", "shareable"),
    [
        (IdeaStatus.PUBLISHED, True),
        (IdeaStatus.UNDER_CONSIDERATION, True),
        (IdeaStatus.ACCEPTED, True),
        (IdeaStatus.REJECTED, True),  # "not accepted": a public, official answer
        (IdeaStatus.IMPLEMENTED, True),
        (IdeaStatus.PENDING, False),
        (IdeaStatus.WITHDRAWN, False),
    ],
)
def test_which_ideas_may_be_shared(status, shareable):
    from participate.ideas.models import Idea

    assert idea_is_shareable(Idea(status=status.value, visibility="visible")) is shareable


@pytest.mark.parametrize("visibility", ["hidden", "rejected", "pending"])
def test_ideas_the_moderation_took_away_are_not_shared(visibility):
    from participate.ideas.models import Idea

    assert not idea_is_shareable(Idea(status="published", visibility=visibility))


def test_a_merged_idea_is_not_shared():
    from participate.ideas.models import Idea

    assert not idea_is_shareable(
        Idea(id=2, status="published", visibility="visible", merged_into_id=1)
    )
