"""Consultations and their themes through the API."""

from __future__ import annotations

from tests.api.conftest import get_json


def test_a_consultation_with_its_phase_dates_themes_and_public_idea_count(client, world):
    c = world.consultation
    body = get_json(client, f"/api/v1/consultations/{c.slug}")
    assert body["slug"] == c.slug and body["title"] == c.title
    assert body["phase"] == "ideas"
    assert body["voting"] == "for_against" and body["moderation"] == "post"
    assert body["vote_limit"] is None
    assert body["idea_count"] == len(world.public)
    assert [t["name"] for t in body["themes"]] == [t.name for t in c.themes]
    assert body["intro_html"] == "<p>Hoe gebruiken we <strong>onze ruimte</strong> in 2040?</p>"
    assert body["ideas_open_at"].endswith("Z")
    assert body["links"]["ideas"] == f"http://participate.test/api/v1/consultations/{c.slug}/ideas"
    assert body["url"] == f"http://participate.test/consultations/{c.slug}"
    assert body["selftests"] == []


def test_the_list_holds_every_consultation_latest_first_with_a_phase_filter(
    client, make_consultation
):
    made = {phase: make_consultation(phase) for phase in ("upcoming", "ideas", "closed")}
    body = get_json(client, "/api/v1/consultations")
    slugs = [c["slug"] for c in body["items"]]
    assert slugs == [made[p].slug for p in ("upcoming", "ideas", "closed")]
    assert body["total"] == 3 and body["pages"] == 1 and body["links"]["next"] is None
    closed = get_json(client, "/api/v1/consultations?phase=closed")
    assert [c["slug"] for c in closed["items"]] == [made["closed"].slug]
    assert closed["links"]["self"].startswith(
        "http://participate.test/api/v1/consultations?phase=closed"
    )
    assert get_json(client, "/api/v1/consultations?phase=voting")["items"] == []


def test_a_consultation_names_its_published_self_tests(client, world, make_selftest):
    published = make_selftest(consultation=world.consultation)
    make_selftest(consultation=world.consultation, published=False)
    body = get_json(client, f"/api/v1/consultations/{world.consultation.slug}")
    assert [t["slug"] for t in body["selftests"]] == [published.slug]
    listed = get_json(client, "/api/v1/consultations")["items"][0]
    assert listed["selftests"] == body["selftests"]


def test_themes_with_their_number_of_public_ideas(client, world):
    c = world.consultation
    body = get_json(client, f"/api/v1/consultations/{c.slug}/themes")
    assert body["total"] == 3
    counts = {t["name"]: t["idea_count"] for t in body["items"]}
    # The hidden, pending, merged and withdrawn ideas are all in the first theme: not counted.
    assert counts == {c.themes[0].name: 2, c.themes[1].name: 2, c.themes[2].name: 1}
    assert body["items"][0] == {
        "id": c.themes[0].id,
        "name": c.themes[0].name,
        "colour": "#1d4f91",
        "position": 0,
        "idea_count": 2,
    }


def test_an_unknown_consultation_is_a_json_404(client):
    for url in ("/api/v1/consultations/nergens", "/api/v1/consultations/nergens/themes"):
        body = get_json(client, url, 404)
        assert "nergens" in body["message"]
