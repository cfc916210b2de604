"""The pages the benchmark measures cost the same number of queries whatever the size of the
data behind them (issue 9). The consultation's idea list has its own test in
tests/ideas/test_lists.py; the search uses the same page."""

from __future__ import annotations

from sqlalchemy import func, select

from participate.db import db, utcnow
from participate.selftest.models import Answer, Response


def _cost(client, count_queries, path: str) -> int:
    client.get(path)  # warm up: the visitor's session, cached share images
    with count_queries() as counter:
        response = client.get(path)
    assert response.status_code == 200
    return counter.count


def test_an_idea_page_costs_the_same_queries_whatever_its_comments(
    client, make_consultation, make_idea, count_queries
):
    consultation = make_consultation()
    few = make_idea(consultation, comments=2)
    many = make_idea(consultation, comments=40)

    assert _cost(client, count_queries, f"/ideas/{few.id}") == _cost(
        client, count_queries, f"/ideas/{many.id}"
    )


def test_a_search_costs_the_same_queries_whatever_it_finds(
    client, make_consultation, make_idea, count_queries
):
    rare, common = make_consultation(), make_consultation()
    make_idea(rare, title="Een fietsstraat in de Schoolstraat")
    for n in range(25):
        make_idea(common, title=f"Een fietsstraat in straat nummer {n}")

    assert _cost(client, count_queries, f"/consultations/{rare.slug}?q=fiets") == _cost(
        client, count_queries, f"/consultations/{common.slug}?q=fiets"
    )


def test_a_selftest_result_costs_the_same_queries_whatever_its_answers(
    app, client, make_consultation, count_queries
):
    from participate.selftest import demo

    consultation = make_consultation()
    with app.app_context():
        demo.seed_selftest(db.session.merge(consultation), utcnow())
        db.session.commit()
        answered = (
            select(Response.token, func.count(Answer.statement_id))
            .join(Answer)
            .group_by(Response.token)
            .order_by(func.count(Answer.statement_id), Response.token)
        )
        rows = db.session.execute(answered).all()
    (fewest, least), (most, greatest) = rows[0], rows[-1]
    assert least < greatest

    assert _cost(client, count_queries, f"/selftest-results/{fewest}") == _cost(
        client, count_queries, f"/selftest-results/{most}"
    )
