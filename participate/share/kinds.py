"""The kinds of things that can be shared, as a registry: each kind says how to load an item
by the key in its URL, whether that item may be shared, and what its preview shows.

Consultations and ideas register themselves in `builtin.py`; another capability (the
self-test's results) registers its own kind the same way, and gets the preview tags, the share
image, the share links and the counts without changing this package:

    register_kind(ShareKind(name="result", load=..., is_public=..., card=...,
                            page_endpoint="selftest.result", key_arg="token"))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from participate.share.drawing import ImageSpec


@dataclass(frozen=True)
class Card:
    """What a preview, a share image, an embed and a share link show of one item."""

    kind: str
    key: str
    title: str
    description: str  # plain text, already cut at a word boundary
    url: str  # canonical and absolute, without a source marker
    image: ImageSpec
    image_alt: str
    og_type: str = "article"
    share_text: str = ""  # what a message on a network says before the link
    figure: str = ""  # e.g. "12 supporters": shown in the embed card
    eyebrow: str = ""  # e.g. the consultation of an idea
    feeds: tuple[tuple[str, str], ...] = ()  # (title, absolute URL) of Atom feeds to announce


@dataclass(frozen=True)
class ShareKind:
    name: str
    load: Callable[[str], Any | None]  # the item for the key in a URL, or None
    is_public: Callable[[Any], bool]  # False: nothing about the item is shown or counted
    card: Callable[[Any], Card]
    key_of: Callable[[Any], str] = str
    # The item's own page, so that an arrival there with ?ref=<source> is counted.
    page_endpoint: str | None = None
    key_arg: str | None = None  # the page's URL argument that holds the key
    posters: bool = True  # QR codes for posters and flyers
    embeddable: bool = True  # oEmbed and the embeddable card page
    extra: dict[str, Any] = field(default_factory=dict)


_KINDS: dict[str, ShareKind] = {}


def register_kind(kind: ShareKind) -> None:
    """Add (or replace, e.g. in tests) a kind of shareable item."""
    _KINDS[kind.name] = kind


def get_kind(name: str) -> ShareKind | None:
    return _KINDS.get(name)


def kinds() -> list[ShareKind]:
    return list(_KINDS.values())


def kind_for_endpoint(endpoint: str | None) -> ShareKind | None:
    if not endpoint:
        return None
    return next((k for k in _KINDS.values() if k.page_endpoint == endpoint), None)


@dataclass(frozen=True)
class Shared:
    """A public item of a known kind, found by its key."""

    kind: ShareKind
    item: Any

    @property
    def key(self) -> str:
        return self.kind.key_of(self.item)

    def card(self) -> Card:
        return self.kind.card(self.item)


def find(kind_name: str, key: str) -> Shared | None:
    """The public item `key` of kind `kind_name`; None for an unknown kind, an unknown key and
    an item that is not public alike, so that a response never tells them apart."""
    kind = _KINDS.get(kind_name)
    if kind is None or len(key) > 64:
        return None
    item = kind.load(key)
    if item is None or not kind.is_public(item):
        return None
    return Shared(kind, item)


def shared(kind_name: str, item: Any) -> Shared | None:
    """The same for an item a page has loaded already."""
    kind = _KINDS.get(kind_name)
    if kind is None or item is None or not kind.is_public(item):
        return None
    return Shared(kind, item)
