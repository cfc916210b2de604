"""Photos: accept JPEG, PNG or WebP up to 5 MB, re-encode with Pillow (which drops EXIF and
GPS data) and resize to a large and a thumbnail size."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO

from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from participate.db import db
from participate.images.models import StoredImage

MAX_BYTES = 5 * 1024 * 1024
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
LARGE = (1600, 1600)
THUMB = (480, 480)
MAX_PIXELS = 40_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # refuse decompression bombs


class ImageError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _encode(img: Image.Image, box: tuple[int, int], fmt: str) -> bytes:
    copy = img.copy()
    copy.thumbnail(box, Image.Resampling.LANCZOS)
    out = BytesIO()
    if fmt == "JPEG":
        copy.convert("RGB").save(out, format="JPEG", quality=82, optimize=True, progressive=True)
    else:
        copy.save(out, format="WEBP", quality=82, method=4)
    return out.getvalue()


def store_photo(data: bytes, alt: str = "") -> StoredImage:
    """Validate and re-encode an uploaded photo; raise ImageError with a translated reason."""
    if len(data) > MAX_BYTES:
        raise ImageError(_("The photo is too large: at most 5 MB."))
    try:
        with Image.open(BytesIO(data)) as img:
            if img.format not in ACCEPTED_FORMATS:
                raise ImageError(_("Upload a photo as JPEG, PNG or WebP."))
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that; refuse before decoding.
            if img.width * img.height > MAX_PIXELS:
                raise Image.DecompressionBombError(f"{img.width}x{img.height}")
            img.load()
            img = ImageOps.exif_transpose(img)  # keep the orientation, then drop all metadata
            has_alpha = img.mode in ("RGBA", "LA") or (
                img.mode == "P" and "transparency" in img.info
            )
            fmt = "WEBP" if has_alpha else "JPEG"
            work = img.convert("RGBA" if has_alpha else "RGB")
    except ImageError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,  # raised, not warned, where warnings are errors
    ) as exc:
        raise ImageError(
            _("This file is not a photo we can read. Upload a JPEG, PNG or WebP image.")
        ) from exc

    large = _encode(work, LARGE, fmt)
    with Image.open(BytesIO(large)) as check:
        width, height = check.size
    image = StoredImage(
        content_type="image/jpeg" if fmt == "JPEG" else "image/webp",
        width=width,
        height=height,
        data=large,
        thumb=_encode(work, THUMB, fmt),
        alt=alt.strip()[:300],
    )
    db.session.add(image)
    db.session.flush()
    return image


# Who may see an image is decided by the capability that uses it (an idea awaiting moderation
# shows its photo to its author and the moderators only). Capabilities register a check here,
# so that this package needs to know nothing about them.
AccessCheck = Callable[[int], "str | None"]
_access_checks: list[AccessCheck] = []


def register_access_check(check: AccessCheck) -> None:
    """`check(image_id)` answers "public", "private" (this visitor only), "denied", or None
    when the image is not one of its own."""
    if check not in _access_checks:
        _access_checks.append(check)


def image_access(image_id: int) -> str:
    answers = {answer for check in _access_checks if (answer := check(image_id)) is not None}
    for level in ("denied", "private"):
        if level in answers:
            return level
    return "public"
