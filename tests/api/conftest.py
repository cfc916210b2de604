"""A consultation with something of every kind the moderation and the authors can leave
behind, so that the API tests can check that only the public part shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from participate.db import db, utcnow
from participate.ideas.models import Comment, Idea, StatusChange
from tests.factories import make_consultation, make_idea, request_ctx, saving  # noqa: F401
from tests.selftest.conftest import make_selftest  # noqa: F401

SECRET = "Geheim"  # in every title and body that must never be shown


@dataclass
class World:
    consultation: object
    public: dict[str, Idea] = field(default_factory=dict)
    hidden: dict[str, Idea] = field(default_factory=dict)
    comments: dict[str, Comment] = field(default_factory=dict)
    hidden_comments: dict[str, Comment] = field(default_factory=dict)
    author: object = None


@pytest.fixture
def world(app, make_user, make_consultation, make_idea) -> World:  # noqa: F811
    """Public ideas: `plain`, `accepted` (with a response), `not_accepted` (the municipality's
    "rejected", with a response), `town_hall` (with a photo), `old`; and ideas nobody else may
    see: `pending`, `hidden`, `moderated` (rejected by the moderation), `merged`, `withdrawn`,
    `withdrawn_pending`. Comments: `visible`, `reply`, `town_hall` on `plain`; and `pending`,
    `hidden`, `rejected`, `deleted` on `plain`, `on_hidden` on a hidden idea."""
    author = make_user(name="Jozefien Vandenbroucke", email="jozefien@example.com")
    consultation = make_consultation(voting_mode="for_against")
    now = utcnow()
    w = World(consultation=consultation, author=author)
    w.public["old"] = make_idea(consultation, author, 1, created_at=now - timedelta(days=5))
    w.public["plain"] = make_idea(consultation, author, 3, against=1, title="Een gewoon idee hier")
    w.public["accepted"] = make_idea(consultation, author, 5, theme=1, status="accepted")
    w.public["not_accepted"] = make_idea(consultation, author, 2, theme=1, status="rejected")
    w.public["town_hall"] = make_idea(consultation, None, 0, theme=2, photo=True)
    for name in ("pending", "hidden", "moderated", "merged", "withdrawn", "withdrawn_pending"):
        w.hidden[name] = make_idea(
            consultation, author, 1, title=f"{SECRET} idee {name}", body=f"{SECRET} {name} tekst."
        )
    with saving(app):
        ideas = {k: db.session.merge(v) for k, v in {**w.public, **w.hidden}.items()}
        ideas["town_hall"].source = "town_hall"
        ideas["town_hall"].author_id = None
        ideas["pending"].status = "pending"
        ideas["hidden"].visibility = "hidden"
        ideas["moderated"].visibility = "rejected"
        ideas["merged"].merged_into_id = ideas["plain"].id
        ideas["withdrawn"].status = "withdrawn"
        ideas["withdrawn_pending"].status = "withdrawn"
        ideas["withdrawn_pending"].visibility = "pending"
        for name, to_status in (("accepted", "accepted"), ("not_accepted", "rejected")):
            db.session.add(
                StatusChange(
                    idea_id=ideas[name].id,
                    from_status="published",
                    to_status=to_status,
                    response_md=f"Het antwoord van de gemeente op **{name}**.",
                    author_id=author.id,
                )
            )
        plain = ideas["plain"]

        def comment(name: str, idea: Idea, **kwargs) -> Comment:
            body = kwargs.pop("body", f"Reactie {name} met inhoud.")
            kwargs.setdefault("author_id", author.id)
            c = Comment(idea_id=idea.id, body_md=body, **kwargs)
            db.session.add(c)
            db.session.flush()
            return c

        w.comments["visible"] = comment("visible", plain)
        w.comments["reply"] = comment("reply", plain, parent_id=w.comments["visible"].id)
        w.comments["town_hall"] = comment("town_hall", plain, source="town_hall", author_id=None)
        for name, extra in (
            ("pending", {"visibility": "pending"}),
            ("hidden", {"visibility": "hidden"}),
            ("rejected", {"visibility": "rejected"}),
            ("deleted", {"deleted_at": now}),
        ):
            w.hidden_comments[name] = comment(
                name, plain, body=f"{SECRET} reactie {name}.", **extra
            )
        w.hidden_comments["on_hidden"] = comment(
            "on_hidden", ideas["hidden"], body=f"{SECRET} reactie bij verborgen idee."
        )
        plain.comment_count = 3
    return w


def get_json(client, url: str, status: int = 200, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    return response.get_json()
