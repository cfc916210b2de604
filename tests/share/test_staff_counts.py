"""Moderators and the council see how often an idea or a consultation was shared and how many
visits those shares brought, per network; citizens and visitors do not."""

from __future__ import annotations

import pytest

from tests.share.conftest import BASE

STAFF = {"moderator", "council", "admin"}


@pytest.fixture
def shared_idea(get, make_consultation, make_idea):
    idea = make_idea(make_consultation(), title="Een idee dat vaak gedeeld wordt")
    for _ in range(3):
        get(f"/share/idea/{idea.id}/whatsapp")
    get(f"/share/idea/{idea.id}/facebook")
    get(f"/ideas/{idea.id}?ref=whatsapp")
    return idea


def test_the_staff_see_the_counts_on_the_idea_page(
    get, make_user, login, shared_idea, any_role, english
):
    login(make_user(any_role))
    body = get(f"/ideas/{shared_idea.id}").get_data(as_text=True)
    visible = "Shares (visible to the staff only)" in body
    assert visible == (any_role in STAFF)
    if visible:
        assert '<th scope="row">WhatsApp</th><td>3</td><td>1</td>' in body
        assert '<th scope="row">Facebook</th><td>1</td><td>0</td>' in body


def test_visitors_do_not_see_the_counts(get, shared_idea):
    assert "share-counts" not in get(f"/ideas/{shared_idea.id}").get_data(as_text=True)


def test_the_staff_see_the_counts_on_the_consultation_page(
    get, make_user, login, make_consultation, english
):
    consultation = make_consultation()
    get(f"/share/consultation/{consultation.slug}/linkedin")
    login(make_user("council"))
    body = get(f"/consultations/{consultation.slug}").get_data(as_text=True)
    assert '<th scope="row">LinkedIn</th><td>1</td><td>0</td>' in body


@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 302), ("citizen", 403), ("moderator", 200), ("council", 200), ("admin", 200)],
)
def test_the_overview_of_the_most_shared_is_for_the_staff(
    get, make_user, login, shared_idea, role, status
):
    if role:
        login(make_user(role))
    response = get("/admin/shares")
    assert response.status_code == status
    if status == 200:
        body = response.get_data(as_text=True)
        assert (
            f'<a href="{BASE}/ideas/{shared_idea.id}">Een idee dat vaak gedeeld wordt</a>' in body
        )


def test_the_overview_does_not_show_the_title_of_an_idea_no_longer_public(
    app, get, make_user, login, shared_idea, english
):
    from sqlalchemy import update

    from participate.db import db
    from participate.ideas.models import Idea

    with app.app_context():
        db.session.execute(update(Idea).where(Idea.id == shared_idea.id).values(status="withdrawn"))
        db.session.commit()
    login(make_user("moderator"))
    body = get("/admin/shares").get_data(as_text=True)
    assert "(no longer public)" in body and "vaak gedeeld" not in body
