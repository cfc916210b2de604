"""Beyond the networks: oEmbed and the embeddable card (so municipal and news websites can show
an idea with its live vote count), the Atom feeds of new ideas, and the staff's overview."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from flask import Response, current_app, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from markupsafe import escape
from werkzeug.exceptions import HTTPException

from participate.auth.permissions import require
from participate.security import allow_framing
from participate.share import bp, feeds, services
from participate.share.helpers import card_of, marked
from participate.share.kinds import Shared, find, kind_for_endpoint, kinds
from participate.share.views import _find_or_404
from participate.urls import external_url

EMBED_WIDTH, EMBED_HEIGHT = 560, 360


def shared_from_url(url: str) -> Shared | None:
    """The public item whose page is at `url` (an address on this site), or None."""
    parts = urlsplit(url or "")
    base = urlsplit(current_app.config["BASE_URL"])
    if parts.scheme not in ("http", "https") or parts.netloc != base.netloc:
        return None
    path = parts.path
    prefix = base.path.rstrip("/")
    if prefix:
        if not path.startswith(prefix + "/"):
            return None
        path = path[len(prefix) :]
    adapter = current_app.url_map.bind(base.netloc)
    try:
        endpoint, args = adapter.match(path, method="GET")
    except HTTPException:
        return None
    kind = kind_for_endpoint(endpoint)
    if kind is None or not kind.embeddable or kind.key_arg not in args:
        return None
    return find(kind.name, str(args[kind.key_arg]))


def _bounded(name: str, default: int, smallest: int) -> int:
    value = request.args.get(name, type=int)
    return default if value is None else max(smallest, min(default, value))


@bp.get("/oembed")
def oembed():
    """oEmbed 1.0 (JSON): a "rich" answer whose HTML is an iframe of our card page."""
    if request.args.get("format", "json") != "json":
        return jsonify(error=_("Only the JSON format is available.")), 501
    target = shared_from_url(request.args.get("url", ""))
    if target is None:
        return jsonify(error=_("There is no public idea or consultation at this address.")), 404
    card = card_of(target)
    width = _bounded("maxwidth", EMBED_WIDTH, 200)
    height = _bounded("maxheight", EMBED_HEIGHT, 160)
    src = external_url("share.embed", kind=card.kind, key=card.key)
    html = (
        f'<iframe src="{escape(src)}" width="{width}" height="{height}" '
        f'title="{escape(card.title)}" loading="lazy" '
        # No scripts may run in it; it keeps our origin so that its stylesheet loads.
        'sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"></iframe>'
    )
    from participate.share.helpers import image_meta

    image = image_meta(card.kind, card.key, card.image)
    response = jsonify(
        version="1.0",
        type="rich",
        title=card.title,
        provider_name=_site_name(),
        provider_url=external_url("core.home"),
        html=html,
        width=width,
        height=height,
        thumbnail_url=image["url"],
        thumbnail_width=image["width"],
        thumbnail_height=image["height"],
        cache_age=3600,
    )
    response.headers["Access-Control-Allow-Origin"] = "*"  # a public read, for embedders
    response.cache_control.public = True
    response.cache_control.max_age = 300
    return response


@bp.get("/embed/<kind>/<key>")
def embed(kind: str, key: str):
    """The card other websites show in an iframe: the only page any site may frame."""
    target = _find_or_404(kind, key)
    if not target.kind.embeddable:
        return Response(status=404)
    card = card_of(target)
    action = _("Read and vote") if card.kind == "idea" else _("Take part")
    response = make_response(
        render_template(
            "share/embed.html", card=card, embed_url=marked(card.url, "embed"), action=action
        )
    )
    response.cache_control.public = True
    response.cache_control.max_age = 60  # the vote count stays live
    return allow_framing(response)


def _site_name() -> str:
    from participate.site.services import get_settings

    return get_settings().municipality_name


# -- Atom feeds -----------------------------------------------------------------------------


def _feed_response(feed: feeds.Feed) -> Response:
    body = render_template("share/feed.xml", feed=feed).encode()
    response = Response(body, mimetype="application/atom+xml")
    response.set_etag(hashlib.sha256(body).hexdigest()[:32])
    response.cache_control.public = True
    response.cache_control.max_age = 300
    return response.make_conditional(request)


@bp.get("/ideas.atom")
def site_feed():
    """New public ideas in every consultation."""
    return _feed_response(feeds.site_feed())


@bp.get("/consultations/<slug>/ideas.atom")
def consultation_feed(slug: str):
    target = _find_or_404("consultation", slug)
    return _feed_response(feeds.consultation_feed(target.item))


# -- The staff's overview ------------------------------------------------------------------


@bp.get("/admin/shares")
@require("share.view_counts")
def staff():
    days = 30
    rows = []
    for row in services.most_shared(days):
        target = find(row.kind, row.key)
        rows.append((row, card_of(target) if target else None))
    labels = {k.name: k.extra.get("label", k.name) for k in kinds()}
    labels.update(idea=_("Idea"), consultation=_("Consultation"))
    return render_template("share/staff.html", rows=rows, days=days, kind_labels=labels)
