"""Ideas through the API: only the public ones, with their counts, status and the official
responses, filtered and ordered as asked, and nothing about who wrote them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from participate.db import utcnow
from tests.api.conftest import SECRET, get_json


def ideas_url(world, **query) -> str:
    url = f"/api/v1/consultations/{world.consultation.slug}/ideas"
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def test_the_list_holds_the_public_ideas_and_nothing_else(client, world):
    body = get_json(client, ideas_url(world))
    assert {i["id"] for i in body["items"]} == {i.id for i in world.public.values()}
    assert body["total"] == len(world.public)
    assert SECRET not in str(body)


@pytest.mark.parametrize(
    "name", ["pending", "hidden", "moderated", "merged", "withdrawn", "withdrawn_pending"]
)
def test_an_idea_nobody_else_may_see_is_a_404(client, world, name):
    idea = world.hidden[name]
    body = get_json(client, f"/api/v1/ideas/{idea.id}", 404)
    assert body["error"] and body["message"]
    assert SECRET not in str(body)
    get_json(client, f"/api/v1/ideas/{idea.id}/comments", 404)


def test_an_idea_carries_its_counts_status_theme_and_links(client, world):
    plain = world.public["plain"]
    idea = get_json(client, f"/api/v1/ideas/{plain.id}")
    assert (idea["support_count"], idea["oppose_count"], idea["comment_count"]) == (3, 1, 3)
    assert idea["status"] == "published"
    assert idea["source"] == "online"
    assert idea["title"] == "Een gewoon idee hier"
    assert idea["body_html"].startswith("<p>")
    assert idea["theme"] == {
        "id": world.consultation.themes[0].id,
        "name": world.consultation.themes[0].name,
    }
    assert idea["consultation"] == world.consultation.slug
    assert idea["url"] == f"http://participate.test/ideas/{plain.id}"
    assert idea["links"]["comments"] == f"http://participate.test/api/v1/ideas/{plain.id}/comments"
    assert idea["official_responses"] == []
    assert idea["photo"] is None and idea["place"] is None


def test_official_responses_come_with_the_status_and_rejected_is_called_not_accepted(client, world):
    idea = get_json(client, f"/api/v1/ideas/{world.public['not_accepted'].id}")
    assert idea["status"] == "not_accepted"
    [response] = idea["official_responses"]
    assert response["status"] == "not_accepted"
    assert response["previous_status"] == "published"
    assert response["response"] == "Het antwoord van de gemeente op **not_accepted**."
    assert "<strong>not_accepted</strong>" in response["response_html"]
    assert response["created_at"].endswith("Z")


def test_no_author_and_no_personal_data_anywhere(client, world):
    body = client.get(ideas_url(world, per_page=100)).get_data(as_text=True)
    for personal in ("Jozefien", "Vandenbroucke", "jozefien@example.com", "Stemmer", "author"):
        assert personal not in body
    assert str(world.author.id) not in [
        str(v) for v in _all_values(client.get(ideas_url(world)).get_json(), "author_id")
    ]


def _all_values(data, key):
    if isinstance(data, dict):
        for k, v in data.items():
            if k == key:
                yield v
            yield from _all_values(v, key)
    elif isinstance(data, list):
        for v in data:
            yield from _all_values(v, key)


def test_a_town_hall_idea_says_so_and_has_its_photo(client, world):
    idea = get_json(client, f"/api/v1/ideas/{world.public['town_hall'].id}")
    assert idea["source"] == "town_hall"
    assert idea["photo"]["url"].endswith("/large")
    photo = client.get(idea["photo"]["url"].removeprefix("http://participate.test"))
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg"


def test_filter_by_theme_status_and_since(client, world):
    second_theme = world.consultation.themes[1].id
    body = get_json(client, ideas_url(world, theme=second_theme))
    assert {i["id"] for i in body["items"]} == {
        world.public["accepted"].id,
        world.public["not_accepted"].id,
    }
    body = get_json(client, ideas_url(world, status="not_accepted"))
    assert [i["id"] for i in body["items"]] == [world.public["not_accepted"].id]
    body = get_json(client, ideas_url(world, status="accepted", theme=second_theme))
    assert [i["id"] for i in body["items"]] == [world.public["accepted"].id]
    since = (utcnow() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    body = get_json(client, ideas_url(world, since=since))
    assert world.public["old"].id not in {i["id"] for i in body["items"]}
    assert body["total"] == len(world.public) - 1
    # The filters stay in the links to the other pages.
    assert f"since={since}" in body["links"]["self"]
    # A time zone's "+" survives the trip through the links.
    body = get_json(client, ideas_url(world, since="2000-01-01T01:00:00%2B01:00"))
    assert body["total"] == len(world.public)
    assert (
        "since=2000-01-01T01:00:00%2B01:00"
        in body["links"]["next" if body["pages"] > 1 else "self"]
    )


def test_orders_are_stable_and_as_asked(client, world):
    ids = lambda sort: [i["id"] for i in get_json(client, ideas_url(world, sort=sort))["items"]]  # noqa: E731
    oldest = ids("oldest")
    assert oldest[0] == world.public["old"].id
    assert oldest == ids("oldest") == [i["id"] for i in get_json(client, ideas_url(world))["items"]]
    assert ids("newest") == list(reversed(oldest))
    supported = ids("supported")
    assert supported[:2] == [world.public["accepted"].id, world.public["plain"].id]
    assert ids("discussed")[0] == world.public["plain"].id


def test_pages_link_to_each_other_and_cover_the_list_once(client, world):
    seen = []
    url = ideas_url(world, per_page=2)
    pages = 0
    while url:
        body = get_json(client, url.removeprefix("http://participate.test"))
        pages += 1
        assert body["per_page"] == 2 and body["pages"] == 3 and body["total"] == 5
        seen += [i["id"] for i in body["items"]]
        url = body["links"]["next"]
    assert pages == 3
    assert sorted(seen) == sorted(i.id for i in world.public.values())
    last = get_json(client, ideas_url(world, per_page=2, page=3))
    assert last["links"]["prev"].endswith("page=2&per_page=2")
    assert last["links"]["next"] is None
    beyond = get_json(client, ideas_url(world, per_page=2, page=9))
    assert beyond["items"] == [] and beyond["links"]["prev"].endswith("page=3&per_page=2")


def test_a_theme_of_another_consultation_is_a_404_naming_the_parameter(
    client, world, make_consultation
):
    other = make_consultation()
    body = get_json(client, ideas_url(world, theme=other.themes[0].id), 404)
    assert body["parameter"] == "theme"


def test_unknown_consultation_is_a_404(client, world):
    assert get_json(client, "/api/v1/consultations/nergens/ideas", 404)["message"]
