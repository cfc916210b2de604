"""The benchmark's generator (bench/generate.py) at a tiny size, on the test database: the data
it makes holds every count the app keeps exact, so the harness cannot silently rot. Nothing
here is timed: the benchmark measures, the test suite does not."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text, update

from bench.config import DETAIL_COMMENTS, SIZES
from bench.consistency import check
from bench.generate import generate
from participate.db import db
from participate.ideas import services as ideas
from participate.ideas.models import Comment, Idea, Vote
from participate.selftest.models import Response

TINY = SIZES["tiny"]


@pytest.fixture
def manifest(app_ctx):
    return generate(TINY, seed=7)


def test_the_generated_counts_equal_the_rows(manifest):
    assert check(db.session.connection()) == []


def test_the_generator_makes_the_size_it_names(manifest):
    assert db.session.scalar(select(func.count()).select_from(Idea)) == TINY.ideas
    assert db.session.scalar(select(func.count()).select_from(Vote)) == TINY.votes
    assert manifest["rows"]["users"] == TINY.accounts
    assert len(manifest["slugs"]) == TINY.consultations


def test_votes_for_and_against_are_both_counted(manifest):
    support, oppose = db.session.execute(
        select(func.sum(Idea.support_count), func.sum(Idea.oppose_count))
    ).one()
    assert support > 0 and oppose > 0  # the second consultation votes for and against


def test_a_few_ideas_get_most_of_the_votes(manifest):
    counts = sorted(db.session.scalars(select(Idea.support_count)), reverse=True)
    top_tenth = sum(counts[: len(counts) // 10])
    assert top_tenth > sum(counts) / 3


def test_the_detail_idea_has_its_hundred_comments_with_replies(manifest):
    idea = db.session.get(Idea, manifest["detail_idea_id"])
    assert idea.comment_count == DETAIL_COMMENTS == manifest["detail_comments"]
    replies = db.session.scalar(
        select(func.count()).where(Comment.idea_id == idea.id, Comment.parent_id.is_not(None))
    )
    assert 0 < replies < DETAIL_COMMENTS
    assert idea.is_public


def test_generated_ideas_are_found_by_full_text_search(manifest):
    consultation = db.session.get(Idea, manifest["detail_idea_id"]).consultation
    found = ideas.list_ideas(consultation, sort="newest", query="fiets")
    assert found.total > 0


def test_the_manifest_leads_to_real_results_and_accounts(manifest):
    tokens = set(manifest["tokens"])
    stored = set(db.session.scalars(select(Response.token).where(Response.token.in_(tokens))))
    assert stored == tokens
    email = manifest["account_email"].format(n=manifest["accounts"])
    assert db.session.scalar(text("SELECT count(*) FROM users WHERE email = :e"), {"e": email})


def test_the_check_notices_a_count_that_is_off(manifest):
    db.session.execute(
        update(Idea)
        .where(Idea.id == manifest["detail_idea_id"])
        .values(support_count=Idea.support_count + 1, comment_count=Idea.comment_count - 1)
    )
    problems = check(db.session.connection())
    assert any("vote counts" in p for p in problems)
    assert any("comment_count" in p for p in problems)
