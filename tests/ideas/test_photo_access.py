"""The photo of an idea awaiting moderation is seen only by those who may see the idea."""

import pytest


@pytest.fixture
def pending_idea_with_photo(make_consultation, make_idea, make_user):
    consultation = make_consultation(phase="ideas", moderation_mode="pre")
    author = make_user()
    idea = make_idea(consultation, author, status="pending", photo=True)
    return idea, author


def test_a_pending_ideas_photo_is_hidden_from_other_visitors(
    client, login, make_user, pending_idea_with_photo
):
    idea, _author = pending_idea_with_photo
    url = f"/images/{idea.photo_id}/thumb"
    assert client.get(url).status_code == 404
    login(make_user())
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("who", ["author", "moderator", "admin"])
def test_the_author_and_moderators_see_a_pending_ideas_photo(
    client, login, make_user, pending_idea_with_photo, who
):
    idea, author = pending_idea_with_photo
    login(author if who == "author" else make_user(who))
    response = client.get(f"/images/{idea.photo_id}/large")
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]  # no shared cache keeps it


def test_a_published_ideas_photo_is_public(client, make_consultation, make_idea):
    idea = make_idea(make_consultation(phase="ideas"), photo=True)
    response = client.get(f"/images/{idea.photo_id}/thumb")
    assert response.status_code == 200
    assert response.headers["Content-Type"] in ("image/jpeg", "image/webp")
    assert "public" in response.headers["Cache-Control"]
