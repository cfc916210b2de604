"""The participation dashboard: figures per day, theme, postcode and network and the funnel,
each equal to the rows behind them, for one consultation and for all; for moderators, the
council and admins; and a page cost that does not grow with the consultation."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

import pytest
from sqlalchemy import select

from participate.consultations.models import Consultation
from participate.db import db, utcnow
from participate.ideas.models import Idea, Vote
from participate.results.dashboard import dashboard
from participate.results.days import local_date
from participate.results.visits import count_view
from participate.selftest.models import Response
from participate.share.models import ShareCount
from tests.factories import saving

DAY = timedelta(days=1)
STAFF = {"moderator", "council", "admin"}


@pytest.fixture
def english(client):
    with client.session_transaction() as session:
        session["locale"] = "en"


def shares(app, story) -> None:
    with saving(app):
        token = db.session.scalar(select(Response.token).limit(1))
        stranger = db.session.scalar(select(Idea.id).where(Idea.consultation_id == story.other.id))
        today = utcnow().date()
        for kind, key, network, clicks, arrivals in (
            ("consultation", story.consultation.slug, "facebook", 2, 1),
            ("idea", str(story.ideas["fietsstraat"]), "whatsapp", 3, 2),
            ("idea", str(story.ideas["park"]), "facebook", 1, 0),
            ("result", token, "copy", 1, 0),
            ("idea", str(stranger), "x", 5, 5),
        ):
            db.session.add(
                ShareCount(
                    kind=kind,
                    item_key=key,
                    network=network,
                    day=today,
                    clicks=clicks,
                    arrivals=arrivals,
                )
            )


def of(story) -> Consultation:
    return db.session.get(Consultation, story.consultation.id)


def test_per_day_every_contribution_is_counted_on_its_local_day(request_ctx, story):
    figures = dashboard(of(story))
    days = {row.day: row for row in figures.days}

    assert (figures.total("ideas"), figures.total("votes")) == (7, 9)
    assert (figures.total("comments"), figures.total("selftests")) == (6, 3)
    votes = [
        v for v in db.session.scalars(select(Vote)) if v.consultation_id == story.consultation.id
    ]
    for day, row in days.items():
        assert row.votes == sum(1 for v in votes if local_date(v.created_at) == day)
    three_days_ago = days[local_date(utcnow() - 3 * DAY)]
    assert three_days_ago.votes == 3 and three_days_ago.comments == 1
    assert three_days_ago.participants == 3  # Bob and two voters; the town hall is nobody
    # Days without anything in between are there too, with zeros.
    assert [row.day for row in figures.days] == [
        figures.days[0].day + i * DAY for i in range(len(figures.days))
    ]


def test_per_theme_ideas_votes_and_comments(request_ctx, story):
    rows = [(t.name, t.ideas, t.votes, t.comments) for t in dashboard(of(story)).themes]

    assert rows == [("Mobiliteit", 2, 6, 4), ("Groen en natuur", 2, 3, 2), ("Wonen", 3, 0, 0)]


def test_participants_per_postcode(request_ctx, story):
    figures = dashboard(of(story))

    assert [(p.postcode, p.participants) for p in figures.postcodes] == [
        ("9040", 3),
        ("9000", 2),
        ("9050", 1),
        (None, 4),
    ]
    assert (figures.participants, figures.with_postcode) == (10, 6)


def test_shares_per_network_of_the_consultation_its_ideas_and_its_results(app, request_ctx, story):
    shares(app, story)
    rows = [(n.network, n.clicks, n.arrivals) for n in dashboard(of(story)).networks]

    assert rows == [("whatsapp", 3, 2), ("facebook", 3, 1), ("copy", 1, 0)]
    everywhere = {n.network: n.clicks for n in dashboard(None).networks}
    assert everywhere["x"] == 5


def test_the_funnel_from_visit_to_vote_to_idea(request_ctx, story):
    consultation = of(story)
    for _ in range(20):
        count_view(consultation)
    funnel = dashboard(consultation).funnel

    assert (funnel.visits, funnel.voters, funnel.authors) == (20, 7, 4)


def test_over_all_consultations_the_other_one_counts_too(request_ctx, story):
    one, everything = dashboard(of(story)), dashboard(None)

    assert everything.total("ideas") >= one.total("ideas") + 1
    assert everything.total("votes") >= one.total("votes") + 1
    names = [(t.name, t.consultation) for t in everything.themes]
    assert ("Mobiliteit", story.other.title) in names


def test_what_the_moderation_rejected_is_not_counted(app, request_ctx, story):
    db.session.get(Idea, story.ideas["verborgen"]).visibility = "rejected"
    db.session.flush()

    assert dashboard(of(story)).total("ideas") == 6


def test_an_empty_consultation_has_an_empty_dashboard(request_ctx, make_consultation):
    figures = dashboard(make_consultation("ideas"))

    assert figures.days == [] and figures.postcodes == [] and figures.networks == []
    assert [t.ideas for t in figures.themes] == [0, 0, 0]


# -- The pages ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [None, "citizen", "moderator", "council", "admin"])
def test_the_dashboard_is_for_the_staff(client, make_user, login, story, role):
    if role:
        login(make_user(role))
    for path in ("/admin/participation", f"/admin/participation/{story.consultation.slug}"):
        status = client.get(path).status_code
        assert status == (200 if role in STAFF else 302 if role is None else 403), path


def test_the_page_shows_the_figures_with_charts_and_tables(
    app, client, make_user, login, story, english
):
    shares(app, story)
    login(make_user("moderator"))
    page = client.get(f"/admin/participation/{story.consultation.slug}").get_data(as_text=True)

    figures = dict(re.findall(r'<dd data-figure="(\w+)">([\d,]+)</dd>', page))
    assert figures == {
        "participants": "10",
        "ideas": "7",
        "votes": "9",
        "comments": "6",
        "selftests": "3",
    }
    assert len(re.findall(r'<svg class="results-chart"', page)) == 5
    for table in ("data-days", "data-themes", "data-postcodes", "data-networks", "data-funnel"):
        assert f'<table class="figures" {table}>' in page
    assert '<tr><th scope="row">9040</th><td class="num">3</td></tr>' in page
    assert (
        '<tr><th scope="row">WhatsApp</th><td class="num">3</td><td class="num">2</td></tr>' in page
    )
    assert "Alice" not in page and "@example.com" not in page


def test_the_overall_page_links_each_consultation(client, make_user, login, story, english):
    login(make_user("council"))
    page = client.get("/admin/participation").get_data(as_text=True)

    assert f'href="/admin/participation/{story.consultation.slug}"' in page
    assert story.other.title in page


def test_the_page_costs_the_same_number_of_queries_for_a_larger_consultation(
    app, client, make_user, login, make_consultation, make_idea, count_queries
):
    consultation = make_consultation("voting")
    make_idea(consultation, votes=1, comments=1)
    login(make_user("council"))
    path = f"/admin/participation/{consultation.slug}"
    client.get(path)
    with count_queries() as small:
        assert client.get(path).status_code == 200

    for i in range(12):
        make_idea(consultation, votes=3, comments=2, theme=i % 3, created_at=utcnow() - i * DAY)
    with saving(app):
        for i in range(8):
            db.session.add(
                ShareCount(
                    kind="idea",
                    item_key=secrets.token_hex(4),
                    network="x",
                    day=utcnow().date(),
                    clicks=i,
                )
            )
    with count_queries() as large:
        assert client.get(path).status_code == 200

    assert large.count == small.count, large.statements
    assert small.count <= 12
    with count_queries() as overall:
        assert client.get("/admin/participation").status_code == 200
    assert overall.count <= 13
