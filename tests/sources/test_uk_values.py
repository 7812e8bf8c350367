"""How UK lists write values: dates, name kinds, registration numbers, regimes."""

from __future__ import annotations

import pytest

from tracewire.sources.uk_regimes import REGIMES, regime_for_id, regime_for_name
from tracewire.sources.uk_values import (
    clean_number,
    clean_text,
    full_name,
    name_prop,
    one_line_address,
    parse_date,
    registration_numbers,
    split_numbered,
)


@pytest.mark.parametrize(
    ("raw", "dates", "problem"),
    [
        ("29/06/2012", ["2012-06-29"], False),
        ("29-06-2012", ["2012-06-29"], False),
        ("2012-06-29", ["2012-06-29"], False),
        ("00/00/1970", ["1970"], False),
        ("00/05/1970", ["1970-05"], False),
        ("dd/mm/1953", ["1953"], False),
        ("1970", ["1970"], False),
        ("circa 1970", ["1970"], False),
        ("1960 to 1963", ["1960", "1961", "1962", "1963"], False),
        ("1940-1960", ["1940", "1960"], False),
        ("12 Aug 1991", ["1991-08-12"], False),
        ("13/13/1970", ["1970"], True),
        ("31/02/1970", ["1970-02"], True),
        ("unknown", [], True),
        ("", [], False),
    ],
)
def test_parse_date(raw: str, dates: list[str], problem: bool) -> None:
    got, why = parse_date(raw)
    assert got == dates
    assert (why is not None) == problem


@pytest.mark.parametrize(
    ("kind", "strength", "prop"),
    [
        ("Primary Name", "", "name"),
        ("Primary name", "", "name"),
        ("primary_name", "", "name"),
        ("Primary Name Variation", "", "alias"),
        ("primary_variation", "low_quality_aka", "weakAlias"),
        ("Alias", "Good quality a.k.a", "alias"),
        ("alias", "low_quality_aka", "weakAlias"),
        ("AKA", "Low quality", "weakAlias"),
        ("FKA", "", "previousName"),
        ("Nickname", "", None),
    ],
)
def test_name_prop(kind: str, strength: str, prop: str | None) -> None:
    assert name_prop(kind, strength) == prop


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("INN: 3849055365", [("innCode", "3849055365")]),
        (
            "OGRN: 1027739090708 INN: 7731018133",
            [("ogrnCode", "1027739090708"), ("innCode", "7731018133")],
        ),
        (
            "INN – 7838121341OGRN - 1247800024603",
            [("innCode", "7838121341"), ("ogrnCode", "1247800024603")],
        ),
        ("Tax Identification Number: INN 7736053886", [("innCode", "7736053886")]),
        ("USCC: 91440300MA5HX80Y1Q", [("uscCode", "91440300MA5HX80Y1Q")]),
        ("Unified Social Credit Code: 91110105MACQWR1U2C", [("uscCode", "91110105MACQWR1U2C")]),
        ("BIK (RU): 044525225", [("bikCode", "044525225")]),
        ("SWIFT CODE: SABRRUMM", [("swiftBic", "SABRRUMM")]),
        ("Legal Entity Identifier: 253400JT3MQWNDKMJE44", [("leiCode", "253400JT3MQWNDKMJE44")]),
        (
            "Tax ID No. 7703226533 (Russia); Registration Number 1157746244017 (Russia)",
            [("taxNumber", "7703226533"), ("registrationNumber", "1157746244017")],
        ),
        ("'00073994 (KH) ", [("registrationNumber", "00073994")]),
        ("Thai business register number: 0105566050386", [("registrationNumber", "0105566050386")]),
        ("", []),
    ],
)
def test_registration_numbers(raw: str, expected: list[tuple[str, str]]) -> None:
    assert registration_numbers(raw) == expected


def test_small_helpers() -> None:
    assert split_numbered("(1) Russia (2) Ukraine") == ["Russia", "Ukraine"]
    assert split_numbered("Asset freeze|Travel Ban", pipe=True) == ["Asset freeze", "Travel Ban"]
    assert clean_number("  'P04581926  ") == "P04581926"
    assert clean_text("  'Ammar  ") == "'Ammar"
    assert full_name(["Abdul Kabir", " ", ""], "MOHAMMAD  JAN") == "Abdul Kabir MOHAMMAD JAN"
    assert one_line_address(["1 Okhotny Ryad", "", "Moscow", "103265", "Russia"]) == (
        "1 Okhotny Ryad, Moscow, 103265, Russia"
    )


def test_regimes() -> None:
    assert len({r.prefix for r in REGIMES}) == len(REGIMES) == 31
    assert regime_for_id("RUS0178") == regime_for_name("Russia")
    assert regime_for_id("RUS0178").key == "GB-RUS"  # type: ignore[union-attr]
    titles = {
        "The Russia (Sanctions) (EU Exit) Regulations 2019": "GB-RUS",
        "The Iran (Sanctions) (Nuclear) (EU Exit) Regulations 2019": "GB-IRAN-NW",
        "The Iran (Sanctions) Regulations 2023": "GB-IRAN",
        "The Somalia (Sanctions) (EU Exit) Regulations 2020": "GB-SOM",
        "The South Sudan (Sanctions) (EU Exit) Regulations 2019": "GB-SSD",
        "The Republic of Guinea-Bissau (Sanctions) (EU Exit) Regulations 2019": "GB-GNB",
        "The Counter-Terrorism (International Sanctions) (EU Exit) Regulations 2019": "GB-ICT",
    }
    for title, key in titles.items():
        assert regime_for_name(title).key == key, title  # type: ignore[union-attr]
    assert regime_for_id("XYZ0001") is None
    assert regime_for_name("Atlantis") is None
