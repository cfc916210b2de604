"""Merging a duplicate into the idea that is kept: comments move; votes combine so that a
citizen who voted for both counts once (for/against too); counts equal the vote rows; votes
given back where limited; every citizen whose vote moved is told; the duplicate's address
redirects; impossible merges are refused and change nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participate.db import db
from participate.ideas import comments
from participate.ideas import services as ideas
from participate.ideas.models import Comment, Idea, Vote, VoteAllowance
from participate.moderation import services
from tests.moderation.helpers import (
    attached,
    audit,
    comment_count,
    fetch,
    in_app,
    only_audit,
    reports_of,
    vote_counts,
)


@pytest.fixture
def consultation(make_consultation):
    return make_consultation("ideas", voting_mode="for_against", vote_limit=5)


@pytest.fixture
def voters(make_user):
    return {
        name: make_user(name=f"Voter {name}", locale="en")
        for name in ("u1", "u2", "u3", "u4", "u5")
    }


@pytest.fixture
def pair(app, make_idea, consultation, voters, author):
    """kept: u1 for, u2 against, u5 for, one comment.
    duplicate: u1 for (voted both), u2 for (voted both, the other way), u3 against, u4 for;
    a comment with a reply and a comment awaiting moderation."""
    kept = make_idea(consultation, author, title="Trees on the market square")
    duplicate = make_idea(consultation, title="More trees for the market square")
    with in_app(app):
        k, d = attached(kept), attached(duplicate)
        v = {name: attached(user) for name, user in voters.items()}
        for name, value in (("u1", 1), ("u2", -1), ("u5", 1)):
            ideas.vote(k, v[name], value)
        for name, value in (("u1", 1), ("u2", 1), ("u3", -1), ("u4", 1)):
            ideas.vote(d, v[name], value)
        comments.post_comment(k, v["u5"], "On the kept idea.")
        top = comments.post_comment(d, v["u3"], "On the duplicate.")
        comments.post_comment(d, v["u4"], "A reply on the duplicate.", parent_id=top.id)
        waiting = comments.post_comment(d, v["u4"], "Waiting on the duplicate.")
        waiting.visibility = "pending"
        db.session.execute(Idea.__table__.update().where(Idea.id == d.id).values(comment_count=2))
    return kept, duplicate


def used(app, consultation, user) -> int:
    """Votes the citizen spent here, checked against their vote rows."""
    with app.app_context():
        spent = db.session.scalar(
            select(VoteAllowance.used).where(
                VoteAllowance.consultation_id == consultation.id, VoteAllowance.user_id == user.id
            )
        )
        rows = db.session.scalar(
            select(func.count())
            .select_from(Vote)
            .where(Vote.consultation_id == consultation.id, Vote.user_id == user.id)
        )
        assert (spent or 0) == rows, (spent, rows)
        return rows


def votes_on(app, idea) -> dict[int, int]:
    with app.app_context():
        return dict(
            db.session.execute(
                select(Vote.user_id, Vote.value).where(Vote.idea_id == idea.id)
            ).all()
        )


def merge(app, duplicate, kept, moderator):
    with in_app(app):
        return services.merge(attached(duplicate), attached(kept), attached(moderator))


def test_votes_combine_so_that_a_citizen_who_voted_for_both_counts_once(
    app, pair, voters, moderator, outbox
):
    kept, duplicate = pair
    assert vote_counts(app, kept) == (2, 1) and vote_counts(app, duplicate) == (3, 1)

    result = merge(app, duplicate, kept, moderator)

    v = {name: user.id for name, user in voters.items()}
    assert votes_on(app, kept) == {v["u1"]: 1, v["u2"]: -1, v["u5"]: 1, v["u3"]: -1, v["u4"]: 1}
    assert votes_on(app, duplicate) == {}
    assert vote_counts(app, kept) == (3, 2)
    assert vote_counts(app, duplicate) == (0, 0)
    assert (result.moved_votes, result.combined_votes) == (2, 2)
    assert sorted(result.notified) == sorted([v["u3"], v["u4"]])


def test_votes_given_up_by_the_merge_are_given_back(
    app, pair, voters, moderator, consultation, outbox
):
    kept, duplicate = pair
    assert used(app, consultation, voters["u1"]) == 2

    merge(app, duplicate, kept, moderator)

    for user in voters.values():
        assert used(app, consultation, user) == 1, user.display_name


def test_comments_move_and_the_count_follows_the_visible_ones(app, pair, moderator, outbox):
    kept, duplicate = pair

    result = merge(app, duplicate, kept, moderator)

    assert result.moved_comments == 3
    with app.app_context():
        on_duplicate = db.session.scalars(
            select(Comment).where(Comment.idea_id == duplicate.id)
        ).all()
        on_kept = db.session.scalars(select(Comment).where(Comment.idea_id == kept.id)).all()
        assert on_duplicate == []
        assert len(on_kept) == 4
        reply = next(c for c in on_kept if c.body_md == "A reply on the duplicate.")
        parent = db.session.get(Comment, reply.parent_id)
        assert parent.idea_id == kept.id  # the thread moved whole
    assert comment_count(app, kept) == 3
    assert comment_count(app, duplicate) == 0


def test_each_citizen_whose_vote_moved_gets_an_e_mail(app, pair, voters, moderator, outbox):
    kept, duplicate = pair

    merge(app, duplicate, kept, moderator)

    assert sorted(m.to for m in outbox) == sorted([voters["u3"].email, voters["u4"].email])
    for mail in outbox:
        assert mail.subject == "Your vote moved to a similar idea"
        assert duplicate.title in mail.text and kept.title in mail.text
        assert f"http://participate.test/ideas/{kept.id}" in mail.text


def test_a_citizen_whose_vote_moved_may_withdraw_it(
    app, client_as, pair, voters, moderator, consultation, outbox
):
    kept, duplicate = pair
    merge(app, duplicate, kept, moderator)

    response = client_as(voters["u4"]).post(f"/ideas/{kept.id}/vote", data={"value": "1"})

    assert response.status_code == 303
    assert vote_counts(app, kept) == (2, 2)
    assert used(app, consultation, voters["u4"]) == 0


def test_the_merged_idea_redirects_to_the_kept_one_for_good(
    app, client_as, pair, moderator, outbox
):
    kept, duplicate = pair
    merge(app, duplicate, kept, moderator)

    response = client_as(None).get(f"/ideas/{duplicate.id}")

    assert response.status_code == 301
    assert response.headers["Location"] == f"/ideas/{kept.id}"
    assert fetch(app, Idea, duplicate.id).merged_into_id == kept.id


def test_the_merge_is_audited_with_the_counts_before_and_after(app, pair, moderator, outbox):
    kept, duplicate = pair

    merge(app, duplicate, kept, moderator)

    entry = only_audit(app, "idea.merge", duplicate)
    assert entry.actor_id == moderator.id
    assert entry.before == {
        "kept": {"id": kept.id, "support": 2, "oppose": 1, "comments": 1},
        "duplicate": {"id": duplicate.id, "support": 3, "oppose": 1, "comments": 2},
    }
    assert entry.after["kept"] == {"id": kept.id, "support": 3, "oppose": 2, "comments": 3}
    assert entry.after["duplicate"] == {"id": duplicate.id, "merged_into": kept.id}
    assert (entry.after["moved_votes"], entry.after["combined_votes"]) == (2, 2)
    assert entry.after["moved_comments"] == 3


def test_the_duplicates_open_reports_are_settled(app, pair, moderator, make_user, outbox):
    kept, duplicate = pair
    reporter = make_user()
    with in_app(app):
        services.report(attached(duplicate), attached(reporter), "spam")

    merge(app, duplicate, kept, moderator)

    assert all(r.resolved_at is not None for r in reports_of(app, duplicate))
    merged = fetch(app, Idea, duplicate.id)
    assert not merged.is_public and not merged.pinned and not merged.featured


def test_the_trend_of_the_kept_idea_counts_the_moved_support(app, pair, moderator, outbox):
    kept, duplicate = pair
    before = fetch(app, Idea, kept.id).trend_score

    merge(app, duplicate, kept, moderator)

    after = fetch(app, Idea, kept.id).trend_score
    assert after == pytest.approx(before * 3 / 2, rel=1e-6)  # three supporters instead of two
    assert fetch(app, Idea, duplicate.id).trend_score == 0


# -- Through the pages ---------------------------------------------------------------------


def test_the_merge_pages_ask_for_confirmation_then_merge(app, client_as, pair, moderator, outbox):
    kept, duplicate = pair
    browser = client_as(moderator)

    assert browser.get(f"/moderation/ideas/{duplicate.id}/merge").status_code == 200
    check = browser.post(f"/moderation/ideas/{duplicate.id}/merge", data={"into": str(kept.id)})
    assert check.status_code == 200
    assert f"Merge #{duplicate.id} into #{kept.id}" in check.text
    assert fetch(app, Idea, duplicate.id).merged_into_id is None  # nothing done yet

    done = browser.post(
        f"/moderation/ideas/{duplicate.id}/merge", data={"into": str(kept.id), "confirm": "yes"}
    )

    assert done.status_code == 303
    assert done.headers["Location"] == f"/ideas/{kept.id}"
    assert fetch(app, Idea, duplicate.id).merged_into_id == kept.id
    assert vote_counts(app, kept) == (3, 2)


@pytest.fixture
def refused_targets(app, make_idea, make_consultation, consultation, pair, moderator):
    _kept, duplicate = pair
    other_consultation = make_idea(make_consultation("ideas"))
    pending = make_idea(consultation, status="pending")
    merged_away = make_idea(consultation)
    merge_target = make_idea(consultation)
    with in_app(app):
        services.merge(attached(merged_away), attached(merge_target), attached(moderator))
    return {
        "itself": (duplicate.id, "An idea cannot be merged into itself."),
        "another consultation": (
            other_consultation.id,
            "Only ideas of the same consultation can be merged.",
        ),
        "an unpublished idea": (pending.id, "The idea to keep must be published."),
        "a merged idea": (merged_away.id, "The idea to keep must be published."),
        "no idea": (987654, "There is no idea with that number."),
    }


@pytest.mark.parametrize(
    "target", ["itself", "another consultation", "an unpublished idea", "a merged idea", "no idea"]
)
@pytest.mark.parametrize("confirm", ["", "yes"])
def test_impossible_merges_are_refused_and_change_nothing(
    app, client_as, pair, moderator, refused_targets, target, confirm
):
    _kept, duplicate = pair
    into, message = refused_targets[target]

    response = client_as(moderator).post(
        f"/moderation/ideas/{duplicate.id}/merge", data={"into": str(into), "confirm": confirm}
    )

    assert response.status_code == 422
    assert message in response.text
    assert fetch(app, Idea, duplicate.id).merged_into_id is None
    assert vote_counts(app, duplicate) == (3, 1)
    assert all(e.target_id != duplicate.id for e in audit(app, "idea.merge"))


def test_the_service_refuses_an_impossible_merge_too(pair, moderator, en_ctx):
    _kept, duplicate = pair

    with pytest.raises(services.ModerationError, match="merged into itself"):
        services.merge(attached(duplicate), attached(duplicate), attached(moderator))


def test_an_already_merged_idea_cannot_be_merged_again(
    app, pair, moderator, make_idea, consultation, outbox
):
    kept, duplicate = pair
    third = make_idea(consultation)
    merge(app, duplicate, kept, moderator)

    with pytest.raises(services.ModerationError), in_app(app):
        services.merge(attached(duplicate), attached(third), attached(moderator))

    assert fetch(app, Idea, duplicate.id).merged_into_id == kept.id
