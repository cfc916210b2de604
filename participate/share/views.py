"""Share links, the Mastodon form, counting beacons, share images and QR codes. Every route
finds its item with `kinds.find`, which answers None alike for an unknown kind, an unknown key
and an item that may not be shared: all of them are a plain 404 that shows nothing of it."""

from __future__ import annotations

from io import BytesIO

import segno
from flask import Response, abort, current_app, make_response, redirect, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _

from participate.extensions import limiter
from participate.forms import add_error, render_form
from participate.share import bp, services
from participate.share.forms import MastodonForm
from participate.share.helpers import card_of, image_cache_key, marked
from participate.share.kinds import Shared, find
from participate.share.networks import BEACONS, NETWORKS, mastodon_host, mastodon_url, network_url

YEAR = 365 * 24 * 3600


def _write_limit() -> str:
    return current_app.config["RATELIMIT_WRITE"]


def _find_or_404(kind: str, key: str) -> Shared:
    target = find(kind, key)
    if target is None:
        abort(404)
    return target


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/share/<kind>/<key>/<network>")
def go(kind: str, key: str, network: str):
    """A share link: count the click, then on to the network with the marked URL."""
    services.prepare_write()
    target = _find_or_404(kind, key)
    if network not in NETWORKS or NETWORKS[network].build is None:
        return render_template("share/unknown_network.html", network=network[:40]), 404
    card = card_of(target)
    services.count_click(target, network)
    subject = _("%(title)s on %(site)s", title=card.title, site=_site_name())
    destination = network_url(network, marked(card.url, network), card.share_text, subject)
    return _no_store(redirect(destination, code=302))


@bp.route("/share/<kind>/<key>/mastodon", methods=["GET", "POST"])
@limiter.limit(_write_limit, methods=["POST"])
def mastodon(kind: str, key: str):
    """Mastodon has no central site: the visitor names their server, which must be a host
    name; a page of ours hands them over to https://<server>/share (a redirect would be
    blocked: after a form, our CSP allows only our own pages). A bad name counts nothing."""
    target = _find_or_404(kind, key)
    card = card_of(target)
    form = MastodonForm()  # a POST: a link cannot make us send anyone to a host of its choice
    if form.validate_on_submit():
        host = mastodon_host(form.server.data)
        if host is None:
            add_error(
                form,
                _(
                    "“%(value)s” is not the name of a server. Enter only its name, such as mastodon.social.",
                    value=form.server.data.strip()[:60],
                ),
                "server",
            )
        else:
            services.count_click(target, "mastodon")
            url = mastodon_url(host, marked(card.url, "mastodon"), card.share_text)
            page = render_template("share/handover.html", card=card, host=host, destination=url)
            return _no_store(make_response(page))
    return render_form("share/mastodon.html", form, card=card)


@bp.post("/share/<kind>/<key>/count/<source>")
@limiter.limit(_write_limit)
def beacon(kind: str, key: str, source: str):
    """The page's script tells us that the link was copied or shared with the browser's own
    share sheet (no link of ours is followed then)."""
    if source not in BEACONS:
        abort(404)
    services.count_click(_find_or_404(kind, key), source)
    return Response(status=204)


def _site_name() -> str:
    from participate.site.services import get_settings

    return get_settings().municipality_name


# -- Images ---------------------------------------------------------------------------------


def _image_response(image: services.RenderedImage, status: int = 200) -> Response:
    response = Response(image.data, status=status, mimetype=image.content_type)
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"  # shown on other sites
    if status != 200:
        response.headers["Cache-Control"] = "public, max-age=60"
        return response
    response.set_etag(image.digest)
    response.cache_control.public = True
    if request.args.get("v") == image.digest[:16]:
        response.cache_control.max_age = YEAR  # this address always shows this image
        response.cache_control.immutable = True
    else:
        response.cache_control.max_age = 300
    return response.make_conditional(request)


def _site_image(status: int = 200) -> Response:
    image = services.share_image("site", "default", services.site_image_spec())
    return _image_response(image, status)


def _language() -> str:
    lang = request.args.get("lang", "nl")
    return lang if lang in current_app.config["LANGUAGES"] else "nl"


@bp.get("/share/site-image")
def site_image():
    """The site-wide image for every page that has none of its own."""
    services.prepare_write()
    return _site_image()


@bp.get("/share/<kind>/<key>/image")
def image(kind: str, key: str):
    """An item's share image, in the language of the page that asked for it. An unknown or
    hidden item gets the site-wide image with status 404: a preview never breaks, and it
    shows nothing of the item."""
    services.prepare_write()
    target = find(kind, key)
    if target is None:
        return _site_image(404)
    lang = _language()
    with force_locale(lang):
        card = target.card()
        rendered = services.share_image(kind, image_cache_key(card.key, lang), card.image)
    return _image_response(rendered)


@bp.get("/share/<kind>/<key>/qr.<fmt>")
def qr(kind: str, key: str, fmt: str):
    """A QR code for posters and flyers; it leads to the item with ?ref=qr."""
    target = _find_or_404(kind, key)
    if fmt not in ("svg", "png") or not target.kind.posters:
        abort(404)
    card = card_of(target)
    code = segno.make(marked(card.url, "qr"), error="m")
    out = BytesIO()
    if fmt == "svg":
        code.save(out, kind="svg", scale=10, border=4, title=card.title, unit="px")
        mimetype = "image/svg+xml"
    else:
        code.save(out, kind="png", scale=12, border=4)
        mimetype = "image/png"
    response = Response(out.getvalue(), mimetype=mimetype)
    filename = f"qr-{card.kind}-{card.key}.{fmt}"
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response
