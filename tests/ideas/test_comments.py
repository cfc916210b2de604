"""Comments: one level of replies, edits within 15 minutes, removal that leaves a placeholder,
Markdown sanitised, and refusals when the discussion is closed or the idea is not public."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from participate.audit.models import AuditEntry
from participate.db import db, utcnow
from participate.ideas.models import Comment, Idea


@pytest.fixture
def consultation(make_consultation):
    return make_consultation("voting")


@pytest.fixture
def idea(make_idea, consultation):
    return make_idea(consultation)


@pytest.fixture
def citizen(make_user, login):
    user = make_user()
    login(user)
    return user


def post(client, idea, body: str, parent_id: int | None = None):
    data = {"body_md": body}
    if parent_id is not None:
        data["parent_id"] = str(parent_id)
    return client.post(f"/ideas/{idea.id}/comments", data=data)


def comment_id(response) -> int:
    assert response.status_code == 303
    location = response.headers["Location"]
    assert "#comment-" in location, location
    return int(location.rsplit("#comment-", 1)[1])


def comments(app, idea) -> list[Comment]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(Comment).where(Comment.idea_id == idea.id).order_by(Comment.id)
            )
        )


def comment_count(app, idea) -> int:
    """The idea's comment_count, checked against the comments that are not removed."""
    with app.app_context():
        kept = db.session.scalar(
            select(func.count())
            .select_from(Comment)
            .where(Comment.idea_id == idea.id, Comment.deleted_at.is_(None))
        )
        count = db.session.get(Idea, idea.id).comment_count
        assert count == kept
        return count


def test_a_citizen_comments_on_an_idea(app, client, citizen, idea):
    response = post(client, idea, "Goed idee, **zeker** doen!")

    new_id = comment_id(response)
    assert response.headers["Location"] == f"/ideas/{idea.id}#comment-{new_id}"
    assert comment_count(app, idea) == 1
    page = client.get(f"/ideas/{idea.id}").text
    assert f'id="comment-{new_id}"' in page
    assert "Goed idee, <strong>zeker</strong> doen!" in page


def test_a_reply_joins_the_comment(app, client, citizen, idea):
    top = comment_id(post(client, idea, "Eerste reactie"))

    reply = comment_id(post(client, idea, "Een antwoord", parent_id=top))

    saved = {c.id: c for c in comments(app, idea)}
    assert saved[reply].parent_id == top
    assert comment_count(app, idea) == 2
    page = client.get(f"/ideas/{idea.id}").text
    replies = page[page.index('<ol class="replies">') :]
    assert f'id="comment-{reply}"' in replies


def test_a_reply_to_a_reply_attaches_to_the_top_level_comment(app, client, citizen, idea):
    top = comment_id(post(client, idea, "Eerste reactie"))
    reply = comment_id(post(client, idea, "Een antwoord", parent_id=top))

    deeper = comment_id(post(client, idea, "Een antwoord op het antwoord", parent_id=reply))

    assert {c.id: c.parent_id for c in comments(app, idea)} == {
        top: None,
        reply: top,
        deeper: top,
    }


def test_a_reply_to_a_comment_on_another_idea_is_refused(
    app, client, citizen, idea, make_idea, consultation
):
    other = make_idea(consultation)
    elsewhere = comment_id(post(client, other, "Elders"))

    response = post(client, idea, "Verdwaald antwoord", parent_id=elsewhere)

    assert response.status_code == 303
    assert comments(app, idea) == []
    assert comment_count(app, idea) == 0


@pytest.mark.parametrize("body", ["", " ", "x", "x" * 5001])
def test_a_comment_of_the_wrong_length_is_refused(app, client, citizen, idea, body):
    response = post(client, idea, body)

    assert response.status_code == 303
    assert comments(app, idea) == []
    assert 'class="flash flash-error"' in client.get(response.headers["Location"]).text


def test_markdown_in_comments_is_sanitised_on_the_page(client, citizen, idea):
    post(client, idea, "Kijk <script>alert('x')</script> [hier](javascript:alert(1)) *nu*")

    page = client.get(f"/ideas/{idea.id}").text

    assert "<script>alert" not in page
    assert "javascript:alert" not in page
    assert "<em>nu</em>" in page


def test_comments_are_refused_when_the_discussion_is_closed(
    app, client, citizen, make_consultation, make_idea
):
    idea = make_idea(make_consultation("closed"))
    client.post("/language", data={"lang": "en"})

    response = post(client, idea, "Te laat")

    assert comments(app, idea) == []
    assert "The discussion closed on" in client.get(response.headers["Location"]).text


def test_comments_are_refused_before_the_discussion_opens(
    app, client, citizen, make_consultation, make_idea
):
    idea = make_idea(make_consultation("upcoming"))

    post(client, idea, "Te vroeg")

    assert comments(app, idea) == []


def test_comments_are_refused_on_a_pending_idea(
    app, client, make_user, login, make_consultation, make_idea
):
    author = make_user()
    idea = make_idea(make_consultation(moderation_mode="pre"), author, status="pending")
    login(author)

    post(client, idea, "Mijn eigen idee")

    assert comments(app, idea) == []
    client.post("/logout")
    login(make_user())
    assert post(client, idea, "Wat is dit?").status_code == 404
    assert comments(app, idea) == []


def test_comments_are_refused_on_a_withdrawn_idea(app, client, citizen, make_idea, consultation):
    idea = make_idea(consultation, status="withdrawn")

    post(client, idea, "Jammer")

    assert comments(app, idea) == []


def test_comments_are_refused_for_an_unverified_account(app, client, make_user, login, idea):
    login(make_user(verified=False))

    post(client, idea, "Mag ik iets zeggen?")

    assert comments(app, idea) == []
    assert 'name="body_md"' not in client.get(f"/ideas/{idea.id}").text


def test_anonymous_visitors_are_sent_to_log_in_to_comment(app, client, idea):
    response = post(client, idea, "Anoniem")

    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert comments(app, idea) == []


# -- Editing --------------------------------------------------------------------------------


def test_the_author_edits_a_comment_within_15_minutes(app, client, citizen, idea):
    own = comment_id(post(client, idea, "Eerste versie"))

    form = client.get(f"/comments/{own}/edit")
    response = client.post(f"/comments/{own}/edit", data={"body_md": "Tweede versie"})

    assert form.status_code == 200 and "Eerste versie" in form.text
    assert response.status_code == 303
    (saved,) = comments(app, idea)
    assert saved.body_md == "Tweede versie" and saved.edited_at is not None


def test_editing_a_comment_is_refused_after_15_minutes(app, client, citizen, idea):
    own = comment_id(post(client, idea, "Eerste versie"))
    with app.app_context():
        db.session.get(Comment, own).created_at = utcnow() - timedelta(minutes=16)
        db.session.commit()

    response = client.post(f"/comments/{own}/edit", data={"body_md": "Tweede versie"})

    assert response.status_code == 303
    assert comments(app, idea)[0].body_md == "Eerste versie"


@pytest.mark.parametrize("role", ["citizen", "moderator"])
def test_nobody_else_edits_a_comment(app, client, citizen, login, make_user, idea, role):
    own = comment_id(post(client, idea, "Eerste versie"))
    client.post("/logout")
    login(make_user(role))

    response = client.post(f"/comments/{own}/edit", data={"body_md": "Vervalst"})

    assert response.status_code == 303
    assert comments(app, idea)[0].body_md == "Eerste versie"


def test_an_edit_of_the_wrong_length_is_refused(app, client, citizen, idea):
    own = comment_id(post(client, idea, "Eerste versie"))

    response = client.post(f"/comments/{own}/edit", data={"body_md": "x"})

    assert response.status_code == 422
    assert comments(app, idea)[0].body_md == "Eerste versie"


# -- Removing -------------------------------------------------------------------------------


def test_removing_leaves_a_placeholder_and_decrements_the_count(app, client, citizen, idea):
    top = comment_id(post(client, idea, "Een reactie die weg moet"))
    reply = comment_id(post(client, idea, "Een antwoord dat blijft", parent_id=top))

    response = client.post(f"/comments/{top}/delete")

    assert response.status_code == 303
    assert comment_count(app, idea) == 1
    saved = {c.id: c for c in comments(app, idea)}
    assert saved[top].deleted_at is not None
    assert "weg moet" not in saved[top].body_md
    page = client.get(f"/ideas/{idea.id}").text
    assert f'id="comment-{top}"' in page and "comment deleted" in page
    assert "Een reactie die weg moet" not in page
    assert "Een antwoord dat blijft" in page and f'id="comment-{reply}"' in page


def test_removing_twice_counts_once(app, client, citizen, idea):
    own = comment_id(post(client, idea, "Eén keer weg"))

    client.post(f"/comments/{own}/delete")
    client.post(f"/comments/{own}/delete")

    assert comment_count(app, idea) == 0


def test_a_removed_comment_cannot_be_edited(app, client, citizen, idea):
    own = comment_id(post(client, idea, "Eerste versie"))
    client.post(f"/comments/{own}/delete")

    client.post(f"/comments/{own}/edit", data={"body_md": "Weer terug"})

    assert comments(app, idea)[0].deleted_at is not None
    assert "Weer terug" not in comments(app, idea)[0].body_md


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_a_moderator_may_remove_a_comment(app, client, citizen, login, make_user, idea, role):
    own = comment_id(post(client, idea, "Een ongepaste reactie"))
    client.post("/logout")
    moderator = make_user(role)
    login(moderator)

    client.post(f"/comments/{own}/delete")

    assert comments(app, idea)[0].deleted_at is not None
    assert comment_count(app, idea) == 0
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "comment.delete"))
        assert entry is not None and (entry.actor_id, entry.target_id) == (moderator.id, own)


@pytest.mark.parametrize("role", ["citizen", "council"])
def test_others_may_not_remove_a_comment(app, client, citizen, login, make_user, idea, role):
    own = comment_id(post(client, idea, "Mijn reactie"))
    client.post("/logout")
    login(make_user(role))

    client.post(f"/comments/{own}/delete")

    assert comments(app, idea)[0].deleted_at is None
    assert comment_count(app, idea) == 1


def test_removing_a_comment_is_a_post(client, citizen, idea):
    own = comment_id(post(client, idea, "Mijn reactie"))

    assert client.get(f"/comments/{own}/delete").status_code == 405


def test_every_verified_account_may_comment(app, client, make_user, login, idea, any_role):
    login(make_user(any_role))

    comment_id(post(client, idea, "Een reactie"))

    assert comment_count(app, idea) == 1
