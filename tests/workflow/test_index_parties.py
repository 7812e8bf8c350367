"""The parties a portfolio index reader has met, numbered as met: a slice orders them by
id whatever the order they were met in, and keeps their sizes and schemas."""

from __future__ import annotations

import random

import numpy as np

from tracewire.workflow.portfolio_index import Parties, Slice


def test_parties_in_id_order_whatever_the_order_met() -> None:
    rng = random.Random(3)
    ids = [f"P-{i:05d}" for i in range(3000)] + ["a-much-longer-party-identifier-" + "x" * 40]
    rng.shuffle(ids)
    parties = Parties()
    for start in range(0, len(ids), 700):  # met over several reads (the arrays grow)
        for pid in ids[start : start + 700]:
            assert parties.number(pid) == len(parties) - 1
        for pid in parties.unread():
            parties.set_info(pid, len(pid) % 7, "Person" if pid[-1] in "02468" else "Company")
        assert parties.unread() == []
        numbers = np.array(rng.sample(range(len(parties)), min(500, len(parties))), np.int32)
        ordered = parties.in_id_order(numbers)
        assert [parties.ids[n] for n in ordered] == sorted(parties.ids[n] for n in numbers)
    assert parties.number(ids[5]) == ids.index(ids[5])  # met again: the same number


def test_an_id_numpy_cannot_hold_is_sorted_in_python() -> None:
    parties = Parties()
    for pid in ("b", "a\0", "a", "c"):
        parties.number(pid)
    parties.unread()
    ordered = parties.in_id_order(np.array([0, 1, 2, 3], np.int32))
    assert [parties.ids[n] for n in ordered] == ["a", "a\0", "b", "c"]


def test_slice_entries_are_the_parties_in_id_order() -> None:
    parties = Parties()
    postings = {}
    for key, held in (("smith", ["Z-9", "A-1", "M-5"]), ("john", ["M-5", "B-2"])):
        postings[key] = np.array([parties.number(p) for p in held], np.int32)
    for pid in parties.unread():
        parties.set_info(pid, {"Z-9": 3, "A-1": 2}.get(pid, 1), "Person")
    counts = {k: len(v) for k, v in postings.items()}
    repeats = {"smith": (np.array([parties.numbers["M-5"]], np.int32), np.array([2], np.int32))}
    part = Slice(10, counts, {}, {}, set(), postings, repeats, parties)
    assert part.party_ids(range(4)) == ["A-1", "B-2", "M-5", "Z-9"]
    assert part.index._posting("smith").tolist() == [0, 2, 3]
    assert part.index._posting("john").tolist() == [1, 2]
    assert part.index._sizes.tolist() == [2, 1, 1, 3]
    assert part.index.repeats == {(2, "smith"): 2}
