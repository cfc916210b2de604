"""On the demo data, with its held, hidden, reported, withdrawn and town-hall items: every
answer the API gives, reached by following its own links, holds nothing that is not public
and nothing about a person."""

from __future__ import annotations

import re
from collections import deque

import pytest
from sqlalchemy import select

from participate import demo
from participate.accounts.models import User
from participate.db import db
from participate.ideas.models import Comment, Idea
from participate.selftest.models import Response

BASE = "http://participate.test"


@pytest.fixture
def demo_data(app):
    with app.app_context():
        assert demo.seed_demo() is True
        db.session.commit()


def crawl(client, start: str) -> dict[str, object]:
    """Every API address reachable from `start` through the answers' links (each page of each
    list with 100 items a page), with its JSON."""
    seen: dict[str, object] = {}
    queue = deque([start])
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url.removeprefix(BASE))
        assert response.status_code == 200, (url, response.get_data(as_text=True))
        seen[url] = response.get_json()
        text = response.get_data(as_text=True)
        for link in re.findall(r'"(http://participate\.test/api/v1/[^"]*)"', text):
            if "per_page=" not in link and "?" not in link and link.endswith(("ideas", "comments")):
                link += "?per_page=100"
            if "page=" in link and "per_page=100" not in link:
                continue  # the pages of a list at another size hold the same items
            queue.append(link)
    return seen


def test_nothing_hidden_or_personal_is_ever_in_the_api(app, client, demo_data, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_API", "10000 per minute")
    answers = crawl(client, f"{BASE}/api/v1/consultations?per_page=100")
    everything = "\n".join(str(a) for a in answers.values())
    with app.app_context():
        users = db.session.scalars(select(User)).all()
        ideas = db.session.scalars(select(Idea)).all()
        comments = db.session.scalars(select(Comment)).all()
        tokens = db.session.scalars(select(Response.token)).all()
        public_ids = {i.id for i in ideas if i.is_public}
        hidden_ideas = [i for i in ideas if not i.is_public]
        visible_comments = {c.id for c in comments if c.is_visible and c.idea.is_public}
        hidden_comments = [c for c in comments if c.id not in visible_comments]

    # The crawl reached every public idea and comment (so the checks below mean something).
    idea_ids = {a["id"] for a in answers.values() if isinstance(a, dict) and "support_count" in a}
    listed = {
        item["id"]
        for a in answers.values()
        for item in (a.get("items", []) if isinstance(a, dict) else [])
        if "support_count" in item
    }
    assert idea_ids | listed == public_ids
    comment_ids = {
        item["id"]
        for a in answers.values()
        for item in (a.get("items", []) if isinstance(a, dict) else [])
        if "parent_id" in item
    }
    assert comment_ids == visible_comments
    assert len(hidden_ideas) >= 2  # held for its links, hidden by reports

    for user in users:
        assert user.email not in everything
        assert user.display_name not in everything, user.display_name
    for idea in hidden_ideas:
        assert idea.title not in everything, idea.title
    for comment in hidden_comments:
        assert comment.body_md not in everything
    for token in tokens:
        assert token not in everything
    for forbidden in ("email", "author", "user_id", "display_name", "password", "token"):
        assert f"'{forbidden}" not in everything
