"""The consultation page shows the introduction, the phase timeline, the themes and the ideas."""

from __future__ import annotations

import pytest


def test_the_page_shows_intro_timeline_themes_and_ideas(client, make_consultation, make_idea):
    consultation = make_consultation("voting", intro_md="Hoe gebruiken we **onze ruimte**?")
    idea = make_idea(consultation, title="Meer bomen op het marktplein")

    response = client.get(f"/consultations/{consultation.slug}")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"<h1>{consultation.title}</h1>" in page
    assert "<strong>onze ruimte</strong>" in page
    assert 'class="timeline"' in page and 'aria-current="step"' in page
    for theme in consultation.themes:
        assert f'href="/consultations/{consultation.slug}?theme={theme.id}"' in page
        assert theme.name in page
    assert "Meer bomen op het marktplein" in page
    assert f'id="idea-{idea.id}"' in page


def test_the_current_phase_is_marked_in_the_timeline(client, make_consultation):
    consultation = make_consultation("closed")

    page = client.get(f"/consultations/{consultation.slug}").get_data(as_text=True)

    timeline = page[page.index('class="timeline"') : page.index("</ol>")]
    assert timeline.count('class="done"') == 2
    assert timeline.count('class="current"') == 1


def test_the_introduction_is_sanitised(client, make_consultation):
    consultation = make_consultation(intro_md="Hallo <script>alert(1)</script> [x](javascript:y)")

    page = client.get(f"/consultations/{consultation.slug}").get_data(as_text=True)

    assert "<script>alert" not in page and "javascript:y" not in page


def test_an_unknown_consultation_is_not_found(client):
    assert client.get("/consultations/bestaat-niet").status_code == 404


@pytest.mark.parametrize("phase", ["upcoming", "voting", "closed", "results"])
def test_outside_the_ideas_phase_the_page_says_why_posting_is_closed(
    client, make_consultation, phase
):
    consultation = make_consultation(phase)

    page = client.get(f"/consultations/{consultation.slug}").get_data(as_text=True)

    assert f"/consultations/{consultation.slug}/ideas/new" not in page


def test_in_the_ideas_phase_the_page_invites_to_post(client, make_consultation):
    consultation = make_consultation("ideas")

    page = client.get(f"/consultations/{consultation.slug}").get_data(as_text=True)

    assert f'href="/consultations/{consultation.slug}/ideas/new"' in page


def test_pending_and_withdrawn_ideas_are_not_listed(client, make_consultation, make_idea):
    consultation = make_consultation()
    make_idea(consultation, title="Een gepubliceerd idee")
    make_idea(consultation, title="Een idee dat wacht", status="pending")
    make_idea(consultation, title="Een ingetrokken idee", status="withdrawn")

    page = client.get(f"/consultations/{consultation.slug}").get_data(as_text=True)

    assert "Een gepubliceerd idee" in page
    assert "Een idee dat wacht" not in page and "Een ingetrokken idee" not in page


def test_the_theme_colours_are_served_as_a_stylesheet(client, make_consultation):
    consultation = make_consultation()

    response = client.get(f"/consultations/{consultation.slug}/themes.css")

    assert response.status_code == 200 and response.mimetype == "text/css"
    assert f".theme-{consultation.themes[0].id} .swatch" in response.get_data(as_text=True)


def test_the_home_page_lists_consultations(client, make_consultation):
    consultation = make_consultation()

    page = client.get("/").get_data(as_text=True)

    assert f"/consultations/{consultation.slug}" in page
