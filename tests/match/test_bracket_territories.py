"""Two firms of one group, each with its country in brackets, are two parties (issue 13;
dev half of nomenklatura's ``cases.csv``).

*Bowne Global Solutions (France), S.A.R.L.* / *Bowne Global Solutions (Germany),
G.m.b.H.* alerted at 1.0: each name's reading without its bracketed place
(:func:`tracewire.match.orgterms.bracket_parts`, so that *Kangze Yuan International
Logistics (Hong Kong)* meets the group's name alone) met the other's whole. When both
names carry a place in brackets and the places are apart
(:func:`tracewire.match.orgterms.territories_apart`), the best name pair is lowered as
another party's is (``ORG_MISMATCH_FACTOR``); a place and a place within it, two names
of one place, or a bracket on one side only are left as they were.
"""

from __future__ import annotations

from tests.match.persons import named_entity
from tracewire.match import Query, Screener
from tracewire.match.orgterms import bracket_territories, territories_apart


def _score(query: str, listed: str, schema: str = "Company") -> float:
    entity = named_entity(schema, "c1", listed)
    screener = Screener.from_entities([entity])
    return screener.score(Query(names=[query], schema=schema), entity).score


def test_bracketed_places_read_with_the_places_they_lie_in() -> None:
    assert bracket_territories("Bowne Global Solutions (France), S.A.R.L.") == {("fr",)}
    assert bracket_territories("X Trading (Shanghai) Co., Ltd") == {("cn-sh", "cn")}
    assert bracket_territories("Rosoboronexport OJSC (ROE)") == frozenset()
    assert bracket_territories("X (Global) Ltd") == frozenset()  # rigour's zz
    assert bracket_territories("X Holdings") == frozenset()


def test_two_places_apart() -> None:
    fr, de = bracket_territories("A (France)"), bracket_territories("A (Germany)")
    assert territories_apart(fr, de)
    shanghai, tianjin = bracket_territories("A (Shanghai)"), bracket_territories("A (Tianjin)")
    assert territories_apart(shanghai, tianjin)
    # a place within the other, two names of one place, one side without a place
    assert not territories_apart(shanghai, bracket_territories("A (China)"))
    assert not territories_apart(
        bracket_territories("A (HK)"), bracket_territories("A (Hong Kong)")
    )
    assert not territories_apart(fr, frozenset())


def test_a_group_firm_in_another_country_is_no_alert() -> None:
    # cases.csv dev: each alerted at 1.0
    assert (
        _score(
            "Bowne Global Solutions (France), S.A.R.L.",
            "Bowne Global Solutions (Germany), G.m.b.H.",
        )
        < 0.8
    )
    assert (
        _score("Bowne Global Solutions (Spain), S.L.", "Bowne Global Solutions (Netherlands), B.V.")
        < 0.8
    )
    assert (
        _score("Bowne Global Solutions II (Sweden) AB", "Bowne Global Solutions II (Finland) AB")
        < 0.8
    )


def test_one_place_or_one_bracket_still_alerts() -> None:
    assert _score("Bowne Global Solutions II (Sweden) AB", "Bowne Global Solutions II AB") >= 0.8
    assert (
        _score(
            "Kangze Yuan International Logistics (Hong Kong)",
            "Kangze Yuan International Logistics (HK) Limited",
        )
        >= 0.8
    )
    assert _score("Huawei Technologies (Shenzhen) Co", "Huawei Technologies (China) Co") >= 0.8
