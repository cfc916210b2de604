"""Every moderator and admin action leaves one audit entry, written in the same transaction:
who acted (and their name, kept if the account goes), the action, the item, the state before and
after, and the reason. Automatic hiding is recorded with no actor. The admins' audit page finds
the entries by action."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from participate.audit.models import AuditEntry
from participate.db import db
from participate.ideas import comments
from participate.ideas.models import Comment, Idea
from participate.moderation import services
from participate.moderation.models import RejectionTemplate
from tests.moderation.helpers import LONG_BODY, attached, in_app, new_user

ANY = object()  # the field must be present, whatever its value


@dataclass
class World:
    moderator: Any
    admin: Any
    citizen: Any
    idea: Idea
    other: Idea
    comment: Comment
    template: RejectionTemplate


@dataclass
class Case:
    action: str
    act: Callable[[World], Any]
    actor: str | None  # "moderator", "admin" or None (the system)
    target: Callable[[World], Any] | None
    before: Any
    after: Any
    reason: str = ""


def _hidden(world: World, item) -> Any:
    services.hide(item, world.moderator, "First hidden.")
    return item


def _reports(world: World, item, n: int = 3) -> None:
    for _ in range(n):
        services.report(item, new_user(), "spam")


CASES = [
    Case(
        "idea.approve",
        lambda w: services.approve(w.idea, w.moderator),
        "moderator",
        lambda w: w.idea,
        {"visibility": "visible", "status": "published"},
        {"visibility": "visible", "status": "published"},
    ),
    Case(
        "idea.reject",
        lambda w: services.reject(w.idea, w.moderator, "Not lawful.", w.template.id),
        "moderator",
        lambda w: w.idea,
        {"visibility": "visible", "status": "published"},
        {"visibility": "rejected", "status": "published"},
        "No advertising here, please.\n\nNot lawful.",
    ),
    Case(
        "idea.hide",
        lambda w: services.hide(w.idea, w.moderator, "A complaint."),
        "moderator",
        lambda w: w.idea,
        {"visibility": "visible", "status": "published"},
        {"visibility": "hidden", "status": "published"},
        "A complaint.",
    ),
    Case(
        "idea.unhide",
        lambda w: services.unhide(_hidden(w, w.idea), w.moderator, "Unfounded."),
        "moderator",
        lambda w: w.idea,
        {"visibility": "hidden", "status": "published"},
        {"visibility": "visible", "status": "published"},
        "Unfounded.",
    ),
    Case(
        "idea.moderator_edit",
        lambda w: services.edit(
            w.idea,
            w.moderator,
            title="An edited title here",
            body_md=LONG_BODY + "!",
            reason="Personal data.",
        ),
        "moderator",
        lambda w: w.idea,
        {"body_md": LONG_BODY, "title": "The idea in the audit"},
        {"body_md": LONG_BODY + "!", "title": "An edited title here"},
        "Personal data.",
    ),
    Case(
        "idea.change_theme",
        lambda w: services.change_theme(w.idea, w.moderator, w.idea.consultation.themes[1].id),
        "moderator",
        lambda w: w.idea,
        {"theme": "Mobiliteit"},
        {"theme": "Groen en natuur"},
    ),
    Case(
        "idea.featured",
        lambda w: services.set_flag(w.idea, w.moderator, "featured", True),
        "moderator",
        lambda w: w.idea,
        {"featured": False},
        {"featured": True},
    ),
    Case(
        "idea.unpinned",
        lambda w: (
            services.set_flag(w.idea, w.moderator, "pinned", True),
            services.set_flag(w.idea, w.moderator, "pinned", False),
        ),
        "moderator",
        lambda w: w.idea,
        {"pinned": True},
        {"pinned": False},
    ),
    Case(
        "idea.merge",
        lambda w: services.merge(w.other, w.idea, w.moderator),
        "moderator",
        lambda w: w.other,
        ANY,
        ANY,
    ),
    Case(
        "idea.offline_create",
        lambda w: services.post_offline_idea(
            w.idea.consultation,
            w.moderator,
            title="From the counter",
            body_md=LONG_BODY,
            theme_id=w.idea.consultation.themes[0].id,
        ),
        "moderator",
        None,
        None,
        {"title": "From the counter", "theme": "Mobiliteit"},
    ),
    Case(
        "idea.auto_hide",
        lambda w: _reports(w, w.idea),
        None,
        lambda w: w.idea,
        {"visibility": "visible", "status": "published"},
        {"visibility": "hidden", "status": "published"},
        "3 reports (threshold 3)",
    ),
    Case(
        "comment.approve",
        lambda w: services.approve(w.comment, w.admin),
        "admin",
        lambda w: w.comment,
        {"visibility": "visible"},
        {"visibility": "visible"},
    ),
    Case(
        "comment.reject",
        lambda w: services.reject(w.comment, w.moderator, "Insulting."),
        "moderator",
        lambda w: w.comment,
        {"visibility": "visible"},
        {"visibility": "rejected"},
        "Insulting.",
    ),
    Case(
        "comment.hide",
        lambda w: services.hide(w.comment, w.moderator, "Checking."),
        "moderator",
        lambda w: w.comment,
        {"visibility": "visible"},
        {"visibility": "hidden"},
        "Checking.",
    ),
    Case(
        "comment.unhide",
        lambda w: services.unhide(_hidden(w, w.comment), w.moderator, "Fine after all."),
        "moderator",
        lambda w: w.comment,
        {"visibility": "hidden"},
        {"visibility": "visible"},
        "Fine after all.",
    ),
    Case(
        "comment.moderator_edit",
        lambda w: services.edit(w.comment, w.moderator, body_md="[removed]", reason="Phone."),
        "moderator",
        lambda w: w.comment,
        {"body_md": "A comment in the audit."},
        {"body_md": "[removed]"},
        "Phone.",
    ),
    Case(
        "comment.delete",
        lambda w: comments.delete_comment(w.comment, w.moderator),
        "moderator",
        lambda w: w.comment,
        {"body_md": "A comment in the audit."},
        None,
    ),
    Case(
        "comment.offline_create",
        lambda w: services.post_offline_comment(w.idea, w.moderator, "From a paper form."),
        "moderator",
        None,
        None,
        ANY,
    ),
    Case(
        "comment.auto_hide",
        lambda w: _reports(w, w.comment),
        None,
        lambda w: w.comment,
        {"visibility": "visible"},
        {"visibility": "hidden"},
        "3 reports (threshold 3)",
    ),
    Case(
        "user.block",
        lambda w: services.block(w.citizen, w.moderator, "Spam."),
        "moderator",
        lambda w: w.citizen,
        {"blocked": False},
        {"blocked": True},
        "Spam.",
    ),
    Case(
        "user.unblock",
        lambda w: (
            services.block(w.citizen, w.admin, "Spam."),
            services.unblock(w.citizen, w.moderator, "Second chance."),
        ),
        "moderator",
        lambda w: w.citizen,
        {"blocked": True},
        {"blocked": False},
        "Second chance.",
    ),
    Case(
        "user.hide_all",
        lambda w: services.hide_all_content(w.citizen, w.moderator, "Trolling."),
        "moderator",
        lambda w: w.citizen,
        None,
        {"ideas_hidden": 1, "comments_hidden": 1},
        "Trolling.",
    ),
    Case(
        "moderation.blocked_words",
        lambda w: services.save_blocked_words(w.admin, "spam\n"),
        "admin",
        None,
        {"words": []},
        {"words": ["spam"]},
    ),
    Case(
        "moderation.links_limit",
        lambda w: services.save_links_limit(w.admin, 5),
        "admin",
        None,
        ANY,
        {"max_links": 5},
    ),
    Case(
        "moderation.rejection_template",
        lambda w: services.save_rejection_template(
            w.admin, w.template, title="Adverts", body="Adverts are not ideas."
        ),
        "admin",
        lambda w: w.template,
        {"title": "Advertising", "body": "No advertising here, please."},
        {"title": "Adverts", "body": "Adverts are not ideas."},
    ),
    Case(
        "moderation.rejection_template_delete",
        lambda w: services.delete_rejection_template(w.admin, w.template),
        "admin",
        lambda w: w.template,
        {"title": "Advertising", "body": "No advertising here, please."},
        None,
    ),
]


@pytest.fixture
def world(make_consultation, make_idea, en_ctx) -> World:
    consultation = make_consultation("ideas")
    moderator = new_user("moderator", name="Mo Audit")
    admin = new_user("admin", name="Ad Audit")
    citizen = new_user(name="Cit Audit")
    idea = make_idea(consultation, citizen, title="The idea in the audit", body=LONG_BODY)
    other = make_idea(consultation, new_user())
    comment = comments.post_comment(idea, citizen, "A comment in the audit.")
    template = RejectionTemplate(title="Advertising", body="No advertising here, please.")
    db.session.add(template)
    db.session.flush()
    return World(moderator, admin, citizen, idea, other, comment, template)


@pytest.mark.parametrize("case", CASES, ids=[c.action for c in CASES])
def test_each_action_leaves_one_complete_audit_entry(outbox, world, case):
    """(`outbox` first: it opens an app context of its own, which would end `world`'s session.)"""
    target = case.target(world) if case.target else None
    expected_target = (target.__tablename__, target.id) if target is not None else None

    case.act(world)

    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == case.action)).all()
    assert len(entries) == 1, [e.action for e in entries]
    entry = entries[0]
    if case.actor is None:
        assert (entry.actor_id, entry.actor_name) == (None, "")
    else:
        actor = getattr(world, case.actor)
        assert (entry.actor_id, entry.actor_name) == (actor.id, actor.display_name)
    if expected_target is not None:
        assert (entry.target_type, entry.target_id) == expected_target
    elif case.action.endswith("offline_create"):
        created = Idea if case.action.startswith("idea") else Comment
        assert entry.target_type == created.__tablename__
        assert db.session.get(created, entry.target_id).source == "town_hall"
    else:
        assert (entry.target_type, entry.target_id) == ("", None)
    for name in ("before", "after"):
        wanted = getattr(case, name)
        if wanted is ANY:
            assert getattr(entry, name) is not None, name
        else:
            assert getattr(entry, name) == wanted, name
    assert entry.reason == case.reason
    assert entry.created_at is not None


def test_every_moderation_action_is_in_the_table():
    """Decisions the services can record, listed once here so that a new one needs a case."""
    assert {c.action for c in CASES} >= {
        "idea.approve", "idea.reject", "idea.hide", "idea.unhide", "idea.moderator_edit",
        "idea.change_theme", "idea.featured", "idea.unpinned", "idea.merge",
        "idea.offline_create", "idea.auto_hide", "comment.approve", "comment.reject",
        "comment.hide", "comment.unhide", "comment.moderator_edit", "comment.delete",
        "comment.offline_create", "comment.auto_hide", "user.block", "user.unblock",
        "user.hide_all", "moderation.blocked_words", "moderation.links_limit",
        "moderation.rejection_template", "moderation.rejection_template_delete",
    }  # fmt: skip


def test_a_refused_action_leaves_no_entry(world):
    with pytest.raises(services.ModerationError):
        services.reject(world.idea, world.moderator, "")
    with pytest.raises(services.ModerationError):
        services.block(world.moderator, world.moderator, "Myself.")

    assert db.session.scalars(select(AuditEntry)).all() == []


def test_admins_find_moderation_actions_in_the_audit_log(
    app, client_as, admin, moderator, make_idea, consultation, outbox
):
    idea = make_idea(consultation)
    with in_app(app):
        services.hide(attached(idea), attached(moderator), "A complaint.")
        services.unhide(attached(idea), attached(moderator), "Unfounded.")
    browser = client_as(admin)

    page = browser.get("/admin/audit?action=idea.hide").text
    csv = browser.get("/admin/audit.csv?action=idea.hide").text

    assert "<code>idea.hide</code>" in page and "<code>idea.unhide</code>" not in page
    assert "Mo Derator" in page and "A complaint." in page
    assert "idea.hide" in csv and "idea.unhide" not in csv and "A complaint." in csv


def test_the_audit_log_names_the_system_for_automatic_hiding(
    app, client_as, admin, make_user, make_idea, consultation
):
    idea = make_idea(consultation)
    reporters = [make_user() for _ in range(3)]
    with in_app(app):
        for reporter in reporters:
            services.report(attached(idea), attached(reporter), "spam")

    page = client_as(admin).get("/admin/audit?action=idea.auto_hide").text

    assert "the system" in page
