"""The citizen's own data: a JSON file of everything we hold, and deleting the account with
every count staying exact."""

from __future__ import annotations

import json

from sqlalchemy import select

from participate.accounts.models import User
from participate.db import db
from participate.ideas.models import Comment, Idea, Vote, VoteAllowance
from participate.oidc.models import OidcIdentity
from participate.userdata import registry
from tests.conftest import TEST_PASSWORD
from tests.factories import count


def _idea(app, idea_id: int) -> Idea:
    with app.app_context():
        return db.session.get(Idea, idea_id)


def _setup(client, app, make_user, make_consultation, make_idea, login):
    """Els posts an idea (two others vote for it), votes for two ideas in a consultation with
    a vote limit, and comments; she is linked to a sign-in provider."""
    els = make_user(email="els@example.com", name="Els Wouters")
    consultation = make_consultation(vote_limit=3)
    hers = make_idea(consultation, els, votes=2, title="Een bank aan de vijver")
    others = [make_idea(consultation, votes=5), make_idea(consultation, votes=1)]
    with app.app_context():
        db.session.add(
            OidcIdentity(user_id=els.id, provider="google", subject="g-1", email=els.email)
        )
        db.session.commit()
    login(els)
    for idea in others:
        assert client.post(f"/ideas/{idea.id}/vote", data={"value": "1"}).status_code == 303
    client.post(f"/ideas/{hers.id}/comments", data={"body_md": "Graag ook schaduw."})
    client.post(f"/ideas/{others[0].id}/comments", data={"body_md": "Goed idee!"})
    return els, hers, others


def test_download_holds_everything_we_keep(
    client, app, make_user, make_consultation, make_idea, login
):
    _els, _hers, others = _setup(client, app, make_user, make_consultation, make_idea, login)
    response = client.get("/account/data")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))

    assert data["format"] == "participate-personal-data/1"
    assert data["profile"]["email"] == "els@example.com"
    assert data["profile"]["display_name"] == "Els Wouters"
    assert [i["title"] for i in data["participation"]["ideas"]] == ["Een bank aan de vijver"]
    assert sorted(c["text"] for c in data["participation"]["comments"]) == [
        "Goed idee!",
        "Graag ook schaduw.",
    ]
    assert sorted(v["idea_id"] for v in data["participation"]["votes"]) == sorted(
        i.id for i in others
    )
    assert data["notifications"]["settings"]["replies"] is True
    assert data["sign_in_links"] == [
        {
            "provider": "google",
            "subject": "g-1",
            "email": "els@example.com",
            "linked_at": data["sign_in_links"][0]["linked_at"],
            "last_used_at": None,
        }
    ]


def test_the_download_is_only_for_the_logged_in_citizen(client):
    assert client.get("/account/data").status_code == 302


def test_delete_needs_confirmation_and_the_password(client, app, make_user, login):
    user = make_user()
    login(user)
    response = client.post("/account/delete", data={"password": TEST_PASSWORD})
    assert response.status_code == 422 and "Tick the box" in response.get_data(as_text=True)
    response = client.post("/account/delete", data={"confirm": "y", "password": "wrong password!"})
    assert response.status_code == 422 and "password is not correct" in response.get_data(
        as_text=True
    )
    with app.app_context():
        assert db.session.get(User, user.id) is not None


def test_delete_keeps_ideas_and_comments_removes_votes_and_counts_stay_exact(
    client, app, make_user, make_consultation, make_idea, login
):
    els, hers, others = _setup(client, app, make_user, make_consultation, make_idea, login)
    client.get("/account/data")  # download first, as the page suggests
    before = {
        i.id: (_idea(app, i.id).support_count, _idea(app, i.id).comment_count)
        for i in [hers, *others]
    }
    assert before[others[0].id] == (6, 1) and before[others[1].id] == (2, 0)

    response = client.post("/account/delete", data={"confirm": "y", "password": TEST_PASSWORD})
    assert response.status_code == 303
    assert client.get("/account").status_code == 302  # logged out

    with app.app_context():
        assert db.session.get(User, els.id) is None
        assert db.session.scalar(select(User).where(User.email == "els@example.com")) is None
        assert db.session.scalar(select(OidcIdentity).where(OidcIdentity.subject == "g-1")) is None
        assert count(VoteAllowance) == 0
        for idea in [hers, *others]:
            fresh = db.session.get(Idea, idea.id)
            rows = db.session.scalars(select(Vote).where(Vote.idea_id == idea.id)).all()
            assert fresh.support_count == len(rows)  # the count is the rows
            comments = db.session.scalars(
                select(Comment).where(Comment.idea_id == idea.id, Comment.deleted_at.is_(None))
            ).all()
            assert fresh.comment_count == len(comments)
        assert db.session.get(Idea, others[0].id).support_count == 5
        assert db.session.get(Idea, others[1].id).support_count == 1
        assert db.session.get(Idea, hers.id).support_count == 2  # others' votes on her idea stay
        assert db.session.get(Idea, hers.id).author_id is None
        assert all(
            c.author_id is None
            for c in db.session.scalars(select(Comment)).all()
            if c.body_md in ("Goed idee!", "Graag ook schaduw.")
        )

    page = client.get(f"/ideas/{hers.id}").get_data(as_text=True)
    assert "by a former participant" in page and "by Els Wouters" not in page
    assert "Graag ook schaduw." in page


def test_an_account_without_password_is_deleted_with_the_box_alone(client, app, make_user, login):
    from participate.accounts.models import unusable_password

    user = make_user()
    login(user)
    with app.app_context():
        db.session.get(User, user.id).password_hash = unusable_password()
        db.session.commit()
    page = client.get("/account/delete").get_data(as_text=True)
    assert 'name="password"' not in page
    assert client.post("/account/delete", data={"confirm": "y"}).status_code == 303
    with app.app_context():
        assert db.session.get(User, user.id) is None


def test_other_packages_plug_into_the_registry(client, app, make_user, login, monkeypatch):
    seen = []
    monkeypatch.setattr(registry, "_registered", {})
    registry.register(
        "reports",
        export=lambda user: [{"reported": "idea 1"}],
        delete=lambda user: seen.append(user.id),
        order=20,
    )
    user = make_user()
    login(user)
    data = json.loads(client.get("/account/data").get_data(as_text=True))
    assert data["reports"] == [{"reported": "idea 1"}]
    client.post("/account/delete", data={"confirm": "y", "password": TEST_PASSWORD})
    assert seen == [user.id]
    names = [c.name for c in registry.contributors()]
    assert names.index("participation") < names.index("reports") < names.index("profile")
