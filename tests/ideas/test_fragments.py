"""Rendered pieces kept per process (participate/fragments.py): reused for the same key,
bounded, and never stale on a page, because every value a piece shows is in its key. The
request tests change each of those values between two views by a visitor who is not logged
in (the visitor who gets the kept pieces)."""

from __future__ import annotations

import pytest

from participate.accounts.models import User
from participate.db import db, utcnow
from participate.fragments import FragmentCache
from participate.ideas.models import Comment, Idea
from tests.factories import change_row


def test_a_piece_is_rendered_once_per_key():
    cache = FragmentCache(size=10)
    calls = []

    def render(text):
        calls.append(text)
        return f"<p>{text}</p>"

    assert cache.get(("a", 1), lambda: render("één")) == "<p>één</p>"
    assert cache.get(("a", 1), lambda: render("twee")) == "<p>één</p>"
    assert cache.get(("a", 2), lambda: render("twee")) == "<p>twee</p>"
    assert calls == ["één", "twee"]


def test_the_cache_keeps_the_most_recently_used_pieces_only():
    cache = FragmentCache(size=3)
    for n in range(3):
        cache.get(n, lambda n=n: str(n))
    cache.get(0, lambda: "again")  # 0 is used again: 1 is now the oldest
    cache.get(3, lambda: "3")
    assert len(cache) == 3
    assert cache.get(1, lambda: "new") == "new"
    assert cache.get(0, lambda: "other") == "0"


def test_the_cache_keeps_no_more_characters_than_its_budget():
    """Pieces and the texts of their keys are weighed: large pieces push old ones out even
    when few are kept, so memory is bounded whatever the pieces' size."""
    cache = FragmentCache(size=100, budget=1_000)
    for n in range(10):
        cache.get(("list", n, "x" * 50), lambda: "y" * 200)  # 250 characters and a number
    assert len(cache) == 3 and cache.weight <= 1_000
    assert cache.get(("list", 9, "x" * 50), lambda: "new") == "y" * 200  # the newest stayed
    assert cache.get(("list", 0, "x" * 50), lambda: "new") == "new"  # the oldest went
    cache.get("huge", lambda: "z" * 5_000)  # larger than the budget: nothing else stays
    assert cache.weight <= 5_004 and len(cache) <= 1


@pytest.fixture
def consultation(make_consultation):
    return make_consultation("voting")


def test_an_idea_card_follows_every_change_of_what_it_shows(app, client, consultation, make_idea):
    idea = make_idea(consultation, title="Een fietsstraat aan de school", votes=2, comments=1)
    page = f"/consultations/{consultation.slug}?sort=newest"

    def shown() -> str:
        return client.get(page).get_data(as_text=True)

    first = shown()
    assert "Een fietsstraat aan de school" in first and "1 reactie" in first
    assert shown() == first  # the kept pieces give the same page

    change_row(app, Idea, idea.id, title="Een schoolstraat met bloembakken")
    assert "Een schoolstraat met bloembakken" in shown()
    change_row(app, Idea, idea.id, comment_count=4)
    assert "4 reacties" in shown()
    change_row(app, Idea, idea.id, support_count=7)
    assert "<span data-support-count>7</span>" in shown()
    change_row(app, Idea, idea.id, pinned=True)
    assert "Vastgezet" in shown()
    change_row(app, User, idea.author_id, display_name="Nieuwe Naam")
    assert "Nieuwe Naam" in shown()
    client.post("/language", data={"lang": "fr"})
    assert "4 commentaires" in shown()


def test_a_comment_follows_every_change_of_what_it_shows(app, client, consultation, make_idea):
    idea = make_idea(consultation, comments=1)
    with app.app_context():
        comment = db.session.query(Comment).filter_by(idea_id=idea.id).one()
        comment_id, author_id = comment.id, comment.author_id

    def shown() -> str:
        """The comment's own article (the idea's author, who wrote it, is named above it too)."""
        page = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
        start = page.index(f'id="comment-{comment_id}"')
        return page[start : page.index("</article>", start)]

    shown()
    change_row(app, Comment, comment_id, body_md="Graag **meer bomen** op het plein.")
    assert "<strong>meer bomen</strong>" in shown()
    change_row(app, Comment, comment_id, moderator_edited_at=utcnow())
    assert "aangepast door de moderatie" in shown()
    change_row(app, User, author_id, display_name="Andere Naam")
    assert "Andere Naam" in shown()
    change_row(app, Comment, comment_id, visibility="hidden")
    assert "verborgen door de moderatie" in shown()
    change_row(app, Comment, comment_id, visibility="visible", deleted_at=utcnow())
    assert "Deze reactie werd verwijderd." in shown()


def test_a_kept_thread_follows_new_replies_and_is_never_shown_to_a_logged_in_citizen(
    app, client, login, make_user, consultation, make_idea
):
    idea = make_idea(consultation, comments=2)
    with app.app_context():
        first = db.session.query(Comment).filter_by(idea_id=idea.id).order_by(Comment.id).first()
        first_id, author_id = first.id, first.author_id
    page = f"/ideas/{idea.id}"
    before = client.get(page).get_data(as_text=True)
    assert before.count('class="comment"') == 2 and "Je antwoord" not in before

    with app.app_context():
        db.session.add(
            Comment(
                idea_id=idea.id,
                parent_id=first_id,
                author_id=author_id,
                body_md="Een antwoord op de eerste reactie.",
                created_at=utcnow(),
            )
        )
        db.session.commit()
    after = client.get(page).get_data(as_text=True)
    assert "Een antwoord op de eerste reactie." in after
    assert 'class="replies"' in after

    citizen = make_user()
    login(citizen)
    mine = client.get(page).get_data(as_text=True)
    assert "Je antwoord" in mine  # the reply forms of a citizen who may comment
    assert mine.count('name="csrf_token"') > after.count('name="csrf_token"')


def test_the_kept_timeline_and_news_follow_the_phase_and_new_updates(
    app, client, consultation, make_user, login
):
    from datetime import timedelta

    from participate.consultations.models import Consultation
    from participate.notifications.models import ConsultationUpdate

    page = f"/consultations/{consultation.slug}"

    def current_step() -> str:
        html = client.get(page).get_data(as_text=True)
        start = html.index('aria-current="step"')
        return html[start : html.index("</li>", start)]

    assert "Laatste stemronde" in current_step()  # the voting phase
    now = utcnow()
    change_row(
        app,
        Consultation,
        consultation.id,
        closed_at=now - timedelta(days=1),
        results_at=now + timedelta(days=5),
    )
    assert "Afgesloten" in current_step()

    assert "Nog geen nieuws." in client.get(page).get_data(as_text=True)
    with app.app_context():
        author = db.session.get(User, make_user("admin").id)
        db.session.add(
            ConsultationUpdate(
                consultation_id=consultation.id,
                author_id=author.id,
                title="De werken beginnen in mei",
                body_md="Vanaf **mei** wordt er gewerkt.",
                created_at=now,
            )
        )
        db.session.commit()
    html = client.get(page).get_data(as_text=True)
    assert "De werken beginnen in mei" in html and "<strong>mei</strong>" in html


def test_a_card_reads_the_same_from_plain_values_as_from_the_idea(
    app, consultation, make_idea, make_user, login, client, monkeypatch
):
    """Visitors who are not logged in get the list read as plain values (IdeaShown), the
    others as ideas: the cards' text is the same."""
    make_idea(consultation, title="Een zitbank met **schaduw**", comments=2, photo=True)
    make_idea(consultation, title="Een fietsstraat", status="accepted")
    page = f"/consultations/{consultation.slug}?sort=newest"

    def cards(html: str) -> list[str]:
        import re

        return re.findall(r'<div class="idea-card-body">.*?</div>', html, re.S)

    from participate import fragments

    monkeypatch.setattr(fragments, "cache", FragmentCache())
    anonymous = cards(app.test_client().get(page).get_data(as_text=True))
    monkeypatch.setattr(fragments, "cache", FragmentCache())  # each rendered anew
    login(make_user())
    logged_in = cards(client.get(page).get_data(as_text=True))
    assert len(anonymous) == 2 and anonymous == logged_in
