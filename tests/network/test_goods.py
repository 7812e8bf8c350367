"""Goods: the CHPL table and lookups, and descriptions that contradict codes."""

from __future__ import annotations

import csv

import pytest

from tests.conftest import SHARED_DATA
from tests.network.factory import case, line, party, txn
from tracewire.network.goods import (
    GoodsTable,
    chpl_item,
    code_mismatch,
    document_mismatches,
    goods_lines,
    goods_table,
)
from tracewire.network.reference import load_chpl

CHPL_CSV = SHARED_DATA / "derived" / "chpl" / "chpl_hs6_2024-02_transcribed.csv"


def test_chpl_has_fifty_codes_in_six_tiers() -> None:
    chpl = load_chpl()
    assert len(chpl) == 50
    tiers = {t: sum(1 for i in chpl.values() if i.tier == t) for t in ("1", "2", "3.A", "3.B", "4.A", "4.B")}  # fmt: skip
    assert tiers == {"1": 4, "2": 5, "3.A": 16, "3.B": 9, "4.A": 11, "4.B": 5}
    assert all(len(code) == 6 and code.isdigit() for code in chpl)


def test_chpl_matches_the_independent_transcription() -> None:
    """Cross-check with ../shared/data/derived/chpl (transcribed separately)."""
    if not CHPL_CSV.exists():
        pytest.skip("shared CHPL transcription not present")
    with open(CHPL_CSV, encoding="utf-8", newline="") as fh:
        theirs = {row["hs6"]: row["tier"] for row in csv.DictReader(fh)}
    ours = {code: item.tier for code, item in load_chpl().items()}
    assert ours == theirs


@pytest.mark.parametrize(
    ("code", "tier"),
    [("854231", "1"), ("85423190", "1"), ("8526912000", "2"), ("880730", "3.B"),
     ("8807300000", "3.B"), ("846693", "4.B"), ("8542", None), ("841869", None), (None, None)],
)  # fmt: skip
def test_national_codes_match_on_six_digits(code: str | None, tier: str | None) -> None:
    item = chpl_item(code)
    assert (item.tier if item else None) == tier


def test_descriptions_name_kinds_of_goods() -> None:
    t = goods_table()
    assert set(t.described("Industrial refrigeration units")) == {"refrigeration"}
    assert set(t.described("Aircraft piston engines")) == {"engines"}
    assert set(t.described("Модули ГНСС навигационные")) == {"navigation"}
    assert set(t.described("无人机发动机")) == {"engines", "aircraft"}
    assert t.described("Tablets and toyota spare parts") == {}  # whole words only
    assert t.coded("8418690000") == ["refrigeration"]


def test_description_contradicting_its_code() -> None:
    c = case(
        parties=[party("a", "Alpha")],
        transactions=[txn("t", seller="a", goods=[
            line("8418.69", "GNSS receiver modules"),        # navigation under refrigeration
            line("8418.69", "Industrial refrigeration units"),  # fits
            line("3926.90", "Engine mounting brackets"),     # code of no known kind: no verdict
        ])],
    )  # fmt: skip
    table = goods_table()
    found = [m for r in goods_lines(c) if (m := code_mismatch(r, table))]
    assert [(m.ref.line_index, sorted(m.described), m.coded) for m in found] == [
        (0, ["navigation"], ["refrigeration"])
    ]


def test_same_item_described_differently_across_documents() -> None:
    c = case(
        parties=[party("a", "Alpha"), party("b", "Beta")],
        transactions=[
            txn("contract", "contract", seller="a", buyer="b",
                goods=[line("8407.10", "Aircraft piston engines", item="E1")]),
            txn("shipment", "shipment", seller="a", related=["contract"],
                goods=[line("8418.69.00", "Industrial refrigeration units", item="E1")]),
            txn("other", "shipment", seller="a",  # not related: not compared
                goods=[line("8418.69.00", "Industrial refrigeration units", item="E1")]),
        ],
    )  # fmt: skip
    [m] = document_mismatches(c, goods_table())
    assert m.item == "E1" and {r.txn.id for r in m.refs} == {"contract", "shipment"}
    assert m.headings == {"transactions[0].goods[0]": "8407", "transactions[1].goods[0]": "8418"}


def test_categories_file_is_validated(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "cats.yml"
    bad.write_text("categories:\n  x: {keywords: [a], hs: ['84x']}\n", encoding="utf-8")
    with pytest.raises(Exception, match="HS prefixes are 2-6 digits"):
        GoodsTable.load(bad)
