"""The demo data: a consultation in the spirit of ruimtevoormorgen.be, full enough to show,
built through the real services so that its counts are exact, and added only once."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from participate import demo
from participate import demo_content as content
from participate.accounts.models import User
from participate.consultations import services as consultations
from participate.consultations.models import Consultation, Phase
from participate.db import db, utcnow
from participate.ideas import services as ideas
from participate.ideas.models import Comment, Idea, IdeaStatus, StatusChange, Vote


def contrast_on_white(colour: str) -> float:
    """WCAG 2 contrast ratio of `colour` (#rrggbb) against white."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)


def counts() -> dict[str, int]:
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model)) or 0
        for model in (User, Consultation, Idea, Vote, Comment, StatusChange)
    }


@pytest.fixture
def seeded(app_ctx) -> Consultation:
    assert demo.seed_demo() is True
    consultation = consultations.get_by_slug("ruimte-voor-morgen")
    assert consultation is not None
    return consultation


def test_seed_demo_creates_an_open_consultation_with_six_themes_and_many_ideas(seeded):
    assert seeded.title.startswith("Ruimte voor morgen")
    assert seeded.phase() == Phase.IDEAS
    assert (seeded.moderation_mode, seeded.voting_mode, seeded.vote_limit) == (
        "post",
        "support",
        10,
    )
    assert seeded.intro_md.count("\n\n") in (1, 2)  # two or three paragraphs
    colours = [theme.colour for theme in seeded.themes]
    assert len(colours) == len(set(colours)) == 6
    assert all(contrast_on_white(colour) >= 3 for colour in colours), colours

    items = db.session.scalars(ideas.public_ideas(seeded)).all()
    assert len(items) >= 35
    assert {idea.theme_id for idea in items} == {theme.id for theme in seeded.themes}
    assert all(10 <= len(idea.title) <= 120 for idea in items)
    assert len({idea.author_id for idea in items}) >= 20
    now = utcnow()
    assert all(seeded.ideas_open_at <= idea.created_at <= now for idea in items)
    assert max(i.created_at for i in items) - min(i.created_at for i in items) > timedelta(days=8)


def test_demo_counts_equal_the_rows_behind_them(seeded):
    for idea in db.session.scalars(select(Idea).where(Idea.consultation_id == seeded.id)):
        votes = db.session.scalars(select(Vote).where(Vote.idea_id == idea.id)).all()
        live_comments = db.session.scalar(
            select(func.count())
            .select_from(Comment)
            .where(Comment.idea_id == idea.id, Comment.deleted_at.is_(None))
        )
        assert idea.support_count == len(votes), idea.title
        assert idea.oppose_count == 0
        assert idea.comment_count == live_comments, idea.title
        # The votes were moved back in time; trend_score follows their times.
        assert idea.trend_score == pytest.approx(
            sum(ideas.trend_weight(vote.created_at) for vote in votes)
        )
        assert all(idea.created_at <= vote.created_at <= utcnow() for vote in votes)


def test_demo_votes_are_skewed_and_respect_the_vote_limit(seeded):
    per_idea = sorted(
        db.session.scalars(select(Idea.support_count).where(Idea.consultation_id == seeded.id)),
        reverse=True,
    )
    assert 150 <= sum(per_idea) <= 250
    assert sum(per_idea[:8]) > sum(per_idea) / 3  # a few ideas draw much of the support
    per_citizen = db.session.execute(
        select(Vote.user_id, func.count())
        .where(Vote.consultation_id == seeded.id)
        .group_by(Vote.user_id)
    ).all()
    assert len(per_citizen) >= 20
    assert max(n for _, n in per_citizen) <= seeded.vote_limit
    burger = db.session.scalar(select(User).where(User.email == "burger@example.com"))
    assert ideas.remaining_votes(seeded, burger) == 10  # left free for trying the demo


def test_demo_has_a_discussion_and_two_official_responses(seeded):
    all_comments = db.session.scalars(select(Comment)).all()
    assert len(all_comments) >= 30
    replies = [c for c in all_comments if c.parent_id is not None]
    assert len(replies) >= 5
    by_id = {c.id: c for c in all_comments}
    assert all(by_id[r.parent_id].created_at <= r.created_at for r in replies)

    changes = db.session.scalars(select(StatusChange)).all()
    assert sorted(c.to_status for c in changes) == ["accepted", "under_consideration"]
    assert all(c.from_status == IdeaStatus.PUBLISHED for c in changes)
    assert all(c.author.email == "moderator@example.com" for c in changes)
    assert all(len(c.response_md) > 100 for c in changes)
    assert {c.idea.status for c in changes} == {"accepted", "under_consideration"}


def test_second_seed_demo_adds_nothing(seeded):
    before = counts()
    assert demo.seed_demo() is False
    assert counts() == before


def test_consultation_page_lists_the_demo_ideas(app, client):
    with app.app_context():
        demo.seed_demo()
        db.session.commit()  # a savepoint: the test's transaction still rolls it back
        accepted = db.session.scalar(select(Idea).where(Idea.status == "accepted"))
        accepted_id = accepted.id
    response = client.get("/consultations/ruimte-voor-morgen")
    assert response.status_code == 200
    page = html.unescape(response.get_data(as_text=True))
    assert content.TITLE in page
    shown = [text.title for text in content.IDEAS if text.title in page]
    assert len(shown) >= 10

    response = client.get(f"/ideas/{accepted_id}")
    assert response.status_code == 200
    page = html.unescape(response.get_data(as_text=True))
    assert "fietsenstalling met 120 plaatsen" in page
