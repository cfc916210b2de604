"""The networks a visitor can share to, as plain links: no script, iframe or pixel of theirs is
ever on our pages, so no network learns about a visitor before that visitor clicks.

Each link goes through our own /share/<kind>/<key>/<network> first (which counts the click and
redirects here), and the URL it shares carries ?ref=<network> so that arrivals are counted too.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Network:
    key: str
    label: object  # a lazy string
    build: Callable[[str, str, str], str] | None  # (url, text, subject) → the network's URL


def _q(**params: str) -> str:
    return urlencode(params, quote_via=quote)


NETWORKS: dict[str, Network] = {
    n.key: n
    for n in (
        Network(
            "facebook",
            "Facebook",
            lambda url, text, _s: "https://www.facebook.com/sharer/sharer.php?" + _q(u=url),
        ),
        Network(
            "x", "X", lambda url, text, _s: "https://x.com/intent/post?" + _q(text=text, url=url)
        ),
        Network(
            "linkedin",
            "LinkedIn",
            lambda url, text, _s: "https://www.linkedin.com/sharing/share-offsite/?" + _q(url=url),
        ),
        Network(
            "whatsapp",
            "WhatsApp",
            lambda url, text, _s: "https://wa.me/?" + _q(text=f"{text} {url}"),
        ),
        Network(
            "telegram",
            "Telegram",
            lambda url, text, _s: "https://t.me/share/url?" + _q(url=url, text=text),
        ),
        Network(
            "bluesky",
            "Bluesky",
            lambda url, text, _s: "https://bsky.app/intent/compose?" + _q(text=f"{text} {url}"),
        ),
        Network(
            "email",
            _l("E-mail"),
            lambda url, text, subject: "mailto:?" + _q(subject=subject, body=f"{text}\n\n{url}"),
        ),
        # Mastodon has no central site: the visitor names their server (see mastodon_url).
        Network("mastodon", "Mastodon", None),
    )
}
# Sources that are not a link of ours: counted by the page's script (copy, the browser's share
# sheet) or only as arrivals (the QR code on a poster).
BEACONS = ("copy", "native")
SOURCES = (*NETWORKS, *BEACONS, "qr", "embed")

LINK_NETWORKS = tuple(k for k, n in NETWORKS.items() if n.build is not None)


def network_url(network: str, url: str, text: str, subject: str) -> str:
    return NETWORKS[network].build(url, text, subject)  # type: ignore[misc]


_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_USER = re.compile(r"^[A-Za-z0-9_]{1,64}$")
_SCHEME = re.compile(r"^https?://", re.IGNORECASE)


def mastodon_host(value: str) -> str | None:
    """The host name a visitor typed for their Mastodon server, normalised, or None when it is
    not a public host name (no address, no port, no path, no user, no single label)."""
    text = (value or "").strip()
    text = _SCHEME.sub("", text).rstrip("/")
    if "@" in text:  # an address such as "@name@server": its server
        user, _at, text = text.removeprefix("@").rpartition("@")
        if not _USER.match(user):
            return None
    if not text or len(text) > 253 or any(c in text for c in "/:?#@\\ \t"):
        return None
    try:
        ipaddress.ip_address(text.strip("[]"))
        return None
    except ValueError:
        pass
    try:
        host = text.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    labels = host.rstrip(".").split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        return None
    if (
        labels[-1].isdigit()
        or host in {"localhost"}
        or labels[-1] in {"localhost", "local", "internal"}
    ):
        return None
    return ".".join(labels)


def mastodon_url(host: str, url: str, text: str) -> str:
    return f"https://{host}/share?" + _q(text=f"{text} {url}")
