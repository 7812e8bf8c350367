"""FtM JSON lines and the custom list CSV."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import raw_file
from tracewire.errors import ListFormatError
from tracewire.sources.custom_csv import CustomCsvFormat
from tracewire.sources.ftm import FtmJsonFormat

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_ftm_parses_zala_network() -> None:
    path = raw_file("opensanctions_ftm_fixtures", "zala", "entities.ftm.json")
    result = FtmJsonFormat().parse([path], "zala")
    assert result.schema_counts() == {
        "Address": 11,
        "Company": 11,
        "Directorship": 3,
        "Family": 4,
        "Ownership": 14,
        "Passport": 1,
        "Person": 6,
        "Sanction": 41,
    }
    records = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    exported = {e.id: json.loads(e.to_json()) for e in result.entities}
    # lossless: every record comes back identical, including non-property keys
    assert exported == {r["id"]: r for r in records}


def test_ftm_sniff_rejects_other_json(tmp_path: Path) -> None:
    other = tmp_path / "x.json"
    other.write_text('{"results": []}\n')
    assert not FtmJsonFormat().sniff([other])


def test_ftm_bad_line_names_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.ftm.json"
    path.write_text(
        '{"id": "a", "schema": "Person", "properties": {"name": ["A"]}}\n{"id": "b", "sch\n'
    )
    with pytest.raises(ListFormatError) as info:
        FtmJsonFormat().parse([path], "x")
    assert info.value.line == 2
    assert "bad.ftm.json, line 2" in str(info.value)


def test_ftm_unknown_schema_names_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.ftm.json"
    path.write_text('{"id": "a", "schema": "Spaceship", "properties": {}}\n')
    with pytest.raises(ListFormatError, match="line 1.*Spaceship"):
        FtmJsonFormat().parse([path], "x")


def test_custom_csv_rows_and_errors() -> None:
    path = FIXTURES / "custom_list.csv"
    fmt = CustomCsvFormat()
    assert fmt.sniff([path])
    result = fmt.parse([path], "blocklist")
    by_source = {e.source_id: e for e in result.entities if e.schema != "Sanction"}
    assert set(by_source) == {"C-1", "C-2", "C-3"}
    company = by_source["C-1"]
    assert company.id == "blocklist-c-1"
    assert company.get("alias") == ["Kupol Export", "KEP LLC"]
    assert company.get("innCode") == ["1234567890"]
    assert company.get("country") == ["ru"]
    assert any("risk_owner: compliance" in n for n in company.get("notes"))
    person = by_source["C-2"]
    assert person.get("birthDate") == ["1971-04-12"]
    assert person.get("nationality") == ["ru"]
    assert "Иван Петрович Сидоров" in person.get("alias")
    assert by_source["C-3"].get("imoNumber") == ["9187629"]
    sanctions = [e for e in result.entities if e.schema == "Sanction"]
    assert {s.first("entity") for s in sanctions} == {company.id, person.id}
    messages = [str(w) for w in result.warnings]
    assert any("line 1" in m and "risk_owner" in m for m in messages)
    assert any("line 5" in m and "Bogus" in m for m in messages)
    assert any("line 6" in m and "frobnicator" in m for m in messages)


def test_custom_csv_wrong_encoding(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("id,name,aliases\n1,Müller GmbH,\n".encode("latin-1"))
    with pytest.raises(ListFormatError, match="latin1.csv, line 2"):
        CustomCsvFormat().parse([path], "x")


def test_custom_csv_requires_name_column(tmp_path: Path) -> None:
    path = tmp_path / "noname.csv"
    path.write_text("id,aliases\n1,foo\n")
    with pytest.raises(ListFormatError, match="no 'name' column"):
        CustomCsvFormat().parse([path], "x")
