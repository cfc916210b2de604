"""The paths of the OpenAPI document: every operation with its parameters, answers and errors,
and the parameters and answers they share."""

from __future__ import annotations

from typing import Any

from participate.api.openapi.schemas import ID, SLUG_PATTERN, ref
from participate.api.params import MAX_ID, MAX_PAGE, MAX_PER_PAGE, PER_PAGE
from participate.api.services import IDEA_SORTS, PHASES, STATUS_VALUES

DEMO_CONSULTATION = "ruimte-voor-morgen"  # the demo data's, as an example
DEMO_SELFTEST = "waar-wil-jij-wonen"


def parameters() -> dict[str, Any]:
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


def responses() -> dict[str, Any]:
    error = {"application/json": {"schema": ref("Error")}}
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
            "content": {"application/json": {"schema": ref(schema)}},
        },
        "304": {"$ref": "#/components/responses/NotModified"},
        "400": {"$ref": "#/components/responses/BadRequest"},
        "429": {"$ref": "#/components/responses/TooManyRequests"},
    }
    if not_found:
        responses["404"] = {
            "description": not_found,
            "content": {"application/json": {"schema": ref("Error")}},
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


def paths() -> dict[str, Any]:
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
