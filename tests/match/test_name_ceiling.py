"""The name score's upper bound (names.name_ceiling) holds: it is never below the score
the comparison gives, for any method, on hand-made pairs and on many pairs of real
listed names (skipped without ../shared/data); and it says less than 1 for most pairs,
or the screener would skip nothing."""

from __future__ import annotations

import random

import pytest

from tests.conftest import raw_file
from tracewire.match import Query, Screener
from tracewire.match.index import NameIndex
from tracewire.match.names import compare_names, name_ceiling
from tracewire.match.normalise import NameForm, normalise_name
from tracewire.match.scoring import (
    MatchResult,
    PreparedQuery,
    best_name,
    name_ceilings,
    person_names,
    score_candidate,
)
from tracewire.match.screener import CANDIDATES, headroom
from tracewire.sources.registry import plan_loads

#: what the screener adds to every bound (the comparison sums in another order)
MARGIN = 1e-9


def typo(text: str, rng: random.Random) -> str:
    if len(text) < 5:
        return text
    i = rng.randrange(1, len(text) - 1)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def check(q: NameForm, c: NameForm, person: bool, index: NameIndex | None = None) -> float:
    """The bound of a pair, asserted to hold; returns it."""
    if index is None:
        score = compare_names(q, c, person=person).score
        bound = name_ceiling(q, c, person=person)
    else:
        weights = index.name_weights(c.keys)
        score = compare_names(q, c, index.weight, person, index.known, c_weights=weights).score
        bound = name_ceiling(q, c, index.weight, person, index.known, weights)
    assert bound + MARGIN >= score, (q.original, c.original, person, bound, score)
    return bound


@pytest.mark.parametrize(
    ("query", "listed", "person"),
    [
        ("Vladimir Putin", "PUTIN, Vladimir Vladimirovich", True),
        ("J. Smith", "John Smith", True),  # an initial: its pair lowers both weights
        ("A M Yamshchikov", "Aleksandr Mikhailovich Yamshchikov", True),
        ("Al Qaida", "Alqaida", False),  # the compact form
        ("Xia men Trading", "Xiamen Trading", False),
        ("Slay Wah", "Slaywah", False),  # neighbouring words joined
        ("PLA", "People's Liberation Army", False),  # initials
        ("محمد بن سلمان", "Mohammed bin Salman", True),  # consonant skeletons
        ("آخوندزاده", "Akhundzada", True),
        ("Hqaem Ali", "Hatem Ali", True),  # a misspelt word
        ("Wong Kwok Wah", "Huang Guohua", True),  # another romanisation
        ("Sea Star 2", "Sea Star 3", False),  # numbers that differ
        ("Pacific Solutions", "Pacific Trading", False),  # a word for another
        ("TKS Vector", "TSK Vektor", False),
        ("Mohamed Omar Mohamed", "Omar Mohamed", True),
    ],
)
def test_bound_holds_for_every_method(query: str, listed: str, person: bool) -> None:
    for p in (person, not person):
        q, c = normalise_name(query, p), normalise_name(listed, p)
        check(q, c, p)
        check(c, q, p)


def test_bound_is_exact_for_equal_names_and_low_for_unrelated_ones() -> None:
    same = normalise_name("Ivan Petrov", True)
    assert check(same, normalise_name("PETROV, Ivan", True), True) >= 1.0
    other = normalise_name("Maria Gonzalez", True)
    assert check(other, normalise_name("Ivan Sidorov", True), True) == 0.0
    # one of two words shared: the bound is the F-score of that share, well below 1
    half = check(normalise_name("Ivan Gonzalez", True), normalise_name("Ivan Sidorov", True), True)
    assert 0.4 < half < 0.8


@pytest.fixture(scope="module")
def sdn_index() -> NameIndex:
    ((fmt, files),) = plan_loads([raw_file("ofac_sdn_2024-05-03", "sdn.csv")])
    return NameIndex(fmt.parse(files, "ofac").entities)


@pytest.mark.slow
def test_bound_holds_on_real_listed_names(sdn_index: NameIndex) -> None:
    """Listed names as printed, with a typo, with a word dropped and reversed, against
    every candidate the index retrieves for them, as persons and as organisations."""
    rng = random.Random(5)
    names = [form.original for r in sdn_index.records for form, _ in r.names]
    pairs = below = 0
    for text in rng.sample(names, 400):
        words = text.split()
        variants = [text, typo(text, rng), " ".join(reversed(words))]
        if len(words) > 2:
            variants.append(" ".join(words[:-1]))
        for variant in variants:
            for person in (True, False):
                q = normalise_name(variant, person)
                if not q.keys:
                    continue
                rids, _hit = sdn_index.candidates([q], {}, None, 30, floor=None)
                for rid in rids:
                    for c, _weak in sdn_index.records[rid].names:
                        pairs += 1
                        below += check(q, c, person, sdn_index) < 0.8
    assert pairs > 20_000
    assert below > pairs // 4  # the bound tells most pairs apart from a hit


@pytest.mark.slow
def test_screener_skips_nothing_that_would_be_a_result(sdn_index: NameIndex) -> None:
    """Screener.match (which skips the candidates whose bound cannot enter the results)
    gives what scoring every candidate in full gives, and best_name with the bounds what
    it gives without them."""
    screener = Screener(sdn_index)
    rng = random.Random(9)
    names = [form.original for r in sdn_index.records for form, _ in r.names]
    for text in [typo(n, rng) for n in rng.sample(names, 150)] + rng.sample(names, 150):
        query = Query(names=[text])
        got = [(r.entity.id, r.score) for r in screener.match(query, limit=5)]
        prepared = PreparedQuery.prepare(query)
        room = headroom(prepared)
        rids, hit = sdn_index.candidates(
            prepared.forms, prepared.ids, None, CANDIDATES, 0.5, 3, 0.8, room
        )
        full: list[MatchResult] = []
        for rid in rids:
            record = sdn_index.records[rid]
            person = person_names(prepared, record)
            plain = best_name(prepared.forms, record, sdn_index, person, hit)
            ceilings = name_ceilings(prepared.forms, record, sdn_index, person, hit)
            bounded = best_name(prepared.forms, record, sdn_index, person, hit, ceilings=ceilings)
            assert (bounded.score, bounded.candidate) == (plain.score, plain.candidate)
            result = score_candidate(prepared, record, sdn_index, 0.8, hit, 0.0)
            assert result is not None
            full.append(result)
        full.sort(key=lambda r: (-r.score, r.entity.id))
        assert got == [(r.entity.id, r.score) for r in full[:5]]
