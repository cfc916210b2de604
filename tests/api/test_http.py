"""How the API answers over HTTP: ETags and 304, caching, CORS, security headers, JSON errors
for 400/404/405/429, and query parameters refused with a message that names them."""

from __future__ import annotations

import pytest

from participate.security import CSP
from tests.api.conftest import get_json

LIST = "/api/v1/consultations"


def test_an_unchanged_answer_is_a_304_without_a_body(client, world):
    url = f"/api/v1/ideas/{world.public['plain'].id}"
    first = client.get(url)
    etag = first.headers["ETag"]
    assert etag.startswith('"') and len(etag) > 10
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag
    assert again.headers["Access-Control-Allow-Origin"] == "*"
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200


def test_the_etag_changes_with_what_the_answer_shows(app, client, world):
    from participate.db import db
    from participate.ideas.models import Idea

    url = f"/api/v1/ideas/{world.public['plain'].id}"
    etag = client.get(url).headers["ETag"]
    with app.app_context():
        db.session.get(Idea, world.public["plain"].id).support_count += 1
        db.session.commit()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert changed.get_json()["support_count"] == 4


def test_answers_may_be_cached_for_a_minute_and_errors_not_at_all(client, world):
    assert client.get(LIST).headers["Cache-Control"] == "public, max-age=60"
    assert client.get("/api/v1/openapi.json").headers["Cache-Control"] == "public, max-age=3600"
    assert client.get("/api/v1/consultations/nergens").headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "url", [LIST, "/api/v1/consultations/nergens", "/api/v1/no-such-thing", "/api/v1/openapi.json"]
)
def test_any_website_may_read_every_answer_errors_included(client, url):
    response = client.get(url, headers={"Origin": "https://data.example.org"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]
    assert response.headers["Cross-Origin-Resource-Policy"] == "cross-origin"


def test_a_preflight_is_answered(client):
    response = client.options(
        LIST,
        headers={
            "Origin": "https://data.example.org",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response.headers["Access-Control-Allow-Methods"]
    assert "If-None-Match" in response.headers["Access-Control-Allow-Headers"]
    assert int(response.headers["Access-Control-Max-Age"]) > 0


def test_cors_stays_on_the_api(client):
    assert "Access-Control-Allow-Origin" not in client.get("/").headers
    assert "Access-Control-Allow-Origin" not in client.get("/api").headers


@pytest.mark.parametrize("url", [LIST, "/api/v1/consultations/nergens", "/api/v1/nothing"])
def test_the_sites_security_headers_and_strict_policy_are_on_every_answer(client, url):
    response = client.get(url)
    assert response.headers["Content-Security-Policy"] == CSP
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert client.get("/api").headers["Content-Security-Policy"] == CSP


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_other_methods_are_a_json_405_that_says_what_is_allowed(client, method):
    response = getattr(client, method)(LIST)
    assert response.status_code == 405 and response.is_json
    assert set(response.get_json()) == {"error", "message"}
    assert "GET" in response.get_json()["message"]
    assert "GET" in response.headers["Allow"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_an_unknown_address_is_a_json_404_that_points_to_the_description(client):
    with client.session_transaction() as session:
        session["locale"] = "en"
    body = get_json(client, "/api/v1/nothing/here", 404, headers={"Accept": "text/html"})
    assert set(body) == {"error", "message"}
    assert "/api/v1/openapi.json" in body["message"]


def test_past_the_rate_limit_a_json_429_says_when_to_come_back(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_API", "3 per minute")
    # One limit for the whole API, whichever addresses are asked.
    for url in (LIST, "/api/v1/selftests", "/api/v1/openapi.json"):
        assert client.get(url).status_code == 200
    response = client.get(LIST)
    assert response.status_code == 429 and response.is_json
    assert set(response.get_json()) == {"error", "message"}
    assert int(response.headers["Retry-After"]) > 0
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["X-RateLimit-Remaining"] == "0"


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("per_page=0", "per_page"),
        ("per_page=101", "per_page"),
        ("per_page=ten", "per_page"),
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=1.5", "page"),
        ("page=1&page=2", "page"),
        ("page=9999999999999", "page"),
        ("theme=abc", "theme"),
        ("theme=", "theme"),
        ("status=rejected", "status"),
        ("status=pending", "status"),
        ("sort=random", "sort"),
        ("since=yesterday", "since"),
        ("since=2026-03-01", "since"),
        ("since=2026-03-01T10:00:00", "since"),
        ("since=2026-02-30T10:00:00Z", "since"),
        ("thema=1", "thema"),
    ],
)
def test_a_bad_query_parameter_is_a_400_that_names_it(client, world, query, parameter):
    url = f"/api/v1/consultations/{world.consultation.slug}/ideas?{query}"
    body = get_json(client, url, 400)
    assert body["parameter"] == parameter
    assert parameter in body["message"]
    assert set(body) == {"error", "message", "parameter"}


def test_the_messages_are_in_the_visitors_language(client, world):
    with client.session_transaction() as session:
        session["locale"] = "en"
    body = get_json(client, f"{LIST}?per_page=500", 400)
    assert body == {
        "error": "Bad request",
        "message": "“per_page” must be between 1 and 100.",
        "parameter": "per_page",
    }
    body = get_json(client, f"{LIST}?sort=new", 400)
    assert (
        body["message"]
        == "Unknown query parameter “sort”. This address accepts: page, per_page, phase."
    )


@pytest.mark.parametrize(
    "since",
    [
        "2026-03-01T10:00:00Z",
        "2026-03-01t10:00:00z",
        "2026-03-01T10:00:00.123456+02:00",
        "2016-12-31T23:59:60Z",
        "0001-01-01T00:00:00+05:00",
    ],
)
def test_every_rfc3339_moment_is_understood(client, world, since):
    since = since.replace("+", "%2B")
    get_json(client, f"/api/v1/consultations/{world.consultation.slug}/ideas?since={since}")


@pytest.mark.parametrize("slug", ["%00", "Ruimte", "a%20b", "x" * 81, "a--b", "abc%0A"])
def test_an_impossible_address_is_a_404_without_asking_the_database(client, count_queries, slug):
    with count_queries() as counter:
        for url in (
            f"/api/v1/consultations/{slug}",
            f"/api/v1/consultations/{slug}/ideas",
            f"/api/v1/selftests/{slug}/aggregates",
        ):
            assert client.get(url).status_code == 404
        assert client.get(f"/api/v1/selftests?consultation={slug}").status_code == 404
    assert counter.count == 0


def test_head_answers_like_get_without_a_body(client):
    response = client.head(LIST)
    assert response.status_code == 200 and response.data == b""
    assert response.headers["ETag"] == client.get(LIST).headers["ETag"]
