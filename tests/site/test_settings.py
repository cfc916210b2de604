"""Admins edit the municipality's settings; every page shows them."""

from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image

from participate.db import db
from participate.site.models import SiteSettings


def _form(**changes) -> dict:
    data = {
        "municipality_name": "Gent",
        "tagline": "Samen maken we de stad.",
        "primary_colour": "#1d4f91",
        "contact_email": "Participatie@Gent.be",
        "logo_alt": "",
    }
    for i in range(5):
        data[f"footer_links-{i}-label"] = ""
        data[f"footer_links-{i}-url"] = ""
    data.update(changes)
    return data


def _saved(app) -> SiteSettings | None:
    with app.app_context():
        settings = db.session.get(SiteSettings, 1)
        if settings is not None:
            db.session.expunge(settings)
        return settings


def _image(fmt: str = "JPEG", size=(800, 400), exif: Image.Exif | None = None) -> bytes:
    img = Image.new("RGB", size, (29, 79, 145))
    img.paste((255, 255, 255), (0, 0, size[0] // 2, size[1]))  # left half white
    out = BytesIO()
    img.save(out, format=fmt, **({"exif": exif.tobytes()} if exif is not None else {}))
    return out.getvalue()


def _camera_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x0131] = "PhotoEditor 9"  # Software
    exif[0x0112] = orientation
    return exif


# Who may ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["citizen", "moderator", "council"])
def test_only_admins_may_edit_the_settings(client, make_user, login, role, app):
    login(make_user(role))
    assert client.get("/admin/settings").status_code == 403
    assert client.post("/admin/settings", data=_form(municipality_name="Hacked")).status_code == 403
    assert _saved(app) is None


def test_anonymous_visitor_is_sent_to_log_in(client, app):
    response = client.get("/admin/settings")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    assert client.post("/admin/settings", data=_form()).status_code == 302
    assert _saved(app) is None


def test_only_admins_see_the_settings_link(client, make_user, login):
    login(make_user("moderator"))
    assert 'href="/admin/settings"' not in client.get("/").get_data(as_text=True)


# Saving ----------------------------------------------------------------------------------------


def test_admin_sees_the_current_settings(admin_client):
    response = admin_client.get("/admin/settings")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert 'value="Participate"' in body
    assert 'value="#1d4f91"' in body
    assert 'href="/admin" aria-current="page"' not in body  # the tools page is one level up


def test_admin_saves_the_settings_and_every_page_shows_them(admin_client, app):
    response = admin_client.post(
        "/admin/settings",
        data=_form(
            **{
                "footer_links-0-label": "Privacy",
                "footer_links-0-url": "https://stad.gent/privacy",
                "footer_links-2-label": "Website",
                "footer_links-2-url": "https://stad.gent",
            }
        ),
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/admin/settings"
    assert "The settings are saved." in admin_client.get("/admin/settings").get_data(as_text=True)

    saved = _saved(app)
    assert saved.municipality_name == "Gent"
    assert saved.contact_email == "participatie@gent.be"
    assert [(link.position, link.label) for link in saved.footer_links] == [
        (0, "Privacy"),
        (2, "Website"),
    ]

    home = admin_client.get("/").get_data(as_text=True)
    assert "Think along about Gent" in home
    assert "Samen maken we de stad." in home
    assert '<a href="https://stad.gent/privacy">Privacy</a>' in home
    assert '<a href="https://stad.gent">Website</a>' in home
    assert 'href="mailto:participatie@gent.be"' in home


def test_settings_page_shows_the_saved_footer_links(admin_client):
    admin_client.post(
        "/admin/settings",
        data=_form(**{"footer_links-0-label": "Privacy", "footer_links-0-url": "https://x.be/p"}),
    )
    body = admin_client.get("/admin/settings").get_data(as_text=True)
    assert 'name="footer_links-0-label" type="text" value="Privacy"' in body
    assert 'value="https://x.be/p"' in body


def test_saving_again_replaces_the_footer_links(admin_client, app):
    admin_client.post(
        "/admin/settings",
        data=_form(**{"footer_links-0-label": "Oud", "footer_links-0-url": "https://x.be/oud"}),
    )
    admin_client.post(
        "/admin/settings",
        data=_form(**{"footer_links-1-label": "Nieuw", "footer_links-1-url": "https://x.be/n"}),
    )
    assert [link.label for link in _saved(app).footer_links] == ["Nieuw"]


def test_missing_name_is_refused(admin_client, app):
    response = admin_client.post("/admin/settings", data=_form(municipality_name=""))
    assert response.status_code == 422
    assert "Enter the name of the municipality." in response.get_data(as_text=True)
    assert _saved(app) is None


# The colour ------------------------------------------------------------------------------------


@pytest.mark.parametrize("colour", ["#ffff00", "#cccccc", "#FFFFFF"])
def test_colour_with_too_little_contrast_is_refused(admin_client, app, colour):
    response = admin_client.post("/admin/settings", data=_form(primary_colour=colour))
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert 'id="primary_colour-error"' in body
    assert "This colour is too light" in body
    assert "at least 4.5:1 is needed" in body
    assert _saved(app) is None


@pytest.mark.parametrize("colour", ["blue", "#12345", "#1d4f91;}body{x:y", "1d4f91"])
def test_colour_must_be_a_hex_colour(admin_client, app, colour):
    response = admin_client.post("/admin/settings", data=_form(primary_colour=colour))
    assert response.status_code == 422
    assert "Enter a colour like #1d4f91." in response.get_data(as_text=True)
    assert _saved(app) is None


def test_theme_css_contains_the_saved_colour(admin_client):
    admin_client.post("/admin/settings", data=_form(primary_colour="#7A1F3D"))
    response = admin_client.get("/site/theme.css")
    assert response.status_code == 200
    assert response.mimetype == "text/css"
    assert "--primary: #7a1f3d;" in response.get_data(as_text=True)


def test_theme_css_honours_if_none_match(client):
    first = client.get("/site/theme.css")
    assert "--primary: #1d4f91;" in first.get_data(as_text=True)
    etag = first.headers["ETag"]
    again = client.get("/site/theme.css", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""


def test_theme_css_changes_its_etag_when_the_colour_changes(admin_client):
    etag = admin_client.get("/site/theme.css").headers["ETag"]
    admin_client.post("/admin/settings", data=_form(primary_colour="#000000"))
    response = admin_client.get("/site/theme.css", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "--primary: #000000;" in response.get_data(as_text=True)


def test_pages_link_the_theme_with_a_version_for_long_caching(client):
    body = client.get("/").get_data(as_text=True)
    assert 'href="/site/theme.css?v=' in body
    assert "max-age=86400" in client.get("/site/theme.css?v=1").headers["Cache-Control"]


# Footer links ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "url"),
    [("Privacy", ""), ("", "https://stad.gent/privacy")],
    ids=["label-only", "address-only"],
)
def test_footer_link_needs_both_text_and_address(admin_client, app, label, url):
    response = admin_client.post(
        "/admin/settings",
        data=_form(**{"footer_links-1-label": label, "footer_links-1-url": url}),
    )
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Give both a text and an address, or leave both empty." in body
    assert 'class="error-message" id="footer_links-1-' in body
    assert _saved(app) is None


@pytest.mark.parametrize("url", ["javascript:alert(1)", "stad.gent", "ftp://stad.gent/x"])
def test_footer_link_address_must_be_a_web_address(admin_client, app, url):
    response = admin_client.post(
        "/admin/settings",
        data=_form(**{"footer_links-0-label": "Privacy", "footer_links-0-url": url}),
    )
    assert response.status_code == 422
    assert "Enter a full address starting with https://" in response.get_data(as_text=True)
    assert _saved(app) is None


# The logo --------------------------------------------------------------------------------------


def test_no_logo_yet_is_a_404(client):
    assert client.get("/site/logo.png").status_code == 404


def test_jpeg_logo_is_stored_as_a_small_png_without_metadata(admin_client, app):
    upload = _image("JPEG", (800, 400), _camera_exif())
    data = _form(logo=(BytesIO(upload), "logo.jpg", "image/jpeg"), logo_alt="Stadswapen")
    response = admin_client.post("/admin/settings", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)

    stored = _saved(app)
    assert stored.logo_alt == "Stadswapen"
    with Image.open(BytesIO(stored.logo_png)) as img:
        assert img.format == "PNG"
        assert max(img.size) <= 320
        assert img.size == (320, 160)
        assert not img.getexif()
    assert b"CameraMaker" not in stored.logo_png
    assert b"PhotoEditor" not in stored.logo_png

    served = admin_client.get("/site/logo.png")
    assert served.status_code == 200
    assert served.mimetype == "image/png"
    assert served.get_data() == stored.logo_png
    assert 'src="/site/logo.png?v=' in admin_client.get("/").get_data(as_text=True)


def test_logo_is_turned_the_way_the_camera_says(admin_client, app):
    # Orientation 6: the camera was turned a quarter; the picture must be shown upright.
    upload = _image("JPEG", (400, 200), _camera_exif(orientation=6))
    data = _form(logo=(BytesIO(upload), "logo.jpg", "image/jpeg"))
    assert admin_client.post("/admin/settings", data=data).status_code == 303
    with Image.open(BytesIO(_saved(app).logo_png)) as img:
        assert img.size == (160, 320)
        # The left half was white; turned a quarter clockwise, it is the top half.
        top, bottom = img.getpixel((80, 20)), img.getpixel((80, 300))
        assert min(top[:3]) > 240
        assert bottom[2] > 100 > bottom[0]
        assert not img.getexif()


def test_small_png_logo_keeps_its_size_and_transparency(admin_client, app):
    img = Image.new("RGBA", (64, 32), (0, 0, 0, 0))
    out = BytesIO()
    img.save(out, format="PNG")
    data = _form(logo=(BytesIO(out.getvalue()), "logo.png", "image/png"))
    assert admin_client.post("/admin/settings", data=data).status_code == 303
    with Image.open(BytesIO(_saved(app).logo_png)) as stored:
        assert stored.size == (64, 32)
        assert stored.mode == "RGBA"
        assert stored.getpixel((0, 0))[3] == 0


def test_saving_without_a_new_logo_keeps_the_old_one(admin_client, app):
    data = _form(logo=(BytesIO(_image("PNG", (100, 100))), "logo.png", "image/png"))
    admin_client.post("/admin/settings", data=data)
    logo = _saved(app).logo_png
    assert admin_client.post("/admin/settings", data=_form(tagline="Nieuw")).status_code == 303
    assert _saved(app).logo_png == logo


def test_admin_removes_the_logo(admin_client, app):
    data = _form(logo=(BytesIO(_image("PNG", (100, 100))), "logo.png", "image/png"))
    admin_client.post("/admin/settings", data=data)
    assert "remove_logo" in admin_client.get("/admin/settings").get_data(as_text=True)
    assert admin_client.post("/admin/settings", data=_form(remove_logo="y")).status_code == 303
    assert _saved(app).logo_png is None
    assert admin_client.get("/site/logo.png").status_code == 404


def test_text_file_disguised_as_png_is_refused_and_nothing_is_saved(admin_client, app):
    data = _form(
        municipality_name="Niet opgeslagen",
        logo=(BytesIO(b"<?php system($_GET['c']); ?>\n" * 10), "logo.png", "image/png"),
    )
    response = admin_client.post("/admin/settings", data=data)
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert 'id="logo-error"' in body
    assert "This file is not an image we can read." in body
    assert _saved(app) is None
    assert admin_client.get("/site/logo.png").status_code == 404


def test_image_of_another_kind_is_refused(admin_client, app):
    data = _form(logo=(BytesIO(_image("GIF", (50, 50))), "logo.png", "image/png"))
    response = admin_client.post("/admin/settings", data=data)
    assert response.status_code == 422
    assert "Upload a PNG, JPEG or WebP image." in response.get_data(as_text=True)
    assert _saved(app) is None


def test_file_with_another_extension_is_refused(admin_client, app):
    data = _form(logo=(BytesIO(_image("PNG", (50, 50))), "logo.svg", "image/svg+xml"))
    response = admin_client.post("/admin/settings", data=data)
    assert response.status_code == 422
    assert "Upload a PNG, JPEG or WebP image." in response.get_data(as_text=True)
    assert _saved(app) is None
