"""A verified citizen posts an idea in two steps (title first, similar ideas shown), with an
optional photo; bad input gets a clear message and saves nothing."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from PIL import Image

from participate.db import db
from participate.ideas.models import Idea
from participate.images.models import StoredImage
from tests.factories import BODY, count, gps_exif, image_bytes, multipart

TITLE = "Meer bomen op het marktplein"


def idea_form(consultation, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": TITLE,
        "body_md": BODY,
        "theme_id": str(consultation.themes[1].id),
        "place": "Grote Markt",
        "photo_alt": "",
    }
    data.update(changes)
    return data


def rows(app) -> tuple[int, int]:
    with app.app_context():
        return count(Idea), count(StoredImage)


def stored(app, idea_id: int) -> Idea:
    with app.app_context():
        idea = db.session.get(Idea, idea_id)
        idea.photo  # noqa: B018 - loaded while the session is open
        return idea


def idea_id_from(response) -> int:
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


@pytest.fixture
def consultation(make_consultation):
    return make_consultation("ideas")


@pytest.fixture
def citizen(make_user, login):
    user = make_user("citizen")
    login(user)
    return user


def test_step_one_asks_for_a_title(client, consultation, citizen):
    response = client.get(f"/consultations/{consultation.slug}/ideas/new")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'method="get"' in page and 'name="title"' in page
    assert 'name="body_md"' not in page


def test_step_two_shows_similar_ideas_when_they_exist(
    client, consultation, citizen, make_idea, make_consultation
):
    alike = make_idea(consultation, title="Bomen planten rond het marktplein")
    make_idea(consultation, title="Een fietsenstalling aan het station")
    elsewhere = make_idea(make_consultation(), title="Meer bomen op het marktplein van elders")

    response = client.get(
        f"/consultations/{consultation.slug}/ideas/new", query_string={"title": TITLE}
    )

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="similar-title"' in page
    assert f'href="/ideas/{alike.id}"' in page
    assert "fietsenstalling" not in page
    assert f'href="/ideas/{elsewhere.id}"' not in page  # only ideas of this consultation
    assert f'value="{TITLE}"' in page and 'name="body_md"' in page


def test_step_two_without_similar_ideas_shows_just_the_form(client, consultation, citizen):
    response = client.get(
        f"/consultations/{consultation.slug}/ideas/new", query_string={"title": TITLE}
    )

    page = response.get_data(as_text=True)
    assert 'id="similar-title"' not in page
    assert 'name="body_md"' in page and 'enctype="multipart/form-data"' in page


def test_similar_ideas_while_typing_come_as_json(client, consultation, make_idea):
    alike = make_idea(consultation, title="Bomen planten rond het marktplein", votes=2)

    response = client.get(
        f"/consultations/{consultation.slug}/similar", query_string={"title": "marktplein bomen"}
    )

    assert response.get_json() == {
        "ideas": [{"title": alike.title, "url": f"/ideas/{alike.id}", "votes": 2}]
    }


def test_a_verified_citizen_posts_an_idea(app, client, consultation, citizen):
    response = client.post(
        f"/consultations/{consultation.slug}/ideas/new", data=idea_form(consultation)
    )

    idea = stored(app, idea_id_from(response))
    assert (idea.title, idea.body_md, idea.place) == (TITLE, BODY, "Grote Markt")
    assert idea.author_id == citizen.id
    assert idea.theme_id == consultation.themes[1].id
    assert idea.consultation_id == consultation.id
    assert idea.status == "published"
    assert idea.photo is None
    assert client.get(f"/ideas/{idea.id}").status_code == 200


def test_an_idea_is_posted_with_a_photo_that_is_re_encoded(app, client, consultation, citizen):
    photo = image_bytes("JPEG", size=(3200, 2400), exif=gps_exif())
    data = idea_form(consultation, photo_alt="Het plein vandaag")
    data["photo"] = (BytesIO(photo), "plein.jpg", "image/jpeg")

    response = client.post(f"/consultations/{consultation.slug}/ideas/new", data=data)

    idea = stored(app, idea_id_from(response))
    image = idea.photo
    assert image is not None and image.alt == "Het plein vandaag"
    assert (image.width, image.height) == (1600, 1200)
    assert b"Exif" not in image.data and b"Secret Camera" not in image.data
    assert dict(Image.open(BytesIO(image.data)).getexif()) == {}
    page = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert f'src="/images/{image.id}/large"' in page and 'alt="Het plein vandaag"' in page


def test_the_photo_description_defaults_to_the_title(app, client, consultation, citizen):
    data = idea_form(consultation)
    data["photo"] = (BytesIO(image_bytes()), "plein.jpg")

    response = client.post(f"/consultations/{consultation.slug}/ideas/new", data=data)

    assert stored(app, idea_id_from(response)).photo.alt == TITLE


def test_anonymous_visitors_are_sent_to_log_in(app, client, consultation):
    for response in (
        client.get(f"/consultations/{consultation.slug}/ideas/new"),
        client.post(f"/consultations/{consultation.slug}/ideas/new", data=idea_form(consultation)),
    ):
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login")
    assert rows(app) == (0, 0)


def test_an_unverified_account_cannot_post(app, client, consultation, make_user, login):
    login(make_user("citizen", verified=False))

    page = client.get(f"/consultations/{consultation.slug}/ideas/new")
    post = client.post(
        f"/consultations/{consultation.slug}/ideas/new", data=idea_form(consultation)
    )

    assert page.status_code == post.status_code == 403
    assert "/account" in post.get_data(as_text=True)  # where to send the link again
    assert rows(app) == (0, 0)


@pytest.mark.parametrize("phase", ["upcoming", "voting", "closed", "results"])
def test_posting_outside_the_ideas_phase_is_refused_with_the_date(
    app, client, make_consultation, citizen, phase
):
    consultation = make_consultation(phase)
    client.post("/language", data={"lang": "en"})

    response = client.post(
        f"/consultations/{consultation.slug}/ideas/new", data=idea_form(consultation)
    )

    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert ("Posting ideas opens on" if phase == "upcoming" else "Posting ideas closed on") in page
    assert rows(app) == (0, 0)


def test_the_refusal_is_translated(client, make_consultation, citizen):
    consultation = make_consultation("closed")

    page = client.get(f"/consultations/{consultation.slug}/ideas/new").get_data(as_text=True)

    assert "Posting ideas closed" not in page  # Dutch by default


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "x" * 9}, "title"),
        ({"title": "x" * 121}, "title"),
        ({"title": "   "}, "title"),
        ({"body_md": "Te kort."}, "body_md"),
        ({"theme_id": "999999"}, "theme_id"),
        ({"theme_id": ""}, "theme_id"),
        ({"theme_id": "groen"}, "theme_id"),
        ({"place": "x" * 121}, "place"),
    ],
    ids=[
        "title-9",
        "title-121",
        "title-blank",
        "body-short",
        "theme-unknown",
        "theme-missing",
        "theme-not-a-number",
        "place-long",
    ],
)
def test_invalid_input_is_refused_with_a_message_and_saves_nothing(
    app, client, consultation, citizen, changes, field
):
    data = idea_form(consultation, **changes)
    data["photo"] = (BytesIO(image_bytes()), "plein.jpg")

    response = client.post(f"/consultations/{consultation.slug}/ideas/new", data=data)

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in page
    assert rows(app) == (0, 0)


def test_a_title_of_10_and_of_120_characters_is_accepted(app, client, consultation, citizen):
    for title in ("x" * 10, "y" * 120):
        response = client.post(
            f"/consultations/{consultation.slug}/ideas/new",
            data=idea_form(consultation, title=title),
        )
        assert stored(app, idea_id_from(response)).title == title


def test_a_theme_of_another_consultation_is_refused(
    app, client, consultation, citizen, make_consultation
):
    other = make_consultation()

    response = client.post(
        f"/consultations/{consultation.slug}/ideas/new",
        data=idea_form(consultation, theme_id=str(other.themes[0].id)),
    )

    assert response.status_code == 422
    assert 'id="theme_id-error"' in response.get_data(as_text=True)
    assert rows(app) == (0, 0)


@pytest.mark.parametrize(
    "upload",
    [
        (b"Dit is een tekstbestand, geen foto.", "foto.jpg"),
        (image_bytes("GIF"), "animatie.gif"),
        (image_bytes("JPEG")[:50], "kapot.jpg"),
    ],
    ids=["text", "gif", "truncated"],
)
def test_a_photo_that_is_not_a_photo_is_refused_and_saves_nothing(
    app, client, consultation, citizen, upload
):
    data = idea_form(consultation)
    data["photo"] = (BytesIO(upload[0]), upload[1])

    response = client.post(f"/consultations/{consultation.slug}/ideas/new", data=data)

    assert response.status_code == 422
    assert 'id="photo-error"' in response.get_data(as_text=True)
    assert rows(app) == (0, 0)


def test_a_photo_over_5_mb_is_refused_and_saves_nothing(app, client, consultation, citizen):
    data = idea_form(consultation)
    data["photo"] = (BytesIO(image_bytes("PNG") + b"\0" * (6 * 1024 * 1024)), "groot.png")

    response = client.post(f"/consultations/{consultation.slug}/ideas/new", **multipart(data))

    assert response.status_code == 422
    assert "5 MB" in response.get_data(as_text=True)
    assert rows(app) == (0, 0)


def test_an_upload_over_the_request_limit_gets_a_translated_413_page(
    app, client, consultation, citizen
):
    # The body as bytes (the test client would spool a multipart one to an unclosed temp file).
    response = client.post(
        f"/consultations/{consultation.slug}/ideas/new",
        data=b"\0" * (app.config["MAX_CONTENT_LENGTH"] + 1),
        content_type="multipart/form-data; boundary=grens",
    )

    assert response.status_code == 413
    assert '<html lang="nl">' in response.get_data(as_text=True)
    assert "5 MB" in response.get_data(as_text=True)
    assert rows(app) == (0, 0)


def test_markdown_in_the_idea_is_sanitised_on_its_page(app, client, consultation, citizen):
    body = "Een voorstel <script>alert('x')</script> met **nadruk** en <img src=x onerror=y()>."
    response = client.post(
        f"/consultations/{consultation.slug}/ideas/new",
        data=idea_form(consultation, body_md=body),
    )

    page = client.get(f"/ideas/{idea_id_from(response)}").get_data(as_text=True)

    assert "<script>alert" not in page and "onerror" not in page
    assert "<strong>nadruk</strong>" in page


# -- Pre-moderation -------------------------------------------------------------------------


@pytest.fixture
def pending_idea(app, client, make_consultation, citizen):
    consultation = make_consultation(moderation_mode="pre")
    response = client.post(
        f"/consultations/{consultation.slug}/ideas/new", data=idea_form(consultation)
    )
    idea = stored(app, idea_id_from(response))
    client.post("/logout")
    return idea, consultation


def test_in_a_pre_moderated_consultation_an_idea_waits(app, pending_idea):
    idea, _consultation = pending_idea

    assert idea.status == "pending"


def test_a_pending_idea_is_visible_to_its_author(client, login, citizen, pending_idea):
    idea, _consultation = pending_idea
    login(citizen)

    response = client.get(f"/ideas/{idea.id}")

    assert response.status_code == 200
    assert 'class="flash flash-warning"' in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_a_pending_idea_is_visible_to_moderators(client, make_user, login, pending_idea, role):
    idea, _consultation = pending_idea
    login(make_user(role))

    assert client.get(f"/ideas/{idea.id}").status_code == 200


@pytest.mark.parametrize("role", ["citizen", "council", None])
def test_a_pending_idea_is_not_found_for_others(client, make_user, login, pending_idea, role):
    idea, consultation = pending_idea
    if role:
        login(make_user(role))

    assert client.get(f"/ideas/{idea.id}").status_code == 404
    assert idea.title not in client.get(f"/consultations/{consultation.slug}").get_data(
        as_text=True
    )


def test_an_unknown_idea_is_not_found(client):
    assert client.get("/ideas/999999").status_code == 404
