"""Uploaded photos are re-encoded (no EXIF, no GPS), resized, and anything else is refused."""

from __future__ import annotations

import warnings
from io import BytesIO

import pytest
from PIL import Image

from participate.images.models import StoredImage
from participate.images.services import LARGE, MAX_BYTES, THUMB, ImageError, store_photo
from tests.factories import count, gps_exif, image_bytes, request_ctx  # noqa: F401

pytestmark = pytest.mark.usefixtures("request_ctx")


def opened(data: bytes) -> Image.Image:
    img = Image.open(BytesIO(data))
    img.load()
    return img


def test_the_test_photo_really_carries_gps_data():
    original = opened(image_bytes("JPEG", exif=gps_exif()))

    assert original.getexif().get_ifd(0x8825)[2] == (50.0, 52.0, 44.0)


def test_jpeg_with_exif_gps_is_re_encoded_without_exif():
    image = store_photo(image_bytes("JPEG", size=(800, 600), exif=gps_exif()))

    for data in (image.data, image.thumb):
        assert b"Exif" not in data and b"Secret Camera" not in data
        reread = opened(data)
        assert reread.format == "JPEG"
        assert dict(reread.getexif()) == {}
        assert "exif" not in reread.info
    assert image.content_type == "image/jpeg"


def test_the_orientation_from_exif_is_applied_before_it_is_dropped():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated 90° clockwise: a portrait photo stored as landscape

    image = store_photo(image_bytes("JPEG", size=(400, 200), exif=exif))

    assert (image.width, image.height) == (200, 400)


def test_large_images_are_resized_with_their_proportions():
    image = store_photo(image_bytes("JPEG", size=(4000, 3000)))

    assert (image.width, image.height) == (1600, 1200)
    assert opened(image.data).size == (1600, 1200)
    thumb = opened(image.thumb)
    assert max(thumb.size) <= 480 and thumb.size == (480, 360)
    assert LARGE == (1600, 1600) and THUMB == (480, 480)


def test_small_images_are_not_enlarged():
    image = store_photo(image_bytes("PNG", size=(300, 200)))

    assert (image.width, image.height) == (300, 200)
    assert opened(image.thumb).size == (300, 200)


def test_png_with_alpha_becomes_webp_keeping_transparency():
    image = store_photo(image_bytes("PNG", size=(2000, 1000), mode="RGBA"))

    assert image.content_type == "image/webp"
    large = opened(image.data)
    assert large.format == "WEBP" and large.mode == "RGBA" and large.size == (1600, 800)
    assert opened(image.thumb).format == "WEBP"


def test_png_without_alpha_becomes_jpeg():
    image = store_photo(image_bytes("PNG", size=(100, 100)))

    assert image.content_type == "image/jpeg"
    assert opened(image.data).format == "JPEG"


def test_webp_is_accepted():
    image = store_photo(image_bytes("WEBP", size=(120, 80)))

    assert (image.width, image.height) == (120, 80)


def test_the_description_is_kept_trimmed():
    image = store_photo(image_bytes(), alt="  Het plein bij nacht  ")

    assert image.alt == "Het plein bij nacht"


@pytest.mark.parametrize(
    "data",
    [
        b"Dit is geen foto, maar een tekstbestand.\n",
        b"",
        image_bytes("JPEG")[:40],  # cut off: the header promises a JPEG that never comes
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
    ],
    ids=["text", "empty", "truncated-jpeg", "pdf"],
)
def test_a_file_that_is_not_a_photo_is_refused(data):
    before = count(StoredImage)

    with pytest.raises(ImageError) as refused:
        store_photo(data)

    assert refused.value.message
    assert count(StoredImage) == before


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF"])
def test_other_image_formats_are_refused(fmt):
    with pytest.raises(ImageError) as refused:
        store_photo(image_bytes(fmt))

    assert "JPEG" in refused.value.message
    assert count(StoredImage) == 0


def test_a_photo_over_5_mb_is_refused():
    too_large = image_bytes("PNG") + b"\0" * MAX_BYTES

    with pytest.raises(ImageError) as refused:
        store_photo(too_large)

    assert "5 MB" in refused.value.message
    assert MAX_BYTES == 5 * 1024 * 1024


def bomb(size: tuple[int, int]) -> bytes:
    """Millions of pixels in a few kilobytes."""
    out = BytesIO()
    Image.new("1", size).save(out, format="PNG", optimize=True)
    return out.getvalue()


def test_a_decompression_bomb_is_refused():
    with pytest.raises(ImageError):
        store_photo(bomb((10_000, 10_000)))


def test_an_image_with_too_many_pixels_is_refused_where_pillow_only_warns():
    """Between Pillow's limit and twice that, Pillow only warns: production must refuse too."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with pytest.raises(ImageError):
            store_photo(bomb((7100, 7100)))  # 50 million pixels
