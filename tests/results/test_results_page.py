"""The public results page: before the results are published a clear "not yet" (404); then
the totals, the most supported ideas per theme with their status and official response, and
the self-test's figures, with charts that have tables beside them. Nothing hidden or pending
is ever on it. The consultation page links to it once published."""

from __future__ import annotations

import re

import pytest


@pytest.fixture
def english(client):
    with client.session_transaction() as session:
        session["locale"] = "en"


@pytest.mark.parametrize("phase", ["upcoming", "ideas", "voting", "closed"])
def test_before_the_results_are_published_the_page_says_not_yet(
    client, make_consultation, english, phase
):
    consultation = make_consultation(phase)
    response = client.get(f"/consultations/{consultation.slug}/results")
    page = response.get_data(as_text=True)

    assert response.status_code == 404
    assert "The results are not published yet" in page
    assert "will be published on" in page
    assert "See the results" not in client.get(f"/consultations/{consultation.slug}").get_data(
        as_text=True
    )


def test_an_unknown_consultation_has_no_results(client):
    assert client.get("/consultations/bestaat-niet/results").status_code == 404


def test_the_published_results_show_totals_top_ideas_and_responses(client, story, english):
    response = client.get(f"/consultations/{story.consultation.slug}/results")
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    figures = dict(re.findall(r'<dd data-figure="(\w+)">([\d,.]+)</dd>', page))
    assert figures == {
        "ideas": "4",
        "supporters": "7",
        "opponents": "1",
        "comments": "4",
        "participants": "9",  # Alice, Bob, Dave and six voters
        "selftest_completions": "3",
    }
    assert "1 idea was handed in at the town hall." in page
    # Mobility: the accepted idea first (4 − 1 = 3 beats the town hall's 1), with its response.
    mobility = story.consultation.themes[0]
    section = page.split(f'data-theme-top="{mobility.id}"')[1].split("</section>")[0]
    assert section.index("Het idee fietsstraat") < section.index("Het idee bank")
    assert '<span class="badge status-accepted">Accepted</span>' in section
    assert "De gemeente legt de <strong>fietsstraat</strong> aan in het voorjaar." in section
    assert "submitted at the town hall" in section


def test_nothing_hidden_pending_or_withdrawn_is_on_the_page(client, story):
    page = client.get(f"/consultations/{story.consultation.slug}/results").get_data(as_text=True)

    for name in ("verborgen", "wachtend", "ingetrokken"):
        assert f"Het idee {name}" not in page
    assert "Iets ongepasts" not in page


def test_the_charts_have_a_name_a_description_and_a_table(client, story, english):
    page = client.get(f"/consultations/{story.consultation.slug}/results").get_data(as_text=True)

    charts = re.findall(
        r'<svg class="results-chart"[^>]*role="img" aria-labelledby="([^"]+)"', page
    )
    assert len(charts) == 2  # supporters per theme, and the self-test's first places
    for ids in charts:
        for part in ids.split():
            assert f'id="{part}"' in page
    assert "<caption>Ideas, supporters and comments per theme</caption>" in page
    assert "<caption>How often each profile came first</caption>" in page
    assert "<caption>Answers per statement</caption>" in page
    assert '<p data-completions="' in page and "3 completed tests" in page


def test_the_consultation_page_links_to_the_published_results(client, story, english):
    page = client.get(f"/consultations/{story.consultation.slug}").get_data(as_text=True)

    assert f'href="/consultations/{story.consultation.slug}/results">See the results</a>' in page


def test_staff_see_links_to_their_results_tools_on_the_consultation_page(
    client, make_user, login, story, english, any_role
):
    login(make_user(any_role))
    page = client.get(f"/consultations/{story.consultation.slug}").get_data(as_text=True)
    slug = story.consultation.slug

    assert (f"/admin/participation/{slug}" in page) == (
        any_role in {"moderator", "council", "admin"}
    )
    assert (f"/admin/results/{slug}/export" in page) == (any_role in {"council", "admin"})
    assert (f"/admin/results/{slug}/report" in page) == (any_role in {"council", "admin"})


def test_the_administration_page_lists_the_results_tools_per_role(
    client, make_user, login, english, any_role
):
    login(make_user(any_role))
    response = client.get("/admin")
    if any_role == "citizen":
        assert response.status_code == 403
        return
    page = response.get_data(as_text=True)
    assert '<a href="/admin/participation">Participation</a>' in page
    assert ('<a href="/admin/results">Results and exports</a>' in page) == (any_role != "moderator")
