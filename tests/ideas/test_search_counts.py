"""A search's count is kept per process under the consultation's `ideas_version`, which the
database raises (triggers on `ideas`, migration d4a7c2e91f30) whenever what a search counts
may change: a new or removed idea, an edited text, a status, visibility, merge, theme or
consultation. Votes and comment counts leave it alone. So the count shown is always the
count of the rows."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import delete, select, text, update

from participate.consultations.models import Consultation
from participate.db import db
from participate.ideas import services
from participate.ideas.models import Idea


def _version(consultation_id: int) -> int:
    return db.session.scalar(
        select(Consultation.ideas_version).where(Consultation.id == consultation_id)
    )


@pytest.mark.parametrize(
    ("change", "raises"),
    [
        ({"title": "Een nieuwe titel"}, True),
        ({"body_md": "Een andere tekst over het plein."}, True),
        ({"status": "accepted"}, True),
        ({"visibility": "hidden"}, True),
        ({"support_count": 40, "trend_score": 3.5}, False),
        ({"comment_count": 7}, False),
        ({"pinned": True}, False),
    ],
)
def test_the_version_follows_what_a_search_counts_and_nothing_else(
    app_ctx, make_consultation, make_idea, change, raises
):
    consultation = make_consultation()
    idea = make_idea(consultation)
    before = _version(consultation.id)
    db.session.execute(update(Idea).where(Idea.id == idea.id).values(**change))
    assert (_version(consultation.id) > before) is raises


def test_new_removed_and_moved_ideas_raise_the_version_of_each_consultation_concerned(
    app_ctx, make_consultation, make_idea
):
    one, other = make_consultation(), make_consultation()
    start = _version(one.id), _version(other.id)
    idea = make_idea(one)
    assert _version(one.id) > start[0] and _version(other.id) == start[1]
    middle = _version(one.id), _version(other.id)
    db.session.execute(
        update(Idea)
        .where(Idea.id == idea.id)
        .values(consultation_id=other.id, theme_id=other.themes[0].id)
    )
    assert _version(one.id) > middle[0] and _version(other.id) > middle[1]
    last = _version(other.id)
    db.session.execute(delete(Idea).where(Idea.id == idea.id))
    assert _version(other.id) > last


def _shown_total(client, consultation, **query) -> int:
    page = client.get(f"/consultations/{consultation.slug}", query_string=query).text
    return int(re.search(r'<span class="count">\((\d+)\)</span>', page).group(1))


def test_the_count_of_a_search_is_reused_and_always_the_count_of_the_rows(
    app, client, make_consultation, make_idea, monkeypatch, count_queries
):
    consultation = make_consultation()
    monkeypatch.setattr(services, "_SEARCHES", {})
    counted = []
    original = services._count
    monkeypatch.setattr(services, "_count", lambda s: counted.append(1) or original(s))
    first = make_idea(consultation, title="Een bank op het plein")
    make_idea(consultation, title="Bomen op het plein")
    make_idea(consultation, title="Iets anders")

    assert _shown_total(client, consultation, q="plein") == 2
    with count_queries() as again:
        assert _shown_total(client, consultation, q="plein") == 2
    assert len(counted) == 1  # the second view reused the count
    # and the few matches found with it: the full-text index is not asked again
    assert not [q for q in again.statements if "ideas_fts" in q or "@@" in q]

    make_idea(consultation, title="Nog een plein")
    assert _shown_total(client, consultation, q="plein") == 3
    with app.app_context():
        db.session.execute(
            update(Idea).where(Idea.id == first.id).values(title="Een bank aan de vijver")
        )
        db.session.commit()
    assert _shown_total(client, consultation, q="plein") == 2
    # the matches kept with the count follow too: the edited idea is no longer listed
    page = client.get(f"/consultations/{consultation.slug}", query_string={"q": "plein"}).text
    listed = {int(n) for n in re.findall(r'<article class="idea-card" id="idea-(\d+)"', page)}
    assert first.id not in listed and len(listed) == 2
    theme = consultation.themes[1].id
    assert _shown_total(client, consultation, q="plein", theme=theme) == len(
        [i for i in _ideas_with(app, consultation, "plein") if i.theme_id == theme]
    )
    # a vote leaves the count (and the kept number) alone
    with app.app_context():
        db.session.execute(text("UPDATE ideas SET support_count = support_count + 1"))
        db.session.commit()
    counted.clear()
    assert _shown_total(client, consultation, q="plein") == 2
    assert counted == []


def _ideas_with(app, consultation, word: str) -> list[Idea]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(Idea).where(
                    Idea.consultation_id == consultation.id,
                    Idea.public_clause(),
                    Idea.title.contains(word) | Idea.body_md.contains(word),
                )
            )
        )


def _listed(client, consultation, **query) -> list[int]:
    page = client.get(f"/consultations/{consultation.slug}", query_string=query).text
    return [int(n) for n in re.findall(r'<article class="idea-card" id="idea-(\d+)"', page)]


def test_many_matches_are_kept_as_bits_and_a_page_walks_the_list_against_them(
    app, client, make_consultation, make_idea, monkeypatch, count_queries
):
    """SQLite, more matches than FEW_MATCHES, in an order an index keeps: the matches are
    read once per version as one bit per idea; a page asks the full-text index nothing and
    still follows every change (the version moves)."""
    if not app.config["DATABASE_URL"].startswith("sqlite"):
        pytest.skip("the bits serve SQLite's full-text search (PostgreSQL plans its own)")
    consultation = make_consultation()
    monkeypatch.setattr(services, "_SEARCHES", {})
    monkeypatch.setattr(services, "_MANY_SEARCHES", {})
    monkeypatch.setattr(services, "FEW_MATCHES", 1)
    made = [make_idea(consultation, title=f"Een bank op het plein nummer {n}") for n in range(5)]
    make_idea(consultation, title="Iets heel anders")
    newest_first = [i.id for i in reversed(made)]

    assert _listed(client, consultation, q="plein", sort="newest") == newest_first
    with count_queries() as again:
        assert _listed(client, consultation, q="plein", sort="newest") == newest_first
    assert not [q for q in again.statements if "ideas_fts" in q]
    kept = next(iter(services._MANY_SEARCHES.values()))
    assert kept.total == 5 and all(kept.has(i.id) for i in made)

    with app.app_context():
        db.session.execute(
            update(Idea).where(Idea.id == made[4].id).values(title="Een bank aan de vijver")
        )
        db.session.commit()
    assert _listed(client, consultation, q="plein", sort="newest") == newest_first[1:]
    # An order no index keeps asks the full-text index, and lists the same ideas.
    with count_queries() as random:
        assert sorted(_listed(client, consultation, q="plein")) == sorted(newest_first[1:])
    assert [q for q in random.statements if "ideas_fts" in q]


def test_the_bits_of_many_matches_say_which_ideas_match():
    matches = services.SearchMatches(3, None, bytes([0b00000101, 0b10000000]), first=100)
    assert [n for n in range(95, 120) if matches.has(n)] == [100, 102, 115]
    assert not services.SearchMatches(0, None).has(100)
