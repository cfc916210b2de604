"""The privacy statement: admins write it in the site settings; every page and the
registration form link to it."""

from __future__ import annotations

from tests.site.test_settings import _form


def test_every_page_links_to_the_privacy_statement(client):
    for path in ("/", "/login", "/register", "/privacy"):
        page = client.get(path).get_data(as_text=True)
        assert 'href="/privacy"' in page, path


def test_registration_links_to_it_beside_the_form(client):
    page = client.get("/register").get_data(as_text=True)
    assert "Read what we keep about you, and why (privacy statement)" in page


def test_without_a_statement_of_its_own_the_standard_one_shows(client):
    page = client.get("/privacy").get_data(as_text=True)
    assert "Your e-mail address, to log in" in page
    assert "download everything we keep about you" in page


def test_an_admin_writes_the_statement_and_it_is_sanitised(client, make_user, login):
    login(make_user("admin"))
    response = client.post(
        "/admin/settings",
        data=_form(privacy_md="We bewaren **weinig**.<script>alert(1)</script>"),
    )
    assert response.status_code == 303
    page = client.get("/privacy").get_data(as_text=True)
    assert "<strong>weinig</strong>" in page and "<script>alert" not in page
    assert "Your e-mail address, to log in" not in page
    form = client.get("/admin/settings").get_data(as_text=True)
    assert "We bewaren **weinig**." in form
