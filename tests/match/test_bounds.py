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


def test_a_long_name_of_common_words_scores_fewer_context_entries() -> None:
    """24 common words each meet many entries: the entries that cannot reach the floor are
    kept for context only in proportion to 8 ÷ the words (so such a name stays within its
    time bound); an entry that may reach the floor is never dropped, and a name of up to
    8 words keeps every context entry as before."""
    from tracewire.match.index import CONTEXT_WORDS
    from tracewire.match.scoring import PreparedQuery

    pool = [f"{a}{b}" for a in ("kar", "bel", "dom", "vis", "lun", "tor") for b in ("am", "ok", "ur", "ix")]  # fmt: skip
    index = NameIndex(
        entity(f"e{i}", f"{pool[i % 24]} {pool[(i * 7 + 3) % 24]} Zqx{i:03d}") for i in range(200)
    )

    def candidates(words: list[str], floor: float = 0.8) -> list[int]:
        prepared = PreparedQuery.prepare(Query(names=[" ".join(words)]))
        return index.candidates(prepared.forms, prepared.ids, None, 90, floor=floor)[0]

    long = candidates(pool)
    assert 3 <= len(long) <= 90 * CONTEXT_WORDS // 24
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("tracewire.match.index.CONTEXT_WORDS", 10**6)
        unbounded = candidates(pool)
        ordinary = {n: candidates(pool[:n]) for n in (2, 8)}
    assert len(unbounded) == 90 and long == unbounded[: len(long)]  # the best-retrieved
    assert candidates(pool, floor=0.05) == unbounded  # all may reach a low floor: all kept
    for n, rids in ordinary.items():  # ordinary lengths: every context entry, as before
        assert candidates(pool[:n]) == rids
