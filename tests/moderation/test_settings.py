"""Admin settings of moderation: the blocked words and the links limit (audited; invalid
values refused with 422 and nothing saved), and the standard reasons for rejection."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from participate.db import db
from participate.moderation import queue
from participate.moderation.models import RejectionTemplate
from participate.site.services import get_settings
from tests.moderation.helpers import audit, only_audit

WORDS = "Spam\nbad word\n"


@pytest.fixture
def administering(client_as, admin):
    return client_as(admin)


def save(browser, words: str = WORDS, max_links="2"):
    return browser.post("/admin/moderation", data={"words": words, "max_links": str(max_links)})


def saved(app) -> tuple[list[str], int | None]:
    with app.app_context():
        return queue.blocked_words(), get_settings().max_links_per_post


def test_the_settings_page_shows_the_defaults_before_anything_is_saved(administering):
    page = administering.get("/admin/moderation")

    assert page.status_code == 200
    assert 'name="max_links"' in page.text
    assert 'value="3"' in page.text


def test_an_admin_saves_the_blocked_words_and_the_links_limit(app, administering, admin):
    response = save(administering, "Spam\nBAD  word\nspam\n", 2)

    assert response.status_code == 303
    assert saved(app) == (["bad word", "spam"], 2)
    page = administering.get("/admin/moderation").text
    assert "bad word\nspam" in page and 'value="2"' in page
    words = only_audit(app, "moderation.blocked_words")
    assert words.actor_id == admin.id
    assert (words.before, words.after) == ({"words": []}, {"words": ["bad word", "spam"]})
    links = only_audit(app, "moderation.links_limit")
    assert links.actor_id == admin.id and links.after == {"max_links": 2}


def test_the_saved_limit_applies_to_new_contributions(app, administering):
    save(administering, "", 1)

    with app.app_context():
        assert queue.screen("https://a.example https://b.example") == "links: 2 > 1"


def test_saving_again_replaces_the_words(app, administering):
    save(administering, WORDS, 2)

    save(administering, "other\n", 2)

    assert saved(app) == (["other"], 2)
    second = audit(app, "moderation.blocked_words")[1]
    assert (second.before, second.after) == ({"words": ["bad word", "spam"]}, {"words": ["other"]})
    assert len(audit(app, "moderation.links_limit")) == 1  # the limit did not change


@pytest.mark.parametrize(
    ("words", "max_links", "message"),
    [
        (WORDS, "-1", "Choose a number of links between 0 and 50."),
        (WORDS, "51", "Choose a number of links between 0 and 50."),
        (WORDS, "many", "Not a valid integer value."),
        (WORDS, "", "Choose a number of links between 0 and 50."),
        ("ok\nx\n", "2", "Each blocked word has between 2 and 60 characters: x"),
        ("y" * 61, "2", "Each blocked word has between 2 and 60 characters"),
    ],
    ids=["negative", "too-many", "not-a-number", "empty", "short-word", "long-word"],
)
def test_invalid_settings_are_refused_and_nothing_is_saved(
    app, administering, words, max_links, message
):
    save(administering, "keep\n", 4)
    before = saved(app)

    response = save(administering, words, max_links)

    assert response.status_code == 422
    assert message in response.text
    assert saved(app) == before
    assert len(audit(app, "moderation.blocked_words")) == 1
    assert len(audit(app, "moderation.links_limit")) == 1


# -- Standard reasons for rejection --------------------------------------------------------


def templates(app) -> list[tuple[str, str]]:
    with app.app_context():
        return [
            (t.title, t.body)
            for t in db.session.scalars(select(RejectionTemplate).order_by(RejectionTemplate.id))
        ]


def new_template(browser, title="Advertising", body="We do not publish advertising here."):
    return browser.post("/admin/moderation/reasons/new", data={"title": title, "body": body})


def test_an_admin_adds_a_reason_and_moderators_can_pick_it(
    app, client_as, administering, admin, moderator, make_idea, consultation
):
    assert administering.get("/admin/moderation/reasons/new").status_code == 200

    response = new_template(administering)

    assert response.status_code == 303
    assert templates(app) == [("Advertising", "We do not publish advertising here.")]
    assert "Advertising" in administering.get("/admin/moderation").text
    entry = only_audit(app, "moderation.rejection_template")
    assert entry.actor_id == admin.id and entry.before is None
    assert entry.after == {"title": "Advertising", "body": "We do not publish advertising here."}
    idea = make_idea(consultation)
    page = client_as(moderator).get(f"/ideas/{idea.id}").text
    assert ">Advertising</option>" in page


def test_an_admin_changes_a_reason(app, administering):
    new_template(administering)
    with app.app_context():
        template_id = db.session.scalar(select(RejectionTemplate.id))
    assert "Advertising" in administering.get(f"/admin/moderation/reasons/{template_id}").text

    response = administering.post(
        f"/admin/moderation/reasons/{template_id}",
        data={"title": "Adverts", "body": "Adverts are not ideas for the town."},
    )

    assert response.status_code == 303
    assert templates(app) == [("Adverts", "Adverts are not ideas for the town.")]
    second = audit(app, "moderation.rejection_template")[1]
    assert second.before == {"title": "Advertising", "body": "We do not publish advertising here."}
    assert second.after == {"title": "Adverts", "body": "Adverts are not ideas for the town."}


def test_an_admin_deletes_a_reason(app, administering, admin):
    new_template(administering)
    with app.app_context():
        template_id = db.session.scalar(select(RejectionTemplate.id))

    response = administering.post(f"/admin/moderation/reasons/{template_id}/delete")

    assert response.status_code == 303
    assert templates(app) == []
    entry = only_audit(app, "moderation.rejection_template_delete")
    assert entry.actor_id == admin.id and entry.target_id == template_id
    assert entry.before == {"title": "Advertising", "body": "We do not publish advertising here."}


@pytest.mark.parametrize(
    ("title", "body", "message"),
    [
        ("", "A body long enough to pass.", "Give the reason a name."),
        ("X", "A body long enough to pass.", "A name has between 2 and 80 characters."),
        ("Short", "", "Write the text sent to the author."),
        ("Short", "Too short", "The text has between 10 and 2000 characters."),
        ("Advertising", "Another body long enough.", "Another reason already has this name."),
    ],
    ids=["no-title", "short-title", "no-body", "short-body", "same-title"],
)
def test_an_invalid_reason_is_refused_and_nothing_is_saved(
    app, administering, title, body, message
):
    new_template(administering)

    response = new_template(administering, title, body)

    assert response.status_code == 422
    assert message in response.text
    assert templates(app) == [("Advertising", "We do not publish advertising here.")]
    assert len(audit(app, "moderation.rejection_template")) == 1


def test_keeping_the_name_of_a_reason_while_changing_its_text_is_fine(app, administering):
    new_template(administering)
    with app.app_context():
        template_id = db.session.scalar(select(RejectionTemplate.id))

    response = administering.post(
        f"/admin/moderation/reasons/{template_id}",
        data={"title": "Advertising", "body": "A new text for the same reason."},
    )

    assert response.status_code == 303
    assert templates(app) == [("Advertising", "A new text for the same reason.")]


def test_an_unknown_reason_is_not_found(administering):
    assert administering.get("/admin/moderation/reasons/987654").status_code == 404
    assert administering.post("/admin/moderation/reasons/987654/delete").status_code == 404
