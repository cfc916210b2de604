"""A page of a list costs the same number of queries whatever its length."""

from __future__ import annotations

import pytest

from participate.db import db
from participate.ideas.models import Comment, StatusChange


def _queries(client, count_queries, url: str) -> int:
    client.get(url)  # warm up: anything cached once per process is not the page's cost
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200
    return counter.count


@pytest.fixture
def consultation_with(app, make_consultation, make_idea, make_user):
    """`consultation_with(n)`: n public ideas, each with a status, a response and a comment."""

    def build(n: int):
        c = make_consultation()
        author = make_user()
        ideas = [make_idea(c, author, 2, theme=i % 3) for i in range(n)]
        with app.app_context():
            for idea in ideas:
                db.session.add(
                    StatusChange(
                        idea_id=idea.id,
                        from_status="published",
                        to_status="published",
                        response_md="Antwoord.",
                    )
                )
                db.session.add(Comment(idea_id=idea.id, author_id=author.id, body_md="Reactie"))
            db.session.commit()
        return c

    return build


def test_a_page_of_ideas_costs_the_same_for_3_or_40_ideas(client, count_queries, consultation_with):
    small, large = consultation_with(3), consultation_with(40)
    costs = {
        _queries(client, count_queries, f"/api/v1/consultations/{c.slug}/ideas?per_page=100")
        for c in (small, large)
    }
    # The consultation and its themes, the count, the ideas (their themes joined), the responses.
    assert costs == {5}
    themed = f"/api/v1/consultations/{large.slug}/ideas?per_page=100&theme={large.themes[1].id}"
    assert _queries(client, count_queries, themed) == 5


def test_a_page_of_comments_costs_the_same_whatever_its_length(
    client, count_queries, consultation_with
):
    small, large = consultation_with(2), consultation_with(30)
    costs = {
        _queries(client, count_queries, f"/api/v1/consultations/{c.slug}/comments?per_page=100")
        for c in (small, large)
    }
    assert costs == {4}  # the consultation and its themes, the count, the comments


def test_a_page_of_consultations_costs_the_same_whatever_its_length(
    client, count_queries, make_consultation
):
    make_consultation()
    one = _queries(client, count_queries, "/api/v1/consultations")
    for _ in range(12):
        make_consultation()
    assert _queries(client, count_queries, "/api/v1/consultations") == one == 5
