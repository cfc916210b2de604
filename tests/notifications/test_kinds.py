"""Each kind of notification arrives at the loopback SMTP server, as HTML and plain text in
the recipient's language, with a working one-click unsubscribe."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sqlalchemy import select

from participate.db import db
from participate.notifications.models import Notification, Preferences, Status
from tests.notifications.conftest import html_of, text_of

BASE_URL = "http://participate.test"


def _follow(client, login, user, path):
    login(user)
    assert client.post(path).status_code == 303
    client.post("/logout")


def _unsubscribe_path(message) -> str:
    header = message["List-Unsubscribe"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = re.fullmatch(r"<(.+)>", header).group(1)
    assert url.startswith(f"{BASE_URL}/unsubscribe/")
    assert url in text_of(message) and url in html_of(message)
    return urlsplit(url).path


def test_status_change_reaches_the_author_in_their_language_and_the_followers(
    client, app, login, make_user, make_consultation, make_idea, mailbox, send
):
    author = make_user(email="auteur@example.com", locale="fr")
    follower = make_user(email="volger@example.com", locale="nl")
    moderator = make_user("moderator", email="mod@example.com")
    consultation = make_consultation()
    idea = make_idea(consultation, author, title="Een bank aan de vijver")
    _follow(client, login, follower, f"/ideas/{idea.id}/follow")

    login(moderator)
    send(
        client.post(
            f"/ideas/{idea.id}/status",
            data={"status": "accepted", "response": "We plaatsen **twee** banken."},
        )
    )

    mail = mailbox.one("auteur@example.com")
    assert mail["Subject"] == "Votre idée « Een bank aan de vijver » a des nouvelles de la commune"
    assert "Statut : Retenue" in text_of(mail)  # "accepted", in French
    assert "\n\nStatut" in text_of(mail).replace("\r", "")
    assert "<strong>twee</strong>" in html_of(mail)
    assert f"{BASE_URL}/ideas/{idea.id}" in text_of(mail)
    _unsubscribe_path(mail)

    to_follower = mailbox.one("volger@example.com")
    assert "Nieuws over het idee" in to_follower["Subject"]
    assert mailbox.messages("mod@example.com") == []


def test_a_comment_reaches_the_idea_author_and_a_reply_the_comment_author(
    client, app, login, make_user, make_consultation, make_idea, mailbox, send
):
    author = make_user(email="auteur@example.com", locale="en")
    commenter = make_user(email="reageerder@example.com", name="Reageerder", locale="en")
    replier = make_user(email="antwoorder@example.com", name="Antwoorder")
    idea = make_idea(make_consultation(), author, title="Meer bomen op het plein")

    login(commenter)
    send(client.post(f"/ideas/{idea.id}/comments", data={"body_md": "Goed idee, en schaduw!"}))
    mail = mailbox.one("auteur@example.com")
    assert mail["Subject"] == "A new comment on your idea “Meer bomen op het plein”"
    assert "Reageerder commented" in text_of(mail) and "Goed idee, en schaduw!" in text_of(mail)
    assert mailbox.messages("reageerder@example.com") == []  # not about one's own comment

    with app.app_context():
        from participate.ideas.models import Comment

        parent_id = db.session.scalar(select(Comment.id).where(Comment.idea_id == idea.id))
    client.post("/logout")
    mailbox.clear()
    login(replier)
    send(
        client.post(
            f"/ideas/{idea.id}/comments", data={"body_md": "Akkoord!", "parent_id": str(parent_id)}
        )
    )
    reply = mailbox.one("reageerder@example.com")
    assert reply["Subject"] == "A reply to your comment on “Meer bomen op het plein”"
    assert "Antwoorder replied" in text_of(reply)
    assert len(mailbox.messages("auteur@example.com")) == 1  # told once, not twice


def test_one_click_unsubscribe_stops_that_kind_only(
    client, app, login, make_user, make_consultation, make_idea, mailbox, send
):
    author = make_user(email="auteur@example.com")
    idea = make_idea(make_consultation(), author)
    login(make_user())
    send(client.post(f"/ideas/{idea.id}/comments", data={"body_md": "Eerste reactie"}))
    path = _unsubscribe_path(mailbox.one("auteur@example.com"))

    # Opening the link only asks (mail scanners open links); the one-click POST unsubscribes.
    assert "Yes, stop these e-mails" in client.get(path).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Preferences, author.id) is None
    other = app.test_client()  # a mail program: no session, no CSRF token
    response = other.post(
        path, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    with app.app_context():
        prefs = db.session.get(Preferences, author.id)
        assert (prefs.replies, prefs.my_idea, prefs.followed_ideas) == (False, True, True)

    mailbox.clear()
    send(client.post(f"/ideas/{idea.id}/comments", data={"body_md": "Tweede reactie"}))
    assert mailbox.messages("auteur@example.com") == []


def test_a_forged_unsubscribe_link_does_nothing(client, app):
    assert client.post("/unsubscribe/not-a-real-token").status_code == 400


def test_consultation_update_goes_to_followers_and_shows_on_the_page_and_feed(
    client, app, login, make_user, make_consultation, mailbox, send
):
    consultation = make_consultation(title="Ruimte voor morgen")
    follower = make_user(email="volger@example.com", locale="en")
    make_user(email="niet-volger@example.com")
    _follow(client, login, follower, f"/consultations/{consultation.slug}/follow")

    login(make_user("admin"))
    response = send(
        client.post(
            f"/consultations/{consultation.slug}/updates/new",
            data={
                "title": "Infoavond verplaatst",
                "body_md": "De infoavond is nu op **12 maart**.<script>alert(1)</script>",
            },
        )
    )
    assert response.status_code == 303
    mail = mailbox.one("volger@example.com")
    assert mail["Subject"] == "Ruimte voor morgen: Infoavond verplaatst"
    assert "<strong>12 maart</strong>" in html_of(mail) and "<script>" not in html_of(mail)
    assert len(mailbox.envelopes) == 1

    page = client.get(f"/consultations/{consultation.slug}").get_data(as_text=True)
    assert "Infoavond verplaatst" in page and "<strong>12 maart</strong>" in page
    assert "<script>alert" not in page
    feed = client.get(f"/consultations/{consultation.slug}/updates.atom")
    assert feed.mimetype == "application/atom+xml"
    body = feed.get_data(as_text=True)
    assert "<title>Infoavond verplaatst</title>" in body
    assert "&lt;strong&gt;12 maart&lt;/strong&gt;" in body and "script" not in body


def test_only_admins_post_updates(client, login, make_user, make_consultation):
    consultation = make_consultation()
    login(make_user("moderator"))
    response = client.post(
        f"/consultations/{consultation.slug}/updates/new", data={"title": "Nieuws", "body_md": "x"}
    )
    assert response.status_code == 403


def test_a_new_phase_is_announced_once_to_followers(
    client, app, login, make_user, make_consultation, mailbox
):
    consultation = make_consultation(phase="ideas")  # ideas opened a day ago
    follower = make_user(email="volger@example.com", locale="en")
    _follow(client, login, follower, f"/consultations/{consultation.slug}/follow")

    runner = app.test_cli_runner()
    result = runner.invoke(args=["notifications", "phases"])
    assert result.exit_code == 0, result.output
    mail = mailbox.one("volger@example.com")
    assert mail["Subject"].endswith(": a new phase begins")
    assert "Ideas open" in text_of(mail)

    runner.invoke(args=["notifications", "phases"])
    assert len(mailbox.messages("volger@example.com")) == 1


def test_settings_switch_kinds_off_and_the_digest_collects_a_week(
    client, app, login, make_user, make_consultation, make_idea, mailbox, send
):
    author = make_user(email="auteur@example.com", locale="en")
    idea = make_idea(make_consultation(), author, title="Een nieuw fietspad")
    login(author)
    response = client.post(
        "/account/notifications", data={"my_idea": "y", "replies": "y", "digest": "y"}
    )
    assert response.status_code == 303
    page = client.get("/account").get_data(as_text=True)
    assert re.search(r'id="digest"[^>]*checked', page) or re.search(
        r'checked[^>]*id="digest"', page
    )
    client.post("/logout")

    login(make_user(name="Eerste"))
    send(client.post(f"/ideas/{idea.id}/comments", data={"body_md": "Een eerste reactie"}))
    client.post("/logout")
    login(make_user(name="Tweede"))
    send(client.post(f"/ideas/{idea.id}/comments", data={"body_md": "Een tweede reactie"}))
    assert mailbox.messages("auteur@example.com") == []  # held for the digest
    with app.app_context():
        held = db.session.scalars(select(Notification).where(Notification.status == Status.HELD))
        assert len(held.all()) == 2

    result = app.test_cli_runner().invoke(args=["notifications", "digest"])
    assert result.exit_code == 0, result.output
    digest = mailbox.one("auteur@example.com")
    assert digest["Subject"] == "Your weekly summary: 2 new items"
    assert text_of(digest).count("A new comment on your idea “Een nieuw fietspad”") == 2
    assert digest["List-Unsubscribe"]
    app.test_cli_runner().invoke(args=["notifications", "digest"])
    assert len(mailbox.messages("auteur@example.com")) == 1


def test_switched_off_kind_is_not_sent(
    client, app, login, make_user, make_consultation, make_idea, mailbox, send
):
    author = make_user(email="auteur@example.com")
    idea = make_idea(make_consultation(), author)
    login(author)
    client.post("/account/notifications", data={"my_idea": "y"})  # replies off
    client.post("/logout")
    login(make_user())
    send(client.post(f"/ideas/{idea.id}/comments", data={"body_md": "Een reactie"}))
    assert mailbox.messages("auteur@example.com") == []


def test_unconfirmed_addresses_get_nothing(
    client, login, make_user, make_consultation, make_idea, mailbox, send
):
    author = make_user(email="onbevestigd@example.com", verified=False)
    idea = make_idea(make_consultation(), author)
    login(make_user())
    send(client.post(f"/ideas/{idea.id}/comments", data={"body_md": "Een reactie"}))
    assert mailbox.envelopes == []


def test_follow_and_unfollow(client, app, login, make_user, make_consultation, make_idea):
    idea = make_idea(make_consultation())
    login(make_user())
    page = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert 'aria-pressed="false"' in page
    client.post(f"/ideas/{idea.id}/follow")
    assert 'aria-pressed="true"' in client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    client.post(f"/ideas/{idea.id}/follow")
    assert 'aria-pressed="false"' in client.get(f"/ideas/{idea.id}").get_data(as_text=True)
