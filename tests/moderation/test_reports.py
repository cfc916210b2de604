"""Reports: a reason from a fixed list ("other" needs an explanation), one report per account
per item, never of one's own contribution, not from blocked or unconfirmed accounts. From the
consultation's threshold of reports by different accounts on, the item is hidden until a
moderator looks; keeping it shows it again and settles the reports."""

from __future__ import annotations

import pytest

from participate.ideas import comments
from participate.ideas.models import Comment, Idea, Visibility
from participate.moderation import services
from participate.moderation.models import QueueReason, Report, ReportReason
from tests.factories import count
from tests.moderation.helpers import (
    attached,
    comment_count,
    configure,
    decide,
    fetch,
    flashes,
    in_app,
    listed,
    new_user,
    only_audit,
    queue_entry,
    reports_of,
    send_report,
)


@pytest.fixture
def idea(make_idea, consultation, author):
    return make_idea(consultation, author)


@pytest.fixture
def commenter(make_user):
    return make_user("citizen", name="Carl Commenter")


@pytest.fixture
def comment(app, idea, commenter) -> Comment:
    with in_app(app):
        return comments.post_comment(attached(idea), attached(commenter), "A rude remark.")


@pytest.fixture
def reporter(make_user):
    return make_user("citizen", name="Rita Reporter")


def report_by(app, users, item, reason: str = "spam") -> None:
    """Reports by each of these accounts, through the service."""
    with in_app(app):
        for user in users:
            services.report(attached(item), attached(user), reason)


def test_the_report_page_offers_the_reasons(client_as, reporter, idea):
    page = client_as(reporter).get(f"/report/idea/{idea.id}").text

    for reason in ReportReason:
        assert f'value="{reason.value}"' in page
    assert "Spam or advertising" in page and "Something else" in page


@pytest.mark.parametrize("reason", [r.value for r in ReportReason if r != ReportReason.OTHER])
def test_a_citizen_reports_an_idea_with_a_reason(app, client_as, reporter, idea, reason):
    browser = client_as(reporter)

    response = send_report(browser, "idea", idea, reason)

    assert response.status_code == 303
    assert response.headers["Location"] == f"/ideas/{idea.id}"
    [report] = reports_of(app, idea)
    assert (report.reason, report.reporter_id, report.resolved_at) == (reason, reporter.id, None)
    entry = queue_entry(app, idea)
    assert entry.is_open and entry.reason == QueueReason.REPORTED
    assert fetch(app, Idea, idea.id).is_public  # one report does not hide anything
    assert ("success", "Thank you. A moderator will look at your report.") in flashes(browser)


def test_other_needs_an_explanation(app, client_as, reporter, idea):
    response = send_report(client_as(reporter), "idea", idea, "other", "   ")

    assert response.status_code == 422
    assert "Tell us what is wrong." in response.text
    assert reports_of(app, idea) == []
    assert queue_entry(app, idea) is None


def test_other_with_an_explanation_is_kept(app, client_as, reporter, idea):
    response = send_report(client_as(reporter), "idea", idea, "other", "It names my neighbour.")

    assert response.status_code == 303
    [report] = reports_of(app, idea)
    assert (report.reason, report.text) == ("other", "It names my neighbour.")


def test_an_unknown_reason_is_refused(app, client_as, reporter, idea):
    response = send_report(client_as(reporter), "idea", idea, "boring")

    assert response.status_code == 422
    assert reports_of(app, idea) == []


def test_a_second_report_of_the_same_item_by_the_same_account_is_refused(
    app, client_as, reporter, idea
):
    browser = client_as(reporter)
    send_report(browser, "idea", idea, "spam")

    response = send_report(browser, "idea", idea, "offensive")

    assert response.status_code == 422
    assert "You have already reported this. A moderator will look at it." in response.text
    [report] = reports_of(app, idea)
    assert report.reason == "spam"


def test_a_second_report_is_refused_by_the_service_too(app, reporter, idea, en_ctx):
    services.report(attached(idea), attached(reporter), "spam")

    with pytest.raises(services.ModerationError, match="already reported"):
        services.report(attached(idea), attached(reporter), "spam")

    assert count(Report) == 1


def test_a_citizen_cannot_report_their_own_idea(app, client_as, author, idea):
    browser = client_as(author)

    response = send_report(browser, "idea", idea)

    assert response.status_code == 303
    assert ("error", "You cannot report your own contribution.") in flashes(browser)
    assert reports_of(app, idea) == []


def test_a_citizen_cannot_report_their_own_comment(app, client_as, commenter, comment):
    browser = client_as(commenter)

    send_report(browser, "comment", comment)

    assert ("error", "You cannot report your own contribution.") in flashes(browser)
    assert reports_of(app, comment) == []


def test_a_blocked_account_cannot_report(app, client_as, reporter, moderator, idea):
    with in_app(app):
        services.block(attached(reporter), attached(moderator), "Abusive reports.")
    browser = client_as(reporter)

    response = send_report(browser, "idea", idea)

    assert response.status_code == 303
    message = "Your account is blocked: you cannot post, vote, comment or report anymore."
    assert ("error", message) in flashes(browser)
    assert reports_of(app, idea) == []


def test_an_unconfirmed_account_cannot_report(app, client_as, make_user, idea):
    browser = client_as(make_user("citizen", verified=False))

    response = send_report(browser, "idea", idea)

    assert response.status_code == 303
    message = "Confirm your e-mail address first: open the link we sent you."
    assert ("error", message) in flashes(browser)
    assert reports_of(app, idea) == []


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("author", "You cannot report your own contribution."),
        ("blocked", "Your account is blocked"),
        ("unverified", "Confirm your e-mail address"),
    ],
)
def test_the_service_refuses_the_same_reports(idea, who, message, en_ctx):
    if who == "author":
        user = attached(idea).author
    else:
        user = new_user(verified=who != "unverified")
        if who == "blocked":
            services.block(user, new_user("moderator"), "Spam.")

    with pytest.raises(services.ModerationError, match=message):
        services.report(attached(idea), user, "spam")

    assert count(Report) == 0


def test_a_pending_idea_cannot_be_reported(app, client_as, reporter, make_idea, consultation):
    pending = make_idea(consultation, status="pending")

    response = send_report(client_as(reporter), "idea", pending)

    assert response.status_code == 404
    assert reports_of(app, pending) == []


# -- The threshold -------------------------------------------------------------------------


def test_reports_below_the_threshold_leave_the_idea_public(app, make_user, consultation, idea):
    report_by(app, [make_user(), make_user()], idea)

    assert fetch(app, Idea, idea.id).is_public
    assert listed(app, consultation) == [idea.id]


def test_the_third_report_hides_the_idea_until_a_moderator_looks(
    app, client_as, make_user, author, consultation, idea
):
    report_by(app, [make_user(), make_user()], idea, "spam")

    report_by(app, [make_user()], idea, "offensive")

    hidden = fetch(app, Idea, idea.id)
    assert hidden.visibility == Visibility.HIDDEN and not hidden.is_public
    assert listed(app, consultation) == []
    assert client_as(None).get(f"/ideas/{idea.id}").status_code == 404
    mine = client_as(author).get(f"/ideas/{idea.id}").text
    assert "This idea is hidden by the moderation until a moderator has looked at it." in mine
    entry = only_audit(app, "idea.auto_hide", idea)
    assert entry.actor_id is None and entry.actor_name == ""
    assert entry.before == {"visibility": "visible", "status": "published"}
    assert entry.after == {"visibility": "hidden", "status": "published"}
    assert entry.reason == "3 reports (threshold 3)"
    assert queue_entry(app, idea).reason == QueueReason.REPORTED


def test_the_threshold_is_set_per_consultation(app, make_user, consultation, idea):
    configure(app, consultation, report_threshold=2)

    report_by(app, [make_user(), make_user()], idea)

    assert fetch(app, Idea, idea.id).visibility == Visibility.HIDDEN
    assert only_audit(app, "idea.auto_hide", idea).reason == "2 reports (threshold 2)"


def test_the_default_threshold_is_three(consultation):
    assert consultation.report_threshold == 3


def test_enough_reports_hide_a_comment_and_take_it_out_of_the_count(
    app, client_as, make_user, idea, comment
):
    assert comment_count(app, idea) == 1

    report_by(app, [make_user(), make_user(), make_user()], comment)

    assert fetch(app, Comment, comment.id).visibility == Visibility.HIDDEN
    assert comment_count(app, idea) == 0
    entry = only_audit(app, "comment.auto_hide", comment)
    assert entry.before == {"visibility": "visible"} and entry.after == {"visibility": "hidden"}
    page = client_as(None).get(f"/ideas/{idea.id}").text
    assert "A rude remark." not in page
    assert "This comment is hidden by the moderation." in page


def test_a_hidden_idea_takes_no_more_reports(app, make_user, idea):
    report_by(app, [make_user() for _ in range(3)], idea)
    fourth = make_user()

    with pytest.raises(services.ModerationError), in_app(app):
        services.report(attached(idea), attached(fourth), "spam")

    assert len(reports_of(app, idea)) == 3
    only_audit(app, "idea.auto_hide", idea)


def test_the_queue_shows_the_reasons_of_the_reports(app, client_as, make_user, moderator, idea):
    report_by(app, [make_user()], idea, "spam")
    second = make_user()
    with in_app(app):
        services.report(attached(idea), attached(second), "other", "Copied from a flyer.")

    page = client_as(moderator).get("/moderation?reason=reported").text

    assert idea.title in page
    assert "2 open reports" in page
    assert "Spam or advertising" in page
    assert "Something else: “Copied from a flyer.”" in page


def test_keeping_a_hidden_idea_shows_it_again_and_settles_the_reports(
    app, client_as, make_user, moderator, consultation, idea
):
    report_by(app, [make_user() for _ in range(3)], idea)

    response = decide(client_as(moderator), "idea", idea, "approve")

    assert response.status_code == 303
    assert fetch(app, Idea, idea.id).is_public
    assert listed(app, consultation) == [idea.id]
    assert all(r.resolved_at is not None for r in reports_of(app, idea))
    entry = queue_entry(app, idea)
    assert not entry.is_open and entry.outcome == "approved"
    approved = only_audit(app, "idea.approve", idea)
    assert approved.before["visibility"] == "hidden" and approved.after["visibility"] == "visible"


def test_after_a_decision_new_reports_count_from_zero(app, make_user, moderator, idea):
    report_by(app, [make_user() for _ in range(3)], idea)
    with in_app(app):
        services.approve(attached(idea), attached(moderator))

    report_by(app, [make_user()], idea)

    assert fetch(app, Idea, idea.id).is_public
    assert queue_entry(app, idea).is_open  # back in the queue for the new report


def test_keeping_a_hidden_comment_counts_it_again(app, make_user, moderator, idea, comment):
    report_by(app, [make_user() for _ in range(3)], comment)

    with in_app(app):
        services.approve(attached(comment), attached(moderator))

    assert fetch(app, Comment, comment.id).visibility == Visibility.VISIBLE
    assert comment_count(app, idea) == 1
    assert all(r.resolved_at is not None for r in reports_of(app, comment))


def test_report_texts_are_escaped_in_the_queue(app, client_as, make_user, moderator, idea):
    reporter = make_user()
    with in_app(app):
        services.report(attached(idea), attached(reporter), "other", "<script>alert(1)</script>")

    page = client_as(moderator).get("/moderation").text

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
