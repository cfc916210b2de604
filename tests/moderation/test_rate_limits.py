"""Posting ideas, comments and reports is rate-limited per account (RATELIMIT_IDEA,
RATELIMIT_COMMENT, RATELIMIT_REPORT). The limits are read at each request, so a test sets a
tiny one with monkeypatch, which restores the configuration afterwards."""

from __future__ import annotations

import pytest

from participate.ideas.models import Comment, Idea
from participate.moderation.models import Report
from tests.factories import count
from tests.moderation.helpers import post_comment, post_idea, send_report

TOO_OFTEN = "You tried this too often in a short time."


@pytest.fixture
def limits(app, monkeypatch):
    def set_limit(name: str, value: str = "2 per hour") -> None:
        monkeypatch.setitem(app.config, name, value)

    return set_limit


def rows(app, model) -> int:
    with app.app_context():
        return count(model)


def test_posting_ideas_is_limited_per_account(app, client_as, make_user, consultation, limits):
    limits("RATELIMIT_IDEA")
    browser = client_as(make_user())

    first = [post_idea(browser, consultation, title=f"An idea numbered {i}") for i in range(2)]
    third = post_idea(browser, consultation, title="An idea numbered 3")

    assert [r.status_code for r in first] == [303, 303]
    assert third.status_code == 429
    assert TOO_OFTEN in third.text
    assert rows(app, Idea) == 2
    other = post_idea(client_as(make_user()), consultation, title="Somebody else's idea")
    assert other.status_code == 303  # per account, not per address


def test_opening_the_idea_form_does_not_count(client_as, make_user, consultation, limits):
    limits("RATELIMIT_IDEA", "1 per hour")
    browser = client_as(make_user())

    for _ in range(3):
        assert browser.get(f"/consultations/{consultation.slug}/ideas/new").status_code == 200

    assert post_idea(browser, consultation).status_code == 303


def test_commenting_is_limited_per_account(
    app, client_as, make_user, consultation, make_idea, limits
):
    limits("RATELIMIT_COMMENT")
    idea = make_idea(consultation)
    browser = client_as(make_user())

    statuses = [post_comment(browser, idea, f"Comment {i}").status_code for i in range(3)]

    assert statuses == [303, 303, 429]
    assert rows(app, Comment) == 2
    assert post_comment(client_as(make_user()), idea, "Another account").status_code == 303


def test_reporting_is_limited_per_account(
    app, client_as, make_user, consultation, make_idea, limits
):
    limits("RATELIMIT_REPORT")
    targets = [make_idea(consultation) for _ in range(3)]
    browser = client_as(make_user())

    statuses = [send_report(browser, "idea", idea).status_code for idea in targets]

    assert statuses == [303, 303, 429]
    assert rows(app, Report) == 2
    assert browser.get(f"/report/idea/{targets[2].id}").status_code == 200  # reading is free
    assert send_report(client_as(make_user()), "idea", targets[2]).status_code == 303
