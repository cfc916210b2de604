"""The schemas of the OpenAPI document: the shape of every answer, field by field. Objects list
every property as required and allow no other, so that an undocumented field is an error."""

from __future__ import annotations

from typing import Any

from participate.api.params import MAX_ID, MAX_PER_PAGE
from participate.api.representations import ANSWER_NAMES
from participate.api.services import PHASES, STATUS_VALUES

SLUG_PATTERN = "^[a-z0-9]+(?:-[a-z0-9]+)*$"


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    return {**schema, "type": [schema["type"], "null"]}


def obj(properties: dict[str, Any], description: str | None = None) -> dict[str, Any]:
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


def text(description: str) -> dict[str, Any]:
    return {"type": "string", "description": description}


def schemas() -> dict[str, Any]:
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
                "error": text("The kind of error, in words."),
                "message": text("What was wrong, for the developer."),
                "parameter": text("The query parameter that was wrong, when one was."),
            },
            "required": ["error", "message"],
            "additionalProperties": False,
        },
        "PageLinks": obj(
            {
                "self": URL,
                "first": URL,
                "last": URL,
                "prev": nullable(URL),
                "next": nullable(URL),
            },
            "The same list with the same filters: this page, the first, the last, the previous "
            "and the next one (null on the first and the last page).",
        ),
        "Theme": obj(
            {
                "id": ID,
                "name": {"type": "string"},
                "colour": {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"},
                "position": {"type": "integer", "description": "Its place in the list, from 0."},
            }
        ),
        "ThemeWithCount": obj(
            {
                "id": ID,
                "name": {"type": "string"},
                "colour": {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"},
                "position": {"type": "integer"},
                "idea_count": {**COUNT, "description": "Its published ideas."},
            }
        ),
        "Consultation": obj(
            {
                "slug": {"type": "string", "pattern": SLUG_PATTERN},
                "title": {"type": "string"},
                "intro": text("The introduction as written, in Markdown."),
                "intro_html": text("The introduction as the site shows it (sanitised HTML)."),
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
                "vote_limit": nullable(
                    {
                        "type": "integer",
                        "minimum": 1,
                        "description": "Votes per citizen, or null for no limit.",
                    }
                ),
                "themes": {"type": "array", "items": ref("Theme")},
                "idea_count": {**COUNT, "description": "Its published ideas."},
                "selftests": {
                    "type": "array",
                    "items": obj({"slug": {"type": "string"}, "links": obj({"self": URL})}),
                    "description": "Its published self-tests.",
                },
                "url": {**URL, "description": "Its page on the site."},
                "links": obj({"self": URL, "themes": URL, "ideas": URL, "comments": URL}),
            }
        ),
        "OfficialResponse": obj(
            {
                "status": status,
                "previous_status": status,
                "response": text("The municipality's response, in Markdown."),
                "response_html": text("The response as the site shows it (sanitised HTML)."),
                "created_at": MOMENT,
            }
        ),
        "Idea": obj(
            {
                "id": ID,
                "consultation": {"type": "string", "description": "The consultation's slug."},
                "theme": obj({"id": ID, "name": {"type": "string"}}),
                "title": {"type": "string"},
                "body": text("As written, in Markdown."),
                "body_html": text("As the site shows it (sanitised HTML)."),
                "place": nullable(text("Where, in the author's words.")),
                "photo": nullable(ref("Photo")),
                "status": status,
                "source": ref("Source"),
                "support_count": COUNT,
                "oppose_count": {
                    **COUNT,
                    "description": "Votes against (always 0 where the consultation only has "
                    "support).",
                },
                "comment_count": {**COUNT, "description": "Its comments everyone sees."},
                "featured": {"type": "boolean", "description": "Highlighted by the moderation."},
                "created_at": MOMENT,
                "updated_at": nullable({**MOMENT, "description": "Last changed by its author."}),
                "edited_by_moderation": {"type": "boolean"},
                "official_responses": {
                    "type": "array",
                    "items": ref("OfficialResponse"),
                    "description": "The statuses the municipality gave it, newest first.",
                },
                "url": {**URL, "description": "Its page on the site."},
                "links": obj({"self": URL, "comments": URL, "consultation": URL}),
            }
        ),
        "Photo": obj(
            {"url": URL, "thumbnail_url": URL},
            "JPEG, PNG or WebP, without any metadata; large and thumbnail.",
        ),
        "Source": {
            "type": "string",
            "enum": ["online", "town_hall"],
            "description": "online, or handed in at the town hall and entered by a moderator.",
        },
        "Comment": obj(
            {
                "id": ID,
                "idea_id": ID,
                "parent_id": nullable(
                    {
                        **ID,
                        "description": "The comment it replies to (which may since have been "
                        "removed and so not be listed), or null.",
                    }
                ),
                "body": text("As written, in Markdown."),
                "body_html": text("As the site shows it (sanitised HTML)."),
                "source": ref("Source"),
                "created_at": MOMENT,
                "edited_at": nullable(MOMENT),
                "edited_by_moderation": {"type": "boolean"},
                "url": {**URL, "description": "Where it is on the site."},
                "links": obj({"idea": URL}),
            }
        ),
        "SelfTest": obj(
            {
                "slug": {"type": "string", "pattern": SLUG_PATTERN},
                "title": {"type": "string"},
                "intro": text("In Markdown."),
                "intro_html": text("Sanitised HTML."),
                "consultation": nullable(text("The slug of the consultation it belongs to.")),
                "current_version": {"type": "integer", "minimum": 1},
                "versions": {
                    "type": "array",
                    "items": obj(
                        {"number": {"type": "integer", "minimum": 1}, "created_at": MOMENT}
                    ),
                    "description": "A new version starts when statements or profiles change "
                    "after people took the test; the figures are per version.",
                },
                "url": {**URL, "description": "Where to take it."},
                "links": obj({"self": URL, "aggregates": URL}),
            }
        ),
        "Aggregates": obj(
            {
                "selftest": {"type": "string"},
                "version": {"type": "integer", "minimum": 1},
                "completions": {**COUNT, "description": "Tests finished with this version."},
                "per_day": {
                    "type": "array",
                    "items": obj(
                        {"date": {"type": "string", "format": "date"}, "completions": COUNT}
                    ),
                    "description": "Oldest first; days without any are left out.",
                },
                "statements": {
                    "type": "array",
                    "items": obj(
                        {
                            "key": {
                                "type": "integer",
                                "description": "The same statement in every version.",
                            },
                            "position": {"type": "integer"},
                            "text": {"type": "string"},
                            "theme": nullable({"type": "string"}),
                            "answers": obj(
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
                    "items": obj(
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
            f"{name}Page": obj(
                {
                    "items": {"type": "array", "items": ref(name)},
                    "total": {**COUNT, "description": "Items in the whole list."},
                    "page": {"type": "integer", "minimum": 1},
                    "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
                    "pages": {"type": "integer", "minimum": 1},
                    "links": ref("PageLinks"),
                }
            )
            for name in ("Consultation", "Idea", "Comment", "SelfTest")
        },
        "ThemeList": obj(
            {
                "items": {"type": "array", "items": ref("ThemeWithCount")},
                "total": COUNT,
            }
        ),
    }
