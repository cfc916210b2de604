"""The home page, the health check and the error pages."""

from __future__ import annotations

import pytest
import sqlalchemy.exc
from flask_babel import force_locale, gettext

from participate.db import db
from participate.site.models import SiteSettings


def test_home_page_shows_the_municipality_and_the_empty_state(english):
    response = english.get("/")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Think along about Participate" in body
    assert "There are no consultations yet." in body
    assert '<html lang="en">' in body


def test_home_page_is_in_dutch_by_default(client, app):
    with app.test_request_context(), force_locale("nl"):
        expected = gettext("There are no consultations yet.")
    body = client.get("/").get_data(as_text=True)
    assert '<html lang="nl">' in body
    assert expected in body


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_healthz_answers_503_when_the_database_fails(client, monkeypatch):
    def fail(*_args, **_kwargs):
        raise sqlalchemy.exc.OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(db.session, "execute", fail)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable"}


def _is_error_page(response, code: int, title: str) -> bool:
    body = response.get_data(as_text=True)
    return (
        response.status_code == code
        and response.mimetype == "text/html"
        and f"<h1>{title}</h1>" in body
        and f"Error code {code}" in body
        and 'class="site-footer"' in body  # the whole layout, not a bare message
    )


def test_unknown_page_is_a_404_page(english):
    assert _is_error_page(english.get("/no-such-page"), 404, "Page not found")


def test_unknown_page_answers_json_to_json_clients(client):
    response = client.get("/no-such-page", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.is_json
    assert set(response.get_json()) == {"error", "message"}


def test_page_without_permission_is_a_403_page(english, make_user, login):
    login(make_user("citizen"))
    assert _is_error_page(english.get("/admin/settings"), 403, "Access denied")


def test_wrong_method_is_a_405_page_that_says_what_is_allowed(english):
    response = english.get("/language")
    assert _is_error_page(response, 405, "Not allowed")
    assert "POST" in response.headers["Allow"]


def test_request_body_over_the_limit_is_a_413_page(english, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024)
    response = english.post("/language", data={"lang": "fr", "next": "/" + "x" * 2000})
    assert _is_error_page(response, 413, "Too large")
    with english.session_transaction() as session:
        assert session["locale"] == "en"  # the request was not handled


def test_crash_is_a_500_page_and_saves_nothing(english, app, monkeypatch):
    def crash():
        db.session.add(SiteSettings(id=1, municipality_name="Half saved", primary_colour="#000000"))
        db.session.flush()
        raise RuntimeError("a bug")

    monkeypatch.setitem(app.view_functions, "core.home", crash)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    response = english.get("/")
    assert _is_error_page(response, 500, "Something went wrong")
    assert "a bug" not in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(SiteSettings, 1) is None


def test_error_pages_are_in_the_visitors_language(client, app):
    with client.session_transaction() as session:
        session["locale"] = "fr"
    with app.test_request_context(), force_locale("fr"):
        title = gettext("Page not found")
    body = client.get("/no-such-page").get_data(as_text=True)
    assert '<html lang="fr">' in body
    assert title in body


@pytest.mark.parametrize(
    ("current", "pages", "expected"),
    [
        (1, 1, [1]),
        (1, 2, [1, 2]),
        (1, 2000, [1, 2, 3, 2000]),
        (50, 2000, [1, 48, 49, 50, 51, 52, 2000]),
        (2000, 2000, [1, 1998, 1999, 2000]),
        (3, 5, [1, 2, 3, 4, 5]),
    ],
)
def test_pagination_links_a_few_pages_whatever_their_number(current, pages, expected):
    from participate.templating import page_window

    assert page_window(current, pages) == expected
