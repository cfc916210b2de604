"""Moderation and the citizen's e-mail settings: a comment approved by a moderator reaches the
idea's author like any comment; a citizen who switched off e-mail about their ideas gets no
decision e-mail (the idea page still says what was decided)."""

from __future__ import annotations

from sqlalchemy import select

from participate.db import db
from participate.ideas.models import Comment
from participate.notifications.models import Notification, Preferences


def test_an_approved_comment_is_announced_to_the_ideas_author(
    app, client_as, make_user, make_consultation, make_idea, outbox
):
    consultation = make_consultation("ideas", moderation_mode="pre")
    with app.app_context():
        from participate.consultations.models import Consultation

        db.session.get(Consultation, consultation.id).comments_premoderated = True
        db.session.commit()
    author = make_user(name="Auteur")
    idea = make_idea(consultation, author, status="published")
    commenter = make_user(name="Reageerder")
    response = client_as(commenter).post(
        f"/ideas/{idea.id}/comments", data={"body_md": "Een goede reactie."}
    )
    assert response.status_code == 303
    with app.app_context():
        comment = db.session.scalar(select(Comment).where(Comment.idea_id == idea.id))
        assert comment.visibility == "pending"
        assert not db.session.scalars(
            select(Notification).where(Notification.user_id == author.id)
        ).all()

    moderator = make_user("moderator")
    response = client_as(moderator).post(f"/moderation/comment/{comment.id}/approve")
    assert response.status_code == 303
    with app.app_context():
        kinds = db.session.scalars(
            select(Notification.kind).where(Notification.user_id == author.id)
        ).all()
    assert kinds == ["replies"]


def test_no_decision_mail_for_a_citizen_who_switched_it_off(
    app, client_as, make_user, make_consultation, make_idea, outbox
):
    consultation = make_consultation("ideas", moderation_mode="pre")
    author = make_user(name="Stille Auteur")
    idea = make_idea(consultation, author, status="pending")
    with app.app_context():
        db.session.add(Preferences(user_id=author.id, my_idea=False))
        db.session.commit()
    moderator = make_user("moderator")
    response = client_as(moderator).post(
        f"/moderation/idea/{idea.id}/reject", data={"reason": "Dit hoort hier niet."}
    )
    assert response.status_code == 303
    assert [m for m in outbox if m.to == author.email] == []
