"""The rules of sharing: what is counted and when, and the cache of share images.

Counts hold no personal data: an item, a network and a day. Each is one atomic upsert
(INSERT ... ON CONFLICT DO UPDATE SET n = n + 1), exact under concurrency on PostgreSQL and on
SQLite. A visitor's address is used only, as everywhere, by the rate limiter's short-lived
counters, so that one machine cannot inflate the numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import current_app, g, request
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError

from participate.db import db, utcnow
from participate.extensions import limiter
from participate.kept import remember
from participate.share.drawing import ImageSpec, SiteImage, encode
from participate.share.kinds import Shared
from participate.share.models import ShareCount, ShareImage
from participate.share.networks import SOURCES

# Link-preview robots fetch a shared page to draw its preview: that is not a person arriving.
PREVIEW_ROBOTS = re.compile(
    r"facebookexternalhit|facebot|whatsapp|twitterbot|linkedinbot|telegrambot|slackbot|"
    r"discordbot|mastodon|bluesky|cardyb|skypeuripreview|embedly|pinterest|redditbot|"
    r"googlebot|bingbot|applebot|duckduckbot|yandex|baiduspider|bot\b|crawler|spider",
    re.IGNORECASE,
)


def is_preview_robot(user_agent: str | None) -> bool:
    return bool(PREVIEW_ROBOTS.search(user_agent or ""))


def _today() -> date:
    return utcnow().date()


def prepare_write() -> None:
    """A GET request that will write (a count, a cached image) says so before its first query:
    on SQLite it then takes the write lock at once (db.py), instead of failing to upgrade a
    read transaction that another request wrote after."""
    g.db_writes = True
    session = db.session()
    if session.in_transaction() and not (session.new or session.dirty or session.deleted):
        # Something read already (a hook loaded the visitor): begin again, as a writer.
        session.rollback()


def _upsert(model: type, keys: dict[str, Any], values: dict[str, Any], update: dict[str, Any]):
    dialect = db.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(model).values(**keys, **values)
    return statement.on_conflict_do_update(index_elements=list(keys), set_=update)


def _within_rate_limit() -> bool:
    """One address may add at most RATELIMIT_SHARE counts; past that, sharing still works but
    is not counted."""
    if not limiter.enabled:
        return True
    from limits import parse

    item = parse(current_app.config.get("RATELIMIT_SHARE", "30 per 10 minutes"))
    return limiter.limiter.hit(item, "share-count", request.remote_addr or "-")


def _increment(shared: Shared, source: str, column: str) -> bool:
    if source not in SOURCES or not _within_rate_limit():
        return False
    keys = {"kind": shared.kind.name, "item_key": shared.key, "network": source, "day": _today()}
    first = {"clicks": 0, "arrivals": 0, column: 1}
    counted = getattr(ShareCount, column)
    db.session.execute(_upsert(ShareCount, keys, first, {column: counted + 1}))
    return True


def count_click(shared: Shared, network: str) -> bool:
    """A visitor chose a network (or copied the link) to share a public item: one more click
    for that item, network and day. Unknown networks and hidden items are never counted."""
    return _increment(shared, network, "clicks")


def count_arrival(shared: Shared, source: str) -> bool:
    """Someone opened a shared link (?ref=<source>): one more arrival, unless a link-preview
    robot fetched it."""
    if is_preview_robot(request.headers.get("User-Agent")):
        return False
    return _increment(shared, source, "arrivals")


@dataclass(frozen=True)
class SourceCount:
    source: str
    clicks: int
    arrivals: int


def counts_for(kind: str, key: str, days: int | None = None) -> list[SourceCount]:
    """Clicks and arrivals of one item per network, most clicked first (all time, or the
    last `days` days)."""
    statement = (
        select(
            ShareCount.network,
            func.sum(ShareCount.clicks),
            func.sum(ShareCount.arrivals),
        )
        .where(ShareCount.kind == kind, ShareCount.item_key == key)
        .group_by(ShareCount.network)
    )
    if days:
        statement = statement.where(ShareCount.day > _today() - timedelta(days=days))
    rows = db.session.execute(statement).all()
    counts = [SourceCount(n, int(c or 0), int(a or 0)) for n, c, a in rows]
    return sorted(counts, key=lambda c: (-c.clicks, -c.arrivals, c.source))


@dataclass(frozen=True)
class ItemTotal:
    kind: str
    key: str
    clicks: int
    arrivals: int


def most_shared(days: int = 30, limit: int = 50) -> list[ItemTotal]:
    """The items shared most in the last `days` days, for the staff's overview."""
    rows = db.session.execute(
        select(
            ShareCount.kind,
            ShareCount.item_key,
            func.sum(ShareCount.clicks).label("clicks"),
            func.sum(ShareCount.arrivals).label("arrivals"),
        )
        .where(ShareCount.day > _today() - timedelta(days=days))
        .group_by(ShareCount.kind, ShareCount.item_key)
        .order_by(func.sum(ShareCount.clicks).desc(), func.sum(ShareCount.arrivals).desc())
        .limit(limit)
    ).all()
    return [ItemTotal(k, key, int(c or 0), int(a or 0)) for k, key, c, a in rows]


# -- Share images ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RenderedImage:
    data: bytes
    content_type: str
    digest: str


# The type of each image already drawn, by its digest: a digest names what the image shows
# and drawing is deterministic, so the type of a digest never changes. Kept per process
# (bounded); an image not drawn yet is asked for again.
_KNOWN_TYPES: dict[str, str] = {}
_KNOWN_TYPES_SIZE = 20_000


def cached_type(kind: str, key: str, digest: str) -> str:
    """The type of the cached image when it shows `digest`; a PNG is what a drawing gives."""
    known = _KNOWN_TYPES.get(digest)
    if known is not None:
        return known
    row = db.session.execute(
        select(ShareImage.digest, ShareImage.content_type).where(
            ShareImage.kind == kind, ShareImage.item_key == key
        )
    ).first()
    if row is None or row.digest != digest:
        return "image/png"
    return remember(_KNOWN_TYPES, digest, row.content_type, _KNOWN_TYPES_SIZE)


def share_image(kind: str, key: str, spec: ImageSpec) -> RenderedImage:
    """The image for an item: from the cache while it shows the same thing, else drawn and
    stored. Storing is best effort: a concurrent request may store the same image first."""
    digest = spec.digest()
    row = db.session.get(ShareImage, (kind, key))
    if row is not None and row.digest == digest:
        return RenderedImage(row.data, row.content_type, digest)
    data, content_type = encode(spec.draw())
    values = {"digest": digest, "content_type": content_type, "data": data, "created_at": utcnow()}
    try:
        with db.session.begin_nested():
            db.session.execute(_upsert(ShareImage, {"kind": kind, "item_key": key}, values, values))
    except DBAPIError:
        current_app.logger.info("share image for %s/%s not cached this time", kind, key)
    if row is not None:
        db.session.expire(row)
    return RenderedImage(data, content_type, digest)


def site_image_spec() -> SiteImage:
    from participate.site.services import get_settings

    settings = get_settings()
    return SiteImage(
        site_name=settings.municipality_name,
        tagline=settings.tagline,
        background=settings.primary_colour,
        logo_version=logo_version(),
        logo_png=settings.logo_png,
    )


def logo_version() -> str:
    from participate.site.services import get_settings

    settings = get_settings()
    if not settings.logo_png:
        return ""
    return str(int(settings.updated_at.timestamp())) if settings.updated_at else "1"
