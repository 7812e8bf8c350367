"""index._distinct is np.unique of the entries a query meets (sorted, same dtype), which
the retrieval relies on for its candidate order."""

from __future__ import annotations

import numpy as np
import pytest

from tracewire.match.index import _distinct


@pytest.mark.parametrize("size", [1, 2, 3, 17, 300, 5000])
def test_distinct_equals_numpy_unique(size: int) -> None:
    rng = np.random.default_rng(size)
    for high in (2, size, 40_000):
        values = rng.integers(0, high, size).astype(np.int32)
        got = _distinct(values)
        want = np.unique(values)
        assert got.dtype == want.dtype
        assert got.tolist() == want.tolist()


def test_distinct_of_repeats_and_order() -> None:
    values = np.array([7, 3, 7, 7, 0, 3, 12], dtype=np.int32)
    assert _distinct(values).tolist() == [0, 3, 7, 12]
    assert _distinct(values[:1]).tolist() == [7]
