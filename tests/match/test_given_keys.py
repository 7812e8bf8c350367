"""names.GIVEN_KEYS: every key cyrillic.same_given_name can pair, so asking the set
first (names._row) never loses a pair."""

from __future__ import annotations

from tracewire.match.cyrillic import _given_row, _given_rows, same_given_name
from tracewire.match.names import GIVEN_KEYS
from tracewire.match.normalise import fold


def test_given_keys_are_exactly_the_keys_with_a_row() -> None:
    assert all(_given_row(key) is not None for key in GIVEN_KEYS)
    # words around the table's names: a letter off, longer, shorter
    stems = list(_given_rows())
    probes = {s + x for s in stems for x in ("", "a", "ovic", "ovna", "ievic", "x")}
    probes |= {s[:-1] for s in stems} | {fold(w) for w in ("ivanov", "smith", "mohammed")}
    for key in probes:
        assert (key in GIVEN_KEYS) == (_given_row(key) is not None), key


def test_pairs_the_set_admits() -> None:
    for a, b in (
        ("Aleksandr", "Aliaksandr"),
        ("Oleksandr", "Aleksandr"),
        ("Vladimirovich", "Uladzimiravich"),
    ):
        ka, kb = fold(a.lower()), fold(b.lower())
        assert same_given_name(ka, kb), (a, b)
        assert ka in GIVEN_KEYS and kb in GIVEN_KEYS
    assert fold("mohammed") not in GIVEN_KEYS
