"""Comments through the API: the ones everyone sees on public ideas, oldest first, without
their authors; nothing waiting, hidden, rejected or removed, nothing on a hidden idea."""

from __future__ import annotations

from tests.api.conftest import SECRET, get_json


def test_the_comments_of_an_idea_are_the_visible_ones_oldest_first(client, world):
    plain = world.public["plain"]
    body = get_json(client, f"/api/v1/ideas/{plain.id}/comments")
    expected = [world.comments[n].id for n in ("visible", "reply", "town_hall")]
    assert [c["id"] for c in body["items"]] == expected
    assert body["total"] == 3
    assert SECRET not in str(body)


def test_a_comment_says_what_it_replies_to_and_where_it_came_from(client, world):
    plain = world.public["plain"]
    items = {c["id"]: c for c in get_json(client, f"/api/v1/ideas/{plain.id}/comments")["items"]}
    visible, reply, town_hall = (
        items[world.comments[n].id] for n in ("visible", "reply", "town_hall")
    )
    assert reply["parent_id"] == visible["id"] and visible["parent_id"] is None
    assert town_hall["source"] == "town_hall" and visible["source"] == "online"
    assert visible["idea_id"] == plain.id
    assert visible["body"] == "Reactie visible met inhoud."
    assert visible["body_html"] == "<p>Reactie visible met inhoud.</p>"
    assert visible["url"] == f"http://participate.test/ideas/{plain.id}#comment-{visible['id']}"
    assert set(visible) == {
        "id",
        "idea_id",
        "parent_id",
        "body",
        "body_html",
        "source",
        "created_at",
        "edited_at",
        "edited_by_moderation",
        "url",
        "links",
    }


def test_the_comments_of_a_consultation_leave_out_those_on_hidden_ideas(client, world):
    body = get_json(client, f"/api/v1/consultations/{world.consultation.slug}/comments")
    assert {c["id"] for c in body["items"]} == {c.id for c in world.comments.values()}
    assert SECRET not in str(body)
    assert "Jozefien" not in str(body)


def test_since_keeps_the_newer_comments(client, world):
    url = f"/api/v1/consultations/{world.consultation.slug}/comments?since=2999-01-01T00:00:00Z"
    assert get_json(client, url)["items"] == []


def test_comments_of_an_unknown_consultation_or_idea_are_a_404(client, world):
    get_json(client, "/api/v1/consultations/nergens/comments", 404)
    get_json(client, "/api/v1/ideas/999999/comments", 404)
    get_json(client, "/api/v1/ideas/99999999999/comments", 404)
