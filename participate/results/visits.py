"""Views of a consultation's page, counted per consultation and day for the participation
funnel (visit → vote → idea), without anything about the visitor: no cookie, no address, no
account is stored; one row per consultation and day holds a number.

Counted: a successful GET of the consultation's page as it opens (no search, filter, sort or
page in its address, so paging through the list is not counted again), by a visitor who is
not of the municipality's staff, not a link-preview robot and not a browser's prefetch. Each
view is one atomic upsert (INSERT ... SELECT ... ON CONFLICT DO UPDATE SET views = views + 1)
in a transaction of its own after the page's, exact under concurrency on PostgreSQL and
SQLite. As for share counts, one address adds at most RATELIMIT_VISIT views (the rate
limiter's short-lived counter is the only place the address is used); past it the page is
shown but not counted.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Response, current_app, g, request
from flask_login import current_user
from sqlalchemy import Date, Select, func, literal, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError

from participate.auth.permissions import can
from participate.consultations.models import Consultation
from participate.db import db, utcnow
from participate.extensions import limiter
from participate.results import bp
from participate.results.days import local_date
from participate.results.models import ConsultationVisit
from participate.share.services import is_preview_robot

COUNTED_ENDPOINT = "consultations.show"


def _upsert(rows: Select) -> None:
    """Add the (consultation_id, day, 1) rows of `rows` to the counts: one statement."""
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(ConsultationVisit).from_select(["consultation_id", "day", "views"], rows)
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=["consultation_id", "day"],
            set_={"views": ConsultationVisit.views + 1},
        )
    )


def count_view(consultation: Consultation, day: date | None = None) -> None:
    """One more view of the consultation's page today."""
    _upsert(_one_view(Consultation.id == consultation.id, day))


def _one_view(which: Any, day: date | None = None) -> Select:
    day = day or local_date(utcnow())
    return select(Consultation.id, literal(day, Date), literal(1)).where(which)


def views_of(consultation: Consultation | None = None) -> int:
    statement = select(func.sum(ConsultationVisit.views))
    if consultation is not None:
        statement = statement.where(ConsultationVisit.consultation_id == consultation.id)
    return int(db.session.scalar(statement) or 0)


def _is_countable(response: Response) -> bool:
    if request.method != "GET" or request.endpoint != COUNTED_ENDPOINT or request.args:
        return False
    if response.status_code != 200:
        return False  # an unknown consultation (404) is nobody's visit
    purpose = request.headers.get("Sec-Purpose", "") + request.headers.get("Purpose", "")
    if "prefetch" in purpose or is_preview_robot(request.headers.get("User-Agent")):
        return False
    return not can(current_user, "results.view")  # the staff's own visits are not counted


def _within_rate_limit() -> bool:
    if not limiter.enabled:
        return True
    from limits import parse

    item = parse(current_app.config.get("RATELIMIT_VISIT", "60 per 10 minutes"))
    return limiter.limiter.hit(item, "consultation-visit", request.remote_addr or "-")


@bp.after_app_request
def count_visit(response: Response) -> Response:
    """After the page is made and its work committed, the count is a transaction of its own:
    one INSERT ... SELECT by the page's address, so that on SQLite the write lock is held for
    that one statement, not while the page renders. A count that fails (a database too busy)
    is logged and the page is still shown."""
    if not _is_countable(response) or not _within_rate_limit():
        return response
    slug = str((request.view_args or {}).get("slug", ""))
    try:
        db.session.commit()  # the page's own (read) transaction, if the commit hook has not yet
        g.db_writes = True  # on SQLite: BEGIN IMMEDIATE (participate/db.py)
        _upsert(_one_view(Consultation.slug == slug))
        db.session.commit()
    except DBAPIError:
        db.session.rollback()
        current_app.logger.warning("a view of %s was not counted", slug, exc_info=True)
    return response
