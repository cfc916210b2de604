"""The author may change an idea for 30 minutes and until the first vote or comment, and may
withdraw it; nobody else may do either."""

from __future__ import annotations

from datetime import timedelta

import pytest

from participate.db import db, utcnow
from participate.ideas.models import Idea
from tests.factories import BODY

NEW_TITLE = "Een fietsenstalling aan het station"


@pytest.fixture
def author(make_user):
    return make_user("citizen")


@pytest.fixture
def consultation(make_consultation):
    return make_consultation("ideas", vote_limit=5)


@pytest.fixture
def idea(make_idea, consultation, author):
    return make_idea(consultation, author, title="Meer bomen op het marktplein")


def reload(app, idea) -> Idea:
    with app.app_context():
        return db.session.get(Idea, idea.id)


def change(app, idea, **values) -> None:
    with app.app_context():
        row = db.session.get(Idea, idea.id)
        for name, value in values.items():
            setattr(row, name, value)
        db.session.commit()


def edit_form(consultation, **changes):
    data = {
        "title": NEW_TITLE,
        "body_md": BODY + " Aangevuld.",
        "theme_id": str(consultation.themes[2].id),
        "place": "Stationsplein",
    }
    data.update(changes)
    return data


def test_the_author_changes_the_idea_within_30_minutes(
    app, client, login, author, idea, consultation
):
    login(author)

    form = client.get(f"/ideas/{idea.id}/edit")
    response = client.post(f"/ideas/{idea.id}/edit", data=edit_form(consultation))

    assert form.status_code == 200 and 'value="Meer bomen op het marktplein"' in form.get_data(
        as_text=True
    )
    assert response.status_code == 303
    assert response.headers["Location"] == f"/ideas/{idea.id}"
    changed = reload(app, idea)
    assert (changed.title, changed.place) == (NEW_TITLE, "Stationsplein")
    assert changed.theme_id == consultation.themes[2].id
    assert changed.updated_at is not None


def test_the_idea_page_offers_the_author_to_change_it(client, login, author, idea):
    login(author)

    page = client.get(f"/ideas/{idea.id}").get_data(as_text=True)

    assert f'href="/ideas/{idea.id}/edit"' in page


def test_a_change_is_searchable_under_its_new_title(app, client, login, author, idea, consultation):
    login(author)
    client.post(f"/ideas/{idea.id}/edit", data=edit_form(consultation))

    page = client.get(f"/consultations/{consultation.slug}?q=fietsenstalling").get_data(
        as_text=True
    )

    assert f'id="idea-{idea.id}"' in page


def refused(app, client, idea, consultation) -> None:
    """The edit form and the edit itself are refused, and the idea is unchanged."""
    before = reload(app, idea)
    form = client.get(f"/ideas/{idea.id}/edit")
    response = client.post(f"/ideas/{idea.id}/edit", data=edit_form(consultation))

    assert form.status_code == response.status_code == 303
    assert response.headers["Location"] == f"/ideas/{idea.id}"
    after = reload(app, idea)
    assert (after.title, after.body_md, after.theme_id) == (
        before.title,
        before.body_md,
        before.theme_id,
    )
    assert after.updated_at is None


def test_changing_is_refused_after_30_minutes(app, client, login, author, idea, consultation):
    change(app, idea, created_at=utcnow() - timedelta(minutes=31))
    login(author)

    refused(app, client, idea, consultation)
    assert f'href="/ideas/{idea.id}/edit"' not in client.get(f"/ideas/{idea.id}").get_data(
        as_text=True
    )


def test_changing_is_refused_after_a_vote(
    app, client, login, make_user, author, idea, consultation
):
    login(make_user())
    client.post(f"/ideas/{idea.id}/vote")
    client.post("/logout")
    login(author)

    refused(app, client, idea, consultation)


def test_changing_is_refused_after_a_comment(
    app, client, login, make_user, author, idea, consultation
):
    login(make_user())
    client.post(f"/ideas/{idea.id}/comments", data={"body_md": "Goed idee!"})
    client.post("/logout")
    login(author)

    refused(app, client, idea, consultation)


@pytest.mark.parametrize("role", ["citizen", "moderator", "admin"])
def test_nobody_but_the_author_may_change_an_idea(
    app, client, login, make_user, idea, consultation, role
):
    login(make_user(role))

    refused(app, client, idea, consultation)


def test_anonymous_visitors_are_sent_to_log_in_to_change(client, idea, consultation):
    response = client.post(f"/ideas/{idea.id}/edit", data=edit_form(consultation))

    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"title": "x" * 9}, "title"), ({"theme_id": "999999"}, "theme_id")],
)
def test_an_invalid_change_is_refused_and_changes_nothing(
    app, client, login, author, idea, consultation, changes, field
):
    login(author)

    response = client.post(f"/ideas/{idea.id}/edit", data=edit_form(consultation, **changes))

    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert reload(app, idea).title == "Meer bomen op het marktplein"


# -- Withdrawing ----------------------------------------------------------------------------


def test_the_author_withdraws_an_idea_and_it_leaves_the_list(
    app, client, login, author, idea, consultation
):
    login(author)

    response = client.post(f"/ideas/{idea.id}/withdraw")

    assert response.status_code == 303
    assert reload(app, idea).status == "withdrawn"
    listing = client.get(f"/consultations/{consultation.slug}").get_data(as_text=True)
    assert f'id="idea-{idea.id}"' not in listing
    assert "Meer bomen op het marktplein" not in listing
    page = client.get(f"/ideas/{idea.id}")
    assert page.status_code == 200  # its page stays, marked as withdrawn
    assert 'class="badge status-withdrawn"' in page.get_data(as_text=True)


def test_a_withdrawn_idea_can_no_longer_be_changed(app, client, login, author, idea, consultation):
    login(author)
    client.post(f"/ideas/{idea.id}/withdraw")

    response = client.post(f"/ideas/{idea.id}/edit", data=edit_form(consultation))

    assert response.status_code == 303
    assert reload(app, idea).title == "Meer bomen op het marktplein"


@pytest.mark.parametrize("role", ["citizen", "moderator"])
def test_nobody_but_the_author_may_withdraw_an_idea(app, client, login, make_user, idea, role):
    login(make_user(role))

    response = client.post(f"/ideas/{idea.id}/withdraw")

    assert response.status_code == 303
    assert reload(app, idea).status == "published"


def test_anonymous_visitors_cannot_withdraw(app, client, idea):
    response = client.post(f"/ideas/{idea.id}/withdraw")

    assert response.status_code == 302
    assert reload(app, idea).status == "published"
