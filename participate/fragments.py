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
# And at most this many characters, of the pieces and of the texts their keys hold (a key
# holds what its piece shows): about 32 MB a process. Counting pieces alone did not bound the
# memory: a whole list of twenty cards weighs as much as twenty cards, and every new visitor
# to the random order has a list of their own (20 000 of them would have been 1 GB).
BUDGET = 32_000_000


def weight(key: Hashable, value: str) -> int:
    """The characters a kept piece holds: its text and the texts in its key."""
    return len(value) + _key_weight(key)


def _key_weight(key: Any) -> int:
    if isinstance(key, str):
        return len(key)
    if isinstance(key, tuple):
        return sum(_key_weight(part) for part in key)
    return 8


class FragmentCache:
    def __init__(self, size: int = SIZE, budget: int = BUDGET) -> None:
        self.size = size
        self.budget = budget
        self.weight = 0
        self._items: OrderedDict[Hashable, tuple[Markup, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, render: Callable[[], Any]) -> Markup:
        with self._lock:
            hit = self._items.get(key)
            if hit is not None:
                self._items.move_to_end(key)
                return hit[0]
        value = Markup(render())  # noqa: S704 - a macro's output, autoescaped when rendered
        cost = weight(key, value)
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.weight -= old[1]
            self._items[key] = (value, cost)
            self.weight += cost
            while self._items and (len(self._items) > self.size or self.weight > self.budget):
                _, (_, dropped) = self._items.popitem(last=False)
                self.weight -= dropped
        return value

    def __len__(self) -> int:
        return len(self._items)


cache = FragmentCache()


def fragment(key: tuple, macro: Callable[..., Any], *args: Any) -> Markup:
    """The Jinja global `fragment(key, macro, args...)`: the macro's output for these
    arguments, rendered once per key. The key must hold every value the output shows."""
    return cache.get(key, lambda: macro(*args))
