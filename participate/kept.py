"""Values kept per process under a key that names exactly what they are (a version the
database raises, a digest, an answered version that never changes): a changed value comes
under a new key, so nothing is ever invalidated and nothing stale is read. Each store is a
plain dict, bounded by emptying it when full (the keys of old versions are never asked
again). Rendered pieces of pages have their own LRU (participate/fragments.py)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

V = TypeVar("V")


def remember(store: dict, key: Hashable, value: V, size: int) -> V:
    """Keep `value` under `key`; a full store is emptied first."""
    if len(store) >= size:
        store.clear()
    store[key] = value
    return value


def read_once(store: dict, key: Hashable, read: Callable[[], V], size: int) -> V:
    """The value kept under `key`, read (and kept) the first time it is asked."""
    value = store.get(key)
    if value is None:
        value = remember(store, key, read(), size)
    return value
