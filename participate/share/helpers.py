"""What pages call to share: `share_meta(...)` for the preview tags in <head> and
`share_actions(...)` for the share links, both Jinja globals. A page of a new kind (the
self-test's result page) calls them as the idea and consultation pages do:

    {% block share_meta %}{{ share_meta('result', result) }}{% endblock %}
    {{ share_actions('result', result) }}
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from flask import current_app, g, request
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from participate.fragments import fragment
from participate.share import services
from participate.share.kinds import Card, Shared, shared
from participate.share.networks import LINK_NETWORKS, NETWORKS
from participate.site.services import get_settings
from participate.templating import render_partial
from participate.urls import external_url

OG_LOCALES = {"nl": "nl_BE", "fr": "fr_BE", "en": "en_GB"}
# In a kept share box, where the visitor's CSRF token goes (letters only: never escaped).
CSRF_STAND_IN = "participateCsrfStandIn7d41"
IMAGE_SIZE = (1200, 630)


def marked(url: str, source: str) -> str:
    """The URL to share, with the source marker that counts arrivals."""
    parts = urlsplit(url)
    query = f"{parts.query}&" if parts.query else ""
    return urlunsplit(parts._replace(query=query + urlencode({"ref": source})))


def locale() -> str:
    return str(get_locale() or "nl")


def image_cache_key(key: str, lang: str) -> str:
    return f"{key}:{lang}"


def card_of(item: Shared) -> Card:
    """An item's card, built once per request however many times a page asks."""
    cache = g.setdefault("share_cards", {})
    ident = (item.kind.name, item.key, locale())
    if ident not in cache:
        cache[ident] = item.card()
    return cache[ident]


def image_meta(kind: str, key: str, spec: Any) -> dict[str, Any]:
    lang = locale()
    digest = spec.digest()
    return {
        "url": external_url("share.image", kind=kind, key=key, v=digest[:16], lang=lang),
        "type": services.cached_type(kind, image_cache_key(key, lang), digest),
        "width": IMAGE_SIZE[0],
        "height": IMAGE_SIZE[1],
    }


def site_image_meta() -> dict[str, Any]:
    digest = services.site_image_spec().digest()
    return {
        "url": external_url("share.site_image", v=digest[:16]),
        "type": services.cached_type("site", "default", digest),
        "width": IMAGE_SIZE[0],
        "height": IMAGE_SIZE[1],
    }


def _locales() -> tuple[str, list[str]]:
    current = OG_LOCALES.get(locale(), "nl_BE")
    languages = current_app.config.get("LANGUAGES", ["nl", "fr", "en"])
    return current, [
        OG_LOCALES[code] for code in languages if OG_LOCALES.get(code, current) != current
    ]


def _plain(value: Any) -> str:
    """A page's title or description block as plain text (a block comes rendered, escaped)."""
    text = value.unescape() if isinstance(value, Markup) else str(value or "")
    return " ".join(text.split())


def share_meta(
    kind: str | None = None, item: Any = None, *, title: str = "", description: str = ""
) -> Markup:
    """The complete Open Graph and Twitter tags, the canonical link and the oEmbed and feed
    discovery links for an item; for any other page (or an item that may not be shared) the
    site's own tags with the site-wide image."""
    og_locale, alternates = _locales()
    target = shared(kind, item) if kind else None
    if target is not None:
        card = card_of(target)
        context = {
            "card": card,
            "title": card.title,
            "description": card.description,
            "url": card.url,
            "og_type": card.og_type,
            "image": {**image_meta(card.kind, card.key, card.image), "alt": card.image_alt},
            "oembed": external_url("share.oembed", url=card.url, format="json")
            if target.kind.embeddable
            else None,
            "feeds": card.feeds,
        }
    else:
        settings = get_settings()
        base = current_app.config["BASE_URL"]
        context = {
            "card": None,
            "title": _plain(title) or settings.municipality_name,
            "description": _plain(description),
            "url": base + request.path,
            "og_type": "website",
            "image": {**site_image_meta(), "alt": settings.municipality_name},
            "oembed": None,
            "feeds": (),
            "noindex": kind is not None,
        }
    context.update(
        site_name=get_settings().municipality_name,
        og_locale=og_locale,
        alternates=tuple(alternates),
        site_feed_url=external_url("share.site_feed"),
    )
    # The same for every visitor: kept rendered, keyed by every value it shows.
    key = (
        "share-meta",
        locale(),
        *((name, _hashable(value)) for name, value in sorted(context.items())),
    )
    return fragment(key, lambda: render_partial("share/_meta.html", **context))


def _hashable(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(_hashable(v) for v in value)
    return value


def share_actions(kind: str, item: Any, heading: str | None = None) -> Markup:
    """The share links, the Mastodon form, copy link, the browser's share sheet, the QR codes
    and (for the staff) the counts. Nothing for an item that may not be shared."""
    target = shared(kind, item)
    if target is None:
        return Markup("")
    card = card_of(target)
    from participate.auth.permissions import can_current

    counts = services.counts_for(kind, card.key) if can_current("share.view_counts") else None

    def render(csrf_token: Callable[[], str]) -> str:
        return render_partial(
            "share/_actions.html",
            card=card,
            kind=target.kind,
            heading=heading,
            networks=[NETWORKS[n] for n in LINK_NETWORKS],
            copy_url=marked(card.url, "copy"),
            native_url=marked(card.url, "native"),
            counts=counts,
            csrf_token=csrf_token,
        )

    if counts is not None:  # the staff's view: rendered each time
        return Markup(render(generate_csrf))  # noqa: S704 - a template of ours, autoescaped
    # Everyone else's is the same but for the Mastodon form's CSRF token: kept rendered with a
    # stand-in for the token, keyed by every value it shows; the visitor's token goes in.
    key = (
        "share-actions",
        locale(),
        card.kind,
        card.key,
        card.url,
        card.share_text,
        heading,
        target.kind.posters,
    )
    kept = fragment(key, lambda: render(lambda: CSRF_STAND_IN))
    return kept.replace(CSRF_STAND_IN, escape(generate_csrf()))


def source_label(source: str) -> str:
    """A network or another source of visits, as the staff read it."""
    from flask_babel import gettext as _

    if source in NETWORKS:
        return str(NETWORKS[source].label)
    return {
        "copy": _("Copied link"),
        "native": _("The device's share menu"),
        "qr": _("QR code"),
        "embed": _("Card on another website"),
    }.get(source, source)
