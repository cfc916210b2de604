"""The OpenAPI 3.1 document of the open data API, served at /api/v1/openapi.json. It describes
every route, parameter, answer and error exactly (objects allow no other properties), and the
test suite holds the API to it with schemathesis (tests/api/test_schemathesis.py)."""

from __future__ import annotations

from typing import Any

from flask import current_app

from participate.api.params import MAX_ID, MAX_PAGE, MAX_PER_PAGE, PER_PAGE
from participate.api.representations import ANSWER_NAMES
from participate.api.services import IDEA_SORTS, PHASES, STATUS_VALUES

VERSION = "1.0.0"
DEMO_CONSULTATION = "ruimte-voor-morgen"  # the demo data's, as an example
DEMO_SELFTEST = "waar-wil-jij-wonen"
SLUG_PATTERN = "^[a-z0-9]+(?:-[a-z0-9]+)*$"

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


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    return {**schema, "type": [schema["type"], "null"]}


def _object(properties: dict[str, Any], description: str | None = None) -> dict[str, Any]:
    """An object whose properties are all present and nothing else is."""
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


URL = {"type": "string", "format": "uri"}
MOMENT = {"type": "string", "format": "date-time"}
COUNT = {"type": "integer", "minimum": 0}
ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}


def _text(description: str) -> dict[str, Any]:
    return {"type": "string", "description": description}


def _schemas() -> dict[str, Any]:
    status = {
        "type": "string",
        "enum": list(STATUS_VALUES),
        "description": "published; under_consideration, accepted, not_accepted or implemented: "
        "the status the municipality gave it, with an official response.",
    }
    return {
        "Error": {
            "type": "object",
            "properties": {
                "error": _text("The kind of error, in words."),
                "message": _text("What was wrong, for the developer."),
                "parameter": _text("The query parameter that was wrong, when one was."),
            },
            "required": ["error", "message"],
            "additionalProperties": False,
        },
        "PageLinks": _object(
            {
                "self": URL,
                "first": URL,
                "last": URL,
                "prev": _nullable(URL),
                "next": _nullable(URL),
            },
            "The same list with the same filters: this page, the first, the last, the previous "
            "and the next one (null on the first and the last page).",
        ),
        "Theme": _object(
            {
                "id": ID,
                "name": {"type": "string"},
                "colour": {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"},
                "position": {"type": "integer", "description": "Its place in the list, from 0."},
            }
        ),
        "ThemeWithCount": _object(
            {
                "id": ID,
                "name": {"type": "string"},
                "colour": {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"},
                "position": {"type": "integer"},
                "idea_count": {**COUNT, "description": "Its published ideas."},
            }
        ),
        "Consultation": _object(
            {
                "slug": {"type": "string", "pattern": SLUG_PATTERN},
                "title": {"type": "string"},
                "intro": _text("The introduction as written, in Markdown."),
                "intro_html": _text("The introduction as the site shows it (sanitised HTML)."),
                "phase": {
                    "type": "string",
                    "enum": list(PHASES),
                    "description": "Now: upcoming, ideas (posting and voting), voting (the final "
                    "voting round), closed, results (published).",
                },
                "ideas_open_at": MOMENT,
                "voting_open_at": MOMENT,
                "closed_at": MOMENT,
                "results_at": MOMENT,
                "moderation": {
                    "type": "string",
                    "enum": ["pre", "post"],
                    "description": "pre: a moderator approves each idea before it shows; "
                    "post: it shows at once and is looked at afterwards.",
                },
                "voting": {
                    "type": "string",
                    "enum": ["support", "for_against"],
                    "description": "support: citizens support ideas; for_against: they also "
                    "vote against.",
                },
                "vote_limit": _nullable(
                    {
                        "type": "integer",
                        "minimum": 1,
                        "description": "Votes per citizen, or null for no limit.",
                    }
                ),
                "themes": {"type": "array", "items": _ref("Theme")},
                "idea_count": {**COUNT, "description": "Its published ideas."},
                "selftests": {
                    "type": "array",
                    "items": _object({"slug": {"type": "string"}, "links": _object({"self": URL})}),
                    "description": "Its published self-tests.",
                },
                "url": {**URL, "description": "Its page on the site."},
                "links": _object({"self": URL, "themes": URL, "ideas": URL, "comments": URL}),
            }
        ),
        "OfficialResponse": _object(
            {
                "status": status,
                "previous_status": status,
                "response": _text("The municipality's response, in Markdown."),
                "response_html": _text("The response as the site shows it (sanitised HTML)."),
                "created_at": MOMENT,
            }
        ),
        "Idea": _object(
            {
                "id": ID,
                "consultation": {"type": "string", "description": "The consultation's slug."},
                "theme": _object({"id": ID, "name": {"type": "string"}}),
                "title": {"type": "string"},
                "body": _text("As written, in Markdown."),
                "body_html": _text("As the site shows it (sanitised HTML)."),
                "place": _nullable(_text("Where, in the author's words.")),
                "photo": _nullable(_ref("Photo")),
                "status": status,
                "source": _ref("Source"),
                "support_count": COUNT,
                "oppose_count": {
                    **COUNT,
                    "description": "Votes against (always 0 where the consultation only has "
                    "support).",
                },
                "comment_count": {**COUNT, "description": "Its comments everyone sees."},
                "featured": {"type": "boolean", "description": "Highlighted by the moderation."},
                "created_at": MOMENT,
                "updated_at": _nullable({**MOMENT, "description": "Last changed by its author."}),
                "edited_by_moderation": {"type": "boolean"},
                "official_responses": {
                    "type": "array",
                    "items": _ref("OfficialResponse"),
                    "description": "The statuses the municipality gave it, newest first.",
                },
                "url": {**URL, "description": "Its page on the site."},
                "links": _object({"self": URL, "comments": URL, "consultation": URL}),
            }
        ),
        "Photo": _object(
            {"url": URL, "thumbnail_url": URL},
            "JPEG, PNG or WebP, without any metadata; large and thumbnail.",
        ),
        "Source": {
            "type": "string",
            "enum": ["online", "town_hall"],
            "description": "online, or handed in at the town hall and entered by a moderator.",
        },
        "Comment": _object(
            {
                "id": ID,
                "idea_id": ID,
                "parent_id": _nullable(
                    {
                        **ID,
                        "description": "The comment it replies to (which may since have been "
                        "removed and so not be listed), or null.",
                    }
                ),
                "body": _text("As written, in Markdown."),
                "body_html": _text("As the site shows it (sanitised HTML)."),
                "source": _ref("Source"),
                "created_at": MOMENT,
                "edited_at": _nullable(MOMENT),
                "edited_by_moderation": {"type": "boolean"},
                "url": {**URL, "description": "Where it is on the site."},
                "links": _object({"idea": URL}),
            }
        ),
        "SelfTest": _object(
            {
                "slug": {"type": "string", "pattern": SLUG_PATTERN},
                "title": {"type": "string"},
                "intro": _text("In Markdown."),
                "intro_html": _text("Sanitised HTML."),
                "consultation": _nullable(_text("The slug of the consultation it belongs to.")),
                "current_version": {"type": "integer", "minimum": 1},
                "versions": {
                    "type": "array",
                    "items": _object(
                        {"number": {"type": "integer", "minimum": 1}, "created_at": MOMENT}
                    ),
                    "description": "A new version starts when statements or profiles change "
                    "after people took the test; the figures are per version.",
                },
                "url": {**URL, "description": "Where to take it."},
                "links": _object({"self": URL, "aggregates": URL}),
            }
        ),
        "Aggregates": _object(
            {
                "selftest": {"type": "string"},
                "version": {"type": "integer", "minimum": 1},
                "completions": {**COUNT, "description": "Tests finished with this version."},
                "per_day": {
                    "type": "array",
                    "items": _object(
                        {"date": {"type": "string", "format": "date"}, "completions": COUNT}
                    ),
                    "description": "Oldest first; days without any are left out.",
                },
                "statements": {
                    "type": "array",
                    "items": _object(
                        {
                            "key": {
                                "type": "integer",
                                "description": "The same statement in every version.",
                            },
                            "position": {"type": "integer"},
                            "text": {"type": "string"},
                            "theme": _nullable({"type": "string"}),
                            "answers": _object(
                                dict.fromkeys(ANSWER_NAMES.values(), COUNT),
                                "How many answered each step of the scale, or no opinion.",
                            ),
                            "skipped": COUNT,
                            "marked_important": {
                                **COUNT,
                                "description": "Answers marked “this matters a lot to me”.",
                            },
                        }
                    ),
                },
                "profiles": {
                    "type": "array",
                    "items": _object(
                        {
                            "key": {"type": "integer"},
                            "name": {"type": "string"},
                            "first_places": {
                                **COUNT,
                                "description": "Tests in which it matched best.",
                            },
                        }
                    ),
                },
            }
        ),
        **{
            f"{name}Page": _object(
                {
                    "items": {"type": "array", "items": _ref(name)},
                    "total": {**COUNT, "description": "Items in the whole list."},
                    "page": {"type": "integer", "minimum": 1},
                    "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
                    "pages": {"type": "integer", "minimum": 1},
                    "links": _ref("PageLinks"),
                }
            )
            for name in ("Consultation", "Idea", "Comment", "SelfTest")
        },
        "ThemeList": _object(
            {
                "items": {"type": "array", "items": _ref("ThemeWithCount")},
                "total": COUNT,
            }
        ),
    }


def _parameters() -> dict[str, Any]:
    return {
        "page": {
            "name": "page",
            "in": "query",
            "description": "The page, from 1. Past the last page the list is empty.",
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
        },
        "per_page": {
            "name": "per_page",
            "in": "query",
            "description": "Items per page.",
            "schema": {
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_PER_PAGE,
                "default": PER_PAGE,
            },
        },
        "since": {
            "name": "since",
            "in": "query",
            "description": "Only what was posted at or after this moment (with its time zone).",
            "schema": {"type": "string", "format": "date-time"},
            "example": "2026-03-01T00:00:00Z",
        },
        "consultation_slug": {
            "name": "slug",
            "in": "path",
            "required": True,
            "description": "The consultation's address (slug).",
            "schema": {"type": "string", "pattern": SLUG_PATTERN, "maxLength": 80},
            "example": DEMO_CONSULTATION,
        },
        "selftest_slug": {
            "name": "slug",
            "in": "path",
            "required": True,
            "description": "The self-test's address (slug).",
            "schema": {"type": "string", "pattern": SLUG_PATTERN, "maxLength": 80},
            "example": DEMO_SELFTEST,
        },
        "idea_id": {
            "name": "idea_id",
            "in": "path",
            "required": True,
            "description": "The idea's number.",
            "schema": ID,
            "example": 1,
        },
        "if_none_match": {
            "name": "If-None-Match",
            "in": "header",
            "description": "The ETag of an answer you hold: if it is still the same, the answer "
            "is 304 without a body.",
            "schema": {"type": "string"},
        },
    }


def _param(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/parameters/{name}"}


def _responses() -> dict[str, Any]:
    error = {"application/json": {"schema": _ref("Error")}}
    return {
        "NotModified": {
            "description": "Not modified: the answer is the same as the one with this ETag.",
            "headers": {"ETag": {"$ref": "#/components/headers/ETag"}},
        },
        "BadRequest": {
            "description": "A query parameter is unknown, given twice or cannot be read.",
            "content": error,
        },
        "NotFound": {
            "description": "It does not exist, or is not public.",
            "content": error,
        },
        "TooManyRequests": {
            "description": "Past the rate limit: wait `Retry-After` seconds.",
            "headers": {"Retry-After": {"schema": {"type": "string"}}},
            "content": error,
        },
    }


def _operation(
    operation_id: str,
    summary: str,
    schema: str,
    parameters: list[str | dict[str, Any]],
    *,
    not_found: str | None = None,
    description: str | None = None,
    tag: str,
) -> dict[str, Any]:
    responses: dict[str, Any] = {
        "200": {
            "description": "OK",
            "headers": {
                "ETag": {"$ref": "#/components/headers/ETag"},
                "Cache-Control": {"$ref": "#/components/headers/Cache-Control"},
                "Access-Control-Allow-Origin": {
                    "$ref": "#/components/headers/Access-Control-Allow-Origin"
                },
            },
            "content": {"application/json": {"schema": _ref(schema)}},
        },
        "304": {"$ref": "#/components/responses/NotModified"},
        "400": {"$ref": "#/components/responses/BadRequest"},
        "429": {"$ref": "#/components/responses/TooManyRequests"},
    }
    if not_found:
        responses["404"] = {
            "description": not_found,
            "content": {"application/json": {"schema": _ref("Error")}},
        }
    operation: dict[str, Any] = {
        "operationId": operation_id,
        "summary": summary,
        "tags": [tag],
        "parameters": [
            *(_param(p) if isinstance(p, str) else p for p in parameters),
            _param("if_none_match"),
        ],
        "responses": dict(sorted(responses.items())),
    }
    if description:
        operation["description"] = description
    return operation


def _query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "description": description, "schema": schema}


def _paths() -> dict[str, Any]:
    no_consultation = "There is no consultation with this slug."
    return {
        "/consultations": {
            "get": {
                **_operation(
                    "listConsultations",
                    "Consultations",
                    "ConsultationPage",
                    [
                        "page",
                        "per_page",
                        _query(
                            "phase",
                            "Only the consultations in this phase now.",
                            {"type": "string", "enum": list(PHASES)},
                        ),
                    ],
                    description="Every consultation, announced ones too; the latest to open first.",
                    tag="Consultations",
                ),
            }
        },
        "/consultations/{slug}": {
            "get": _operation(
                "getConsultation",
                "A consultation",
                "Consultation",
                ["consultation_slug"],
                not_found=no_consultation,
                tag="Consultations",
            )
        },
        "/consultations/{slug}/themes": {
            "get": _operation(
                "listThemes",
                "The themes of a consultation, with their number of published ideas",
                "ThemeList",
                ["consultation_slug"],
                not_found=no_consultation,
                tag="Consultations",
            )
        },
        "/consultations/{slug}/ideas": {
            "get": _operation(
                "listIdeas",
                "The published ideas of a consultation",
                "IdeaPage",
                [
                    "consultation_slug",
                    "page",
                    "per_page",
                    _query(
                        "theme",
                        "Only the ideas of this theme (its `id`).",
                        {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                    ),
                    _query(
                        "status",
                        "Only the ideas with this status.",
                        {"type": "string", "enum": list(STATUS_VALUES)},
                    ),
                    "since",
                    _query(
                        "sort",
                        "oldest (the default) or newest posted first; supported: most support "
                        "(minus votes against) first; discussed: most comments first.",
                        {"type": "string", "enum": list(IDEA_SORTS), "default": "oldest"},
                    ),
                ],
                not_found="There is no consultation with this slug, or it has no theme with the "
                "number given in `theme` (then `parameter` is `theme`).",
                description="With their theme, support, status and the municipality's official "
                "responses.",
                tag="Ideas",
            )
        },
        "/consultations/{slug}/comments": {
            "get": _operation(
                "listConsultationComments",
                "The comments on the published ideas of a consultation",
                "CommentPage",
                ["consultation_slug", "page", "per_page", "since"],
                not_found=no_consultation,
                description="The comments everyone sees, oldest first.",
                tag="Comments",
            )
        },
        "/ideas/{idea_id}": {
            "get": _operation(
                "getIdea",
                "A published idea",
                "Idea",
                ["idea_id"],
                not_found="There is no published idea with this number.",
                tag="Ideas",
            )
        },
        "/ideas/{idea_id}/comments": {
            "get": _operation(
                "listIdeaComments",
                "The comments on a published idea",
                "CommentPage",
                ["idea_id", "page", "per_page", "since"],
                not_found="There is no published idea with this number.",
                description="The comments everyone sees, oldest first; replies have a `parent_id`.",
                tag="Comments",
            )
        },
        "/selftests": {
            "get": _operation(
                "listSelfTests",
                "Published self-tests",
                "SelfTestPage",
                [
                    "page",
                    "per_page",
                    _query(
                        "consultation",
                        "Only the self-tests of this consultation (its slug).",
                        {"type": "string", "pattern": SLUG_PATTERN, "maxLength": 80},
                    ),
                ],
                not_found="There is no consultation with the slug given in `consultation`.",
                tag="Self-tests",
            )
        },
        "/selftests/{slug}": {
            "get": _operation(
                "getSelfTest",
                "A published self-test",
                "SelfTest",
                ["selftest_slug"],
                not_found="There is no published self-test with this slug.",
                tag="Self-tests",
            )
        },
        "/selftests/{slug}/aggregates": {
            "get": _operation(
                "getSelfTestAggregates",
                "The figures of a self-test",
                "Aggregates",
                [
                    "selftest_slug",
                    _query(
                        "version",
                        "The version's number (the current one by default).",
                        {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                    ),
                ],
                not_found="There is no published self-test with this slug, or it has no such "
                "`version` (then `parameter` is `version`).",
                description="Completions per day, the answers to each statement and how often "
                "each profile matched best, for one version (the current one by default). "
                "Counted from the stored answers; anonymous answers are deleted after the "
                "self-test's retention period.",
                tag="Self-tests",
            )
        },
        "/openapi.json": {
            "get": {
                **_operation(
                    "getOpenApiDocument",
                    "This document",
                    "OpenApiDocument",
                    [],
                    tag="About",
                ),
            }
        },
    }


def openapi_document() -> dict[str, Any]:
    paths = _paths()
    schemas = _schemas()
    schemas["OpenApiDocument"] = {
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
        "paths": paths,
        "components": {
            "schemas": schemas,
            "parameters": _parameters(),
            "responses": _responses(),
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
