"""One identifier normalisation for matching and the network (tracewire.model.identifiers).

Both sides of each pair below are one number written two ways: matching must find the
same identifier (not a conflict) and the network must put both under one key. Before,
matching stripped an IMO prefix only from 10-character values and the network always did,
and neither knew a BIC with its branch code from the bank's BIC.
"""

from __future__ import annotations

import pytest
from followthemoney import model

from tracewire.match.features import compare_identifiers, identifier_groups
from tracewire.model.identifiers import PROP_FORMATS, UNIQUE_PROPS, normalise
from tracewire.network.shared import STRONG_IDS, id_keys

SAME = [
    ("imoNumber", "IMO 9187629", "9187629"),
    ("imoNumber", "IMO No. 9187629", "9187629"),
    ("imoNumber", "IMO12345678", "12345678"),  # not a valid IMO number: still the prefix
    ("swiftBic", "DEUTDEFF500", "DEUTDEFF"),  # a branch of the bank: the bank
    ("swiftBic", "deut de ff xxx", "DEUTDEFF"),
    ("innCode", "77-0708/3893", "7707083893"),
    ("innCode", "INN 7707083893", "7707083893"),
    ("leiCode", "5493 001K JTII GC8Y 1R12", "5493001KJTIIGC8Y1R12"),
    ("ogrnCode", "OGRN 1027700132195", "1027700132195"),
    ("uscCode", "91350100-M000100Y43", "91350100M000100Y43"),
    ("taxNumber", "12-345 678", "12345678"),
]
DIFFERENT = [
    ("imoNumber", "IMO 9187629", "9176187"),
    ("swiftBic", "DEUTDEFF", "COBADEFF"),
    ("innCode", "7707083893", "7736050003"),
]


@pytest.mark.parametrize(("prop", "one", "other"), SAME)
def test_one_number_written_two_ways_is_one_value_everywhere(
    prop: str, one: str, other: str
) -> None:
    assert normalise(prop, one) == normalise(prop, other) is not None
    feature = compare_identifiers(identifier_groups([(prop, one)]),
                                  identifier_groups([(prop, other)]))  # fmt: skip
    assert feature is not None and feature.effect > 0, feature
    if prop in ("imoNumber", "swiftBic", "innCode", "leiCode", "ogrnCode", "uscCode",
                "taxNumber"):  # fmt: skip
        network = {key for key, _p, _v in id_keys([(prop, one), (prop, other)])}
        assert len(network) == 1, network
        (key,) = network
        assert key[1] == feature.query_value  # the same normalised value on both sides


@pytest.mark.parametrize(("prop", "one", "other"), DIFFERENT)
def test_different_numbers_stay_different(prop: str, one: str, other: str) -> None:
    feature = compare_identifiers(identifier_groups([(prop, one)]),
                                  identifier_groups([(prop, other)]))  # fmt: skip
    assert feature is not None and feature.effect < 0
    assert len({key for key, _p, _v in id_keys([(prop, one), (prop, other)])}) == 2


def test_too_short_to_compare() -> None:
    assert normalise("taxNumber", "1-2") is None
    assert identifier_groups([("taxNumber", "12")]) == {}
    assert list(id_keys([("taxNumber", "12")])) == []


def test_formats_are_followthemoneys_and_tables_are_shared() -> None:
    for prop, fmt in PROP_FORMATS.items():
        schema = "Vessel" if prop == "imoNumber" else "Company"
        assert model.get(schema).get(prop).format == fmt  # type: ignore[union-attr]
    assert STRONG_IDS is UNIQUE_PROPS
