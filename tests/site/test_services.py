"""The rules behind the site settings, without requests."""

from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image

from participate.site.services import (
    LOGO_MAX_BYTES,
    SettingsError,
    colour_is_accessible,
    contrast_ratio,
    get_settings,
    process_logo,
)


def test_black_on_white_has_the_highest_contrast():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)


def test_contrast_does_not_depend_on_the_order():
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21)
    assert contrast_ratio("#1d4f91", "#ffffff") == contrast_ratio("#ffffff", "#1d4f91")


@pytest.mark.parametrize("colour", ["#000000", "#ffffff", "#1d4f91", "#777777"])
def test_a_colour_on_itself_has_no_contrast(colour):
    assert contrast_ratio(colour, colour) == pytest.approx(1)


def test_the_default_colour_is_readable_with_white_text():
    assert contrast_ratio("#1d4f91", "#ffffff") >= 4.5
    assert colour_is_accessible("#1d4f91")


def test_case_does_not_matter():
    assert contrast_ratio("#1D4F91", "#FFFFFF") == pytest.approx(
        contrast_ratio("#1d4f91", "#fff" + "fff")
    )


@pytest.mark.parametrize(
    ("colour", "accessible"),
    [
        ("#767676", True),  # the lightest grey with AA contrast on white (4.54:1)
        ("#777777", False),  # 4.48:1
        ("#ffff00", False),
        ("#cccccc", False),
        ("#000000", True),
    ],
)
def test_colours_need_aa_contrast_with_white(colour, accessible):
    assert colour_is_accessible(colour) is accessible


def test_defaults_before_the_first_save(app_ctx):
    settings = get_settings()
    assert settings.municipality_name == "Participate"
    assert settings.primary_colour == "#1d4f91"
    assert settings.footer_links == []
    assert settings.logo_png is None


@pytest.fixture
def request_ctx(app):
    """Refusals are translated, so they need a request (for the visitor's language)."""
    with app.test_request_context():
        yield


def test_logo_larger_than_the_limit_is_refused(request_ctx):
    with pytest.raises(SettingsError) as err:
        process_logo(b"\0" * (LOGO_MAX_BYTES + 1))
    assert err.value.field == "logo"


def test_logo_with_too_many_pixels_is_refused_before_decoding(request_ctx):
    # A few kilobytes of PNG can describe a huge blank image; decoding it would eat the memory.
    out = BytesIO()
    Image.new("1", (6000, 6000)).save(out, format="PNG")
    assert len(out.getvalue()) < LOGO_MAX_BYTES
    with pytest.raises(SettingsError) as err:
        process_logo(out.getvalue())
    assert err.value.field == "logo"


def test_webp_logo_is_accepted(request_ctx):
    out = BytesIO()
    Image.new("RGB", (600, 300), "navy").save(out, format="WEBP")
    with Image.open(BytesIO(process_logo(out.getvalue()))) as img:
        assert (img.format, img.size) == ("PNG", (320, 160))
