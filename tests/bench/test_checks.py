"""The fixed dev / held-out halves of nomenklatura's ``checks.yml`` (``bench.checks``)."""

from __future__ import annotations

import pytest
from bench.checks import checks, misses
from bench.external import check_split

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
