"""The fixed dev / held-out halves of nomenklatura's ``checks.yml`` (``bench.checks``)."""

from __future__ import annotations

import pytest
from bench.checks import checks, misses
from bench.external import case_split, check_split, pair_names

from tests.conftest import raw_file


def test_split_is_a_function_of_the_content() -> None:
    query, candidate = {"name": ["Siemens AG"]}, {"name": ["Siemens Aktiengesellschaft"]}
    first = check_split("Company", query, candidate, True)
    assert first == check_split("Company", dict(query), dict(candidate), True)
    assert first in ("dev", "heldout")
    # the label, the schema and each side are part of what is hashed
    halves = {
        check_split(schema, {"name": [f"Firm {i}"]}, candidate, match)
        for i in range(40)
        for schema in ("Company", "Organization")
        for match in (True, False)
    }
    assert halves == {"dev", "heldout"}


def test_published_checks_fall_on_both_sides() -> None:
    raw_file("nomenklatura_name_bench/checks.yml")
    cases = checks()
    sides = [c.extra["split"] for c in cases]
    assert len(cases) > 200
    # about half each, and the same half whatever the order of the file
    assert 0.35 < sides.count("dev") / len(sides) < 0.65
    assert sides == [check_split(c.schema, c.query, c.candidate, c.match) for c in cases]


def test_only_the_dev_half_may_be_listed() -> None:
    row = {"extra": {"split": "dev"}, "match": True, "tracewire_match": False}
    held = {"extra": {"split": "heldout"}, "match": True, "tracewire_match": False}
    assert misses([row, held], "dev") == [row]
    with pytest.raises(ValueError, match="dev"):
        misses([row, held], "heldout")


def test_cases_split_ignores_order_and_case() -> None:
    first = case_split("Company", "Siemens AG", "Siemens Aktiengesellschaft", True)
    assert first == case_split("Company", "SIEMENS AKTIENGESELLSCHAFT", "siemens ag", True)
    halves = {case_split("Person", f"Anna {i}", "Anna", m) for i in range(40) for m in (1, 0)}
    assert halves == {"dev", "heldout"}


def test_cases_csv_falls_on_both_sides_and_ports_take_their_checks_half() -> None:
    raw_file("nomenklatura_name_bench/cases.csv")
    raw_file("nomenklatura_name_bench/checks.yml")
    cases = checks("nk_cases")
    sides = [c.extra["split"] for c in cases]
    assert len(cases) > 800
    assert 0.35 < sides.count("dev") / len(sides) < 0.65
    # a cases.csv row ported from checks.yml sits in the half of the check it came from
    # (held out when its names are in checks of both halves)
    halves: dict[tuple[str, str], set[str]] = {}
    for check in checks():
        for a in pair_names(check.query):
            for b in pair_names(check.candidate):
                for pair in ((a.casefold(), b.casefold()), (b.casefold(), a.casefold())):
                    halves.setdefault(pair, set()).add(check.extra["split"])
    ported = 0
    for case in cases:
        pair = (case.query["name"][0].casefold(), case.candidate["name"][0].casefold())
        if case.group == "nk_checks" and pair in halves:
            ported += 1
            expected = next(iter(halves[pair])) if len(halves[pair]) == 1 else "heldout"
            assert case.extra["split"] == expected
    assert ported > 200
