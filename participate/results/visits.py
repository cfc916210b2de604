"""Views of a consultation's page, counted per consultation and day for the participation
funnel (visit → vote → idea), without anything about the visitor: no cookie, no address, no
account is stored; one row per consultation and day holds a number.

Counted: a GET of the consultation's page as it opens (no search, filter, sort or page in its
address, so paging through the list is not counted again), by a visitor who is not of the
municipality's staff, not a link-preview robot and not a browser's prefetch. Each view is one
atomic upsert (INSERT ... ON CONFLICT DO UPDATE SET views = views + 1), exact under
concurrency on PostgreSQL and SQLite. As for share counts, one address adds at most
RATELIMIT_VISIT views (the rate limiter's short-lived counter is the only place the address is
used); past it the page is shown but not counted.
"""

from __future__ import annotations

from datetime import date

from flask import current_app, request
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from participate.auth.permissions import can
from participate.consultations.models import Consultation
from participate.consultations.services import get_by_slug
from participate.db import db, utcnow
from participate.extensions import limiter
from participate.results import bp
from participate.results.days import local_date
from participate.results.models import ConsultationVisit
from participate.share.services import is_preview_robot, prepare_write

COUNTED_ENDPOINT = "consultations.show"


def count_view(consultation: Consultation, day: date | None = None) -> None:
    """One more view of the consultation's page today."""
    day = day or local_date(utcnow())
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(ConsultationVisit).values(consultation_id=consultation.id, day=day, views=1)
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=["consultation_id", "day"],
            set_={"views": ConsultationVisit.views + 1},
        )
    )


def views_of(consultation: Consultation | None = None) -> int:
    statement = select(func.sum(ConsultationVisit.views))
    if consultation is not None:
        statement = statement.where(ConsultationVisit.consultation_id == consultation.id)
    return int(db.session.scalar(statement) or 0)


def _is_countable() -> bool:
    if request.method != "GET" or request.endpoint != COUNTED_ENDPOINT or request.args:
        return False
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


@bp.before_app_request
def count_visit() -> None:
    if not _is_countable():
        return
    prepare_write()  # on SQLite: take the write lock before the first query (see db.py)
    slug = str((request.view_args or {}).get("slug", ""))
    consultation = get_by_slug(slug)
    if consultation is not None and _within_rate_limit():
        count_view(consultation)
