"""Moderators and admins set an idea's official status with a public response; the page shows
the latest response prominently and keeps the history."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from participate.audit.models import AuditEntry
from participate.db import db
from participate.ideas.models import Idea, StatusChange


@pytest.fixture
def idea(make_consultation, make_idea):
    return make_idea(make_consultation("voting"), title="Meer bomen op het marktplein")


def state(app, idea) -> tuple[str, list[tuple[str, str, str]]]:
    with app.app_context():
        changes = db.session.scalars(
            select(StatusChange).where(StatusChange.idea_id == idea.id).order_by(StatusChange.id)
        )
        return db.session.get(Idea, idea.id).status, [
            (c.from_status, c.to_status, c.response_md) for c in changes
        ]


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_a_moderator_or_admin_sets_a_status_with_a_response(
    app, client, make_user, login, idea, role
):
    login(make_user(role))

    response = client.post(
        f"/ideas/{idea.id}/status",
        data={"status": "under_consideration", "response": "We bekijken dit **grondig**."},
    )

    assert response.status_code == 303
    assert response.headers["Location"] == f"/ideas/{idea.id}#status"
    assert state(app, idea) == (
        "under_consideration",
        [("published", "under_consideration", "We bekijken dit **grondig**.")],
    )
    page = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert 'class="official-response"' in page
    assert "We bekijken dit <strong>grondig</strong>." in page


def test_the_status_change_is_recorded_in_the_audit_log(app, client, make_user, login, idea):
    moderator = make_user("moderator")
    login(moderator)

    client.post(f"/ideas/{idea.id}/status", data={"status": "accepted", "response": "Ja."})

    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "idea.set_status"))
        assert entry is not None
        assert (entry.actor_id, entry.target_id) == (moderator.id, idea.id)
        assert entry.before == {"status": "published"} and entry.after == {"status": "accepted"}


def test_the_history_of_responses_is_kept_and_shown(app, client, make_user, login, idea):
    login(make_user("moderator"))
    client.post(
        f"/ideas/{idea.id}/status", data={"status": "under_consideration", "response": "Eerst."}
    )
    client.post(f"/ideas/{idea.id}/status", data={"status": "accepted", "response": "Dan."})

    status, changes = state(app, idea)
    page = client.get(f"/ideas/{idea.id}").get_data(as_text=True)

    assert status == "accepted"
    assert changes == [
        ("published", "under_consideration", "Eerst."),
        ("under_consideration", "accepted", "Dan."),
    ]
    assert 'id="history-title"' in page
    history = page[page.index('class="history"') :]
    assert history.index("Dan.") < history.index("Eerst.")  # newest first
    response = page[page.index('class="official-response"') : page.index('id="history-title"')]
    assert "Dan." in response and "Eerst." not in response


def test_a_status_without_a_response_is_refused(app, client, make_user, login, idea):
    login(make_user("moderator"))

    response = client.post(
        f"/ideas/{idea.id}/status", data={"status": "accepted", "response": "   "}
    )

    assert response.status_code == 303
    assert state(app, idea) == ("published", [])
    assert 'class="flash flash-error"' in client.get(f"/ideas/{idea.id}").get_data(as_text=True)


@pytest.mark.parametrize("status", ["pending", "withdrawn", "gewonnen", ""])
def test_only_the_official_statuses_can_be_set(app, client, make_user, login, idea, status):
    login(make_user("admin"))

    client.post(f"/ideas/{idea.id}/status", data={"status": status, "response": "Antwoord."})

    assert state(app, idea) == ("published", [])


@pytest.mark.parametrize("role", ["citizen", "council"])
def test_citizens_and_council_members_cannot_set_a_status(
    app, client, make_user, login, idea, role
):
    login(make_user(role))

    response = client.post(
        f"/ideas/{idea.id}/status", data={"status": "accepted", "response": "Ja."}
    )

    assert response.status_code == 403
    assert state(app, idea) == ("published", [])
    assert 'id="status-title"' not in client.get(f"/ideas/{idea.id}").get_data(as_text=True)


def test_anonymous_visitors_are_sent_to_log_in_to_set_a_status(app, client, idea):
    response = client.post(
        f"/ideas/{idea.id}/status", data={"status": "accepted", "response": "Ja."}
    )

    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert state(app, idea) == ("published", [])


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_the_status_form_is_shown_to_moderators_and_admins(client, make_user, login, idea, role):
    login(make_user(role))

    assert 'id="status-title"' in client.get(f"/ideas/{idea.id}").get_data(as_text=True)
