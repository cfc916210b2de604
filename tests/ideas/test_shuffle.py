"""The random order's shuffle (participate/ideas/shuffle.py): a permutation of a list's
positions per seed, computed a page at a time, with the pinned ideas first."""

from __future__ import annotations

import pytest

from participate.ideas.shuffle import Shuffle, page


@pytest.mark.parametrize("n", [1, 2, 3, 5, 16, 17, 100, 1000, 4097])
def test_a_shuffle_is_a_permutation_and_backward_undoes_forward(n):
    for seed in (0, 1, 2**31 - 1):
        shuffle = Shuffle(n, seed)
        shown = [shuffle.forward(k) for k in range(n)]
        assert sorted(shown) == list(range(n))
        assert [shuffle.backward(index) for index in shown] == list(range(n))


def test_seeds_give_different_orders_and_one_seed_always_the_same():
    orders = {tuple(Shuffle(50, seed).forward(k) for k in range(50)) for seed in range(40)}
    assert len(orders) == 40
    assert [Shuffle(50, 7).forward(k) for k in range(50)] == [
        Shuffle(50, 7).forward(k) for k in range(50)
    ]


def test_the_first_position_goes_to_every_index_alike():
    # 10 ideas, 5 000 visitors: each idea first for about 500 of them.
    firsts = [Shuffle(10, seed).forward(0) for seed in range(5000)]
    assert all(350 < firsts.count(index) < 650 for index in range(10))


def test_pages_put_together_give_the_whole_order_with_the_pinned_first():
    ids = list(range(100, 400, 3))  # 100 ids, sorted, not consecutive
    pinned = [103, 250, 397, 5]  # 5 is not in the list: ignored
    whole = page(ids, pinned, seed=42, offset=0, limit=len(ids))
    assert sorted(whole) == ids
    assert set(whole[:3]) == {103, 250, 397}
    pages = [page(ids, pinned, seed=42, offset=o, limit=7) for o in range(0, len(ids), 7)]
    assert [i for p in pages for i in p] == whole
    assert page(ids, pinned, seed=42, offset=len(ids), limit=7) == []
    # without pins, the same seed shows the others in the same relative order
    unpinned = page(ids, [], seed=42, offset=0, limit=len(ids))
    assert [i for i in unpinned if i not in pinned] == whole[3:]


def test_an_empty_list_has_empty_pages():
    assert page([], [1], seed=3, offset=0, limit=20) == []
