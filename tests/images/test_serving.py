"""Stored photos are served from the database with long caching."""

from __future__ import annotations

from io import BytesIO

from PIL import Image

from participate.db import db
from participate.images.services import store_photo
from tests.factories import image_bytes


def test_a_stored_image_is_served_with_long_caching(client, app):
    with app.test_request_context():
        image_id = store_photo(image_bytes("JPEG", size=(900, 600))).id
        db.session.commit()

    response = client.get(f"/images/{image_id}/thumb")

    assert response.status_code == 200
    assert response.mimetype == "image/jpeg"
    assert Image.open(BytesIO(response.data)).size == (480, 320)
    assert "immutable" in response.headers["Cache-Control"]
    assert client.get(f"/images/{image_id}/huge").status_code == 404
    assert client.get("/images/999999/large").status_code == 404
