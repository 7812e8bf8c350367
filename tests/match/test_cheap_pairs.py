"""The cheap tests that keep word pairs from :func:`token_similarity` never drop a pair it
would make (:mod:`tracewire.match.names`: ``_row``, ``_maybe_same_name``)."""

from __future__ import annotations

import dataclasses
import itertools
import random

import pytest

from tracewire.match import names
from tracewire.match.eastasian import PINYIN_SYLLABLES
from tracewire.match.names import (
    DEFAULT_PARAMS,
    QuerySide,
    compare_names,
    other_name,
    token_similarity,
)
from tracewire.match.normalise import fold, normalise_name
from tracewire.match.romanisations import SURNAMES, same_name

#: words of every kind the comparison treats apart: East Asian names in several
#: romanisations (family-name rows, Wade–Giles, Korean), Slavic and Arabic names and
#: their typos, initials, numbers, organisation words
WORDS = sorted(
    {w for row in SURNAMES[:40] for w in row}
    | set(sorted(PINYIN_SYLLABLES)[::12])
    | {"hsu", "xu", "chih", "zhi", "chang", "zhang", "tsao", "cao", "hsiao", "xiao"}
    | {"jeong", "jong", "chung", "kyeong", "kyong", "gyeong", "seok", "sok", "eun", "un"}
    | {"ivanov", "ivanova", "yvanov", "petkov", "pankov", "aleksandr", "alexander"}
    | {"mohammed", "muhammad", "mohamad", "hasan", "hassan", "hasin", "hatem", "hqaem"}
    | {"a", "m", "j", "al", "bin", "abu", "2", "12", "b12", "tks", "tsk", "song", "sog"}
    | {"trading", "tradin", "group", "holding", "holdings", "vektor", "vector", "sapfir"}
)


def test_maybe_same_name_holds_wherever_same_name_does() -> None:
    pairs = 0
    for a, b in itertools.product(WORDS, WORDS):
        if a != b and same_name(a, b):
            pairs += 1
            assert names._maybe_same_name(a, names._east_asian(a), b), (a, b)
    assert pairs > 50  # the words hold many romanisations of one name


def test_rows_are_those_of_every_pair_asked() -> None:
    """``_row`` (the rows the comparison reads) against asking every pair, persons and
    organisations, known and unknown query words."""
    made = 0
    for start in range(0, len(WORDS), 3):
        tokens = tuple(WORDS[start : start + 3])
        form = names.NameForm(" ".join(tokens), tokens, tuple(fold(t) for t in tokens), (), "latin")
        for known in (names._known, lambda key: key.startswith(("a", "m", "s"))):
            side = QuerySide(form, names._unit, known)
            for b in WORDS:
                bk = fold(b)
                for person in (True, False):
                    expected = []
                    for i, a in enumerate(tokens):
                        kn = side.q_known[i]
                        sim, kind = token_similarity(a, form.keys[i], b, bk, person, kn)
                        if sim > 0 and not (
                            kind == "typo" and person and other_name(a, form.keys[i], b, bk, kn)
                        ):
                            expected.append((sim, i, kind))
                    assert names._row(side, b, bk, person) == tuple(expected), (tokens, b)
                    made += len(expected)
    assert made > 300  # many pairs are made, not only refused


def test_slips_over_is_the_full_table_over_the_limit() -> None:
    """``_slips_over`` (a band of the table, cells held at the limit) answers as the whole
    table (:func:`~tracewire.match.names._slips`) on random words of alike letters."""
    rng = random.Random(5)
    letters = "aeioukqcxsztdhgbpvwyjmn"
    over = within = 0
    for _ in range(6000):
        a = "".join(rng.choice(letters) for _ in range(rng.randint(1, 9)))
        b = list(a)
        for _ in range(rng.randint(0, 4)):  # a few edits of every kind
            k = rng.randrange(len(b) + 1)
            edit = rng.randrange(4)
            if edit == 0:
                b.insert(k, rng.choice(letters))
            elif b and edit == 1:
                del b[min(k, len(b) - 1)]
            elif len(b) > 1 and edit == 2:
                k = min(k, len(b) - 2)
                b[k], b[k + 1] = b[k + 1], b[k]
            elif b:
                b[min(k, len(b) - 1)] = rng.choice(letters)
        other = "".join(b)
        for limit in (0, 1, 2, 3, 4):
            for typed_only in (False, True):
                full = names._slips(a, other, typed_only, None) > limit
                assert names._slips_over.__wrapped__(a, other, limit, typed_only) is full
                over += full
                within += not full
    assert over > 1000 and within > 1000


LISTED = (
    "POPOV, Dimitri Igorevich", "PAULICHENKA, Dzmitry Valeryevich", "IEMZ Kupol",
    "Tatiana Anatolevna PETROVA", "KIM Jong Un", "Sergey Ivanovich KUZNETSOV",
    "Joint Stock Company Almaz-Antey Air and Space Defence Corporation",
)  # fmt: skip


@pytest.mark.parametrize("person", [True, False])
def test_short_paths_equal_the_full_alignment(person: bool) -> None:
    """One word pair or none takes a short path in ``_align``; parameters equal to the
    defaults but another object take the full one: both give the same score and shares
    (a patronymic left out weighs half on both: *Popov* / *POPOV, Dimitri Igorevich*)."""
    same = dataclasses.replace(DEFAULT_PARAMS)
    for listed in LISTED:
        c = normalise_name(listed, person)
        words = listed.replace(",", " ").split()
        for text in (words[0], words[-1], " ".join(words[:2]), "Xyzzy", *LISTED):
            q = normalise_name(text, person)
            a = compare_names(q, c, person=person)
            b = compare_names(q, c, person=person, params=same)
            assert (a.score, a.explained, a.covered) == pytest.approx(
                (b.score, b.explained, b.covered)
            ), (text, listed)
