"""Share links go through our own endpoint, which counts the click and redirects to the
network with a marked URL; arrivals through that URL are counted; bad input counts nothing and
an idea that may not be shared shows nothing anywhere."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from participate.share.networks import mastodon_host
from tests.share.conftest import BASE, counts

EXPECTED_HOSTS = {
    "facebook": "www.facebook.com",
    "x": "x.com",
    "linkedin": "www.linkedin.com",
    "whatsapp": "wa.me",
    "telegram": "t.me",
    "bluesky": "bsky.app",
}


@pytest.fixture
def idea(make_consultation, make_idea):
    return make_idea(make_consultation(), votes=2, title="Een zitbank aan de vijver")


@pytest.mark.parametrize("network", sorted(EXPECTED_HOSTS))
def test_a_share_link_counts_the_click_and_redirects_to_the_network(app, get, idea, network):
    response = get(f"/share/idea/{idea.id}/{network}")
    assert response.status_code == 302
    assert response.headers["Cache-Control"] == "no-store"
    target = urlsplit(response.headers["Location"])
    assert target.scheme == "https" and target.netloc == EXPECTED_HOSTS[network]
    shared = " ".join(v for values in parse_qs(target.query).values() for v in values)
    assert f"{BASE}/ideas/{idea.id}?ref={network}" in shared
    assert counts(app, "idea", str(idea.id), network) == (1, 0)


def test_the_e_mail_link_opens_a_message_with_the_marked_link(app, get, idea):
    response = get(f"/share/idea/{idea.id}/email")
    location = response.headers["Location"]
    assert location.startswith("mailto:?")
    query = parse_qs(urlsplit(location).query)
    assert "Een zitbank aan de vijver" in query["subject"][0]
    assert f"{BASE}/ideas/{idea.id}?ref=email" in query["body"][0]
    assert counts(app, "idea", str(idea.id), "email") == (1, 0)


def test_clicks_add_up_per_network_and_day(app, get, idea):
    for _ in range(3):
        get(f"/share/idea/{idea.id}/whatsapp")
    get(f"/share/idea/{idea.id}/telegram")
    assert counts(app, "idea", str(idea.id), "whatsapp") == (3, 0)
    assert counts(app, "idea", str(idea.id)) == (4, 0)


def test_a_consultation_is_shared_the_same_way(app, get, make_consultation):
    consultation = make_consultation()
    response = get(f"/share/consultation/{consultation.slug}/linkedin")
    assert response.status_code == 302
    assert f"consultations%2F{consultation.slug}%3Fref%3Dlinkedin" in response.headers["Location"]
    assert counts(app, "consultation", consultation.slug) == (1, 0)


def test_an_unknown_network_is_a_clear_404_and_counts_nothing(app, get, idea, english):
    response = get(f"/share/idea/{idea.id}/myspace")
    assert response.status_code == 404
    assert "We have no share link for “myspace”" in response.get_data(as_text=True)
    assert counts(app, "idea", str(idea.id)) == (0, 0)


@pytest.mark.parametrize(
    "path",
    [
        "/share/idea/99999/whatsapp",
        "/share/idea/abc/whatsapp",
        "/share/poll/1/whatsapp",
        "/share/consultation/nope/x",
    ],
)
def test_an_unknown_item_or_kind_is_a_404(get, path):
    assert get(path).status_code == 404


@pytest.mark.parametrize("status", ["pending", "withdrawn"])
def test_an_idea_that_may_not_be_shared_leaks_nothing_and_counts_nothing(
    app, get, make_consultation, make_idea, status
):
    idea = make_idea(make_consultation(), title="Een geheim voorstel van mij", status=status)
    key = str(idea.id)
    for path in (
        f"/share/idea/{key}/whatsapp",
        f"/share/idea/{key}/mastodon",
        f"/share/idea/{key}/qr.svg",
        f"/share/idea/{key}/qr.png",
        f"/embed/idea/{key}",
        f"/oembed?url={BASE}/ideas/{key}",
    ):
        response = get(path)
        assert response.status_code == 404, path
        assert b"geheim" not in response.data, path
    image = get(f"/share/idea/{key}/image")
    assert image.status_code == 404 and image.mimetype == "image/png"  # the site-wide image
    assert image.data == get("/share/site-image").data
    assert get(f"/ideas/{key}?ref=whatsapp").status_code in (200, 404)
    assert counts(app, "idea", key) == (0, 0)


def test_an_unknown_idea_gets_the_site_wide_image_with_status_404(get):
    response = get("/share/idea/99999/image")
    assert response.status_code == 404
    assert response.mimetype == "image/png" and response.data == get("/share/site-image").data


# -- Arrivals --------------------------------------------------------------------------------


def test_an_arrival_through_a_shared_link_is_counted_and_the_marker_dropped(app, get, idea):
    response = get(f"/ideas/{idea.id}?ref=whatsapp")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/ideas/{idea.id}"
    assert counts(app, "idea", str(idea.id), "whatsapp") == (0, 1)
    assert get(response.headers["Location"]).status_code == 200


def test_other_parameters_survive_the_redirect(app, get, make_consultation):
    consultation = make_consultation()
    response = get(f"/consultations/{consultation.slug}?sort=newest&ref=qr")
    assert response.headers["Location"] == f"/consultations/{consultation.slug}?sort=newest"
    assert counts(app, "consultation", consultation.slug, "qr") == (0, 1)


def test_a_link_preview_robot_is_not_an_arrival(app, get, idea):
    response = get(
        f"/ideas/{idea.id}?ref=facebook", headers={"User-Agent": "facebookexternalhit/1.1"}
    )
    assert response.status_code == 302
    assert counts(app, "idea", str(idea.id)) == (0, 0)


def test_an_unknown_source_marker_is_dropped_without_counting(app, get, idea):
    response = get(f"/ideas/{idea.id}?ref=evil<script>")
    assert response.status_code == 302
    assert counts(app, "idea", str(idea.id)) == (0, 0)


def test_past_the_rate_limit_sharing_still_works_but_is_not_counted(app, get, idea, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_SHARE", "2 per minute")
    for _ in range(4):
        assert get(f"/share/idea/{idea.id}/whatsapp").status_code == 302
    assert counts(app, "idea", str(idea.id), "whatsapp") == (2, 0)


# -- Copy link and the share sheet (counted by the page's script) -----------------------------


def test_the_script_counts_a_copied_link_and_the_share_sheet(app, client, idea):
    assert client.post(f"/share/idea/{idea.id}/count/copy").status_code == 204
    assert client.post(f"/share/idea/{idea.id}/count/native").status_code == 204
    assert counts(app, "idea", str(idea.id), "copy") == (1, 0)
    assert counts(app, "idea", str(idea.id), "native") == (1, 0)


def test_the_counting_beacon_takes_only_its_own_sources(app, client, idea):
    assert client.post(f"/share/idea/{idea.id}/count/whatsapp").status_code == 404
    assert client.get(f"/share/idea/{idea.id}/count/copy").status_code in (404, 405)
    assert counts(app, "idea", str(idea.id)) == (0, 0)


def test_the_counting_beacon_needs_the_csrf_token(app, client, idea, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    assert client.post(f"/share/idea/{idea.id}/count/copy").status_code == 400
    assert counts(app, "idea", str(idea.id)) == (0, 0)


# -- Mastodon ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "host"),
    [
        ("mastodon.social", "mastodon.social"),
        ("  Mastodon.Social  ", "mastodon.social"),
        ("https://mastodon.social/", "mastodon.social"),
        ("@els@mastodon.gent", "mastodon.gent"),
        ("toot.brussels", "toot.brussels"),
        ("mästodon.example", "xn--mstodon-5wa.example"),
        ("", None),
        ("mastodon", None),
        ("localhost", None),
        ("192.168.1.10", None),
        ("[::1]", None),
        ("mastodon.social:8080", None),
        ("mastodon.social/share?text=x", None),
        ("evil.example#@mastodon.social", None),
        ("-bad-.example", None),
        ("a" * 64 + ".example", None),
        ("mastodon.social\r\nX-Injected: 1", None),
        ("javascript:alert(1)", None),
    ],
)
def test_only_a_host_name_is_accepted_as_a_mastodon_server(typed, host):
    assert mastodon_host(typed) == host


def test_sharing_to_mastodon_hands_the_visitor_over_to_their_server(app, client, idea):
    response = client.post(
        f"/share/idea/{idea.id}/mastodon", data={"server": "https://mastodon.gent/"}
    )
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    refresh = soup.find("meta", attrs={"http-equiv": "refresh"})["content"]
    delay, destination = refresh.split("; url=", 1)
    assert delay == "0"
    assert soup.find("a", class_="button")["href"] == destination
    target = urlsplit(destination)
    assert (target.scheme, target.netloc, target.path) == ("https", "mastodon.gent", "/share")
    text = parse_qs(target.query)["text"][0]
    assert text == f"Een zitbank aan de vijver {BASE}/ideas/{idea.id}?ref=mastodon"
    assert counts(app, "idea", str(idea.id), "mastodon") == (1, 0)


def test_a_bad_mastodon_server_name_is_refused_clearly_and_counts_nothing(
    app, client, idea, english
):
    response = client.post(
        f"/share/idea/{idea.id}/mastodon", data={"server": "http://10.0.0.1:80/x"}
    )
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "is not the name of a server" in body
    assert 'aria-invalid="true"' in body
    assert counts(app, "idea", str(idea.id)) == (0, 0)


def test_the_mastodon_form_has_its_own_page_without_javascript(client, idea, english):
    response = client.get(f"/share/idea/{idea.id}/mastodon")
    assert response.status_code == 200
    assert 'name="server"' in response.get_data(as_text=True)


def test_mastodon_is_not_reachable_by_a_crafted_get_link(app, client, idea):
    """A GET carries no server: nobody can make our site redirect to a host of their choice."""
    response = client.get(f"/share/idea/{idea.id}/mastodon?server=evil.example")
    assert response.status_code == 200 and "Location" not in response.headers
    assert counts(app, "idea", str(idea.id)) == (0, 0)


def test_the_mastodon_form_needs_the_csrf_token(app, client, idea, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    response = client.post(f"/share/idea/{idea.id}/mastodon", data={"server": "mastodon.social"})
    assert response.status_code == 400
    assert counts(app, "idea", str(idea.id)) == (0, 0)
