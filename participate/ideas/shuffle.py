"""The random order of an idea list, one per visitor (their seed): a shuffle of the list's
positions, so that a page costs its own twenty ideas, not a sort of the whole list.

Ordering every idea by a permutation of its id made each page of the default order read and
sort the whole consultation: 60 ms on PostgreSQL and 20 ms on SQLite at 40 000 ideas, on the
page every visitor lands on. Here the list's ids (sorted) are read once per version of the
consultation's ideas and kept (participate/ideas/services.py), and a visitor's order is a
pseudo-random permutation of their positions: position k of the visitor's list is the id at
index `Shuffle.forward(k)`. The permutation is a four-round Feistel network over the
smallest even number of bits that holds the list's length, walked again while it lands past
the end ("cycle walking": under four steps on average), keyed from the seed with BLAKE2b.
Both directions are cheap, so a page is computed from its own positions alone, and the few
pinned ideas, which come first, are found in the order and skipped.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections.abc import Sequence

_ROUNDS = 4
_MULTIPLIER = 0x45D9F3B  # a well-mixing odd constant (the "lowbias" integer hash)


class Shuffle:
    """A permutation of range(n) chosen by `seed`."""

    def __init__(self, n: int, seed: int) -> None:
        self.n = n
        bits = max(2, (n - 1).bit_length())
        self.half = (bits + 1) // 2
        self.mask = (1 << self.half) - 1
        digest = hashlib.blake2b(seed.to_bytes(16, "big", signed=True), digest_size=16).digest()
        self.keys = [int.from_bytes(digest[4 * r : 4 * r + 4], "big") for r in range(_ROUNDS)]

    def _mix(self, right: int, key: int) -> int:
        x = ((right ^ key) * _MULTIPLIER) & 0xFFFFFFFF
        x ^= x >> 16
        x = (x * _MULTIPLIER) & 0xFFFFFFFF
        x ^= x >> 16
        return x & self.mask

    def _encrypt(self, x: int) -> int:
        left, right = x >> self.half, x & self.mask
        for key in self.keys:
            left, right = right, left ^ self._mix(right, key)
        return (left << self.half) | right

    def _decrypt(self, x: int) -> int:
        left, right = x >> self.half, x & self.mask
        for key in reversed(self.keys):
            left, right = right ^ self._mix(left, key), left
        return (left << self.half) | right

    def forward(self, k: int) -> int:
        """The index shown at position k."""
        x = self._encrypt(k)
        while x >= self.n:
            x = self._encrypt(x)
        return x

    def backward(self, index: int) -> int:
        """The position at which the index is shown."""
        x = self._decrypt(index)
        while x >= self.n:
            x = self._decrypt(x)
        return x


def page(ids: Sequence[int], pinned: Sequence[int], seed: int, offset: int, limit: int) -> list:
    """The ids at positions offset .. offset + limit of the visitor's order of `ids` (sorted):
    the pinned ones first (in the visitor's order too), then the others."""
    shuffle = Shuffle(len(ids), seed)
    indexes = [(bisect_left(ids, i), i) for i in pinned]
    first = sorted(shuffle.backward(n) for n, i in indexes if n < len(ids) and ids[n] == i)
    shown = [ids[shuffle.forward(p)] for p in first[offset : offset + limit]]
    # The others: position k among them is the k-th position of the order that is no pinned
    # idea's (each pinned position at or before it moves it one further).
    k = max(0, offset - len(first))
    for taken in first:
        if taken <= k:
            k += 1
    skip = set(first)
    while len(shown) < limit and k < len(ids):
        if k not in skip:
            shown.append(ids[shuffle.forward(k)])
        k += 1
    return shown
