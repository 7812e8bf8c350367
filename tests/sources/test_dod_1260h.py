"""DoD Section 1260H Chinese military companies (OpenSanctions curated CSV).

Expected counts were computed with a plain ``csv.DictReader`` script: 397 rows, 376 with
no end date; 227 distinct companies by slug of ``Clean Name`` (234 spellings: "AVIC
JONHON"/"AVIC Jonhon", "Xi'an"/"Xi’an" and five more collapse); 136 distinct (company,
parent) pairs once "(ACRONYM)" is stripped from parent names, every parent being a listed
company.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from tests.conftest import RAW, raw_file
from tracewire.errors import ListFormatError
from tracewire.model import Entity
from tracewire.sources.base import ParseResult
from tracewire.sources.dod_1260h import FORMATS, Dod1260hFormat

DOD = Dod1260hFormat()


@cache
def _parse() -> ParseResult:
    path = raw_file("opensanctions_us_dod_1260h", "sanctions.csv")
    return DOD.parse([path], "us_dod_chinese_milcorps")


@pytest.fixture
def dod() -> ParseResult:
    return _parse()


def _sanctions(result: ParseResult, entity_id: str) -> list[Entity]:
    return sorted(
        (e for e in result.entities if e.schema == "Sanction" and entity_id in e.get("entity")),
        key=lambda s: s.get("startDate"),
    )


def test_counts(dod: ParseResult) -> None:
    assert dod.schema_counts() == {"Company": 227, "Ownership": 136, "Sanction": 397}
    sanctions = [e for e in dod.entities if e.schema == "Sanction"]
    assert sum(1 for s in sanctions if not s.get("endDate")) == 376
    assert {s.first("authority") for s in sanctions} == {"US Department of Defense"}
    assert {s.first("program") for s in sanctions} == {"Section 1260H"}
    assert {s.first("programId") for s in sanctions} == {"US-DOD-1260H"}
    assert all(e.get("country") == ["cn"] for e in dod.entities if e.schema == "Company")
    assert dod.rows["records"] == 397
    assert dod.publisher_date == "2026-06-08"
    assert dod.warnings == []
    assert "parent_stubs" not in dod.rows


def test_huawei(dod: ParseResult) -> None:
    by_id = {e.id: e for e in dod.entities}
    e = by_id["us-dod-1260h-huawei-technologies-co-ltd"]
    assert e.schema == "Company" and e.source_id == "Huawei Technologies Co., Ltd."
    assert e.get("name") == ["Huawei Technologies Co., Ltd."]
    assert e.get("alias") == ["Huawei"]
    listings = _sanctions(dod, e.id)
    assert [s.first("startDate") for s in listings] == ["2021-06-03", "2025-01-07", "2026-06-08"]
    assert listings[0].get("namesMentioned") == ["Huawei Technologies Co., Ltd. (Huawei)*"]
    assert str(listings[2].first("sourceUrl")).startswith("https://media.defense.gov/2026/Jun/08/")
    [own] = [x for x in dod.entities if x.schema == "Ownership" and x.get("asset") == [e.id]]
    assert by_id[own.get("owner")[0]].get("name") == ["Huawei Investment & Holding Co., Ltd."]


def test_names_parents_and_renames(dod: ParseResult) -> None:
    by_id = {e.id: e for e in dod.entities}
    chengdu = by_id["us-dod-1260h-avic-chengdu-aircraft-co-ltd"]
    assert chengdu.get("previousName") == [
        "Zhonghang Electronic Measuring Instruments Company Limited",
        "ZEMIC",
    ]
    [own] = [x for x in dod.entities if x.schema == "Ownership" and x.get("asset") == [chengdu.id]]
    # printed "Aviation Industry Corporation of China, Ltd." is the listed AVIC
    assert own.get("owner") == ["us-dod-1260h-aviation-industry-corporation-of-china-ltd"]
    assert _sanctions(dod, own.get("owner")[0])
    ch_uav = by_id["us-dod-1260h-aerospace-ch-uav-co-ltd"]
    assert ch_uav.get("weakAlias") == ["S-SEA"] and ch_uav.get("alias") == ["CH UAV"]
    hesai = by_id["us-dod-1260h-hesai-group"]
    assert hesai.get("alias") == ["Hesai Technology Co., Ltd."]
    assert "military- civil fusion" in str(_sanctions(dod, hesai.id)[0].first("reason"))
    jonhon = by_id["us-dod-1260h-avic-jonhon-optronic-technology-co-ltd"]
    assert sorted(jonhon.get("name")) == [
        "AVIC JONHON Optronic Technology Co., Ltd.",
        "AVIC Jonhon Optronic Technology Co., Ltd.",
    ]


def test_ended_listing(dod: ParseResult) -> None:
    [torch] = [e for e in dod.entities if "Fujian Torch Electron Technology Co., Ltd." in e.names]
    [s] = _sanctions(dod, torch.id)
    assert s.get("endDate") == ["2024-01-31"]
    assert s.get("reason") == ["No apparent U.S. nexus"]


def test_sniff_against_every_raw_file() -> None:
    if not RAW.exists():
        pytest.skip("shared data not present")
    for path in sorted(p for p in RAW.rglob("*") if p.is_file()):
        rel = path.relative_to(RAW).as_posix()
        expected = rel == "opensanctions_us_dod_1260h/sanctions.csv"
        assert [f.sniff([path]) for f in FORMATS] == [expected], rel


def _lines() -> list[bytes]:
    return raw_file("opensanctions_us_dod_1260h", "sanctions.csv").read_bytes().splitlines(True)


def test_corrupted_copies(tmp_path: Path) -> None:
    lines = _lines()
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"\n")
    with pytest.raises(ListFormatError, match="empty.csv: the file is empty"):
        DOD.parse([empty], "x")
    header = tmp_path / "header.csv"
    header.write_bytes(lines[0])
    with pytest.raises(ListFormatError, match="header.csv, line 2: the file has no company rows"):
        DOD.parse([header], "x")
    text = b"".join(lines).decode("utf-8")
    wrong = tmp_path / "cp1252.csv"
    wrong.write_bytes(text.encode("cp1252"))
    line = next(i for i, raw in enumerate(lines, 1) if "’".encode() in raw)
    with pytest.raises(ListFormatError, match=f"cp1252.csv, line {line}: cannot decode byte 0x92"):
        DOD.parse([wrong], "x")
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes(text.encode("utf-16-le"))
    with pytest.raises(ListFormatError, match="utf16.csv, line 1: NUL bytes"):
        DOD.parse([utf16], "x")
    other = tmp_path / "csl.csv"
    other.write_bytes(raw_file("us_csl_2025-06_sample", "consolidated.csv").read_bytes())
    with pytest.raises(ListFormatError, match="csl.csv, line 1: missing required column"):
        DOD.parse([other], "x")
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"".join(lines[:4]) + b"Lonely,row\n" + b"".join(lines[4:40]))
    result = DOD.parse([broken], "x")
    assert result.rows["records"] == 39
    assert [(w.line, w.message) for w in result.warnings] == [
        (5, "record has 2 fields, the header has 9; skipped")
    ]
    truncated = tmp_path / "truncated.csv"
    truncated.write_bytes(b"".join(lines[:10]) + lines[10][:30])
    result = DOD.parse([truncated], "x")
    assert result.rows["records"] == 9
    assert [w.line for w in result.warnings] == [11]
