"""The moderation queue: one list across consultations, oldest first, filtered by reason,
paged by keyset ("after" cursor) without duplicates or gaps, with the reports and the authors'
history, at a fixed number of queries; its open count shows in the moderators' navigation."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from participate.db import db, utcnow
from participate.ideas import comments
from participate.ideas import services as ideas
from participate.ideas.models import Comment, Idea
from participate.moderation import queue, services
from participate.moderation.models import QueueEntry, QueueReason
from tests.moderation.helpers import attached, in_app, new_user

T0 = utcnow() - timedelta(days=2)


def enqueue(item, reason: str, queued_at=None, detail: str = "") -> QueueEntry:
    entry = queue.enqueue(item, QueueReason(reason), detail)
    if queued_at is not None:
        entry.queued_at = queued_at
    db.session.flush()
    return entry


def new_comment(idea: Idea, author, body: str = "A comment in the queue.") -> Comment:
    comment = Comment(idea_id=idea.id, author_id=author.id, body_md=body, visibility="pending")
    db.session.add(comment)
    db.session.flush()
    return comment


def fill(make_idea, consultation, n: int, start: int = 0, reports: bool = True) -> list[int]:
    """n queue entries (in the current session): ideas and comments in turn, each by its own
    author, waiting for each of the three reasons, the reported ones with two open reports.
    Returns the entry ids."""
    ids = []
    for i in range(start, start + n):
        author = new_user(name=f"Author {i}")
        reason = ("approval", "flagged", "reported")[i % 3]
        status = "published" if reason == "reported" else "pending"
        idea = make_idea(
            attached(consultation), author, status=status, title=f"Queued idea {i:04d}"
        )
        item = idea if i % 2 == 0 or reason != "reported" else new_comment(idea, author)
        if isinstance(item, Comment) and reason == "reported":
            item.visibility = "visible"
        if reason == "reported" and reports:
            for _ in range(2):
                services.report(item, new_user(), "spam")
        ids.append(enqueue(item, reason, T0 + timedelta(minutes=i)).id)
    return ids


def walk(reason: str = "", per_page: int = 3) -> list[list[int]]:
    """Every page of the queue, following the cursors, as lists of entry ids."""
    pages, cursor = [], ""
    while True:
        page = services.queue_page(cursor, reason, per_page=per_page)
        pages.append([e.id for e in page.entries])
        if page.next_cursor is None:
            return pages
        cursor = page.next_cursor
        assert len(pages) < 100, "the cursor does not advance"


def test_the_queue_is_oldest_first_across_consultations(make_idea, make_consultation, en_ctx):
    first, second = make_consultation(), make_consultation()
    author = new_user()
    late = enqueue(make_idea(first, author, status="pending"), "approval", T0 + timedelta(hours=2))
    early = enqueue(make_idea(second, author, status="pending"), "approval", T0)
    middle = enqueue(make_idea(first, author, status="pending"), "flagged", T0 + timedelta(hours=1))

    page = services.queue_page()

    assert [e.id for e in page.entries] == [early.id, middle.id, late.id]
    assert page.total == 3 and page.next_cursor is None


def test_resolved_entries_leave_the_queue(make_idea, consultation, en_ctx):
    author, moderator = new_user(), new_user("moderator")
    kept = make_idea(attached(consultation), author, status="pending")
    done = make_idea(attached(consultation), author, status="pending")
    enqueue(kept, "approval")
    enqueue(done, "approval")

    services.hide(done, moderator, "Looked at it.")

    assert [e.idea_id for e in services.queue_page().entries] == [kept.id]
    assert queue.open_count() == 1


@pytest.mark.parametrize("reason", ["approval", "flagged", "reported"])
def test_the_queue_filters_by_reason(make_idea, consultation, reason, en_ctx):
    ids = fill(make_idea, consultation, 9)

    page = services.queue_page(reason=reason)

    expected = [
        entry_id
        for i, entry_id in enumerate(ids)
        if ("approval", "flagged", "reported")[i % 3] == reason
    ]
    assert [e.id for e in page.entries] == expected
    assert page.total == 3
    assert page.kinds == {"approval": 3, "flagged": 3, "reported": 3}


def test_an_unknown_reason_shows_everything(make_idea, consultation, en_ctx):
    ids = fill(make_idea, consultation, 4)

    assert [e.id for e in services.queue_page(reason="bogus").entries] == ids


def test_keyset_pages_cover_the_queue_without_duplicates_or_gaps(make_idea, consultation, en_ctx):
    ids = fill(make_idea, consultation, 10)

    pages = walk(per_page=3)

    assert [len(p) for p in pages] == [3, 3, 3, 1]
    assert [entry_id for page in pages for entry_id in page] == ids


def test_keyset_pages_keep_entries_queued_at_the_same_moment_apart(make_idea, consultation, en_ctx):
    """Entries queued in the same microsecond are ordered by id, and none is lost between
    pages (the cursor carries the id)."""
    author = new_user()
    same = T0.replace(microsecond=123457)
    ids = [
        enqueue(make_idea(attached(consultation), author, status="pending"), "approval", same).id
        for _ in range(7)
    ]

    for per_page in (1, 2, 3, 6, 7, 8):
        pages = walk(per_page=per_page)
        assert [entry_id for page in pages for entry_id in page] == sorted(ids), per_page


def test_keyset_pages_follow_the_filter(make_idea, consultation, en_ctx):
    ids = fill(make_idea, consultation, 12)
    flagged = [entry_id for i, entry_id in enumerate(ids) if i % 3 == 1]

    pages = walk("flagged", per_page=2)

    assert [entry_id for page in pages for entry_id in page] == flagged


@pytest.mark.parametrize("cursor", ["garbage", "1e400_3", "_", "12_x", "-99999999999999_1"])
def test_a_broken_cursor_starts_from_the_oldest(make_idea, consultation, cursor, en_ctx):
    ids = fill(make_idea, consultation, 3)

    assert [e.id for e in services.queue_page(cursor).entries] == ids


def test_the_queue_page_links_to_the_next_page_and_the_next_page_continues(
    app, client_as, make_idea, consultation, moderator
):
    with in_app(app):
        ids = fill(make_idea, consultation, 27, reports=False)
    browser = client_as(moderator)

    first = browser.get("/moderation").text
    link = re.search(r'href="(/moderation\?after=[^"]+)" rel="next"', first)
    assert link, "no link to the next page"
    second = browser.get(link.group(1).replace("&amp;", "&")).text

    assert "27 items waiting, oldest first." in first
    shown = [re.findall(r'id="q-(\d+)"', page) for page in (first, second)]
    assert [len(s) for s in shown] == [25, 2]
    assert [int(i) for s in shown for i in s] == ids
    assert 'rel="next"' not in second


def test_the_queue_shows_each_reason_with_its_count(
    app, client_as, make_idea, consultation, moderator
):
    with in_app(app):
        fill(make_idea, consultation, 5)

    page = client_as(moderator).get("/moderation").text

    assert "Everything (5)" in page
    assert "Awaiting approval (2)" in page
    assert "Caught by the filters (2)" in page
    assert "Reported (1)" in page


def test_the_queue_page_costs_the_same_number_of_queries_for_5_or_25_items(
    app, client_as, make_idea, consultation, moderator, count_queries
):
    browser = client_as(moderator)
    with in_app(app):
        fill(make_idea, consultation, 5)
    with count_queries() as five:
        small = browser.get("/moderation")
    with in_app(app):
        fill(make_idea, consultation, 20, start=5)
    with count_queries() as twenty_five:
        large = browser.get("/moderation")

    assert small.status_code == large.status_code == 200
    assert len(re.findall(r'id="q-\d+"', small.text)) == 5
    assert len(re.findall(r'id="q-\d+"', large.text)) == 25
    assert twenty_five.count == five.count, "\n".join(twenty_five.statements)


# -- The navigation ------------------------------------------------------------------------


def test_moderators_see_the_open_count_in_the_navigation(
    app, client_as, make_idea, consultation, moderator, admin
):
    with in_app(app):
        fill(make_idea, consultation, 4)

    for user in (moderator, admin):
        page = client_as(user).get("/").text
        assert re.search(r'href="/moderation"[^>]*>Moderation <span class="count-badge">4<', page)


def test_others_see_no_moderation_link_or_count(app, client_as, make_user, make_idea, consultation):
    with in_app(app):
        fill(make_idea, consultation, 4)

    for user in (None, make_user("citizen"), make_user("council")):
        page = client_as(user).get("/").text
        assert 'href="/moderation"' not in page
        assert "count-badge" not in page


# -- The authors' history ------------------------------------------------------------------


@pytest.fixture
def history_world(make_idea, consultation):
    """An author with 2 ideas (one hidden), 3 comments (one rejected, one awaiting), who
    received 2 reports and is blocked; the awaiting comment is in the queue."""

    def build():
        author, moderator = new_user(name="Hist Orian"), new_user("moderator")
        kept = make_idea(attached(consultation), author)
        hidden = make_idea(attached(consultation), author)
        services.hide(hidden, moderator, "Off-topic.")
        visible = Comment(idea_id=kept.id, author_id=author.id, body_md="Fine")
        rejected = Comment(idea_id=kept.id, author_id=author.id, body_md="Rude")
        waiting = new_comment(kept, author, "Waiting comment")
        db.session.add_all([visible, rejected])
        db.session.flush()
        rejected.visibility = "rejected"
        services.report(kept, new_user(), "spam")
        services.report(visible, new_user(), "offensive")
        enqueue(waiting, "approval")
        author.blocked_at = utcnow()
        db.session.flush()
        return author

    return build


def test_the_queue_gives_the_authors_history(history_world, en_ctx):
    author = history_world()

    page = services.queue_page()

    history = page.histories[author.id]
    assert (history.ideas, history.comments, history.removed, history.reports) == (2, 3, 2, 2)
    assert history.blocked is True


def test_the_queue_page_shows_the_authors_history(app, client_as, moderator, history_world):
    with in_app(app):
        history_world()

    page = client_as(moderator).get("/moderation?reason=approval").text

    assert "Hist Orian" in page
    assert re.search(
        r"\(2 ideas, 3 comments, 2 removed, 2 reports received, <strong>blocked</strong>\)",
        page,
    ), page


def test_authors_without_history_problems_show_zeros(make_idea, consultation, en_ctx):
    author = new_user()
    enqueue(make_idea(attached(consultation), author, status="pending"), "approval")

    history = services.queue_page().histories[author.id]

    assert (history.ideas, history.comments, history.removed, history.reports) == (1, 0, 0, 0)
    assert history.blocked is False


# -- What no longer needs a decision -------------------------------------------------------


def test_a_withdrawn_idea_leaves_the_queue(make_idea, consultation, en_ctx):
    author = new_user()
    idea = make_idea(attached(consultation), author, status="pending")
    enqueue(idea, "approval")

    ideas.withdraw_idea(idea, author)

    assert queue.open_count() == 0


def test_a_removed_comment_leaves_the_queue(make_idea, consultation, en_ctx):
    author = new_user()
    comment = new_comment(make_idea(attached(consultation)), author)
    enqueue(comment, "flagged")

    comments.delete_comment(comment, author)

    assert queue.open_count() == 0
