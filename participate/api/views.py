"""The open data API's routes: read the parameters, load, answer. What may be shown is
decided in services.py, the shape of each answer in representations.py."""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _

from participate.api import bp, params, services
from participate.api import representations as rep
from participate.api.http import ApiError, json_response
from participate.api.openapi import openapi_document
from participate.consultations.models import Consultation
from participate.ideas.models import Idea
from participate.selftest.aggregates import aggregates as selftest_aggregates
from participate.selftest.models import SelfTest
from participate.urls import external_url

PAGING = ("page", "per_page")


def _consultation_or_404(slug: str) -> Consultation:
    consultation = services.consultation(slug)
    if consultation is None:
        raise ApiError(404, _("There is no consultation with the address “%(slug)s”.", slug=slug))
    return consultation


def _idea_or_404(idea_id: int) -> Idea:
    idea = services.idea(idea_id) if idea_id <= params.MAX_ID else None
    if idea is None:
        raise ApiError(404, _("There is no published idea with the number %(id)d.", id=idea_id))
    return idea


def _selftest_or_404(slug: str) -> SelfTest:
    selftest = services.selftest(slug)
    if selftest is None:
        raise ApiError(
            404, _("There is no published self-test with the address “%(slug)s”.", slug=slug)
        )
    return selftest


@bp.get("/api")
def docs():
    """The page for people: what the API offers and where its description is."""
    endpoints = [
        ("/consultations", _("Every consultation, with its phase, dates and themes.")),
        ("/consultations/{slug}", _("One consultation.")),
        ("/consultations/{slug}/themes", _("Its themes, with their number of published ideas.")),
        (
            "/consultations/{slug}/ideas",
            _(
                "Its published ideas: support, status and official responses; by theme, status or date."
            ),
        ),
        ("/consultations/{slug}/comments", _("The comments on its published ideas.")),
        ("/ideas/{id}", _("One published idea.")),
        ("/ideas/{id}/comments", _("The comments on one published idea.")),
        ("/selftests", _("The published self-tests.")),
        ("/selftests/{slug}", _("One published self-test and its versions.")),
        ("/selftests/{slug}/aggregates", _("The figures of a self-test: answers and results.")),
        ("/openapi.json", _("The description of all of this, in OpenAPI 3.1.")),
    ]
    return render_template(
        "api/index.html",
        endpoints=endpoints,
        max_per_page=params.MAX_PER_PAGE,
        consultations_url=external_url("api.consultations"),
        openapi_url=external_url("api.openapi"),
    )


@bp.get("/api/v1/openapi.json")
def openapi():
    params.check_known(())
    return json_response(openapi_document(), max_age=3600)


@bp.get("/api/v1/consultations")
def consultations():
    params.check_known((*PAGING, "phase"))
    phase = params.choice("phase", services.PHASES)
    result = services.consultations(phase=phase, paging=params.paging())
    ids = [c.id for c in result.items]
    counts = services.public_idea_counts(ids)
    selftests = services.selftest_slugs(ids)
    items = [
        rep.consultation(c, idea_count=counts.get(c.id, 0), selftests=selftests.get(c.id, []))
        for c in result.items
    ]
    return json_response(rep.page(result, items, "api.consultations", phase=phase))


@bp.get("/api/v1/consultations/<slug>")
def consultation(slug: str):
    params.check_known(())
    c = _consultation_or_404(slug)
    return json_response(
        rep.consultation(
            c,
            idea_count=services.public_idea_counts([c.id]).get(c.id, 0),
            selftests=services.selftest_slugs([c.id]).get(c.id, []),
        )
    )


@bp.get("/api/v1/consultations/<slug>/themes")
def themes(slug: str):
    params.check_known(())
    c = _consultation_or_404(slug)
    counts = services.public_idea_counts_by_theme(c)
    items = [{**rep.theme(t), "idea_count": counts.get(t.id, 0)} for t in c.themes]
    return json_response({"items": items, "total": len(items)})


@bp.get("/api/v1/consultations/<slug>/ideas")
def ideas(slug: str):
    params.check_known((*PAGING, "theme", "status", "since", "sort"))
    c = _consultation_or_404(slug)
    theme_id = params.integer("theme", default=None, minimum=1, maximum=params.MAX_ID)
    if theme_id is not None and theme_id not in {t.id for t in c.themes}:
        raise ApiError(
            404, _("This consultation has no theme with the number %(id)d.", id=theme_id), "theme"
        )
    status = params.choice("status", services.STATUS_VALUES)
    since = params.date_time("since")
    sort = params.choice("sort", services.IDEA_SORTS, default="oldest")
    result = services.ideas(
        c, theme_id=theme_id, status=status, since=since, sort=sort, paging=params.paging()
    )
    items = [rep.idea(i, c.slug) for i in result.items]
    filters = {"theme": theme_id, "status": status, "since": params.raw("since"), "sort": sort}
    return json_response(rep.page(result, items, "api.ideas", slug=c.slug, **filters))


@bp.get("/api/v1/consultations/<slug>/comments")
def consultation_comments(slug: str):
    params.check_known((*PAGING, "since"))
    c = _consultation_or_404(slug)
    result = services.comments(
        consultation=c, since=params.date_time("since"), paging=params.paging()
    )
    items = [rep.comment(comment) for comment in result.items]
    return json_response(
        rep.page(result, items, "api.consultation_comments", slug=c.slug, since=params.raw("since"))
    )


@bp.get("/api/v1/ideas/<int:idea_id>")
def idea(idea_id: int):
    params.check_known(())
    i = _idea_or_404(idea_id)
    return json_response(rep.idea(i, i.consultation.slug))


@bp.get("/api/v1/ideas/<int:idea_id>/comments")
def idea_comments(idea_id: int):
    params.check_known((*PAGING, "since"))
    i = _idea_or_404(idea_id)
    result = services.comments(idea=i, since=params.date_time("since"), paging=params.paging())
    items = [rep.comment(comment) for comment in result.items]
    return json_response(
        rep.page(result, items, "api.idea_comments", idea_id=i.id, since=params.raw("since"))
    )


@bp.get("/api/v1/selftests")
def selftests():
    params.check_known((*PAGING, "consultation"))
    slug = params.raw("consultation")
    c = None
    if slug is not None:
        c = services.consultation(slug)
        if c is None:
            raise ApiError(
                404,
                _("There is no consultation with the address “%(slug)s”.", slug=slug),
                "consultation",
            )
    result = services.selftests(consultation=c, paging=params.paging())
    items = [rep.selftest(t) for t in result.items]
    return json_response(rep.page(result, items, "api.selftests", consultation=slug))


@bp.get("/api/v1/selftests/<slug>")
def selftest(slug: str):
    params.check_known(())
    return json_response(rep.selftest(_selftest_or_404(slug)))


@bp.get("/api/v1/selftests/<slug>/aggregates")
def aggregates(slug: str):
    params.check_known(("version",))
    t = _selftest_or_404(slug)
    number = params.integer("version", default=None, minimum=1, maximum=params.MAX_ID)
    version = services.version(t, number)
    if version is None:
        raise ApiError(
            404, _("This self-test has no version %(number)d.", number=number or 0), "version"
        )
    return json_response(rep.aggregates(t, selftest_aggregates(version)))
