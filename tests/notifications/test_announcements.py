"""Site-wide announcements: admins put a banner up between two moments, add follow-ups to its
timeline; each visitor can hide it (a cookie), and a new follow-up shows it again."""

from __future__ import annotations

from datetime import timedelta

from participate.db import db, utcnow
from participate.notifications.models import Announcement, AnnouncementUpdate


def _local(moment) -> str:
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo("Europe/Brussels")).strftime("%Y-%m-%dT%H:%M")


def _form(**changes):
    now = utcnow()
    data = {
        "title": "Infoavond verplaatst",
        "body_md": "De infoavond van 12 maart is **verplaatst** naar 19 maart.",
        "starts_at": _local(now - timedelta(hours=1)),
        "ends_at": _local(now + timedelta(days=2)),
    }
    data.update(changes)
    return data


def test_an_admin_puts_up_a_banner_that_every_page_shows(client, app, login, make_user):
    login(make_user("admin"))
    response = client.post("/admin/announcements", data=_form())
    assert response.status_code == 303
    for path in ("/", "/privacy", "/account"):
        page = client.get(path).get_data(as_text=True)
        assert 'class="announcement wrap" aria-labelledby="announcement-' in page, path
        assert "<strong>verplaatst</strong>" in page


def test_the_banner_shows_only_between_start_and_end(client, app, login, make_user):
    now = utcnow()
    with app.app_context():
        db.session.add_all(
            [
                Announcement(
                    title="Voorbij",
                    body_md="oud",
                    starts_at=now - timedelta(days=3),
                    ends_at=now - timedelta(days=1),
                ),
                Announcement(
                    title="Nog niet",
                    body_md="later",
                    starts_at=now + timedelta(days=1),
                    ends_at=now + timedelta(days=3),
                ),
            ]
        )
        db.session.commit()
    page = client.get("/").get_data(as_text=True)
    assert "Voorbij" not in page and "Nog niet" not in page


def test_an_end_before_the_start_is_refused(client, app, login, make_user):
    login(make_user("admin"))
    now = utcnow()
    response = client.post(
        "/admin/announcements",
        data=_form(starts_at=_local(now + timedelta(days=1)), ends_at=_local(now)),
    )
    assert response.status_code == 422
    assert "The end must come after the start." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(Announcement).count() == 0


def test_only_admins_manage_announcements(client, login, make_user):
    login(make_user("moderator"))
    assert client.get("/admin/announcements").status_code == 403
    assert client.post("/admin/announcements", data=_form()).status_code == 403


def test_a_visitor_hides_it_and_a_follow_up_shows_it_again(client, app, login, make_user):
    now = utcnow()
    with app.app_context():
        item = Announcement(
            title="Bevraging verlengd",
            body_md="Tot eind april.",
            starts_at=now - timedelta(hours=1),
            ends_at=now + timedelta(days=5),
        )
        db.session.add(item)
        db.session.commit()
        item_id = item.id
    assert "Bevraging verlengd" in client.get("/").get_data(as_text=True)
    response = client.post(f"/announcements/{item_id}/dismiss", data={"next": "/privacy"})
    assert response.status_code == 303 and response.headers["Location"] == "/privacy"
    assert "dismissed_announcements=" in response.headers["Set-Cookie"]
    assert "Bevraging verlengd" not in client.get("/").get_data(as_text=True)

    admin = make_user("admin")
    other = app.test_client()
    other.post("/login", data={"email": admin.email, "password": "correct horse battery staple"})
    response = other.post(
        f"/admin/announcements/{item_id}",
        data={"add_update": "1", "body_md": "Nu zelfs tot **half mei**."},
    )
    assert response.status_code == 303
    page = client.get("/").get_data(as_text=True)
    assert "Bevraging verlengd" in page and "<strong>half mei</strong>" in page
    timeline = client.get(f"/announcements/{item_id}").get_data(as_text=True)
    assert "Tot eind april." in timeline and "half mei" in timeline
    with app.app_context():
        assert db.session.query(AnnouncementUpdate).count() == 1
