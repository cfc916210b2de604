"""Self-tests through the API: published ones only, with the same figures the council sees
(participate.selftest.aggregates), per version."""

from __future__ import annotations

import pytest

from participate.db import db
from participate.selftest.aggregates import aggregates
from participate.selftest.models import SelfTest
from tests.api.conftest import get_json
from tests.selftest.flow import take

# Profiles (tests/selftest/helpers.py): Groen 4 4 0 2 · Stad 0 4 4 4 · Dorp 2 0 0 0.
TAKEN = [
    ["4!", None, "none", "3"],  # Groen first
    ["0", "4!", "4!", "4"],  # Stad first
    ["4", "4", "0", "2"],  # Groen first
]


@pytest.fixture
def selftest(app, make_selftest, make_consultation):
    t = make_selftest(consultation=make_consultation())
    for answers in TAKEN:
        take(app.test_client(), app, t, answers)
    return t


def test_only_published_self_tests_are_listed(client, selftest, make_selftest):
    draft = make_selftest(published=False)
    body = get_json(client, "/api/v1/selftests")
    assert [t["slug"] for t in body["items"]] == [selftest.slug]
    get_json(client, f"/api/v1/selftests/{draft.slug}", 404)
    get_json(client, f"/api/v1/selftests/{draft.slug}/aggregates", 404)


def test_a_self_test_with_its_versions_and_links(client, selftest):
    body = get_json(client, f"/api/v1/selftests/{selftest.slug}")
    assert body["title"] == "Waar wil jij wonen in 2040?"
    assert body["current_version"] == 1
    assert [v["number"] for v in body["versions"]] == [1]
    assert body["consultation"] is not None
    assert body["links"]["aggregates"].endswith(f"/api/v1/selftests/{selftest.slug}/aggregates")


def test_the_list_filters_by_consultation(client, selftest, make_selftest):
    make_selftest()  # of no consultation
    slug = get_json(client, f"/api/v1/selftests/{selftest.slug}")["consultation"]
    body = get_json(client, f"/api/v1/selftests?consultation={slug}")
    assert [t["slug"] for t in body["items"]] == [selftest.slug]
    assert get_json(client, "/api/v1/selftests")["total"] == 2
    missing = get_json(client, "/api/v1/selftests?consultation=nergens", 404)
    assert missing["parameter"] == "consultation"


def test_the_aggregates_equal_the_councils_figures(app, client, selftest):
    body = get_json(client, f"/api/v1/selftests/{selftest.slug}/aggregates")
    with app.app_context():
        figures = aggregates(db.session.get(SelfTest, selftest.id).current_version)
        expected_statements = [
            (s.statement.text, s.counts, s.skipped, s.important) for s in figures.statements
        ]
        expected_profiles = [(p.name, n) for p, n in figures.first_places]
    assert body["completions"] == figures.completions == 3
    assert body["per_day"] == [
        {"date": d.isoformat(), "completions": n} for d, n in figures.per_day
    ]
    names = {0: "fully_disagree", 1: "disagree", 2: "neutral", 3: "agree", 4: "fully_agree"}
    names[None] = "no_opinion"
    assert [
        (
            s["text"],
            {k: s["answers"][v] for k, v in names.items()},
            s["skipped"],
            s["marked_important"],
        )
        for s in body["statements"]
    ] == expected_statements
    assert [(p["name"], p["first_places"]) for p in body["profiles"]] == expected_profiles
    assert expected_profiles == [("Groen", 2), ("Stad", 1), ("Dorp", 0)]
    # By hand, the first statement: fully agree twice, fully disagree once; marked once.
    first = body["statements"][0]
    assert first["answers"]["fully_agree"] == 2 and first["answers"]["fully_disagree"] == 1
    assert first["marked_important"] == 1


def test_the_aggregates_of_a_version_and_an_unknown_version(client, selftest):
    body = get_json(client, f"/api/v1/selftests/{selftest.slug}/aggregates?version=1")
    assert body["version"] == 1 and body["completions"] == 3
    missing = get_json(client, f"/api/v1/selftests/{selftest.slug}/aggregates?version=7", 404)
    assert missing["parameter"] == "version"
    get_json(client, f"/api/v1/selftests/{selftest.slug}/aggregates?version=zero", 400)


def test_a_new_version_has_its_own_figures_and_the_old_one_keeps_them(app, client, selftest):
    from participate.selftest import services

    with app.app_context():
        t = db.session.get(SelfTest, selftest.id)
        services.save_statement(
            t,
            t.current_version.statements[0].key,
            text="Elke straat krijgt bomen.",
            explanation="",
            theme="",
            positions={p.key: 4 for p in t.current_version.profiles},
        )
        db.session.commit()
    body = get_json(client, f"/api/v1/selftests/{selftest.slug}")
    assert body["current_version"] == 2 and [v["number"] for v in body["versions"]] == [1, 2]
    current = get_json(client, f"/api/v1/selftests/{selftest.slug}/aggregates")
    assert (current["version"], current["completions"]) == (2, 0)
    assert current["statements"][0]["text"] == "Elke straat krijgt bomen."
    old = get_json(client, f"/api/v1/selftests/{selftest.slug}/aggregates?version=1")
    assert (old["version"], old["completions"]) == (1, 3)
