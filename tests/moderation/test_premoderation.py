"""Pre-moderation: in a consultation with moderation_mode "pre" a new idea waits for a
moderator (and, when the consultation says so, a new comment too); the author sees that it
waits and is told the decision by e-mail. Comment counts count only what everyone sees."""

from __future__ import annotations

import pytest

from participate.ideas import comments
from participate.ideas import services as ideas
from participate.ideas.models import Comment, Idea, IdeaStatus, Visibility
from participate.moderation import services
from participate.moderation.models import QueueReason
from participate.moderation.queue import open_count
from tests.moderation.helpers import (
    LONG_BODY,
    attached,
    comment_count,
    comment_id_from,
    configure,
    decide,
    exact_comment_count,
    fetch,
    idea_id_from,
    in_app,
    listed,
    new_user,
    only_audit,
    post_comment,
    post_idea,
    queue_entry,
)

AWAITING = "This idea is awaiting moderation. Only you and the moderators can see it."


@pytest.fixture
def consultation(make_consultation):
    return make_consultation("ideas", moderation_mode="pre")


@pytest.fixture
def pending_idea(app, client_as, author, consultation) -> Idea:
    response = post_idea(client_as(author), consultation)
    return fetch(app, Idea, idea_id_from(response))


def test_an_idea_posted_in_a_pre_moderated_consultation_waits(app, client_as, author, consultation):
    browser = client_as(author)

    response = post_idea(browser, consultation)

    idea = fetch(app, Idea, idea_id_from(response))
    assert idea.status == IdeaStatus.PENDING
    assert idea.visibility == Visibility.VISIBLE
    assert listed(app, consultation) == []
    entry = queue_entry(app, idea)
    assert entry is not None and entry.is_open
    assert entry.reason == QueueReason.APPROVAL
    page = browser.get(response.headers["Location"], follow_redirects=True).text
    assert "awaiting moderation" in page


def test_a_pending_idea_is_hidden_from_everyone_but_its_author_and_the_moderators(
    client_as, make_user, author, moderator, admin, consultation, pending_idea
):
    url = f"/ideas/{pending_idea.id}"

    assert client_as(None).get(url).status_code == 404
    assert client_as(make_user("citizen")).get(url).status_code == 404
    assert client_as(make_user("council")).get(url).status_code == 404
    for viewer in (author, moderator, admin):
        response = client_as(viewer).get(url)
        assert response.status_code == 200, viewer.role
        assert AWAITING in response.text
    listing = client_as(None).get(f"/consultations/{consultation.slug}").text
    assert f'href="/ideas/{pending_idea.id}"' not in listing


def test_approving_a_pending_idea_publishes_it_and_tells_the_author(
    app, client_as, author, moderator, consultation, pending_idea, outbox
):
    response = decide(client_as(moderator), "idea", pending_idea, "approve")

    assert response.status_code == 303
    idea = fetch(app, Idea, pending_idea.id)
    assert idea.status == IdeaStatus.PUBLISHED and idea.is_public
    assert listed(app, consultation) == [idea.id]
    page = client_as(None).get(f"/ideas/{idea.id}")
    assert page.status_code == 200 and AWAITING not in page.text
    [mail] = outbox
    assert mail.to == author.email
    assert mail.subject == "Your contribution is published"
    assert idea.title in mail.text and f"/ideas/{idea.id}" in mail.text
    entry = only_audit(app, "idea.approve", idea)
    assert entry.actor_id == moderator.id and entry.actor_name == moderator.display_name
    assert entry.before["status"] == "pending" and entry.after["status"] == "published"
    closed = queue_entry(app, idea)
    assert not closed.is_open and closed.outcome == "approved"
    assert closed.resolved_by_id == moderator.id


def test_rejecting_a_pending_idea_keeps_it_from_the_public(
    app, client_as, author, moderator, pending_idea, outbox
):
    response = decide(
        client_as(moderator), "idea", pending_idea, "reject", reason="This is an advert."
    )

    assert response.status_code == 303
    idea = fetch(app, Idea, pending_idea.id)
    assert idea.visibility == Visibility.REJECTED and not idea.is_public
    assert client_as(None).get(f"/ideas/{idea.id}").status_code == 404
    mine = client_as(author).get(f"/ideas/{idea.id}")
    assert "This idea was rejected by the moderation." in mine.text
    [mail] = outbox
    assert mail.to == author.email and "This is an advert." in mail.text


def test_the_moderation_queue_shows_the_pending_idea_as_awaiting_approval(
    client_as, moderator, pending_idea
):
    page = client_as(moderator).get("/moderation").text

    assert pending_idea.title in page
    assert "Awaiting approval" in page
    assert f'action="/moderation/idea/{pending_idea.id}/approve"' in page


def test_the_pending_ideas_author_is_told_about_the_wait(app, client_as, author, consultation):
    browser = client_as(author)

    post_idea(browser, consultation)

    page = browser.get("/").text  # any page shows the flashed message
    assert "Your idea is awaiting moderation" in page


# -- Comments ------------------------------------------------------------------------------


@pytest.fixture
def premoderated(app, consultation):
    configure(app, consultation, comments_premoderated=True)
    return consultation


@pytest.fixture
def public_idea(make_idea, premoderated):
    return make_idea(premoderated)


def test_a_comment_waits_when_the_consultation_premoderates_comments(
    app, client_as, make_user, author, moderator, public_idea
):
    browser = client_as(author)

    comment_id = comment_id_from(post_comment(browser, public_idea, "Please add benches too."))

    comment = fetch(app, Comment, comment_id)
    assert comment.visibility == Visibility.PENDING
    assert comment_count(app, public_idea) == 0
    assert queue_entry(app, comment).reason == QueueReason.APPROVAL
    assert "Please add benches too." in browser.get(f"/ideas/{public_idea.id}").text
    assert "Awaiting moderation: only you" in browser.get(f"/ideas/{public_idea.id}").text
    others = client_as(make_user("citizen")).get(f"/ideas/{public_idea.id}").text
    assert "Please add benches too." not in others
    assert "Please add benches too." in client_as(moderator).get(f"/ideas/{public_idea.id}").text


def test_comments_are_public_at_once_when_the_consultation_does_not_premoderate_them(
    app, client_as, author, consultation, make_idea
):
    idea = make_idea(consultation)  # comments_premoderated is False by default

    comment_id = comment_id_from(post_comment(client_as(author), idea))

    assert fetch(app, Comment, comment_id).visibility == Visibility.VISIBLE
    assert comment_count(app, idea) == 1


def test_approving_a_pending_comment_counts_it_and_tells_the_author(
    app, client_as, author, moderator, public_idea, outbox
):
    comment_id = comment_id_from(post_comment(client_as(author), public_idea))
    comment = fetch(app, Comment, comment_id)

    response = decide(client_as(moderator), "comment", comment, "approve")

    assert response.status_code == 303
    assert fetch(app, Comment, comment_id).visibility == Visibility.VISIBLE
    assert comment_count(app, public_idea) == 1
    [mail] = outbox
    assert mail.to == author.email and public_idea.title in mail.text
    entry = only_audit(app, "comment.approve", comment)
    assert entry.before == {"visibility": "pending"} and entry.after == {"visibility": "visible"}


# Each row: the moderation steps applied in order to a new pending comment, and the comment
# count expected after each step.
STEPS = {
    "approve": [("approve", 1)],
    "reject": [("reject", 0)],
    "approve-hide-unhide": [("approve", 1), ("hide", 0), ("unhide", 1)],
    "approve-reject-approve": [("approve", 1), ("reject", 0), ("approve", 1)],
    "hide-pending-then-approve": [("hide", 0), ("approve", 1)],
    "delete-pending": [("delete", 0)],
    "approve-delete": [("approve", 1), ("delete", 0)],
    "approve-hide-delete-unhide": [("approve", 1), ("hide", 0), ("delete", 0), ("unhide", 0)],
    "reject-then-delete": [("reject", 0), ("delete", 0)],
}


@pytest.mark.parametrize("steps", list(STEPS.values()), ids=list(STEPS))
def test_the_comment_count_stays_exact_through_every_decision(
    premoderated, public_idea, steps, outbox, en_ctx
):
    moderator = new_user("moderator")
    citizen = new_user("citizen")
    idea = attached(public_idea)
    other = comments.post_comment(idea, citizen, "Another view, already public.")
    services.approve(other, moderator)  # one visible comment from someone else all along
    comment = comments.post_comment(idea, citizen, "A comment that waits first.")
    assert comment.visibility == Visibility.PENDING

    for action, expected in steps:
        if action == "approve":
            services.approve(comment, moderator)
        elif action == "reject":
            services.reject(comment, moderator, "Not about this idea.")
        elif action == "hide":
            services.hide(comment, moderator, "Under review.")
        elif action == "unhide":
            if comment.visibility == Visibility.HIDDEN:
                services.unhide(comment, moderator)
        else:
            comments.delete_comment(comment, citizen)
        assert exact_comment_count(idea) == 1 + expected, (action, comment.visibility)


def test_the_open_count_follows_the_queue(consultation, outbox, en_ctx):
    moderator = new_user("moderator")
    citizen = new_user("citizen")
    theme_id = consultation.themes[0].id
    first = ideas.post_idea(
        attached(consultation),
        citizen,
        title="A first idea to wait",
        body_md=LONG_BODY,
        theme_id=theme_id,
    )
    ideas.post_idea(
        attached(consultation),
        citizen,
        title="A second idea to wait",
        body_md=LONG_BODY,
        theme_id=theme_id,
    )
    assert open_count() == 2

    services.reject(first, moderator, "Duplicate of another idea.")

    assert open_count() == 1


def test_nobody_replies_to_a_comment_they_cannot_see(
    app, client_as, make_user, author, consultation, make_idea, admin
):
    with in_app(app):
        services.save_blocked_words(attached(admin), "spam")
    idea = make_idea(consultation)  # post-moderated: only the flagged comment waits
    waiting = comment_id_from(post_comment(client_as(author), idea, "Spam, spam, spam."))
    replier = client_as(make_user())

    post_comment(replier, idea, "A reply to what I cannot see.", parent_id=waiting)

    shown = replier.get(f"/ideas/{idea.id}").text.count('class="comment"')
    assert comment_count(app, idea) == shown


def test_an_approved_idea_changed_by_its_author_waits_for_approval_again(
    app, client_as, author, moderator, consultation, pending_idea, outbox
):
    decide(client_as(moderator), "idea", pending_idea, "approve")

    client_as(author).post(
        f"/ideas/{pending_idea.id}/edit",
        data={
            "title": "Something no moderator has read",
            "body_md": LONG_BODY,
            "theme_id": str(consultation.themes[0].id),
            "place": "",
        },
    )

    changed = fetch(app, Idea, pending_idea.id)
    assert changed.title == "Something no moderator has read"
    assert not changed.is_public
    assert queue_entry(app, changed).is_open


def test_an_approved_comment_changed_by_its_author_waits_for_approval_again(
    app, client_as, author, moderator, public_idea, outbox
):
    browser = client_as(author)
    comment_id = comment_id_from(post_comment(browser, public_idea, "A harmless first text."))
    decide(client_as(moderator), "comment", fetch(app, Comment, comment_id), "approve")

    browser.post(f"/comments/{comment_id}/edit", data={"body_md": "Unreviewed new text."})

    changed = fetch(app, Comment, comment_id)
    assert changed.body_md == "Unreviewed new text."
    assert changed.visibility == Visibility.PENDING
    assert comment_count(app, public_idea) == 0
