"""Rendered pieces of pages, kept per process and keyed by everything they show.

A page of 100 comments or 20 idea cards spends most of its time rendering the same pieces
again for every visitor. A piece whose key holds every value it shows (the text, the dates,
the author's name, the state, the language) can be reused as long as those values are the
same: a change to any of them is a new key, so nothing needs invalidating and nothing stale
is ever shown. The cache is bounded (least recently used pieces go first) and private to
the process: several servers each keep their own, as with rendered Markdown
(participate/text.py). Only pieces that are the same for every visitor who sees them are
kept; the parts that depend on who looks (their vote, their own comment's buttons, a
moderator's tools, a form's CSRF token) are rendered around them every time.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from markupsafe import Markup

SIZE = 20_000


class FragmentCache:
    def __init__(self, size: int = SIZE) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Markup] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, render: Callable[[], Any]) -> Markup:
        with self._lock:
            hit = self._items.get(key)
            if hit is not None:
                self._items.move_to_end(key)
                return hit
        value = Markup(render())  # noqa: S704 - a macro's output, autoescaped when rendered
        with self._lock:
            self._items[key] = value
            if len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._items)


cache = FragmentCache()


def fragment(key: tuple, macro: Callable[..., Any], *args: Any) -> Markup:
    """The Jinja global `fragment(key, macro, args...)`: the macro's output for these
    arguments, rendered once per key. The key must hold every value the output shows."""
    return cache.get(key, lambda: macro(*args))
