"""Every moderation endpoint tried by each kind of visitor: anonymous visitors are sent to log
in, citizens and council members get 403, moderators and admins succeed (the admin-only
settings refuse moderators too). A refused request changes nothing. And a citizen cannot see,
edit or withdraw another citizen's pending idea."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import func, select

from participate.audit.models import AuditEntry
from participate.db import db
from participate.ideas import comments
from participate.ideas.models import Idea, IdeaStatus
from participate.moderation import services
from participate.moderation.models import RejectionTemplate, Report
from tests.moderation.helpers import LONG_BODY, attached, fetch, idea_form, in_app

ROLES = ("anonymous", "citizen", "council", "moderator", "admin")


@dataclass
class World:
    slug: str
    idea: int
    duplicate: int
    pending: int
    hidden: int
    comment: int
    theme: int
    person: int
    blocked_person: int
    template: int


@dataclass
class Endpoint:
    method: str
    url: str  # formatted with the World's fields
    data: dict[str, Any] | None = None
    ok: int = 200  # the status of a success
    admin_only: bool = False
    any_user: bool = False  # any logged-in account may use it (the report form)


ENDPOINTS = {
    "queue": Endpoint("GET", "/moderation"),
    "queue-filtered": Endpoint("GET", "/moderation?reason=reported"),
    "approve": Endpoint("POST", "/moderation/idea/{idea}/approve", {}, 303),
    "reject": Endpoint("POST", "/moderation/idea/{idea}/reject", {"reason": "Off-topic."}, 303),
    "hide": Endpoint("POST", "/moderation/comment/{comment}/hide", {"reason": "Rude."}, 303),
    "unhide": Endpoint("POST", "/moderation/idea/{hidden}/unhide", {}, 303),
    "edit-form": Endpoint("GET", "/moderation/idea/{idea}/edit"),
    "edit": Endpoint(
        "POST",
        "/moderation/comment/{comment}/edit",
        {"body_md": "Edited text.", "reason": "Personal data."},
        303,
    ),
    "theme": Endpoint("POST", "/moderation/ideas/{idea}/theme", {"theme_id": "{theme}"}, 303),
    "featured": Endpoint("POST", "/moderation/ideas/{idea}/featured", {"value": "1"}, 303),
    "pinned": Endpoint("POST", "/moderation/ideas/{idea}/pinned", {"value": "1"}, 303),
    "merge-form": Endpoint("GET", "/moderation/ideas/{duplicate}/merge"),
    "merge": Endpoint(
        "POST", "/moderation/ideas/{duplicate}/merge", {"into": "{idea}", "confirm": "yes"}, 303
    ),
    "offline-idea-form": Endpoint("GET", "/moderation/consultations/{slug}/offline-idea"),
    "offline-idea": Endpoint(
        "POST",
        "/moderation/consultations/{slug}/offline-idea",
        {"title": "A bench near the library", "body_md": LONG_BODY, "theme_id": "{theme}"},
        303,
    ),
    "offline-comment-form": Endpoint("GET", "/moderation/ideas/{idea}/offline-comment"),
    "offline-comment": Endpoint(
        "POST", "/moderation/ideas/{idea}/offline-comment", {"body_md": "From paper."}, 303
    ),
    "people": Endpoint("GET", "/moderation/people"),
    "people-search": Endpoint("GET", "/moderation/people?q=a"),
    "person": Endpoint("GET", "/moderation/people/{person}"),
    "block": Endpoint("POST", "/moderation/people/{person}/block", {"reason": "Spam."}, 303),
    "unblock": Endpoint(
        "POST", "/moderation/people/{blocked_person}/unblock", {"reason": "Sorry."}, 303
    ),
    "hide-all": Endpoint("POST", "/moderation/people/{person}/hide-all", {"reason": "Spam."}, 303),
    "settings-form": Endpoint("GET", "/admin/moderation", admin_only=True),
    "settings": Endpoint(
        "POST", "/admin/moderation", {"words": "spam", "max_links": "2"}, 303, admin_only=True
    ),
    "reason-new-form": Endpoint("GET", "/admin/moderation/reasons/new", admin_only=True),
    "reason-new": Endpoint(
        "POST",
        "/admin/moderation/reasons/new",
        {"title": "Off-topic", "body": "This is not about the consultation."},
        303,
        admin_only=True,
    ),
    "reason-form": Endpoint("GET", "/admin/moderation/reasons/{template}", admin_only=True),
    "reason": Endpoint(
        "POST",
        "/admin/moderation/reasons/{template}",
        {"title": "Adverts", "body": "Adverts are not ideas for the town."},
        303,
        admin_only=True,
    ),
    "reason-delete": Endpoint(
        "POST", "/admin/moderation/reasons/{template}/delete", {}, 303, admin_only=True
    ),
    "report-form": Endpoint("GET", "/report/idea/{idea}", any_user=True),
    "report": Endpoint("POST", "/report/comment/{comment}", {"reason": "spam"}, 303, any_user=True),
}


def expected(endpoint: Endpoint, role: str) -> str:
    if role == "anonymous":
        return "login"
    if endpoint.any_user:
        return "ok"
    if role in ("citizen", "council"):
        return "forbidden"
    if endpoint.admin_only and role != "admin":
        return "forbidden"
    return "ok"


@pytest.fixture
def world(app, make_user, make_idea, consultation) -> World:
    author, commenter, moderator = make_user(), make_user(), make_user("moderator")
    person, blocked_person = make_user(name="Pete Person"), make_user()
    idea = make_idea(consultation, author)
    duplicate = make_idea(consultation)
    pending = make_idea(consultation, status="pending")
    hidden = make_idea(consultation)
    make_idea(consultation, person)
    with in_app(app):
        comment = comments.post_comment(attached(idea), attached(commenter), "A comment.")
        services.hide(attached(hidden), attached(moderator), "Complaint.")
        services.block(attached(blocked_person), attached(moderator), "Spam.")
        template = RejectionTemplate(title="Advertising", body="No advertising here, please.")
        db.session.add(template)
        db.session.flush()
        template_id = template.id
    return World(
        slug=consultation.slug,
        idea=idea.id,
        duplicate=duplicate.id,
        pending=pending.id,
        hidden=hidden.id,
        comment=comment.id,
        theme=consultation.themes[1].id,
        person=person.id,
        blocked_person=blocked_person.id,
        template=template_id,
    )


def changes(app) -> tuple[int, int]:
    """Audit entries and reports: what a refused request must leave alone."""
    with app.app_context():
        return (
            db.session.scalar(select(func.count()).select_from(AuditEntry)),
            db.session.scalar(select(func.count()).select_from(Report)),
        )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(ENDPOINTS))
def test_each_moderation_endpoint_answers_each_kind_of_visitor(
    app, client_as, make_user, world, name, role, outbox
):
    endpoint = ENDPOINTS[name]
    fields = vars(world)
    url = endpoint.url.format(**fields)
    data = {k: v.format(**fields) for k, v in (endpoint.data or {}).items()}
    browser = client_as(None if role == "anonymous" else make_user(role))
    before = changes(app)

    response = browser.get(url) if endpoint.method == "GET" else browser.post(url, data=data)

    outcome = expected(endpoint, role)
    if outcome == "login":
        assert response.status_code in (302, 303), response.status_code
        assert response.headers["Location"].startswith("/login"), response.headers["Location"]
    elif outcome == "forbidden":
        assert response.status_code == 403
    else:
        assert response.status_code == endpoint.ok, response.get_data(as_text=True)[:2000]
        if endpoint.ok == 303:
            assert not response.headers["Location"].startswith("/login")
    if outcome != "ok" or endpoint.method == "GET":
        assert changes(app) == before
    else:
        assert changes(app) != before  # every successful action leaves a trace


def test_the_matrix_covers_every_moderation_route(app):
    covered = {e.url.split("?")[0] for e in ENDPOINTS.values()}
    routes = {
        rule.rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("moderation.")
    }
    # The route patterns, with the parameters the matrix fills in.
    normalised = set()
    for rule in routes:
        for part, value in (
            ("<kind>", "idea"),
            ("<int:item_id>", "{idea}"),
            ("<int:idea_id>", "{idea}"),
            ("<slug>", "{slug}"),
            ("<int:user_id>", "{person}"),
            ("<int:template_id>", "{template}"),
        ):
            rule = rule.replace(part, value)
        normalised.add(rule)
    shapes = {
        u.replace("{duplicate}", "{idea}")
        .replace("{hidden}", "{idea}")
        .replace("{comment}", "{idea}")
        .replace("{blocked_person}", "{person}")
        .replace("/comment/", "/idea/")
        for u in covered
    }
    for rule in normalised:
        if "<any(" in rule:
            head, _sep, rest = rule.partition("<any(")
            options, _sep, tail = rest.partition("):")
            options = [o.strip(" '") for o in options.split(",")]
            tail = tail.split(">", 1)[1]
            missing = [o for o in options if head + o + tail not in shapes]
        else:
            missing = [] if rule in shapes else [rule]
        assert not missing, (rule, missing)


# -- Other citizens' pending ideas ---------------------------------------------------------


@pytest.fixture
def pending_idea(app, client_as, author, make_consultation):
    from tests.moderation.helpers import idea_id_from, post_idea

    pre = make_consultation("ideas", moderation_mode="pre")
    return fetch(app, Idea, idea_id_from(post_idea(client_as(author), pre))), pre


def test_a_citizen_cannot_see_edit_or_withdraw_another_citizens_pending_idea(
    app, client_as, make_user, pending_idea
):
    idea, pre = pending_idea
    other = client_as(make_user())

    assert other.get(f"/ideas/{idea.id}").status_code == 404
    assert other.get(f"/ideas/{idea.id}/edit").status_code == 404
    edit = other.post(f"/ideas/{idea.id}/edit", data=idea_form(pre, title="Taken over by me"))
    withdraw = other.post(f"/ideas/{idea.id}/withdraw")

    assert edit.status_code == withdraw.status_code == 404
    unchanged = fetch(app, Idea, idea.id)
    assert unchanged.title == idea.title and unchanged.status == IdeaStatus.PENDING


def test_the_author_can_see_and_edit_their_pending_idea(app, client_as, author, pending_idea):
    idea, pre = pending_idea
    browser = client_as(author)

    assert browser.get(f"/ideas/{idea.id}").status_code == 200
    response = browser.post(
        f"/ideas/{idea.id}/edit", data=idea_form(pre, title="More trees on the big square")
    )

    assert response.status_code == 303
    assert fetch(app, Idea, idea.id).title == "More trees on the big square"


def test_a_moderator_cannot_edit_or_withdraw_a_citizens_idea_as_its_author(
    app, client_as, moderator, pending_idea
):
    idea, pre = pending_idea
    browser = client_as(moderator)

    browser.post(f"/ideas/{idea.id}/edit", data=idea_form(pre, title="Changed by a moderator"))
    browser.post(f"/ideas/{idea.id}/withdraw")

    unchanged = fetch(app, Idea, idea.id)
    assert unchanged.title == idea.title and unchanged.status == IdeaStatus.PENDING


def test_withdrawing_a_pending_idea_does_not_make_it_public(
    app, client_as, make_user, author, pending_idea
):
    idea, _pre = pending_idea
    client_as(author).post(f"/ideas/{idea.id}/withdraw")
    assert fetch(app, Idea, idea.id).status == IdeaStatus.WITHDRAWN

    assert client_as(make_user()).get(f"/ideas/{idea.id}").status_code == 404


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/moderation/video/1/approve", 404),
        ("/moderation/idea/987654/approve", 404),
        ("/moderation/comment/987654/hide", 404),
        ("/moderation/ideas/987654/merge", 404),
        ("/moderation/people/987654/block", 404),
        ("/moderation/consultations/no-such-thing/offline-idea", 404),
    ],
)
def test_unknown_items_are_not_found(client_as, moderator, url, status):
    assert client_as(moderator).post(url, data={"reason": "x"}).status_code == status
