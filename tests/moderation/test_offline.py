"""Offline contributions: a moderator enters an idea or a comment handed in on paper or at the
town hall's counter. It has no account behind it, is published at once, says publicly that it
was submitted at the town hall, and counts like every other contribution."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from participate.audit.models import AuditEntry
from participate.db import db
from participate.ideas.models import Comment, Idea, IdeaStatus, Source
from tests.factories import count
from tests.moderation.helpers import (
    LONG_BODY,
    comment_count,
    comment_id_from,
    configure,
    fetch,
    idea_id_from,
    listed,
    only_audit,
    vote_counts,
)


@pytest.fixture
def moderating(client_as, moderator):
    return client_as(moderator)


def offline_idea(browser, consultation, **changes):
    data = {
        "title": "A bench near the library",
        "body_md": LONG_BODY,
        "theme_id": str(consultation.themes[1].id),
        "place": "Library square",
    }
    data.update(changes)
    return browser.post(f"/moderation/consultations/{consultation.slug}/offline-idea", data=data)


def rows(app) -> tuple[int, int, int]:
    with app.app_context():
        return count(Idea), count(Comment), count(AuditEntry)


def test_the_offline_idea_form_is_offered(moderating, consultation):
    page = moderating.get(f"/moderation/consultations/{consultation.slug}/offline-idea")

    assert page.status_code == 200
    assert "Enter an idea from the town hall" in page.text
    for theme in consultation.themes:
        assert theme.name in page.text


def test_a_moderator_enters_an_idea_from_the_town_hall(
    app, client_as, moderating, moderator, consultation
):
    response = offline_idea(moderating, consultation)

    idea = fetch(app, Idea, idea_id_from(response))
    assert idea.author_id is None
    assert idea.source == Source.TOWN_HALL
    assert idea.status == IdeaStatus.PUBLISHED and idea.is_public
    assert (idea.title, idea.place) == ("A bench near the library", "Library square")
    assert idea.theme_id == consultation.themes[1].id
    page = client_as(None).get(f"/ideas/{idea.id}").text
    assert "submitted at the town hall" in page
    assert "former participant" not in page
    entry = only_audit(app, "idea.offline_create", idea)
    assert entry.actor_id == moderator.id
    assert entry.after == {
        "title": "A bench near the library",
        "theme": consultation.themes[1].name,
    }


def test_a_town_hall_idea_counts_like_the_others(
    app, client_as, make_user, moderating, consultation, make_idea
):
    online = make_idea(consultation)
    idea_id = idea_id_from(offline_idea(moderating, consultation))
    voter = client_as(make_user())

    voter.post(f"/ideas/{idea_id}/vote", data={"value": "1"})

    town_hall = fetch(app, Idea, idea_id)
    assert vote_counts(app, town_hall) == (1, 0)
    assert sorted(listed(app, consultation)) == sorted([online.id, idea_id])
    listing = client_as(None).get(f"/consultations/{consultation.slug}").text
    assert f'href="/ideas/{idea_id}"' in listing
    assert 'Ideas <span class="count">(2)</span>' in listing


def test_a_town_hall_idea_is_published_at_once_in_a_pre_moderated_consultation(
    app, moderating, make_consultation
):
    pre = make_consultation("ideas", moderation_mode="pre")

    idea = fetch(app, Idea, idea_id_from(offline_idea(moderating, pre)))

    assert idea.is_public
    assert listed(app, pre) == [idea.id]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Give the idea a title."),
        ({"title": "Too short"}, "The title has between 10 and 120 characters."),
        ({"body_md": "Far too short."}, "The description has between 30 and 5000 characters."),
        ({"theme_id": ""}, "Choose a theme."),
        ({"theme_id": "987654"}, "Choose one of the themes of this consultation."),
    ],
    ids=["no-title", "short-title", "short-body", "no-theme", "unknown-theme"],
)
def test_an_offline_idea_with_errors_is_shown_again_and_nothing_is_saved(
    app, moderating, consultation, changes, message
):
    before = rows(app)

    response = offline_idea(moderating, consultation, **changes)

    assert response.status_code == 422
    assert message in response.text
    assert rows(app) == before


def test_a_theme_of_another_consultation_is_refused(
    app, moderating, consultation, make_consultation
):
    elsewhere = make_consultation().themes[0]
    before = rows(app)

    response = offline_idea(moderating, consultation, theme_id=str(elsewhere.id))

    assert response.status_code == 422
    assert rows(app) == before


# -- Comments ------------------------------------------------------------------------------


def test_a_moderator_enters_a_comment_from_the_town_hall(
    app, client_as, moderating, moderator, consultation, make_idea
):
    idea = make_idea(consultation)
    assert moderating.get(f"/moderation/ideas/{idea.id}/offline-comment").status_code == 200

    response = moderating.post(
        f"/moderation/ideas/{idea.id}/offline-comment",
        data={"body_md": "Handed in at the counter: yes, please!"},
    )

    comment = fetch(app, Comment, comment_id_from(response))
    assert comment.author_id is None and comment.source == Source.TOWN_HALL
    assert comment.is_visible
    assert comment_count(app, idea) == 1
    page = client_as(None).get(f"/ideas/{idea.id}").text
    assert "Handed in at the counter: yes, please!" in page
    assert "<strong>submitted at the town hall</strong>" in page
    entry = only_audit(app, "comment.offline_create", comment)
    assert entry.actor_id == moderator.id and entry.after == {"idea_id": idea.id}


def test_a_town_hall_comment_is_published_even_where_comments_wait(
    app, moderating, make_consultation, make_idea
):
    pre = make_consultation("ideas", moderation_mode="pre")
    configure(app, pre, comments_premoderated=True)
    idea = make_idea(pre)

    response = moderating.post(
        f"/moderation/ideas/{idea.id}/offline-comment", data={"body_md": "From a paper form."}
    )

    assert fetch(app, Comment, comment_id_from(response)).is_visible
    assert comment_count(app, idea) == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [("", "Write the comment."), ("x", "A comment has between 2 and 5000 characters.")],
)
def test_an_offline_comment_with_errors_is_shown_again_and_nothing_is_saved(
    app, moderating, consultation, make_idea, body, message
):
    idea = make_idea(consultation)
    before = rows(app)

    response = moderating.post(
        f"/moderation/ideas/{idea.id}/offline-comment", data={"body_md": body}
    )

    assert response.status_code == 422
    assert message in response.text
    assert rows(app) == before
    assert comment_count(app, idea) == 0


def test_an_offline_comment_on_an_idea_that_is_not_public_is_refused(
    app, moderating, consultation, make_idea
):
    pending = make_idea(consultation, status="pending")
    before = rows(app)

    response = moderating.post(
        f"/moderation/ideas/{pending.id}/offline-comment", data={"body_md": "From a paper form."}
    )

    assert response.status_code == 422
    assert "You can only comment on published ideas." in response.text
    assert rows(app) == before


def test_nobody_is_mailed_about_decisions_on_town_hall_contributions(app, moderating, consultation):
    """There is no account to write to (the fixture `outbox` is not asked for: any e-mail
    fails the test)."""
    idea_id = idea_id_from(offline_idea(moderating, consultation))

    response = moderating.post(
        f"/moderation/idea/{idea_id}/reject", data={"reason": "Duplicate of a paper form."}
    )

    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Idea.visibility).where(Idea.id == idea_id)) == "rejected"
