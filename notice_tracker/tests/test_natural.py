"""The stored sort key of a reference orders as the natural key does."""

from __future__ import annotations

import itertools

from notice_tracker.lib.natural import natural_key, natural_sort_key

REFERENCES = [
    "A-2", "A-10", "A-1", "a-3", "A-01", "A-1a", "A-1.2", "A-1.10", "A-", "A-.", "A-x", "A", "B-0001", "B-2",
    "10", "9", "", "Ä-1", "a-1-b", "A-1 b", "A-100000000000000000", "A-99999999999999999", "2.1", "2.1a", "2a",
]  # fmt: skip


def _sign(a, b) -> int:
    return (a > b) - (a < b)


def test_every_pair_of_references_compares_alike_by_either_key():
    for a, b in itertools.product(REFERENCES, repeat=2):
        assert _sign(natural_sort_key(a), natural_sort_key(b)) == _sign(natural_key(a), natural_key(b)), (a, b)


def test_sorting_by_the_stored_key_gives_the_natural_order():
    assert sorted(REFERENCES, key=natural_sort_key) == sorted(REFERENCES, key=natural_key)
    assert sorted(["A-10", "A-2", "A-1"], key=natural_sort_key) == ["A-1", "A-2", "A-10"]
