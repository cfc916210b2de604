"""People: moderators block and unblock accounts with a reason (audited); a blocked account
cannot post, vote, comment or report; only admins block staff; nobody blocks themselves; and
"hide all content" hides every idea and comment of an account, keeping every count exact."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from participate.accounts.models import User
from participate.db import db, utcnow
from participate.ideas import comments
from participate.ideas import services as ideas
from participate.ideas.models import Comment, Idea, Visibility, Vote
from participate.ideas.services import IdeaError
from participate.moderation import services
from tests.factories import count
from tests.moderation.helpers import (
    LONG_BODY,
    attached,
    audit,
    comment_count,
    comment_id_from,
    fetch,
    flashes,
    in_app,
    new_user,
    only_audit,
    post_comment,
    post_idea,
    reports_of,
    send_report,
    vote_counts,
)

BLOCKED = "Your account is blocked: you cannot post, vote, comment or report anymore."


def act(browser, user, action: str, reason: str = ""):
    return browser.post(f"/moderation/people/{user.id}/{action}", data={"reason": reason})


def block(app, user, by, reason: str = "Spam, again and again.") -> None:
    with in_app(app):
        services.block(attached(user), attached(by), reason)


@pytest.fixture
def moderating(client_as, moderator):
    return client_as(moderator)


# -- Block and unblock ---------------------------------------------------------------------


def test_a_moderator_blocks_an_account_with_a_reason(app, moderating, moderator, author):
    response = act(moderating, author, "block", "Posts advertising every day.")

    assert response.status_code == 303
    assert response.headers["Location"] == f"/moderation/people/{author.id}"
    blocked = fetch(app, User, author.id)
    assert blocked.is_blocked and blocked.blocked_reason == "Posts advertising every day."
    entry = only_audit(app, "user.block", author)
    assert entry.actor_id == moderator.id
    assert (entry.before, entry.after) == ({"blocked": False}, {"blocked": True})
    assert entry.reason == "Posts advertising every day."
    page = moderating.get(f"/moderation/people/{author.id}").text
    assert "Blocked since" in page and "Posts advertising every day." in page


def test_blocking_needs_a_reason(app, moderating, author):
    act(moderating, author, "block", "  ")

    assert not fetch(app, User, author.id).is_blocked
    assert audit(app, "user.block") == []


def test_a_moderator_unblocks_an_account_with_a_reason(app, moderating, moderator, author):
    block(app, author, moderator)

    response = act(moderating, author, "unblock", "Promised to stop.")

    assert response.status_code == 303
    unblocked = fetch(app, User, author.id)
    assert not unblocked.is_blocked and unblocked.blocked_reason == ""
    entry = only_audit(app, "user.unblock", author)
    assert (entry.actor_id, entry.reason) == (moderator.id, "Promised to stop.")
    assert (entry.before, entry.after) == ({"blocked": True}, {"blocked": False})


def test_blocking_twice_or_unblocking_an_unblocked_account_is_refused(
    app, moderating, moderator, author
):
    act(moderating, author, "unblock", "Nothing to undo.")
    assert ("error", "This account is not blocked.") in flashes(moderating)
    block(app, author, moderator)

    act(moderating, author, "block", "Again.")

    assert ("error", "This account is already blocked.") in flashes(moderating)
    assert len(audit(app, "user.block", author)) == 1


@pytest.mark.parametrize("role", ["moderator", "council", "admin"])
def test_a_moderator_cannot_block_staff(app, make_user, moderating, role):
    staff = make_user(role)

    act(moderating, staff, "block", "I do not like them.")

    assert not fetch(app, User, staff.id).is_blocked
    message = "Only an administrator can block the account of a staff member."
    assert ("error", message) in flashes(moderating)
    assert audit(app, "user.block") == []


@pytest.mark.parametrize("role", ["citizen", "moderator", "council"])
def test_an_admin_can_block_anyone_else(app, client_as, make_user, admin, role):
    target = make_user(role)

    act(client_as(admin), target, "block", "Abuse of the platform.")

    assert fetch(app, User, target.id).is_blocked
    assert only_audit(app, "user.block", target).actor_id == admin.id


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_nobody_blocks_themselves(app, client_as, make_user, role):
    me = make_user(role)
    browser = client_as(me)

    act(browser, me, "block", "Taking a break.")

    assert not fetch(app, User, me.id).is_blocked
    assert ("error", "You cannot block your own account.") in flashes(browser)


def test_a_blocked_moderator_cannot_unblock_themselves(app, client_as, make_user, admin):
    rogue = make_user("moderator")
    block(app, rogue, admin, "Abused the moderation tools.")

    act(client_as(rogue), rogue, "unblock", "I unblock myself.")

    assert fetch(app, User, rogue.id).is_blocked
    assert audit(app, "user.unblock") == []


def test_a_moderator_cannot_unblock_staff_an_admin_blocked(app, moderating, make_user, admin):
    colleague = make_user("moderator")
    block(app, colleague, admin, "Abused the moderation tools.")

    act(moderating, colleague, "unblock", "Solidarity.")

    assert fetch(app, User, colleague.id).is_blocked
    assert audit(app, "user.unblock") == []


def test_a_blocked_moderator_cannot_use_the_moderation_tools(
    app, client_as, make_user, admin, consultation
):
    rogue = make_user("moderator")
    block(app, rogue, admin, "Abused the moderation tools.")

    browser = client_as(rogue)

    assert browser.get("/moderation").status_code == 403
    assert (
        browser.get(f"/moderation/consultations/{consultation.slug}/offline-idea").status_code
        == 403
    )


# -- What a blocked account cannot do ------------------------------------------------------


@pytest.fixture
def blocked(app, make_user, moderator):
    user = make_user("citizen", name="Bea Blocked")
    block(app, user, moderator)
    return user


def test_a_blocked_account_cannot_post_an_idea(app, client_as, blocked, consultation):
    before = fetch_count(app, Idea)

    response = post_idea(client_as(blocked), consultation)

    assert response.status_code == 422
    assert BLOCKED in response.text
    assert fetch_count(app, Idea) == before


def test_a_blocked_account_cannot_vote(app, client_as, blocked, consultation, make_idea):
    idea = make_idea(consultation, votes=1)
    browser = client_as(blocked)

    browser.post(f"/ideas/{idea.id}/vote", data={"value": "1"})
    as_json = browser.post(
        f"/ideas/{idea.id}/vote", data={"value": "1"}, headers={"Accept": "application/json"}
    )

    assert ("error", BLOCKED) in flashes(browser)
    assert as_json.status_code == 409 and as_json.json["error"] == BLOCKED
    assert vote_counts(app, idea) == (1, 0)


def test_a_blocked_account_cannot_withdraw_its_vote_either(
    app, client_as, make_user, moderator, consultation, make_idea
):
    voter = make_user()
    idea = make_idea(consultation)
    client_as(voter).post(f"/ideas/{idea.id}/vote", data={"value": "1"})
    block(app, voter, moderator)

    client_as(voter).post(f"/ideas/{idea.id}/vote", data={"value": "1"})

    assert vote_counts(app, idea) == (1, 0)


def test_a_blocked_account_cannot_comment(app, client_as, blocked, consultation, make_idea):
    idea = make_idea(consultation)
    browser = client_as(blocked)

    response = post_comment(browser, idea, "Let me in.")

    assert response.status_code == 303
    assert ("error", BLOCKED) in flashes(browser)
    assert comment_count(app, idea) == 0
    assert fetch_count(app, Comment) == 0
    page = browser.get(f"/ideas/{idea.id}").text
    assert BLOCKED in page and 'name="body_md"' not in page


def test_a_blocked_account_cannot_report(app, client_as, blocked, consultation, make_idea):
    idea = make_idea(consultation)
    browser = client_as(blocked)

    send_report(browser, "idea", idea)

    assert ("error", BLOCKED) in flashes(browser)
    assert reports_of(app, idea) == []


@pytest.mark.parametrize("action", ["post", "vote", "comment", "report"])
def test_the_services_refuse_a_blocked_account(consultation, make_idea, action, en_ctx):
    idea = make_idea(attached(consultation))
    user = new_user()
    user.blocked_at = utcnow()

    with pytest.raises(IdeaError, match="Your account is blocked"):
        if action == "post":
            ideas.post_idea(
                attached(consultation),
                user,
                title="A blocked idea here",
                body_md=LONG_BODY,
                theme_id=consultation.themes[0].id,
            )
        elif action == "vote":
            ideas.vote(idea, user)
        elif action == "comment":
            comments.post_comment(idea, user, "A blocked comment.")
        else:
            services.report(idea, user, "spam")

    assert count(Vote) == count(Comment) == 0
    assert count(Idea) == 1


def test_a_blocked_account_can_still_log_in_and_read(client_as, blocked, consultation, make_idea):
    idea = make_idea(consultation)
    browser = client_as(blocked)

    assert browser.get(f"/ideas/{idea.id}").status_code == 200


def test_a_blocked_account_cannot_change_its_comment(
    app, client_as, make_user, moderator, consultation, make_idea
):
    user = make_user()
    idea = make_idea(consultation)
    browser = client_as(user)
    comment_id = comment_id_from(post_comment(browser, idea, "A civil comment."))
    block(app, user, moderator)

    browser.post(f"/comments/{comment_id}/edit", data={"body_md": "Now something nasty."})

    assert fetch(app, Comment, comment_id).body_md == "A civil comment."


def test_a_blocked_account_cannot_change_its_idea(
    app, client_as, make_user, moderator, consultation
):
    from tests.moderation.helpers import idea_form, idea_id_from

    user = make_user()
    browser = client_as(user)
    idea_id = idea_id_from(post_idea(browser, consultation))
    block(app, user, moderator)

    browser.post(
        f"/ideas/{idea_id}/edit",
        data=idea_form(consultation, title="Something else entirely now"),
    )

    assert fetch(app, Idea, idea_id).title == "More trees on the market square"


def fetch_count(app, model) -> int:
    with app.app_context():
        return count(model)


# -- Hide all content ----------------------------------------------------------------------


@pytest.fixture
def troll_world(app, make_user, make_idea, consultation):
    """A troll with two ideas and comments everywhere (one removed, one awaiting moderation),
    and other citizens' comments on the troll's ideas and elsewhere."""
    troll = make_user("citizen", name="Tom Troll")
    others = [make_user() for _ in range(2)]
    own_a = make_idea(consultation, troll)
    own_b = make_idea(consultation, troll, status="pending")
    elsewhere = make_idea(consultation, others[0])
    with in_app(app):
        t, o = attached(troll), [attached(u) for u in others]
        a, e = attached(own_a), attached(elsewhere)
        comments.post_comment(a, o[0], "A fair reply to the troll.")
        comments.post_comment(a, t, "The troll answers himself.")
        comments.post_comment(e, t, "Troll comment one.")
        comments.post_comment(e, t, "Troll comment two.")
        removed = comments.post_comment(e, t, "Troll comment removed.")
        comments.delete_comment(removed, t)
        db.session.add(
            Comment(idea_id=e.id, author_id=t.id, body_md="Waiting", visibility="pending")
        )
        comments.post_comment(e, o[1], "A civil comment elsewhere.")
    return troll, [own_a, own_b, elsewhere]


def test_hide_all_content_hides_every_idea_and_comment_of_the_account(
    app, client_as, moderating, moderator, troll_world
):
    troll, (own_a, own_b, elsewhere) = troll_world
    assert comment_count(app, own_a) == 2 and comment_count(app, elsewhere) == 3

    response = act(moderating, troll, "hide-all", "Trolling in every thread.")

    assert response.status_code == 303
    with app.app_context():
        visible = db.session.scalars(
            select(Idea.id).where(Idea.author_id == troll.id, Idea.visibility == "visible")
        ).all()
        shown = db.session.scalars(
            select(Comment.id).where(
                Comment.author_id == troll.id,
                Comment.visibility == "visible",
                Comment.deleted_at.is_(None),
            )
        ).all()
    assert visible == [] and shown == []
    assert fetch(app, Idea, own_b.id).visibility == Visibility.HIDDEN
    assert fetch(app, Idea, elsewhere.id).is_public
    for idea in (own_a, own_b, elsewhere):
        comment_count(app, idea)  # exact for every idea
    assert comment_count(app, own_a) == 1 and comment_count(app, elsewhere) == 1
    page = client_as(None).get(f"/ideas/{elsewhere.id}").text
    assert "Troll comment one." not in page and "A civil comment elsewhere." in page
    entry = only_audit(app, "user.hide_all", troll)
    assert (entry.actor_id, entry.reason) == (moderator.id, "Trolling in every thread.")
    assert entry.after == {"ideas_hidden": 2, "comments_hidden": 3}
    assert ("success", "Hidden: 2 ideas and 3 comments.") in flashes(moderating)


def test_hidden_content_can_be_shown_again_one_by_one(app, moderator, troll_world):
    troll, (own_a, _own_b, elsewhere) = troll_world
    with in_app(app):
        services.hide_all_content(attached(troll), attached(moderator), "Trolling.")
        first = db.session.scalar(
            select(Comment)
            .where(Comment.author_id == troll.id, Comment.idea_id == elsewhere.id)
            .order_by(Comment.id)
        )
        services.unhide(first, attached(moderator))
        services.unhide(attached(own_a), attached(moderator))

    assert comment_count(app, elsewhere) == 2
    assert fetch(app, Idea, own_a.id).is_public


def test_hide_all_content_needs_a_reason(app, moderating, troll_world):
    troll, (own_a, _b, _c) = troll_world

    act(moderating, troll, "hide-all", "")

    assert fetch(app, Idea, own_a.id).is_public
    assert audit(app, "user.hide_all") == []


def test_a_moderator_cannot_hide_all_content_of_staff(
    app, moderating, make_user, make_idea, consultation
):
    colleague = make_user("moderator")
    idea = make_idea(consultation, colleague)

    act(moderating, colleague, "hide-all", "Hmm.")

    assert fetch(app, Idea, idea.id).is_public
    assert audit(app, "user.hide_all") == []


# -- Finding people ------------------------------------------------------------------------


def test_the_people_page_lists_blocked_accounts_and_finds_by_name(
    app, moderating, moderator, make_user
):
    anna = make_user(name="Anna Zimmer")
    make_user(name="Bert Zimmer")
    block(app, anna, moderator)

    blocked_list = moderating.get("/moderation/people").text
    found = moderating.get("/moderation/people?q=zimm").text

    assert "Anna Zimmer" in blocked_list and "Bert Zimmer" not in blocked_list
    assert "Anna Zimmer" in found and "Bert Zimmer" in found
    assert anna.email not in found  # moderators never see e-mail addresses


def test_the_search_treats_wildcards_literally(moderating, make_user):
    make_user(name="Percy Plain")

    page = moderating.get("/moderation/people?q=%25").text

    assert "Percy Plain" not in page


def test_the_person_page_shows_the_history(app, moderating, author, consultation, make_idea):
    make_idea(consultation, author)

    page = moderating.get(f"/moderation/people/{author.id}").text

    assert "Anna Auteur" in page
    assert "1 idea, 0 comments, 0 removed, 0 reports received" in page
    assert author.email not in page
