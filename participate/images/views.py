from __future__ import annotations

from flask import Response, abort, request

from participate.db import db
from participate.images import bp
from participate.images.models import StoredImage
from participate.images.services import image_access


@bp.get("/images/<int:image_id>/<any(large, thumb):size>")
def image(image_id: int, size: str):
    img = db.get_or_404(StoredImage, image_id)
    access = image_access(image_id)
    if access == "denied":
        abort(404)
    body = img.data if size == "large" else img.thumb
    response = Response(body, mimetype=img.content_type)
    response.set_etag(f"{img.id}-{size}")
    if access == "private":
        response.cache_control.private = True
        response.cache_control.no_store = True
    else:
        response.cache_control.public = True
        response.cache_control.max_age = 31536000  # an image never changes under its id
        response.cache_control.immutable = True
    return response.make_conditional(request)
