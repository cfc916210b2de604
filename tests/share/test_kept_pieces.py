"""The share tags and the share box are kept rendered per process (participate/fragments.py),
keyed by every value they show: a change to any of them shows at once, and each visitor's
share box carries their own CSRF token."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from participate.consultations.models import Consultation
from participate.ideas.models import Idea
from tests.factories import change_row
from tests.share.conftest import counts, rename_site


def _meta(client, path: str) -> dict[str, str]:
    soup = BeautifulSoup(client.get(path).get_data(as_text=True), "html.parser")
    tags = soup.find_all("meta", property=True) + soup.find_all("meta", attrs={"name": True})
    return {t.get("property") or t.get("name"): t["content"] for t in tags}


def test_the_share_tags_follow_every_change_of_what_they_show(
    app, client, make_consultation, make_idea
):
    consultation = make_consultation(title="Ruimte voor Lindeveld")
    idea = make_idea(consultation, title="Een zitbank aan de vijver", votes=2)
    page = f"/ideas/{idea.id}"
    first = _meta(client, page)
    assert first["og:title"] == "Een zitbank aan de vijver"
    assert _meta(client, page) == first  # kept: the same tags

    change_row(app, Idea, idea.id, title="Twee zitbanken aan de vijver")
    assert _meta(client, page)["og:title"] == "Twee zitbanken aan de vijver"
    change_row(app, Idea, idea.id, support_count=9)
    assert "9" in _meta(client, page)["og:image:alt"]
    change_row(app, Consultation, consultation.id, title="Lindeveld 2040")
    assert "Lindeveld 2040" in _meta(client, page)["og:image:alt"]
    rename_site(app, "Gemeente Anderveld")
    assert _meta(client, page)["og:site_name"] == "Gemeente Anderveld"
    client.post("/language", data={"lang": "fr"})
    french = _meta(client, page)
    assert french["og:locale"] == "fr_BE" and "lang=fr" in french["og:image"]


def _share_box_token(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    form = soup.find("form", attrs={"data-mastodon-form": True})
    return form.find("input", attrs={"name": "csrf_token"})["value"]


def test_each_visitor_s_share_box_carries_their_own_csrf_token(
    app, make_consultation, make_idea, monkeypatch
):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    idea = make_idea(make_consultation(), title="Een zitbank aan de vijver")
    one, other = app.test_client(), app.test_client()
    pages = [c.get(f"/ideas/{idea.id}").get_data(as_text=True) for c in (one, other)]
    tokens = [_share_box_token(page) for page in pages]
    assert tokens[0] != tokens[1]
    assert "participateCsrfStandIn" not in pages[0] + pages[1]
    # the box is the same for both but for the token
    boxes = [re.sub(r'name="csrf_token" value="[^"]+"', "", p) for p in pages]
    start = [b.index("share-box") for b in boxes]
    assert boxes[0][start[0] : start[0] + 4000] == boxes[1][start[1] : start[1] + 4000]
    response = one.post(
        f"/share/idea/{idea.id}/mastodon",
        data={"server": "mastodon.gent", "csrf_token": tokens[0]},
        headers={"Referer": "http://localhost/"},
    )
    assert response.status_code == 200
    assert counts(app, "idea", str(idea.id), "mastodon") == (1, 0)


@pytest.mark.parametrize("staff", [False, True])
def test_the_staff_s_share_counts_are_never_kept_for_others(
    app, client, login, make_user, make_consultation, make_idea, staff
):
    idea = make_idea(make_consultation(), title="Een zitbank aan de vijver")
    client.get(f"/share/idea/{idea.id}/whatsapp")
    if staff:
        login(make_user("moderator"))
    page = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert ("share-counts" in page) is staff
    anonymous = app.test_client().get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "share-counts" not in anonymous
