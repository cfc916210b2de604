"""The JSON shape of each thing the API shows (described, field by field, in openapi.py).
Only what the site shows everyone, and never who wrote it: no account, name or e-mail address."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from participate.api.params import Paging
from participate.api.services import STATUS_NAMES, Page
from participate.consultations.models import Consultation, Theme
from participate.ideas.models import Comment, Idea, StatusChange
from participate.selftest.aggregates import Aggregates
from participate.selftest.models import SelfTest
from participate.text import render_markdown
from participate.urls import external_url

# The answer scale of the self-test (0..4 and "no opinion"), by name.
ANSWER_NAMES = {
    0: "fully_disagree",
    1: "disagree",
    2: "neutral",
    3: "agree",
    4: "fully_agree",
    None: "no_opinion",
}


def moment(value: datetime | None) -> str | None:
    """RFC 3339 in UTC with a Z, to the second."""
    if value is None:
        return None
    return value.replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def page(result: Page, items: list[dict[str, Any]], endpoint: str, **values: Any) -> dict:
    """A page of a list with its total and the links to its neighbours (the same filters)."""
    paging: Paging = result.paging

    def link(number: int) -> str:
        return external_url(endpoint, **values, page=number, per_page=paging.per_page)

    last = result.pages
    return {
        "items": items,
        "total": result.total,
        "page": paging.page,
        "per_page": paging.per_page,
        "pages": last,
        "links": {
            "self": link(paging.page),
            "first": link(1),
            "last": link(last),
            "prev": link(min(paging.page - 1, last)) if paging.page > 1 else None,
            "next": link(paging.page + 1) if paging.page < last else None,
        },
    }


def theme(theme: Theme) -> dict:
    return {"id": theme.id, "name": theme.name, "colour": theme.colour, "position": theme.position}


def consultation(c: Consultation, *, idea_count: int, selftests: list[str]) -> dict:
    return {
        "slug": c.slug,
        "title": c.title,
        "intro": c.intro_md,
        "intro_html": render_markdown(c.intro_md),
        "phase": c.phase().value,
        "ideas_open_at": moment(c.ideas_open_at),
        "voting_open_at": moment(c.voting_open_at),
        "closed_at": moment(c.closed_at),
        "results_at": moment(c.results_at),
        "moderation": c.moderation_mode,
        "voting": c.voting_mode,
        "vote_limit": c.vote_limit,
        "themes": [theme(t) for t in c.themes],
        "idea_count": idea_count,
        "selftests": [
            {"slug": slug, "links": {"self": external_url("api.selftest", slug=slug)}}
            for slug in selftests
        ],
        "url": external_url("consultations.show", slug=c.slug),
        "links": {
            "self": external_url("api.consultation", slug=c.slug),
            "themes": external_url("api.themes", slug=c.slug),
            "ideas": external_url("api.ideas", slug=c.slug),
            "comments": external_url("api.consultation_comments", slug=c.slug),
        },
    }


def official_response(change: StatusChange) -> dict:
    return {
        "status": STATUS_NAMES.get(change.to_status, change.to_status),
        "previous_status": STATUS_NAMES.get(change.from_status, change.from_status),
        "response": change.response_md,
        "response_html": render_markdown(change.response_md),
        "created_at": moment(change.created_at),
    }


def idea(i: Idea, consultation_slug: str) -> dict:
    photo = None
    if i.photo_id is not None:
        photo = {
            "url": external_url("images.image", image_id=i.photo_id, size="large"),
            "thumbnail_url": external_url("images.image", image_id=i.photo_id, size="thumb"),
        }
    return {
        "id": i.id,
        "consultation": consultation_slug,
        "theme": {"id": i.theme.id, "name": i.theme.name},
        "title": i.title,
        "body": i.body_md,
        "body_html": render_markdown(i.body_md),
        "place": i.place or None,
        "photo": photo,
        "status": STATUS_NAMES[i.status],
        "source": i.source,
        "support_count": i.support_count,
        "oppose_count": i.oppose_count,
        "comment_count": i.comment_count,
        "featured": i.featured,
        "created_at": moment(i.created_at),
        "updated_at": moment(i.updated_at),
        "edited_by_moderation": i.moderator_edited_at is not None,
        "official_responses": [official_response(c) for c in i.status_changes],
        "url": external_url("ideas.show", idea_id=i.id),
        "links": {
            "self": external_url("api.idea", idea_id=i.id),
            "comments": external_url("api.idea_comments", idea_id=i.id),
            "consultation": external_url("api.consultation", slug=consultation_slug),
        },
    }


def comment(c: Comment) -> dict:
    return {
        "id": c.id,
        "idea_id": c.idea_id,
        "parent_id": c.parent_id,
        "body": c.body_md,
        "body_html": render_markdown(c.body_md),
        "source": c.source,
        "created_at": moment(c.created_at),
        "edited_at": moment(c.edited_at),
        "edited_by_moderation": c.moderator_edited_at is not None,
        "url": external_url("ideas.show", idea_id=c.idea_id) + f"#comment-{c.id}",
        "links": {"idea": external_url("api.idea", idea_id=c.idea_id)},
    }


def selftest(t: SelfTest) -> dict:
    return {
        "slug": t.slug,
        "title": t.title,
        "intro": t.intro_md,
        "intro_html": render_markdown(t.intro_md),
        "consultation": t.consultation.slug if t.consultation else None,
        "current_version": t.current_version.number,
        "versions": [{"number": v.number, "created_at": moment(v.created_at)} for v in t.versions],
        "url": external_url("selftest.intro", slug=t.slug),
        "links": {
            "self": external_url("api.selftest", slug=t.slug),
            "aggregates": external_url("api.aggregates", slug=t.slug),
        },
    }


def aggregates(t: SelfTest, figures: Aggregates) -> dict:
    return {
        "selftest": t.slug,
        "version": figures.version.number,
        "completions": figures.completions,
        "per_day": [{"date": day.isoformat(), "completions": n} for day, n in figures.per_day],
        "statements": [
            {
                "key": s.statement.key,
                "position": s.statement.position,
                "text": s.statement.text,
                "theme": s.statement.theme or None,
                "answers": {ANSWER_NAMES[step]: n for step, n in s.counts.items()},
                "skipped": s.skipped,
                "marked_important": s.important,
            }
            for s in figures.statements
        ],
        "profiles": [
            {"key": p.key, "name": p.name, "first_places": n} for p, n in figures.first_places
        ],
    }
