"""The municipality's site settings: read once per request, edited by admins."""

from __future__ import annotations

from flask import g, has_app_context
from sqlalchemy.orm import joinedload

from participate.db import db
from participate.site.models import SiteSettings


def get_settings() -> SiteSettings:
    """The settings row, or unsaved defaults before the first save (read-only use)."""
    if has_app_context() and "site_settings" in g:
        return g.site_settings
    # One query with the footer's links (the footer of every page shows them).
    settings = db.session.get(SiteSettings, 1, options=[joinedload(SiteSettings.footer_links)])
    if settings is None:
        settings = SiteSettings(
            id=1,
            municipality_name="Participate",
            primary_colour="#1d4f91",
            tagline="",
            contact_email="",
            logo_alt="",
            privacy_md="",
            footer_links=[],
        )
    if has_app_context():
        g.site_settings = settings
    return settings


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    r, gr, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(gr) + 0.0722 * _channel(b)


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio between two #rrggbb colours (1 to 21)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


MIN_CONTRAST = 4.5  # WCAG 2.1 AA for normal text: white text on the colour, the colour on white


def colour_is_accessible(hex_colour: str) -> bool:
    return contrast_ratio(hex_colour, "#ffffff") >= MIN_CONTRAST


class SettingsError(ValueError):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


LOGO_MAX_BYTES = 2 * 1024 * 1024
# A small file can describe a huge image (a "decompression bomb"); refuse before decoding.
LOGO_MAX_PIXELS = 4000 * 4000
LOGO_BOX = (320, 320)


def process_logo(data: bytes) -> bytes:
    """Re-encode an uploaded logo as a PNG of at most 320×320, upright as the camera says,
    dropping its metadata."""
    from io import BytesIO

    from flask_babel import gettext as _
    from PIL import Image, ImageOps, UnidentifiedImageError

    if len(data) > LOGO_MAX_BYTES:
        raise SettingsError(_("The logo may be at most 2 MB."), "logo")
    try:
        with Image.open(BytesIO(data)) as img:
            if img.format not in {"PNG", "JPEG", "WEBP"}:
                raise SettingsError(_("Upload a PNG, JPEG or WebP image."), "logo")
            if img.width * img.height > LOGO_MAX_PIXELS:
                raise SettingsError(
                    _("This image is too large; a logo needs far fewer pixels."), "logo"
                )
            img.load()
            img = ImageOps.exif_transpose(img).convert("RGBA")
            img.thumbnail(LOGO_BOX)
            out = BytesIO()
            img.save(out, format="PNG", optimize=True)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise SettingsError(_("This file is not an image we can read."), "logo") from exc
    return out.getvalue()


def update_settings(
    *,
    municipality_name: str,
    tagline: str,
    primary_colour: str,
    contact_email: str,
    logo_alt: str,
    logo: bytes | None,
    remove_logo: bool,
    footer_links: list[tuple[str, str]],
    privacy_md: str | None = None,
) -> SiteSettings:
    """An admin saves the settings. The colour must give AA contrast with white text."""
    from flask_babel import format_decimal
    from flask_babel import gettext as _

    from participate.db import utcnow
    from participate.site.models import FooterLink

    colour = primary_colour.lower()
    if not colour_is_accessible(colour):
        raise SettingsError(
            _(
                "This colour is too light: white text on it (and the colour on white) has a contrast "
                "of %(ratio)s:1, and at least 4.5:1 is needed. Choose a darker colour.",
                ratio=format_decimal(contrast_ratio(colour, "#ffffff"), format="0.0"),
            ),
            "primary_colour",
        )
    logo_png = process_logo(logo) if logo else None

    # One query with the footer's links (the footer of every page shows them).
    settings = db.session.get(SiteSettings, 1, options=[joinedload(SiteSettings.footer_links)])
    if settings is None:
        settings = SiteSettings(id=1)
        db.session.add(settings)
    settings.municipality_name = municipality_name.strip()
    settings.tagline = tagline.strip()
    settings.primary_colour = colour
    settings.contact_email = contact_email.strip().lower()
    settings.logo_alt = logo_alt.strip()
    if privacy_md is not None:
        settings.privacy_md = privacy_md.strip()
    if remove_logo:
        settings.logo_png = None
    if logo_png is not None:
        settings.logo_png = logo_png
    settings.footer_links = [
        FooterLink(position=i, label=label.strip(), url=url.strip())
        for i, (label, url) in enumerate(footer_links)
        if label and url
    ]
    settings.updated_at = utcnow()
    db.session.flush()
    if has_app_context():
        g.site_settings = settings
    return settings
