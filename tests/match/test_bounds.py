"""Bounds on query names (issue 12, item 1): a long name costs a bounded time and memory."""

from __future__ import annotations

import pytest

from tracewire.bounds import (
    MAX_NAME_CHARS,
    MAX_NAME_WORDS,
    MAX_QUERY_NAMES,
    MAX_WORD_CHARS,
    TYPO_KEY_CHARS,
    LimitError,
)
from tracewire.match import Query
from tracewire.match.index import NEAR_KEYS_PER_WORD, NameIndex
from tracewire.model import Entity


def entity(eid: str, *names: str) -> Entity:
    e = Entity.make("Company", eid, "test")
    e.add("name", list(names))
    return e


@pytest.mark.parametrize(
    ("names", "message"),
    [
        ([" ".join(["a" * 99] * 5) + " b"], f"at most {MAX_NAME_CHARS} characters"),
        (["x" * (MAX_WORD_CHARS + 1)], f"at most {MAX_WORD_CHARS} characters"),
        ([" ".join(["ab"] * (MAX_NAME_WORDS + 1))], f"at most {MAX_NAME_WORDS} words"),
        (["Ivan Petrov"] * (MAX_QUERY_NAMES + 1), f"at most {MAX_QUERY_NAMES} names"),
    ],
)
def test_names_over_the_bounds_are_refused(names: list[str], message: str) -> None:
    with pytest.raises(LimitError, match=message) as refused:
        Query(names=names)
    assert refused.value.status == 422


def test_names_at_the_bounds_are_screened() -> None:
    Query(names=[" ".join(["a" * 99] * 5)])  # 499 characters
    Query(names=[" ".join(["ab"] * MAX_NAME_WORDS)])
    Query(names=["x" * MAX_WORD_CHARS] * MAX_QUERY_NAMES)


def test_no_typo_search_for_words_longer_than_the_bound() -> None:
    letters = "abdefgilmnoprstu"
    long_word = "".join(letters[i % len(letters)] for i in range(TYPO_KEY_CHARS + 8))
    short_word = long_word[: TYPO_KEY_CHARS - 2]
    index = NameIndex([entity("long", long_word), entity("short", short_word)])
    assert index.known(long_word) and index.known(short_word)
    # one letter off: a near key within the bound, none past it (the search costs the
    # cube of the length: a 1,000-letter word cost 4.3 GB)
    assert index.similar_keys(short_word[:-1] + "a", short_word[:-1] + "a") == [short_word]
    assert index.similar_keys(long_word[:-1] + "a", long_word[:-1] + "a") == []


def test_near_keys_per_word_are_capped_closest_first() -> None:
    base = "marikova"
    letters = "abdefgilmnoprstu"  # letters that fold to themselves
    variants = {base[:i] + c + base[i + 1 :] for i in range(1, len(base)) for c in letters}
    variants |= {base[:i] + c + base[i:] for i in range(1, len(base)) for c in letters}
    variants.discard(base)
    index = NameIndex([entity(f"e{i}", v) for i, v in enumerate(sorted(variants))])
    assert sum(index.known(v) for v in variants) > NEAR_KEYS_PER_WORD
    near = index.similar_keys(base, base)
    assert len(near) == NEAR_KEYS_PER_WORD
    assert near == index.similar_keys(base, base)  # the same every time
