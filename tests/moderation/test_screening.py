"""Post-moderation and screening: in a post-moderated consultation an idea or a comment is
public at once, unless it holds a blocked word (whole word, any case) or more links than the
site allows; then it waits in the queue as "flagged". Nothing is dropped, and an edit is
screened again."""

from __future__ import annotations

import pytest

from participate.ideas.models import Comment, Idea, IdeaStatus, Visibility
from participate.moderation import queue, services
from participate.moderation.models import QueueReason
from tests.moderation.helpers import (
    LONG_BODY,
    attached,
    comment_count,
    comment_id_from,
    decide,
    fetch,
    idea_id_from,
    in_app,
    listed,
    post_comment,
    post_idea,
    queue_entry,
)


@pytest.fixture
def blocked_words(app, admin):
    with in_app(app):
        services.save_blocked_words(attached(admin), "Spam\nbad   WORD\n")
    return ["bad word", "spam"]


def set_links_limit(app, admin, limit: int) -> None:
    with in_app(app):
        services.save_links_limit(attached(admin), limit)


def test_an_idea_is_public_at_once_in_a_post_moderated_consultation(
    app, client_as, author, consultation
):
    response = post_idea(client_as(author), consultation)

    idea = fetch(app, Idea, idea_id_from(response))
    assert idea.status == IdeaStatus.PUBLISHED and idea.is_public
    assert listed(app, consultation) == [idea.id]
    assert client_as(None).get(f"/ideas/{idea.id}").status_code == 200
    assert queue_entry(app, idea) is None


@pytest.mark.parametrize(
    ("text", "caught"),
    [
        ("This is spam, pure and simple.", ["spam"]),
        ("SPAM!", ["spam"]),
        ("Spam", ["spam"]),
        ("A BAD WORD in capitals", ["bad word"]),
        ("bad word and spam together", ["bad word", "spam"]),
        ("A spammer is not the word itself", []),
        ("antispam measures", []),
        ("badword without the space", []),
        ("A perfectly civil proposal.", []),
    ],
)
def test_blocked_words_match_whole_words_in_any_case(blocked_words, text, caught, en_ctx):
    reason = queue.screen(text)

    if caught:
        assert reason == "words: " + ", ".join(caught)
    else:
        assert reason == ""


def test_the_words_are_saved_lower_case_without_duplicates(app, admin, en_ctx):
    saved = services.save_blocked_words(attached(admin), "Spam\nspam\n  \nSPAM\nToxic Stuff\n")

    assert saved == ["spam", "toxic stuff"]
    assert queue.blocked_words() == ["spam", "toxic stuff"]


def test_an_idea_with_a_blocked_word_waits_for_review_and_is_kept_whole(
    app, client_as, make_user, author, moderator, consultation, blocked_words
):
    body = LONG_BODY + " Buy cheap SPAM here."

    response = post_idea(client_as(author), consultation, body_md=body)

    idea = fetch(app, Idea, idea_id_from(response))
    assert idea.status == IdeaStatus.PENDING
    assert idea.body_md == body  # nothing dropped, nothing changed
    assert listed(app, consultation) == []
    entry = queue_entry(app, idea)
    assert entry.is_open and entry.reason == QueueReason.FLAGGED
    assert entry.detail == "words: spam"
    assert client_as(make_user("citizen")).get(f"/ideas/{idea.id}").status_code == 404
    assert "awaiting moderation" in client_as(author).get(f"/ideas/{idea.id}").text
    queue_page = client_as(moderator).get("/moderation?reason=flagged").text
    assert idea.title in queue_page and "Caught by the filters" in queue_page


def test_a_blocked_word_in_the_title_or_the_place_is_caught_too(
    app, client_as, author, consultation, blocked_words
):
    by_title = post_idea(client_as(author), consultation, title="Spam for the whole town")
    by_place = post_idea(client_as(author), consultation, title="A fine plan", place="Spam St")

    for response in (by_title, by_place):
        idea = fetch(app, Idea, idea_id_from(response))
        assert idea.status == IdeaStatus.PENDING
        assert queue_entry(app, idea).reason == QueueReason.FLAGGED


def test_a_comment_with_a_blocked_word_waits_and_is_not_counted(
    app, client_as, make_user, author, consultation, make_idea, blocked_words
):
    idea = make_idea(consultation)

    comment_id = comment_id_from(post_comment(client_as(author), idea, "What a BAD WORD idea."))

    comment = fetch(app, Comment, comment_id)
    assert comment.visibility == Visibility.PENDING
    assert comment.body_md == "What a BAD WORD idea."
    assert comment_count(app, idea) == 0
    entry = queue_entry(app, comment)
    assert entry.reason == QueueReason.FLAGGED and entry.detail == "words: bad word"
    others = client_as(make_user("citizen")).get(f"/ideas/{idea.id}").text
    assert "What a BAD WORD idea." not in others


LINKS = "See https://a.example, https://b.example and www.c.example for more."  # 3 links


def test_more_links_than_the_limit_send_an_idea_to_the_queue(
    app, client_as, author, admin, consultation
):
    set_links_limit(app, admin, 2)

    response = post_idea(client_as(author), consultation, body_md=LONG_BODY + " " + LINKS)

    idea = fetch(app, Idea, idea_id_from(response))
    assert idea.status == IdeaStatus.PENDING
    entry = queue_entry(app, idea)
    assert entry.reason == QueueReason.FLAGGED and entry.detail == "links: 3 > 2"


def test_links_up_to_the_limit_are_fine(app, client_as, author, admin, consultation):
    set_links_limit(app, admin, 3)

    response = post_idea(client_as(author), consultation, body_md=LONG_BODY + " " + LINKS)

    assert fetch(app, Idea, idea_id_from(response)).status == IdeaStatus.PUBLISHED


def test_more_links_than_the_limit_send_a_comment_to_the_queue(
    app, client_as, author, admin, consultation, make_idea
):
    idea = make_idea(consultation)
    set_links_limit(app, admin, 1)

    comment_id = comment_id_from(post_comment(client_as(author), idea, "Two: " + LINKS[:40]))

    comment = fetch(app, Comment, comment_id)
    assert comment.visibility == Visibility.PENDING
    assert queue_entry(app, comment).detail == "links: 2 > 1"
    assert comment_count(app, idea) == 0


def test_the_default_links_limit_is_three(en_ctx):
    assert queue.screen(LINKS) == ""
    assert queue.screen(LINKS + " https://d.example") == "links: 4 > 3"


def test_a_limit_of_zero_flags_any_link(app, admin, en_ctx):
    services.save_links_limit(attached(admin), 0)

    assert queue.screen("Just https://one.example") == "links: 1 > 0"
    assert queue.screen("No link at all") == ""


def test_approving_a_flagged_idea_publishes_it_and_tells_the_author(
    app, client_as, author, moderator, consultation, blocked_words, outbox
):
    idea_id = idea_id_from(post_idea(client_as(author), consultation, title="Spam the council"))
    idea = fetch(app, Idea, idea_id)

    decide(client_as(moderator), "idea", idea, "approve")

    assert fetch(app, Idea, idea_id).is_public
    assert listed(app, consultation) == [idea_id]
    [mail] = outbox
    assert mail.to == author.email


# -- Edits are screened again --------------------------------------------------------------


def test_an_edited_idea_with_a_blocked_word_goes_back_to_the_queue(
    app, client_as, make_user, author, consultation, blocked_words
):
    browser = client_as(author)
    idea_id = idea_id_from(post_idea(browser, consultation))
    assert listed(app, consultation) == [idea_id]

    response = browser.post(
        f"/ideas/{idea_id}/edit",
        data={
            "title": "More trees on the market square",
            "body_md": LONG_BODY + " spam",
            "theme_id": str(consultation.themes[0].id),
            "place": "",
        },
    )

    assert response.status_code == 303
    idea = fetch(app, Idea, idea_id)
    assert idea.status == IdeaStatus.PENDING and idea.body_md.endswith("spam")
    assert listed(app, consultation) == []
    entry = queue_entry(app, idea)
    assert entry.is_open and entry.reason == QueueReason.FLAGGED
    assert client_as(make_user("citizen")).get(f"/ideas/{idea_id}").status_code == 404


def test_an_edited_comment_with_a_blocked_word_goes_back_to_the_queue(
    app, client_as, make_user, author, consultation, make_idea, blocked_words
):
    idea = make_idea(consultation)
    browser = client_as(author)
    comment_id = comment_id_from(post_comment(browser, idea, "A civil first version."))
    assert comment_count(app, idea) == 1

    response = browser.post(f"/comments/{comment_id}/edit", data={"body_md": "Now with spam."})

    assert response.status_code == 303
    comment = fetch(app, Comment, comment_id)
    assert comment.visibility == Visibility.PENDING and comment.body_md == "Now with spam."
    assert comment_count(app, idea) == 0
    assert queue_entry(app, comment).reason == QueueReason.FLAGGED
    assert "Now with spam." not in client_as(make_user("citizen")).get(f"/ideas/{idea.id}").text


def test_an_edit_without_blocked_words_leaves_the_comment_public(
    app, client_as, author, consultation, make_idea, blocked_words
):
    idea = make_idea(consultation)
    browser = client_as(author)
    comment_id = comment_id_from(post_comment(browser, idea, "A civil first version."))

    browser.post(f"/comments/{comment_id}/edit", data={"body_md": "A civil second version."})

    assert fetch(app, Comment, comment_id).visibility == Visibility.VISIBLE
    assert comment_count(app, idea) == 1
    assert queue_entry(app, fetch(app, Comment, comment_id)) is None
