"""Arrivals through a shared link: a page of a shareable kind requested with ?ref=<source> is
counted once for that source, then the visitor is sent to the same page without the marker
(so a link copied from the address bar does not carry it on, and the page has one address)."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import redirect, request

from participate.share import bp, services
from participate.share.kinds import find, kind_for_endpoint
from participate.share.networks import SOURCES


@bp.before_app_request
def count_arrival():
    source = request.args.get("ref")
    if source is None or request.method != "GET":
        return None
    kind = kind_for_endpoint(request.endpoint)
    if kind is None or kind.key_arg is None or not request.view_args:
        return None
    services.prepare_write()
    target = find(kind.name, str(request.view_args.get(kind.key_arg, "")))
    if target is None:
        return None  # the page itself answers (404 for what may not be seen); nothing counted
    if source in SOURCES:
        services.count_arrival(target, source)
    rest = [(k, v) for k, v in request.args.items(multi=True) if k != "ref"]
    clean = request.path + ("?" + urlencode(rest) if rest else "")
    response = redirect(clean, code=302)
    response.headers["Cache-Control"] = "no-store"
    return response
