"""The share images as plain functions: size, weight, wrapping and shortening, fonts, the
self-test result design, and the digest that decides when an image is drawn again."""

from __future__ import annotations

import random
from io import BytesIO

import pytest
from PIL import Image

from participate.share.drawing import (
    ELLIPSIS,
    MAX_BYTES,
    CardImage,
    ResultImage,
    SiteImage,
    draw_card,
    draw_result,
    draw_site,
    encode,
    font,
    printable,
    text_colour,
    wrap,
)

LONG_TITLE = (
    "Meer bomen en schaduwrijke zitbanken op het Marktplein en in de Stationsstraat, zodat "
    "ouderen in de zomer kunnen rusten zonder hittestress, en kinderen veilig kunnen spelen "
    "tussen de markt en de bibliotheek"
)


def decoded(data: bytes) -> Image.Image:
    image = Image.open(BytesIO(data))
    image.load()
    return image


@pytest.mark.parametrize(
    "image",
    [
        draw_card(
            title=LONG_TITLE, eyebrow="Ruimte voor morgen", figure="128", figure_label="supporters"
        ),
        draw_result(
            title="In wat voor gemeente wil je wonen?",
            profile_name="Een compacte, groene stad",
            percentage=72.4,
        ),
        draw_site(site_name="Gemeente Lindeveld", tagline="Denk mee over morgen."),
    ],
    ids=["card", "result", "site"],
)
def test_every_design_is_a_1200_by_630_png_well_under_the_whatsapp_limit(image):
    data, content_type = encode(image)
    assert content_type == "image/png"
    assert len(data) < MAX_BYTES
    assert decoded(data).size == (1200, 630)


def test_a_long_title_is_wrapped_between_words_and_shortened_with_an_ellipsis():
    face = font(48, True)
    lines, cut = wrap(LONG_TITLE, face, 600, 3)
    assert cut and len(lines) == 3
    assert all(face.getlength(line) <= 600 for line in lines)
    assert lines[-1].endswith(ELLIPSIS)
    words = LONG_TITLE.split()
    assert all(word in words for line in lines for word in line.rstrip(ELLIPSIS).split())
    assert not lines[-1].rstrip(ELLIPSIS).endswith((",", " "))


def test_a_title_that_fits_is_not_shortened():
    lines, cut = wrap("Een bank aan de vijver", font(48, True), 1000, 3)
    assert (lines, cut) == (["Een bank aan de vijver"], False)


def test_a_word_wider_than_the_line_is_broken_inside():
    face = font(48, True)
    lines, _cut = wrap("Kinder" * 20, face, 400, 4)
    assert all(face.getlength(line) <= 400 for line in lines)


def test_text_the_font_cannot_draw_is_folded_or_left_out():
    assert printable("Een ĳsje 🍦 voor 漢 iedereen\u200b") == "Een ijsje voor iedereen"
    assert printable("Café “De Kroon” – €5 • Łódź") == "Café “De Kroon” – €5 • Łódź"


def test_the_text_colour_keeps_its_contrast_on_light_and_dark_backgrounds():
    assert text_colour("#1d4f91") == "#ffffff"
    assert text_colour("#ffeb3b") == "#111111"


def test_the_result_image_shows_the_profile_and_a_bar_as_long_as_the_percentage():
    empty = draw_result(title="Zelftest", profile_name="Dorp", percentage=0, background="#1d4f91")
    full = draw_result(title="Zelftest", profile_name="Dorp", percentage=100, background="#1d4f91")
    # The bar's right half is filled at 100 % and empty at 0 %.
    assert full.getpixel((1000, 528)) == (255, 255, 255)
    assert empty.getpixel((1000, 528)) == (0x1D, 0x4F, 0x91)


def test_a_percentage_outside_0_to_100_is_clamped():
    over = draw_result(title="Zelftest", profile_name="Dorp", percentage=140)
    exact = draw_result(title="Zelftest", profile_name="Dorp", percentage=100)
    assert over.tobytes() == exact.tobytes()


def test_a_logo_is_drawn_on_a_white_tile_and_a_broken_one_is_ignored():
    logo = BytesIO()
    Image.new("RGBA", (200, 100), (200, 0, 0, 255)).save(logo, format="PNG")
    with_logo = draw_card(title="Een idee", logo_png=logo.getvalue(), site_name="Lindeveld")
    assert with_logo.getpixel((112, 88)) == (200, 0, 0)  # the logo, 64×32, centred on its tile
    assert with_logo.getpixel((112, 60)) == (255, 255, 255)  # the tile above it
    broken = draw_card(title="Een idee", logo_png=b"not an image", site_name="Lindeveld")
    assert broken.getpixel((112, 60)) == (0x1D, 0x4F, 0x91)


def test_an_image_too_heavy_as_png_falls_back_to_fewer_colours_or_to_jpeg():
    rng = random.Random(6)
    noise = Image.frombytes(
        "RGB", (1200, 630), bytes(rng.getrandbits(8) for _ in range(1200 * 630 * 3))
    )
    data, content_type = encode(noise)
    assert len(data) < len(encode(noise, limit=10**9)[0])
    if content_type == "image/jpeg":
        assert decoded(data).format == "JPEG"
    else:
        assert decoded(data).mode == "P"


def test_the_digest_changes_with_what_the_image_shows_and_only_then():
    card = CardImage(title="Een idee", figure="3", background="#1d4f91", logo_version="1")
    assert (
        card.digest()
        == CardImage(
            title="Een idee", figure="3", background="#1d4f91", logo_version="1", logo_png=b"x"
        ).digest()
    )
    for changed in (
        CardImage(title="Een ander idee", figure="3", background="#1d4f91", logo_version="1"),
        CardImage(title="Een idee", figure="4", background="#1d4f91", logo_version="1"),
        CardImage(title="Een idee", figure="3", background="#2e7d32", logo_version="1"),
        CardImage(title="Een idee", figure="3", background="#1d4f91", logo_version="2"),
    ):
        assert changed.digest() != card.digest()
    result = ResultImage(title="Zelftest", profile_name="Dorp", percentage=72)
    assert (
        result.digest()
        != ResultImage(title="Zelftest", profile_name="Dorp", percentage=73).digest()
    )
    assert SiteImage(site_name="A").digest() != SiteImage(site_name="B").digest()


def test_specs_draw_what_they_hold():
    spec = ResultImage(
        title="Zelftest", profile_name="Een compacte stad", percentage=50, caption="Mijn profiel"
    )
    direct = draw_result(
        title="Zelftest", profile_name="Een compacte stad", percentage=50, caption="Mijn profiel"
    )
    assert spec.draw().tobytes() == direct.tobytes()


@pytest.mark.parametrize(
    ("kind", "spec"),
    [
        ("card", CardImage(title="Een idee", stripes=("#112233",), logo_png=b"png")),
        ("result", ResultImage(title="Zelftest", profile_name="Dorp", percentage=72.5)),
        ("site", SiteImage(site_name="Gemeente Lindeveld", tagline="Denk mee")),
    ],
)
def test_a_digest_is_the_hash_of_what_the_image_shows_computed_once(kind, spec):
    """Kept per process for equal specs, and the same as before it was kept: the addresses
    of images drawn and stored earlier stay valid."""
    from dataclasses import asdict

    from participate.share.drawing import _digest, _spec_digest

    shown = {k: v for k, v in asdict(spec).items() if k != "logo_png"}
    assert spec.digest() == _digest(kind, shown)
    hits = _spec_digest.cache_info().hits
    assert spec.digest() == _digest(kind, shown)
    assert _spec_digest.cache_info().hits == hits + 1
