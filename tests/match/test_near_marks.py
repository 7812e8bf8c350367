"""Retrieval checks the entries of a near (typo) key one by one when it has few
(``index.FEW_NEAR``) and with numpy when it has many: both must meet the same entries
with the same weights, so a query gets the same candidates in the same order."""

from __future__ import annotations

import random

import pytest

import tracewire.match.index as index_module
from tracewire.match.index import NameIndex
from tracewire.match.normalise import NameForm, normalise_name
from tracewire.model import Entity

SYLLABLES = ("ka", "ro", "mi", "tan", "vel", "sho", "ar", "den", "lu", "pe", "zor", "in")


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _typo(word: str, rng: random.Random) -> str:
    k = rng.randrange(1, len(word) - 1)
    return word[:k] + word[k + 1 :] if rng.random() < 0.5 else word[:k] + "e" + word[k + 1 :]


Queries = list[tuple[list[NameForm], str | None]]


@pytest.fixture(scope="module")
def index_and_queries() -> tuple[NameIndex, Queries]:
    rng = random.Random(13)
    words = [_word(rng) for _ in range(120)]
    # spellings a letter apart, some held by many entries: near keys with many entries
    words += [_typo(w, rng) for w in words[:60]]
    names = []
    entities = []
    for i in range(1500):
        chosen = [rng.choice(words[:10] if rng.random() < 0.3 else words) for _ in range(3)]
        if i % 9 == 0:
            chosen[2] = chosen[0]  # a word twice in one name (Mohamed Omar Mohamed)
        name = " ".join(chosen[: rng.randint(2, 3)] if i % 9 else chosen)
        names.append(name)
        e = Entity.make(rng.choice(("Person", "Company", "LegalEntity")), f"e{i}", "test")
        e.add("name", [name])
        entities.append(e)
    index = NameIndex(entities)
    queries: Queries = []
    for n in range(250):
        parts = rng.choice(names).split()
        if n % 2:
            parts = [_typo(p, rng) if rng.random() < 0.6 else p for p in parts]
        if n % 5 == 0:
            parts.append(parts[0])  # a query word twice
        schema = rng.choice((None, "Person", "Company"))
        form = normalise_name(" ".join(parts), None if schema is None else schema == "Person")
        if form.keys:
            queries.append(([form], schema))
    return index, queries


def _candidates(index: NameIndex, queries: Queries, few: int) -> list[list[int]]:
    old = index_module.FEW_NEAR
    index_module.FEW_NEAR = few
    try:
        return [
            index.candidates(forms, {}, schema, limit, keep=1, floor=floor)[0]
            for forms, schema in queries
            for limit, floor in ((90, 0.8), (8, None))
        ]
    finally:
        index_module.FEW_NEAR = old


def test_one_by_one_and_numpy_meet_alike(index_and_queries: tuple[NameIndex, Queries]) -> None:
    index, queries = index_and_queries
    one_by_one = _candidates(index, queries, 10**9)
    assert one_by_one == _candidates(index, queries, 0)
    assert one_by_one == _candidates(index, queries, 3)  # both in one query
    # the queries met near keys, and entries through them
    assert any(index.similar_keys(k) for forms, _s in queries for k in forms[0].keys)
    assert sum(1 for found in one_by_one if len(found) > 1) > len(one_by_one) // 2


def test_unclaimed_counts_a_listed_key_once_per_time_the_name_holds_it() -> None:
    claimed: dict[tuple[int, str], int] = {}
    repeats = {(2, "omar"): 2}
    # a query word itself: already met once by its own exact key
    assert index_module._unclaimed([1, 2], "omar", True, claimed, repeats) == [2]
    assert index_module._unclaimed([1, 2], "omar", True, claimed, repeats) == []
    # not a query word: the first meeting counts
    assert index_module._unclaimed([5], "omer", False, claimed, repeats) == [5]
    assert index_module._unclaimed([5], "omer", False, claimed, repeats) == []
