"""A moderator's decisions on one item: reject (with a standard reason and/or free text,
e-mailed to the author; a rejected idea's votes are given back), hide and unhide with a reason,
edit with a public note, change the theme, feature and pin. Each is audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from participate.db import db
from participate.ideas import comments
from participate.ideas import services as ideas
from participate.ideas.models import Comment, Idea, Visibility, VoteAllowance
from participate.ideas.services import SORTS
from participate.moderation import services
from participate.moderation.models import RejectionTemplate
from tests.moderation.helpers import (
    LONG_BODY,
    attached,
    audit,
    comment_count,
    decide,
    fetch,
    flashes,
    in_app,
    listed,
    new_user,
    only_audit,
    vote_counts,
)

TEMPLATE_BODY = "Your contribution contains advertising, which the house rules do not allow."


@pytest.fixture
def idea(make_idea, consultation, author):
    return make_idea(consultation, author, title="Plant trees on the market square")


@pytest.fixture
def template(app) -> RejectionTemplate:
    with in_app(app):
        made = RejectionTemplate(title="Advertising", body=TEMPLATE_BODY, position=1)
        db.session.add(made)
        db.session.flush()
        return made


@pytest.fixture
def moderating(client_as, moderator):
    return client_as(moderator)


# -- Reject --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("use_template", "text", "expected"),
    [
        (True, "", TEMPLATE_BODY),
        (False, "Please post this in the right consultation.", None),
        (True, "See also rule 4.", TEMPLATE_BODY + "\n\nSee also rule 4."),
    ],
    ids=["template", "free-text", "both"],
)
def test_rejecting_an_idea_mails_the_author_the_reason(
    app, moderating, author, moderator, idea, template, use_template, text, expected, outbox
):
    expected = expected or text

    response = decide(
        moderating,
        "idea",
        idea,
        "reject",
        reason=text,
        template_id=str(template.id if use_template else 0),
    )

    assert response.status_code == 303
    rejected = fetch(app, Idea, idea.id)
    assert rejected.visibility == Visibility.REJECTED and not rejected.is_public
    [mail] = outbox
    assert mail.to == author.email
    assert mail.subject == "Your contribution was not published"
    assert idea.title in mail.text
    for part in expected.split("\n\n"):
        assert part in mail.text
    entry = only_audit(app, "idea.reject", idea)
    assert entry.actor_id == moderator.id and entry.reason == expected
    assert entry.before["visibility"] == "visible" and entry.after["visibility"] == "rejected"


def test_a_rejection_without_any_reason_is_refused(app, moderating, idea):
    response = decide(moderating, "idea", idea, "reject", reason="   ", template_id="0")

    assert response.status_code == 303
    message = "Give a reason: pick one or write it. The author receives it by e-mail."
    assert ("error", message) in flashes(moderating)
    assert fetch(app, Idea, idea.id).is_public
    assert audit(app, "idea.reject") == []


def test_a_rejection_with_an_unknown_standard_reason_is_refused(app, idea, moderator, en_ctx):
    with pytest.raises(services.ModerationError, match=r"Choose one of the reasons\."):
        services.reject(attached(idea), attached(moderator), "", template_id=987654)

    assert attached(idea).is_public


def test_rejecting_an_idea_takes_its_votes_off_and_gives_them_back(
    app, make_idea, make_consultation, author, moderator, outbox
):
    limited = make_consultation("ideas", vote_limit=2)
    target = make_idea(limited, author)
    other = make_idea(limited, author)
    with in_app(app):
        voters = [new_user() for _ in range(3)]
        for voter in voters:
            ideas.vote(attached(target), voter)
        ideas.vote(attached(other), voters[0])
    assert vote_counts(app, target) == (3, 0)

    with in_app(app):
        services.reject(attached(target), attached(moderator), "Not lawful.")

    assert vote_counts(app, target) == (0, 0)
    assert fetch(app, Idea, target.id).trend_score == 0
    with app.app_context():
        used = dict(
            db.session.execute(
                select(VoteAllowance.user_id, VoteAllowance.used).where(
                    VoteAllowance.consultation_id == limited.id
                )
            ).all()
        )
        assert used == {voters[0].id: 1, voters[1].id: 0, voters[2].id: 0}
    assert vote_counts(app, other) == (1, 0)


def test_rejecting_a_comment_mails_its_author_and_uncounts_it(
    app, moderating, make_user, idea, outbox
):
    commenter = make_user(locale="en")
    with in_app(app):
        comment = comments.post_comment(attached(idea), attached(commenter), "Buy my product!")
    assert comment_count(app, idea) == 1

    decide(moderating, "comment", comment, "reject", reason="Advertising.")

    assert fetch(app, Comment, comment.id).visibility == Visibility.REJECTED
    assert comment_count(app, idea) == 0
    [mail] = outbox
    assert mail.to == commenter.email and "Advertising." in mail.text
    assert only_audit(app, "comment.reject", comment).reason == "Advertising."


# -- Hide and unhide ---------------------------------------------------------------------------


def test_hiding_an_idea_takes_it_off_the_site_but_keeps_its_votes(
    app, client_as, moderating, moderator, make_idea, consultation, author
):
    voted = make_idea(consultation, author, votes=2)

    response = decide(moderating, "idea", voted, "hide", reason="Checking a complaint.")

    assert response.status_code == 303
    assert fetch(app, Idea, voted.id).visibility == Visibility.HIDDEN
    assert listed(app, consultation) == []
    assert client_as(None).get(f"/ideas/{voted.id}").status_code == 404
    assert vote_counts(app, voted) == (2, 0)
    entry = only_audit(app, "idea.hide", voted)
    assert (entry.actor_id, entry.reason) == (moderator.id, "Checking a complaint.")
    assert entry.before["visibility"] == "visible" and entry.after["visibility"] == "hidden"


def test_hiding_needs_a_reason(app, moderating, idea):
    decide(moderating, "idea", idea, "hide", reason="")

    assert fetch(app, Idea, idea.id).is_public
    assert ("error", "Say why you hide this: it is kept in the audit log.") in flashes(moderating)
    assert audit(app, "idea.hide") == []


def test_unhiding_brings_the_idea_back_with_its_votes(
    app, moderating, moderator, make_idea, consultation
):
    voted = make_idea(consultation, votes=2)
    decide(moderating, "idea", voted, "hide", reason="Checking a complaint.")

    response = decide(moderating, "idea", voted, "unhide", reason="The complaint was unfounded.")

    assert response.status_code == 303
    assert fetch(app, Idea, voted.id).is_public
    assert listed(app, consultation) == [voted.id]
    assert vote_counts(app, voted) == (2, 0)
    entry = only_audit(app, "idea.unhide", voted)
    assert (entry.actor_id, entry.reason) == (moderator.id, "The complaint was unfounded.")
    assert entry.before["visibility"] == "hidden" and entry.after["visibility"] == "visible"


def test_only_a_hidden_item_can_be_unhidden(app, moderating, idea):
    decide(moderating, "idea", idea, "unhide")

    assert ("error", "This contribution is not hidden.") in flashes(moderating)
    assert audit(app, "idea.unhide") == []


def test_hiding_and_unhiding_a_comment_keeps_the_count_exact(app, moderating, make_user, idea):
    commenter = make_user()
    with in_app(app):
        comment = comments.post_comment(attached(idea), attached(commenter), "Some remark.")

    decide(moderating, "comment", comment, "hide", reason="Personal data.")
    assert comment_count(app, idea) == 0
    decide(moderating, "comment", comment, "unhide")
    assert comment_count(app, idea) == 1
    assert only_audit(app, "comment.hide", comment).reason == "Personal data."
    only_audit(app, "comment.unhide", comment)


def test_a_decision_goes_back_where_the_moderator_was(moderating, idea):
    response = decide(moderating, "idea", idea, "approve", next=f"/ideas/{idea.id}#moderation")

    assert response.headers["Location"] == f"/ideas/{idea.id}#moderation"


def test_a_decision_never_redirects_off_site(moderating, idea):
    response = decide(moderating, "idea", idea, "approve", next="//evil.example/")

    assert response.headers["Location"] == "/moderation"


# -- Moderator edit ------------------------------------------------------------------------


def test_a_moderator_edits_an_idea_and_the_page_says_so(
    app, client_as, moderating, moderator, idea
):
    assert moderating.get(f"/moderation/idea/{idea.id}/edit").status_code == 200

    response = moderating.post(
        f"/moderation/idea/{idea.id}/edit",
        data={
            "title": "Plant trees on the square",
            "body_md": LONG_BODY + " (phone number removed)",
            "reason": "It showed a private phone number.",
        },
    )

    assert response.status_code == 303
    edited = fetch(app, Idea, idea.id)
    assert edited.title == "Plant trees on the square"
    assert edited.moderator_edited_at is not None
    page = client_as(None).get(f"/ideas/{idea.id}").text
    assert "Edited by the moderation on" in page
    entry = only_audit(app, "idea.moderator_edit", idea)
    assert entry.actor_id == moderator.id
    assert entry.reason == "It showed a private phone number."
    assert entry.before == {"body_md": idea.body_md, "title": "Plant trees on the market square"}
    assert entry.after == {
        "body_md": LONG_BODY + " (phone number removed)",
        "title": "Plant trees on the square",
    }


def test_a_moderator_edit_needs_a_reason_and_valid_text(app, moderating, idea):
    no_reason = moderating.post(
        f"/moderation/idea/{idea.id}/edit",
        data={"title": "A title long enough", "body_md": LONG_BODY, "reason": ""},
    )
    short_body = moderating.post(
        f"/moderation/idea/{idea.id}/edit",
        data={"title": "A title long enough", "body_md": "Too short", "reason": "Typo."},
    )

    assert no_reason.status_code == short_body.status_code == 422
    assert "The description has between 30 and 5000 characters." in short_body.text
    unchanged = fetch(app, Idea, idea.id)
    assert unchanged.title == idea.title and unchanged.moderator_edited_at is None
    assert audit(app, "idea.moderator_edit") == []


def test_a_moderator_edits_a_comment_and_the_thread_says_so(
    app, client_as, moderating, make_user, idea
):
    commenter = make_user()
    with in_app(app):
        comment = comments.post_comment(
            attached(idea), attached(commenter), "Call me: 0470 12 34 56"
        )

    response = moderating.post(
        f"/moderation/comment/{comment.id}/edit",
        data={"body_md": "Call me: [removed]", "reason": "A phone number."},
    )

    assert response.status_code == 303
    assert response.headers["Location"] == f"/ideas/{idea.id}#comment-{comment.id}"
    page = client_as(None).get(f"/ideas/{idea.id}").text
    assert "Call me: [removed]" in page and "0470" not in page
    assert "edited by the moderation" in page
    entry = only_audit(app, "comment.moderator_edit", comment)
    assert entry.before == {"body_md": "Call me: 0470 12 34 56"}
    assert entry.after == {"body_md": "Call me: [removed]"}
    assert comment_count(app, idea) == 1


# -- Theme ---------------------------------------------------------------------------------


def test_a_moderator_moves_an_idea_to_another_theme(app, moderating, moderator, idea, consultation):
    new_theme = consultation.themes[2]

    response = moderating.post(
        f"/moderation/ideas/{idea.id}/theme", data={"theme_id": str(new_theme.id)}
    )

    assert response.status_code == 303
    assert fetch(app, Idea, idea.id).theme_id == new_theme.id
    entry = only_audit(app, "idea.change_theme", idea)
    assert entry.actor_id == moderator.id
    assert entry.before == {"theme": consultation.themes[0].name}
    assert entry.after == {"theme": new_theme.name}


def test_a_theme_of_another_consultation_is_refused(app, moderating, idea, make_consultation):
    elsewhere = make_consultation().themes[1]

    moderating.post(f"/moderation/ideas/{idea.id}/theme", data={"theme_id": str(elsewhere.id)})

    assert fetch(app, Idea, idea.id).theme_id == idea.theme_id
    assert ("error", "Choose one of the themes of this consultation.") in flashes(moderating)
    assert audit(app, "idea.change_theme") == []


# -- Feature and pin -----------------------------------------------------------------------


@pytest.fixture
def four_ideas(app, make_idea, consultation):
    """Four public ideas; the last one is the oldest, with no votes and no comments, so that
    it comes last in every sort unless pinned."""
    from datetime import timedelta

    from participate.db import utcnow

    now = utcnow()
    made = [
        make_idea(consultation, votes=3, comments=2, created_at=now - timedelta(hours=1)),
        make_idea(consultation, votes=2, comments=1, created_at=now - timedelta(hours=2)),
        make_idea(consultation, votes=1, comments=3, created_at=now - timedelta(hours=3)),
        make_idea(consultation, created_at=now - timedelta(days=5)),
    ]
    return made


@pytest.mark.parametrize("sort", SORTS)
def test_a_pinned_idea_comes_first_in_every_sort(app, moderator, consultation, four_ideas, sort):
    last = four_ideas[-1]
    with in_app(app):
        services.set_flag(attached(last), attached(moderator), "pinned", True)

    for seed in (0, 1, 7, 12345):
        order = listed(app, consultation, sort=sort, seed=seed)
        assert order[0] == last.id, (sort, seed, order)
        assert sorted(order) == sorted(i.id for i in four_ideas)
    themed = listed(app, consultation, sort=sort, theme_id=consultation.themes[0].id)
    assert themed[0] == last.id


def test_pinning_and_unpinning_through_the_page_is_audited(
    app, moderating, moderator, consultation, four_ideas
):
    last = four_ideas[-1]

    pinned = moderating.post(f"/moderation/ideas/{last.id}/pinned", data={"value": "1"})
    assert pinned.status_code == 303
    assert fetch(app, Idea, last.id).pinned is True
    assert listed(app, consultation, sort="supported")[0] == last.id
    page = moderating.get(f"/consultations/{consultation.slug}?sort=supported").text
    assert page.index(f'id="idea-{last.id}"') < page.index(f'id="idea-{four_ideas[0].id}"')

    moderating.post(f"/moderation/ideas/{last.id}/pinned", data={"value": "0"})

    assert fetch(app, Idea, last.id).pinned is False
    assert listed(app, consultation, sort="supported")[-1] == last.id
    on = only_audit(app, "idea.pinned", last)
    off = only_audit(app, "idea.unpinned", last)
    assert (on.before, on.after) == ({"pinned": False}, {"pinned": True})
    assert (off.before, off.after) == ({"pinned": True}, {"pinned": False})
    assert on.actor_id == off.actor_id == moderator.id


def test_a_featured_idea_is_highlighted_on_the_consultation_page(
    app, client_as, moderating, consultation, four_ideas
):
    chosen = four_ideas[2]

    response = moderating.post(f"/moderation/ideas/{chosen.id}/featured", data={"value": "1"})

    assert response.status_code == 303
    assert fetch(app, Idea, chosen.id).featured is True
    page = client_as(None).get(f"/consultations/{consultation.slug}").text
    assert 'id="featured-title"' in page
    section = page[
        page.index('id="featured-title"') : page.index(
            "</section>", page.index('id="featured-title"')
        )
    ]
    assert f'href="/ideas/{chosen.id}"' in section
    assert f'href="/ideas/{four_ideas[0].id}"' not in section
    only_audit(app, "idea.featured", chosen)


def test_no_highlights_without_featured_ideas(client_as, consultation, four_ideas):
    page = client_as(None).get(f"/consultations/{consultation.slug}").text

    assert 'id="featured-title"' not in page


def test_a_hidden_featured_idea_leaves_the_highlights(
    app, client_as, moderator, consultation, four_ideas
):
    chosen = four_ideas[0]
    with in_app(app):
        services.set_flag(attached(chosen), attached(moderator), "featured", True)
        services.hide(attached(chosen), attached(moderator), "Complaint.")

    page = client_as(None).get(f"/consultations/{consultation.slug}").text

    assert f'href="/ideas/{chosen.id}"' not in page


@pytest.mark.parametrize("flag", ["featured", "pinned"])
def test_only_a_public_idea_can_be_featured_or_pinned(
    app, moderating, make_idea, consultation, flag
):
    pending = make_idea(consultation, status="pending")

    moderating.post(f"/moderation/ideas/{pending.id}/{flag}", data={"value": "1"})

    assert getattr(fetch(app, Idea, pending.id), flag) is False
    assert ("error", "Only a published idea can be featured or pinned.") in flashes(moderating)
    assert audit(app, f"idea.{flag}") == []
