"""Small helpers shared by the moderation tests: reading the database back in its own app
context, the counts checked against the rows they count, and the requests a citizen or a
moderator makes."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import func, select

from participate.accounts.models import User
from participate.audit.models import AuditEntry
from participate.db import db, utcnow
from participate.ideas import services as ideas
from participate.ideas.models import Comment, Idea, Visibility, Vote
from participate.moderation.models import QueueEntry, Report

LONG_BODY = "A worked-out proposal with enough words to pass the length check easily."


@contextmanager
def in_app(app) -> Iterator[None]:
    """Work with the services outside a request; committed (a savepoint: the test's
    transaction still rolls it back)."""
    with app.app_context():
        yield
        db.session.commit()


def attached(obj: Any) -> Any:
    """The same row in the current session (factories hand back detached objects)."""
    return db.session.get(type(obj), obj.id)


def fetch(app, model: type, ident: int) -> Any:
    with app.app_context():
        return db.session.get(model, ident)


def configure(app, obj: Any, **values: Any) -> None:
    """Change columns of a saved row (e.g. a consultation's report_threshold)."""
    with in_app(app):
        row = attached(obj)
        for name, value in values.items():
            setattr(row, name, value)


def audit(app, action: str, target: Any = None) -> list[AuditEntry]:
    """The audit entries of `action` (on `target`), oldest first."""
    with app.app_context():
        statement = select(AuditEntry).where(AuditEntry.action == action)
        if target is not None:
            statement = statement.where(
                AuditEntry.target_type == target.__tablename__, AuditEntry.target_id == target.id
            )
        return list(db.session.scalars(statement.order_by(AuditEntry.id)))


def only_audit(app, action: str, target: Any = None) -> AuditEntry:
    entries = audit(app, action, target)
    assert len(entries) == 1, [(e.action, e.target_type, e.target_id) for e in entries]
    return entries[0]


def exact_comment_count(idea: Idea) -> int:
    """The idea's comment_count, checked against its visible comments that are not removed
    (in the current session)."""
    visible = db.session.scalar(
        select(func.count())
        .select_from(Comment)
        .where(
            Comment.idea_id == idea.id,
            Comment.deleted_at.is_(None),
            Comment.visibility == Visibility.VISIBLE.value,
        )
    )
    stored = db.session.scalar(select(Idea.comment_count).where(Idea.id == idea.id))
    assert stored == visible, f"comment_count {stored} but {visible} visible comments"
    return stored


def exact_vote_counts(idea: Idea) -> tuple[int, int]:
    """(support_count, oppose_count), checked against the rows in `votes` (current session)."""
    rows = dict(
        db.session.execute(
            select(Vote.value, func.count()).where(Vote.idea_id == idea.id).group_by(Vote.value)
        ).all()
    )
    counts = tuple(
        db.session.execute(
            select(Idea.support_count, Idea.oppose_count).where(Idea.id == idea.id)
        ).one()
    )
    assert counts == (rows.get(1, 0), rows.get(-1, 0)), (counts, rows)
    return counts


def comment_count(app, idea: Idea) -> int:
    with app.app_context():
        return exact_comment_count(idea)


def vote_counts(app, idea: Idea) -> tuple[int, int]:
    with app.app_context():
        return exact_vote_counts(idea)


_serial = itertools.count(1)


def new_user(role: str = "citizen", *, verified: bool = True, name: str | None = None) -> User:
    """A user in the current session (inside `app_ctx`, where `make_user` would end the
    session: it works in an app context of its own). Not for logging in."""
    n = next(_serial)
    user = User(
        email=f"{role}-unit-{n}@example.com",
        display_name=name or f"{role.title()} unit {n}",
        password_hash="-",
        role=role,
        locale="en",
        email_verified_at=utcnow() if verified else None,
    )
    db.session.add(user)
    db.session.flush()
    return user


def listed(app, consultation, sort: str = "newest", **options: Any) -> list[int]:
    """Ids of the ideas in the consultation's public list, in order."""
    with app.app_context():
        page = ideas.list_ideas(attached(consultation), sort=sort, per_page=100, **options)
        return [i.id for i in page.items]


def queue_entry(app, item: Idea | Comment) -> QueueEntry | None:
    column = QueueEntry.idea_id if isinstance(item, Idea) else QueueEntry.comment_id
    with app.app_context():
        return db.session.scalar(select(QueueEntry).where(column == item.id))


def reports_of(app, item: Idea | Comment) -> list[Report]:
    column = Report.idea_id if isinstance(item, Idea) else Report.comment_id
    with app.app_context():
        return list(db.session.scalars(select(Report).where(column == item.id).order_by(Report.id)))


def flashes(browser) -> list[tuple[str, str]]:
    with browser.session_transaction() as session:
        return list(session.get("_flashes", []))


# -- Requests -----------------------------------------------------------------------------


def idea_form(consultation, **changes: Any) -> dict[str, Any]:
    data = {
        "title": "More trees on the market square",
        "body_md": LONG_BODY,
        "theme_id": str(consultation.themes[0].id),
        "place": "",
        "photo_alt": "",
    }
    data.update(changes)
    return data


def post_idea(browser, consultation, **changes: Any):
    return browser.post(
        f"/consultations/{consultation.slug}/ideas/new", data=idea_form(consultation, **changes)
    )


def idea_id_from(response) -> int:
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def post_comment(browser, idea, body: str = "I agree, let us do it.", parent_id: int | None = None):
    data = {"body_md": body}
    if parent_id is not None:
        data["parent_id"] = str(parent_id)
    return browser.post(f"/ideas/{idea.id}/comments", data=data)


def comment_id_from(response) -> int:
    assert response.status_code == 303, response.get_data(as_text=True)
    location = response.headers["Location"]
    assert "#comment-" in location, location
    return int(location.rsplit("#comment-", 1)[1])


def send_report(browser, kind: str, item, reason: str = "spam", text: str = ""):
    return browser.post(f"/report/{kind}/{item.id}", data={"reason": reason, "text": text})


def decide(browser, kind: str, item, action: str, **data: Any):
    return browser.post(f"/moderation/{kind}/{item.id}/{action}", data=data)
