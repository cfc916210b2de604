"""Share images drawn with Pillow: 1200×630, the size every network previews without cropping,
as a PNG under 300 KB (WhatsApp drops larger images), in the fonts the `fontpkg` packages ship
(Atkinson Hyperlegible, made for legibility), so nothing is fetched when drawing.

The drawing functions take plain values, so that any page can have an image: `draw_card` for an
idea or a consultation, `draw_result` for a self-test result, `draw_site` for every other page.
The `*Image` specs hold what an image shows; their digest names a cached image."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import asdict, dataclass, field, fields
from functools import lru_cache
from io import BytesIO
from typing import Protocol

import fontpkg
from babel.numbers import format_percent
from PIL import Image, ImageDraw, ImageFont

from participate.site.services import contrast_ratio

WIDTH, HEIGHT = 1200, 630
MAX_BYTES = 300 * 1024
MARGIN = 72
# Raise when the drawing changes: every cached image is then drawn again.
DRAWING_VERSION = 1
FAMILY = "Atkinson Hyperlegible"
DARK, LIGHT = "#111111", "#ffffff"
ELLIPSIS = "…"


class ImageSpec(Protocol):
    def draw(self) -> Image.Image: ...

    def digest(self) -> str: ...


# -- Fonts and text ---------------------------------------------------------------------------


@lru_cache(maxsize=32)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(fontpkg.path(FAMILY, weight=700 if bold else 400)), size)


@lru_cache(maxsize=1)
def _notdef() -> bytes:
    return bytes(font(24, True).getmask("\U000f0000"))  # a private-use character: no glyph


@lru_cache(maxsize=4096)
def has_glyph(char: str) -> bool:
    if char.isspace():
        return True
    return bytes(font(24, True).getmask(char)) != _notdef()


def printable(text: str) -> str:
    """The text as the font can draw it: compatibility forms folded (the Dutch "ĳ" becomes
    "ij"), characters it has no glyph for (emoji, other scripts) left out, spaces collapsed."""
    folded = unicodedata.normalize("NFKC", text)
    kept = "".join(c for c in folded if unicodedata.category(c)[0] != "C" and has_glyph(c))
    return " ".join(kept.split())


def _ellipsize(line: str, face: ImageFont.FreeTypeFont, width: int) -> str:
    words = line.split(" ")
    while words:
        candidate = " ".join(words).rstrip(" ,.;:-–—") + ELLIPSIS
        if face.getlength(candidate) <= width:
            return candidate
        words.pop()
    return ELLIPSIS


def _longest_prefix(word: str, face: ImageFont.FreeTypeFont, width: int) -> str:
    end = len(word)
    while end > 1 and face.getlength(word[:end]) > width:
        end -= 1
    return word[:end]


def wrap(
    text: str, face: ImageFont.FreeTypeFont, width: int, max_lines: int
) -> tuple[list[str], bool]:
    """Lines of at most `width` pixels, broken between words (a word wider than a line is
    broken inside). Text beyond `max_lines` is cut at a word and ends in an ellipsis; the flag
    says whether that happened."""
    words = text.split()
    lines: list[str] = []
    current = ""
    i = 0
    while i < len(words) and len(lines) < max_lines:
        candidate = f"{current} {words[i]}".strip()
        if face.getlength(candidate) <= width:
            current, i = candidate, i + 1
        elif not current:
            piece = _longest_prefix(words[i], face, width)
            lines.append(piece)
            words[i] = words[i][len(piece) :]
        else:
            lines.append(current)
            current = ""
    if current and len(lines) < max_lines:
        lines.append(current)
        current = ""
    cut = bool(current) or i < len(words)
    if cut and lines:
        lines[-1] = _ellipsize(lines[-1], face, width)
    return lines, cut


def fit(
    text: str, sizes: tuple[int, ...], width: int, height: int, bold: bool = True
) -> tuple[ImageFont.FreeTypeFont, list[str], int]:
    """The largest size at which `text` fits the box whole; else the smallest, shortened."""
    for size in sizes:
        face, line_height = font(size, bold), round(size * 1.18)
        lines, cut = wrap(text, face, width, max(1, height // line_height))
        if not cut:
            return face, lines, line_height
    return face, lines, line_height


def text_colour(background: str) -> str:
    """White or near-black, whichever reads better on the background (WCAG contrast)."""
    if contrast_ratio(background, LIGHT) >= contrast_ratio(background, DARK):
        return LIGHT
    return DARK


def _hex(colour: str, fallback: str = "#1d4f91") -> str:
    value = (colour or "").strip().lower()
    ok = len(value) == 7 and value[0] == "#" and all(c in "0123456789abcdef" for c in value[1:])
    return value if ok else fallback


# -- Common parts --------------------------------------------------------------------------


def _canvas(background: str) -> tuple[Image.Image, ImageDraw.ImageDraw, str]:
    image = Image.new("RGB", (WIDTH, HEIGHT), background)
    return image, ImageDraw.Draw(image), text_colour(background)


def _header(image: Image.Image, draw: ImageDraw.ImageDraw, ink: str, site: str, logo: bytes | None):
    x = MARGIN
    if logo:
        try:
            with Image.open(BytesIO(logo)) as raw:
                mark = raw.convert("RGBA")
                mark.thumbnail((64, 64))
        except (OSError, ValueError):
            mark = None
        if mark is not None:
            draw.rounded_rectangle((MARGIN, 48, MARGIN + 80, 128), radius=12, fill=LIGHT)
            offset = (MARGIN + 8 + (64 - mark.width) // 2, 56 + (64 - mark.height) // 2)
            image.paste(mark, offset, mark)
            x = MARGIN + 104
    face = font(32, True)
    name, _cut = wrap(printable(site), face, WIDTH - MARGIN - x, 1)
    draw.text((x, 88), name[0] if name else "", font=face, fill=ink, anchor="lm")


def _stripes(draw: ImageDraw.ImageDraw, colours: tuple[str, ...], ink: str) -> None:
    colours = tuple(_hex(c) for c in colours) or (ink,)
    band = WIDTH / len(colours)
    for i, colour in enumerate(colours):
        draw.rectangle((round(i * band), HEIGHT - 20, round((i + 1) * band), HEIGHT), fill=colour)


def _eyebrow(draw: ImageDraw.ImageDraw, text: str, ink: str, y: int = 170) -> None:
    face = font(30)
    lines, _cut = wrap(printable(text), face, WIDTH - 2 * MARGIN, 1)
    if lines:
        draw.text((MARGIN, y), lines[0], font=face, fill=ink, anchor="ls")


# -- The three designs ------------------------------------------------------------------------


def draw_card(
    *,
    title: str,
    eyebrow: str = "",
    figure: str = "",
    figure_label: str = "",
    background: str = "#1d4f91",
    stripes: tuple[str, ...] = (),
    site_name: str = "",
    logo_png: bytes | None = None,
) -> Image.Image:
    """An idea or a consultation: its title wrapped and shortened cleanly, a figure (the
    number of supporters, of ideas) and the consultation's theme colours as a band."""
    image, draw, ink = _canvas(_hex(background))
    _header(image, draw, ink, site_name, logo_png)
    _eyebrow(draw, eyebrow, ink)
    face, lines, line_height = fit(printable(title), (72, 64, 56, 48), WIDTH - 2 * MARGIN, 280)
    y = 200
    for line in lines:
        draw.text((MARGIN, y), line, font=face, fill=ink)
        y += line_height
    if figure:
        big, small = font(64, True), font(34)
        draw.text((MARGIN, 548), figure, font=big, fill=ink, anchor="ls")
        label_x = MARGIN + big.getlength(figure) + 18
        label, _cut = wrap(printable(figure_label), small, round(WIDTH - MARGIN - label_x), 1)
        if label:
            draw.text((label_x, 548), label[0], font=small, fill=ink, anchor="ls")
    _stripes(draw, stripes, ink)
    return image


def draw_result(
    *,
    title: str,
    profile_name: str,
    percentage: float,
    caption: str = "",
    background: str = "#1d4f91",
    stripes: tuple[str, ...] = (),
    site_name: str = "",
    logo_png: bytes | None = None,
    locale: str = "nl",
) -> Image.Image:
    """A self-test result: the test's title, the top profile's name and how well it matches
    (0–100 %), with a bar for the percentage."""
    share = max(0.0, min(100.0, float(percentage)))
    image, draw, ink = _canvas(_hex(background))
    _header(image, draw, ink, site_name, logo_png)
    _eyebrow(draw, title, ink)
    y = 200
    if caption:
        lines, _cut = wrap(printable(caption), font(34), WIDTH - 2 * MARGIN, 1)
        draw.text((MARGIN, y), lines[0] if lines else "", font=font(34), fill=ink)
        y += 52
    face, lines, line_height = fit(printable(profile_name), (72, 60, 50), WIDTH - 2 * MARGIN, 170)
    for line in lines:
        draw.text((MARGIN, y), line, font=face, fill=ink)
        y += line_height
    percent = format_percent(share / 100, locale=locale)
    big = font(88, True)
    draw.text((MARGIN, 560), percent, font=big, fill=ink, anchor="ls")
    bar_x = round(MARGIN + big.getlength(percent) + 32)
    bar_end = WIDTH - MARGIN
    draw.rounded_rectangle((bar_x, 512, bar_end, 544), radius=16, outline=ink, width=3)
    filled = bar_x + round((bar_end - bar_x) * share / 100)
    if filled > bar_x + 6:
        draw.rounded_rectangle((bar_x, 512, filled, 544), radius=16, fill=ink)
    _stripes(draw, stripes, ink)
    return image


def draw_site(
    *, site_name: str, tagline: str = "", background: str = "#1d4f91", logo_png: bytes | None = None
) -> Image.Image:
    """The site-wide image for every page without its own: the municipality and its tagline."""
    image, draw, ink = _canvas(_hex(background))
    _header(image, draw, ink, "", logo_png)
    face, lines, line_height = fit(printable(site_name), (88, 72, 60), WIDTH - 2 * MARGIN, 220)
    y = 200
    for line in lines:
        draw.text((MARGIN, y), line, font=face, fill=ink)
        y += line_height
    if tagline:
        small = font(40)
        rest, _cut = wrap(printable(tagline), small, WIDTH - 2 * MARGIN, 3)
        y += 16
        for line in rest:
            draw.text((MARGIN, y), line, font=small, fill=ink)
            y += 50
    _stripes(draw, (), ink)
    return image


# -- Encoding -------------------------------------------------------------------------------


def encode(image: Image.Image, limit: int = MAX_BYTES) -> tuple[bytes, str]:
    """PNG, the sharpest for text. If it is too heavy, the same in 256 colours; a JPEG only if
    even that is too heavy and the JPEG is smaller."""
    out = BytesIO()
    image.save(out, format="PNG", optimize=True)
    png = out.getvalue()
    if len(png) <= limit:
        return png, "image/png"
    out = BytesIO()
    image.quantize(256, method=Image.Quantize.MEDIANCUT).save(out, format="PNG", optimize=True)
    small_png = out.getvalue()
    if len(small_png) <= limit:
        return small_png, "image/png"
    out = BytesIO()
    image.convert("RGB").save(out, format="JPEG", quality=82, optimize=True, progressive=True)
    jpeg = out.getvalue()
    return (jpeg, "image/jpeg") if len(jpeg) < len(small_png) else (small_png, "image/png")


# -- Specs: what an image shows, and the digest that names it ------------------------------


def _digest(kind: str, values: dict) -> str:
    payload = json.dumps([DRAWING_VERSION, kind, values], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


@lru_cache(maxsize=4096)
def _spec_digest(kind: str, spec) -> str:
    """A spec's digest, computed once per process for equal specs (every page that can be
    shared names its image by it). Specs are frozen and compare by what they show; the logo's
    bytes are left out of both, its version is in."""
    return _digest(
        kind, {f.name: getattr(spec, f.name) for f in fields(spec) if f.name != "logo_png"}
    )


@dataclass(frozen=True)
class CardImage:
    title: str
    eyebrow: str = ""
    figure: str = ""
    figure_label: str = ""
    background: str = "#1d4f91"
    stripes: tuple[str, ...] = ()
    site_name: str = ""
    logo_version: str = ""  # names the logo in the digest; the bytes are not hashed each time
    logo_png: bytes | None = field(default=None, repr=False, compare=False)

    def draw(self) -> Image.Image:
        values = {k: v for k, v in asdict(self).items() if k != "logo_version"}
        return draw_card(**values)

    def digest(self) -> str:
        return _spec_digest("card", self)


@dataclass(frozen=True)
class ResultImage:
    title: str
    profile_name: str
    percentage: float
    caption: str = ""
    background: str = "#1d4f91"
    stripes: tuple[str, ...] = ()
    site_name: str = ""
    locale: str = "nl"
    logo_version: str = ""
    logo_png: bytes | None = field(default=None, repr=False, compare=False)

    def draw(self) -> Image.Image:
        values = {k: v for k, v in asdict(self).items() if k != "logo_version"}
        return draw_result(**values)

    def digest(self) -> str:
        return _spec_digest("result", self)


@dataclass(frozen=True)
class SiteImage:
    site_name: str
    tagline: str = ""
    background: str = "#1d4f91"
    logo_version: str = ""
    logo_png: bytes | None = field(default=None, repr=False, compare=False)

    def draw(self) -> Image.Image:
        values = {k: v for k, v in asdict(self).items() if k != "logo_version"}
        return draw_site(**values)

    def digest(self) -> str:
        return _spec_digest("site", self)
