"""Views of a consultation's page, counted per day without anything about the visitor, for
the funnel: the plain page by a visitor counts; the staff, robots, prefetches, the list's
further pages and filters, unknown addresses and views past the rate limit do not; concurrent
views are all counted."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from participate.db import db, utcnow
from participate.results.days import local_date
from participate.results.models import ConsultationVisit
from participate.results.visits import views_of
from tests.conftest import app_on_its_own_database, unbound_session
from tests.ideas.test_vote_concurrency import all_at_once, setup


def views(app, consultation) -> int:
    with app.app_context():
        return views_of(consultation)


def test_a_visit_of_the_page_is_counted_on_todays_row(app, client, make_consultation):
    consultation = make_consultation("ideas")
    for _ in range(3):
        assert client.get(f"/consultations/{consultation.slug}").status_code == 200

    with app.app_context():
        rows = db.session.execute(
            select(ConsultationVisit.day, ConsultationVisit.views).where(
                ConsultationVisit.consultation_id == consultation.id
            )
        ).all()
        assert rows == [(local_date(utcnow()), 3)]


@pytest.mark.parametrize(
    "query",
    [{"page": "2"}, {"sort": "newest"}, {"theme": "1"}, {"q": "fiets"}, {"status": "accepted"}],
)
def test_paging_sorting_filtering_and_searching_are_not_counted(
    app, client, make_consultation, query
):
    consultation = make_consultation("ideas")
    client.get(f"/consultations/{consultation.slug}", query_string=query)

    assert views(app, consultation) == 0


def test_an_arrival_through_a_shared_link_counts_once(app, client, make_consultation):
    consultation = make_consultation("ideas")
    response = client.get(f"/consultations/{consultation.slug}?ref=whatsapp", follow_redirects=True)

    assert response.status_code == 200
    assert views(app, consultation) == 1


@pytest.mark.parametrize("role", ["moderator", "council", "admin"])
def test_the_staff_are_not_counted(app, client, make_user, login, make_consultation, role):
    consultation = make_consultation("ideas")
    login(make_user(role))
    client.get(f"/consultations/{consultation.slug}")

    assert views(app, consultation) == 0


def test_a_logged_in_citizen_is_counted(app, client, make_user, login, make_consultation):
    consultation = make_consultation("ideas")
    login(make_user("citizen"))
    client.get(f"/consultations/{consultation.slug}")

    assert views(app, consultation) == 1


@pytest.mark.parametrize(
    "headers",
    [
        {"User-Agent": "facebookexternalhit/1.1"},
        {"User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1)"},
        {"Sec-Purpose": "prefetch"},
        {"Purpose": "prefetch"},
    ],
)
def test_robots_and_prefetches_are_not_counted(app, client, make_consultation, headers):
    consultation = make_consultation("ideas")
    client.get(f"/consultations/{consultation.slug}", headers=headers)

    assert views(app, consultation) == 0


def test_an_unknown_consultation_counts_nothing(app, client):
    assert client.get("/consultations/bestaat-niet").status_code == 404
    with app.app_context():
        assert views_of() == 0


def test_past_the_rate_limit_the_page_shows_but_is_not_counted(
    app, client, make_consultation, monkeypatch
):
    monkeypatch.setitem(app.config, "RATELIMIT_VISIT", "2 per minute")
    consultation = make_consultation("ideas")
    statuses = [client.get(f"/consultations/{consultation.slug}").status_code for _ in range(4)]

    assert statuses == [200] * 4
    assert views(app, consultation) == 2


def test_nothing_about_the_visitor_is_stored():
    assert {c.name for c in ConsultationVisit.__table__.columns} == {
        "consultation_id",
        "day",
        "views",
    }


# -- Concurrency, on a database of its own with real connections ---------------------------

VISITS = 12


@pytest.fixture(scope="module")
def counting_app(tmp_path_factory: pytest.TempPathFactory):
    with app_on_its_own_database(
        tmp_path_factory,
        "_visit_concurrency",
        read_first=True,
        RATELIMIT_VISIT="1000 per minute",
    ) as app:
        yield app


@pytest.fixture
def real_app(counting_app) -> Iterator[Any]:
    with unbound_session():
        yield counting_app


def test_concurrent_visits_are_all_counted(real_app):
    consultation_id, _ideas, _people = setup(real_app)
    with real_app.app_context():
        from participate.consultations.models import Consultation

        consultation = db.session.get(Consultation, consultation_id)
        slug = consultation.slug

    def visit():
        with real_app.test_client() as client:
            return client.get(f"/consultations/{slug}").status_code

    assert all_at_once([visit] * VISITS) == [200] * VISITS
    with real_app.app_context():
        assert views_of(db.session.get(Consultation, consultation_id)) == VISITS
