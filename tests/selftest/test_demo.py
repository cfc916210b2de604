"""The demo self-test: Dutch, about 15 statements over five subjects, 4 profiles, linked to the
demo consultation, with responses whose figures add up."""

from __future__ import annotations

import html

from sqlalchemy import func, select

from participate import demo
from participate.db import db
from participate.selftest import demo as selftest_demo
from participate.selftest import services
from participate.selftest.aggregates import aggregates
from participate.selftest.models import Response


def test_seed_demo_adds_a_dutch_self_test_with_four_profiles(app_ctx):
    demo.seed_demo()
    selftest = services.get_by_slug(selftest_demo.SLUG)
    assert selftest.published
    assert selftest.consultation.slug == "ruimte-voor-morgen"
    version = selftest.current_version
    assert len(version.statements) == 15
    assert {s.theme for s in version.statements} >= {
        "Wonen",
        "Mobiliteit",
        "Natuur en open ruimte",
        "Voorzieningen en ontmoeting",
    }
    assert [p.name for p in version.profiles] == [
        "Compacte groene stad",
        "Bruisende grootstad",
        "Autovrije dorpskern",
        "Ruime buitenwijk",
    ]
    assert services.problems(version) == []
    consultation_themes = {t.name for t in selftest.consultation.themes}
    for profile in version.profiles:
        assert set(profile.themes) <= consultation_themes

    figures = aggregates(version)
    responses = db.session.scalar(select(func.count()).select_from(Response))
    assert figures.completions == responses == selftest_demo.RESPONSES
    assert sum(n for _p, n in figures.first_places) == responses
    assert len(figures.per_day) >= 9
    for f in figures.statements:
        assert f.answered + f.skipped == responses

    assert demo.seed_demo() is False  # idempotent
    assert db.session.scalar(select(func.count()).select_from(Response)) == responses


def test_the_demo_consultation_invites_to_the_self_test(app, client):
    with app.app_context():
        demo.seed_demo()
        db.session.commit()
    page = html.unescape(client.get("/consultations/ruimte-voor-morgen").get_data(as_text=True))
    assert selftest_demo.TITLE in page
    assert f'href="/selftests/{selftest_demo.SLUG}"' in page
    home = html.unescape(client.get("/").get_data(as_text=True))
    assert selftest_demo.TITLE in home
