"""The OpenAPI 3.1 document of the open data API, served at /api/v1/openapi.json. It describes
every route, parameter, answer and error exactly (objects allow no other properties), and the
test suite holds the API to it with schemathesis (tests/api/test_schemathesis.py)."""

from __future__ import annotations

from typing import Any

from flask import current_app

from participate.api.openapi.paths import parameters, paths, responses
from participate.api.openapi.schemas import schemas

VERSION = "1.0.0"

DESCRIPTION = """\
Open data of this participation site: its consultations and their themes, the published ideas
with their support, status and the municipality's official responses, the comments on them,
and the figures of the self-tests. Read-only, without an account.

Only what the site shows everyone is here: never an idea or comment that waits for the
moderation, was hidden, rejected or merged by it, or was withdrawn or removed by its author,
and nothing about a person: no names, no e-mail addresses, no accounts. A contribution handed
in at the town hall (on paper or at the counter) has `source` `town_hall`.

* **Lists** are pages: `page` (from 1) and `per_page` (1 to 100, 20 by default); each answer
  holds the `total`, the number of `pages` and `links` to the first, last, previous and next
  page with the same filters. Orders are stable: each ends with the id.
* **Caching**: every answer has an `ETag`; send it back in `If-None-Match` and an unchanged
  answer is a `304 Not Modified` without a body. Answers may be cached for a minute
  (`Cache-Control: public, max-age=60`; this document for an hour).
* **CORS**: any website may read the API from a browser (`Access-Control-Allow-Origin: *`).
* **Rate limit**: a number of requests per minute per address; past it, `429 Too Many
  Requests` with `Retry-After` (seconds). `X-RateLimit-Limit`, `X-RateLimit-Remaining` and
  `X-RateLimit-Reset` tell where you are.
* **Errors** are JSON (`Error`): `400` for a query parameter the API does not know, gives
  twice or cannot read (the answer's `parameter` names it), `404` for something that does not
  exist (or is not public), `405` for a method other than GET, HEAD or OPTIONS (with `Allow`),
  `429` past the rate limit. Messages are in the site's language.
* **Times** are UTC in RFC 3339 (`2026-03-01T09:30:00Z`); the self-test's days are dates in
  the municipality's time zone.
"""


def openapi_document() -> dict[str, Any]:
    components = schemas()
    components["OpenApiDocument"] = {
        "type": "object",
        "description": "An OpenAPI 3.1 document.",
        "required": ["openapi", "info", "paths"],
    }
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "info": {
            "title": "Participate open data API",
            "version": VERSION,
            "summary": "Consultations, ideas, comments and self-test figures, read-only.",
            "description": DESCRIPTION,
            "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"},
        },
        "servers": [{"url": current_app.config["BASE_URL"] + "/api/v1"}],
        "tags": [
            {"name": "Consultations"},
            {"name": "Ideas"},
            {"name": "Comments"},
            {"name": "Self-tests"},
            {"name": "About"},
        ],
        "paths": paths(),
        "components": {
            "schemas": components,
            "parameters": parameters(),
            "responses": responses(),
            "headers": {
                "ETag": {
                    "description": "Identifies this answer; send it in `If-None-Match`.",
                    "required": True,
                    "schema": {"type": "string"},
                },
                "Cache-Control": {
                    "description": "public, max-age=60 (this document: 3600).",
                    "required": True,
                    "schema": {"type": "string"},
                },
                "Access-Control-Allow-Origin": {
                    "description": "Always `*`: any website may read the API.",
                    "required": True,
                    "schema": {"type": "string", "const": "*"},
                },
            },
        },
    }
