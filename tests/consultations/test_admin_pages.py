"""Admins create and edit consultations in the site; nobody else may."""

from __future__ import annotations

from datetime import UTC, datetime
from io import BytesIO
from typing import Any

import pytest
from sqlalchemy import select

from participate.consultations.models import Consultation
from participate.db import db
from participate.images.models import StoredImage
from tests.factories import count, image_bytes

PAGES = ["/admin/consultations", "/admin/consultations/new"]


def form(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Ruimte voor morgen",
        "slug": "",
        "intro_md": "Hoe gebruiken we **onze ruimte** in 2040?",
        "moderation_mode": "pre",
        "voting_mode": "for_against",
        "vote_limit": "10",
        "report_threshold": "3",
        "ideas_open_at": "2027-03-01T09:00",
        "voting_open_at": "2027-04-01T10:00",
        "closed_at": "2027-05-01T22:00",
        "results_at": "2027-06-01T09:00",
        "cover_alt": "",
    }
    for i in range(8):
        data[f"themes-{i}-name"] = ""
        data[f"themes-{i}-colour"] = "#1d4f91"
    data.update({"themes-0-name": "Mobiliteit", "themes-0-colour": "#aa0000"})
    data.update({"themes-1-name": "Groen", "themes-1-colour": "#00aa00"})
    data.update(changes)
    return data


def saved(app, slug: str) -> Consultation | None:
    with app.app_context():
        consultation = db.session.scalar(select(Consultation).where(Consultation.slug == slug))
        if consultation is not None:
            consultation.themes  # noqa: B018 - loaded while the session is open
            consultation.cover_image  # noqa: B018
        return consultation


@pytest.fixture
def as_admin(make_user, login):
    login(make_user("admin"))


@pytest.mark.parametrize("page", PAGES)
def test_admin_pages_open_for_an_admin(client, as_admin, page):
    assert client.get(page).status_code == 200


@pytest.mark.parametrize("role", ["citizen", "moderator", "council"])
@pytest.mark.parametrize("page", [*PAGES, "/admin/consultations/{slug}/edit"])
def test_admin_pages_are_forbidden_to_other_roles(
    client, make_user, login, make_consultation, role, page
):
    consultation = make_consultation()
    login(make_user(role))

    assert client.get(page.format(slug=consultation.slug)).status_code == 403
    if page != "/admin/consultations":
        assert client.post(page.format(slug=consultation.slug), data=form()).status_code == 403
    assert saved(client.application, "ruimte-voor-morgen") is None


@pytest.mark.parametrize("page", [*PAGES, "/admin/consultations/{slug}/edit"])
def test_admin_pages_send_anonymous_visitors_to_log_in(client, make_consultation, page):
    consultation = make_consultation()

    response = client.get(page.format(slug=consultation.slug))

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_the_list_shows_every_consultation_with_an_edit_link(client, as_admin, make_consultation):
    first, second = make_consultation("ideas"), make_consultation("results")

    page = client.get("/admin/consultations").get_data(as_text=True)

    for consultation in (first, second):
        assert consultation.title in page
        assert f"/admin/consultations/{consultation.slug}/edit" in page


def test_an_admin_creates_a_consultation_through_the_form(app, client, as_admin):
    response = client.post("/admin/consultations/new", data=form())

    assert response.status_code == 303
    assert response.headers["Location"] == "/consultations/ruimte-voor-morgen"
    consultation = saved(app, "ruimte-voor-morgen")
    assert consultation.title == "Ruimte voor morgen"
    assert (consultation.moderation_mode, consultation.voting_mode) == ("pre", "for_against")
    assert consultation.vote_limit == 10
    # datetime-local values are the municipality's time (Brussels), stored in UTC
    assert consultation.ideas_open_at == datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
    assert consultation.voting_open_at == datetime(2027, 4, 1, 8, 0, tzinfo=UTC)  # summer time
    assert consultation.closed_at == datetime(2027, 5, 1, 20, 0, tzinfo=UTC)
    assert [(t.name, t.colour) for t in consultation.themes] == [
        ("Mobiliteit", "#aa0000"),
        ("Groen", "#00aa00"),
    ]
    assert client.get(response.headers["Location"]).status_code == 200


def test_an_admin_creates_a_consultation_with_a_cover_image(app, client, as_admin):
    data = form(cover_alt="Het marktplein")
    data["cover"] = (BytesIO(image_bytes("JPEG", size=(2400, 1200))), "plein.jpg")

    response = client.post("/admin/consultations/new", data=data)

    assert response.status_code == 303
    cover = saved(app, "ruimte-voor-morgen").cover_image
    assert (cover.width, cover.height, cover.alt) == (1600, 800, "Het marktplein")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "Kort"}, "title"),
        ({"ideas_open_at": ""}, "ideas_open_at"),
        ({"ideas_open_at": "morgen"}, "ideas_open_at"),
        ({"voting_open_at": "2027-02-01T09:00"}, "voting_open_at"),
        ({"themes-0-name": "", "themes-1-name": ""}, "themes"),
        ({"themes-1-name": "mobiliteit"}, "themes"),
        ({"slug": "met spaties"}, "slug"),
        ({"vote_limit": "0"}, "vote_limit"),
        ({"report_threshold": "0"}, "report_threshold"),
        ({"report_threshold": ""}, "report_threshold"),
        ({"themes-0-colour": "rood"}, "themes-0-colour"),
    ],
)
def test_an_invalid_form_is_shown_again_and_saves_nothing(app, client, as_admin, changes, field):
    response = client.post("/admin/consultations/new", data=form(**changes))

    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert count(Consultation) == 0


def test_a_cover_that_is_not_an_image_is_refused_and_nothing_is_saved(app, client, as_admin):
    data = form()
    data["cover"] = (BytesIO(b"geen foto"), "plein.jpg")

    response = client.post("/admin/consultations/new", data=data)

    assert response.status_code == 422
    with app.app_context():
        assert count(Consultation) == 0 and count(StoredImage) == 0


def test_a_slug_in_use_is_refused_in_the_form(app, client, as_admin, make_consultation):
    make_consultation(slug="ruimte-voor-morgen")

    response = client.post("/admin/consultations/new", data=form())

    assert response.status_code == 422
    with app.app_context():
        assert count(Consultation) == 1


def test_the_edit_form_shows_the_consultation_in_local_time(app, client, as_admin):
    client.post("/admin/consultations/new", data=form())

    page = client.get("/admin/consultations/ruimte-voor-morgen/edit").get_data(as_text=True)

    assert 'value="Ruimte voor morgen"' in page
    assert 'value="2027-03-01T09:00"' in page and 'value="2027-05-01T22:00"' in page
    assert 'value="Mobiliteit"' in page and 'value="Groen"' in page


def test_an_admin_edits_a_consultation(app, client, as_admin):
    client.post("/admin/consultations/new", data=form())

    response = client.post(
        "/admin/consultations/ruimte-voor-morgen/edit",
        data=form(
            title="Ruimte voor overmorgen",
            slug="ruimte-voor-morgen",
            vote_limit="",
            **{"themes-2-name": "Wonen"},
        ),
    )

    assert response.status_code == 303
    consultation = saved(app, "ruimte-voor-morgen")
    assert consultation.title == "Ruimte voor overmorgen"
    assert consultation.vote_limit is None
    assert [t.name for t in consultation.themes] == ["Mobiliteit", "Groen", "Wonen"]


def test_removing_a_theme_with_ideas_is_refused_and_nothing_is_saved(
    app, client, as_admin, make_idea
):
    client.post("/admin/consultations/new", data=form())
    consultation = saved(app, "ruimte-voor-morgen")
    make_idea(consultation, theme=0)

    response = client.post(
        "/admin/consultations/ruimte-voor-morgen/edit",
        data=form(title="Een andere titel", slug="ruimte-voor-morgen", **{"themes-0-name": ""}),
    )

    assert response.status_code == 422
    assert "Mobiliteit" in response.get_data(as_text=True)
    after = saved(app, "ruimte-voor-morgen")
    assert after.title == "Ruimte voor morgen"
    assert [t.name for t in after.themes] == ["Mobiliteit", "Groen"]


def test_editing_an_unknown_consultation_is_not_found(client, as_admin):
    assert client.get("/admin/consultations/bestaat-niet/edit").status_code == 404


def test_an_admin_sets_the_moderation_of_comments_and_the_report_threshold(app, client, as_admin):
    response = client.post(
        "/admin/consultations/new",
        data=form(slug="met-moderatie", comments_premoderated="y", report_threshold="5"),
    )
    assert response.status_code == 303
    consultation = saved(app, "met-moderatie")
    assert consultation.comments_premoderated is True
    assert consultation.report_threshold == 5


def test_comments_are_not_premoderated_in_a_post_moderated_consultation(app, client, as_admin):
    response = client.post(
        "/admin/consultations/new",
        data=form(slug="achteraf", moderation_mode="post", comments_premoderated="y"),
    )
    assert response.status_code == 303
    assert saved(app, "achteraf").comments_premoderated is False
