"""US BIS Denied Persons List (``bis_dpl``).

Row count from PROVENANCE.md (665) and recounted with the csv module; the number of
parties is recounted independently as distinct (name, Effective_Date) pairs.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import RAW, raw_file
from tracewire.errors import ListFormatError
from tracewire.model import Entity
from tracewire.sources.base import ParseResult
from tracewire.sources.bis_dpl import (
    FORMATS,
    BisDplFormat,
    legal_form_schema,
    order_key,
    person_marked,
)

DPL = ("bis_denied_persons_2023-11", "dpl.txt")
HEADER = (
    '"Name"\t"Street_Address"\t"City"\t"State"\t"Country"\t"Postal_Code"\t"Effective_Date"\t'
    '"Expiration_Date"\t"Standard_Order"\t"Last_Update"\t"Action"\t"FR_Citation"\n'
)


@cache
def _parse() -> ParseResult:
    return BisDplFormat().parse([raw_file(*DPL)], "us_bis_denied")


def _named(result: ParseResult, name: str) -> list[Entity]:
    return [e for e in result.entities if e.schema != "Sanction" and name in e.get("name")]


def _sanction(result: ParseResult, entity: Entity) -> Entity:
    found = [e for e in result.entities if e.schema == "Sanction" and entity.id in e.get("entity")]
    assert len(found) == 1
    return found[0]


def test_counts() -> None:
    with open(raw_file(*DPL), newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert len(rows) == 665
    # a party is a name (up to case and punctuation) under one order (Effective_Date)
    parties = {
        (re.sub(r"[^A-Z0-9]+", " ", r["Name"].upper()).strip(), r["Effective_Date"]) for r in rows
    }
    assert len(parties) == 546
    result = _parse()
    assert result.rows == {"rows": 665}
    assert result.schema_counts() == {
        "Company": 68,
        "LegalEntity": 307,
        "Person": 171,
        "Sanction": 546,
    }
    assert result.publisher_date == "2023-11-28"
    assert result.format == "bis_dpl"


def test_party_with_four_addresses_is_one_company() -> None:
    result = _parse()
    (company,) = _named(result, "AIR FREIGHT LTD")
    assert company.schema == "Company"
    assert company.id == "bis-dpl-air-freight-ltd-80-fr-30435"
    assert company.source_id is None
    assert len(company.get("address")) == 4
    assert "P.O. BOX 911399, AMMAN, 11191, JO" in company.get("address")
    assert set(company.get("country")) == {"iq", "ae", "jo"}
    sanction = _sanction(result, company)
    assert sanction.get("authority") == ["US Bureau of Industry and Security"]
    assert sanction.get("program") == ["Denied Persons List"]
    assert sanction.get("startDate") == ["2023-10-31"]
    assert sanction.get("endDate") == ["2024-10-30"]
    assert sanction.get("provisions") == ["Standard order"]
    assert any(a.startswith("80 F.R. 30435 5/28/15") for a in sanction.get("authorityId"))


def test_punctuation_variants_of_one_party_merge() -> None:
    (airline,) = _named(_parse(), "AL NASER AIRLINES")
    assert airline.get("alias") == ["AL-NASER AIRLINES"]
    assert len(airline.get("address")) == 4


def test_same_name_under_two_orders_is_two_parties() -> None:
    result = _parse()
    ash = _named(result, "I. ASH")
    assert len(ash) == 2
    assert {e.schema for e in ash} == {"Person"}  # incarcerated, with a USM number
    starts = sorted(_sanction(result, e).first("startDate") or "" for e in ash)
    assert starts == ["2002-03-04", "2003-06-19"]


def test_persons_countries_and_summary() -> None:
    result = _parse()
    (villa,) = _named(result, "AARON ABRAHAM VILLA")
    assert villa.schema == "LegalEntity"
    assert villa.get("country") == ["us"]  # no Country, state TX
    assert villa.get("address") == ["3415 RIVERA AVENUE, EL PASO, TX 79905"]
    sanction = _sanction(result, villa)
    assert sanction.get("summary") == ["F.R. NOTICE ADDED"]
    assert sanction.get("endDate") == ["2026-01-14"]
    (hu,) = _named(result, "JOHNSON HU")
    assert hu.get("country") == ["cn"]  # "PRC"


def test_typo_dates_are_warned_and_kept() -> None:
    result = _parse()
    (garcia,) = _named(result, "JOSE ERNESTO GARCIA")
    assert _sanction(result, garcia).get("modifiedAt") == ["3033-09-30"]
    warning = [w for w in result.warnings if "3033-09-30" in w.message]
    assert len(warning) == 1 and warning[0].line == 316 and warning[0].path == "dpl.txt"
    assert sum("'1023-11-01'" in w.message for w in result.warnings) == 2


def test_warnings_for_repeats_and_disagreements() -> None:
    messages = [str(w) for w in _parse().warnings]
    assert "dpl.txt, line 154: DAQING ZHOU: row repeats line 153 verbatim" in messages
    assert any("JESUS ADRIAN RAMIREZ: Expiration_Date differs" in m for m in messages)
    assert any("Country 'NM' not understood" in m for m in messages)
    assert len(messages) == 8


def test_ids_survive_a_renewal() -> None:
    """A TDO renewal moves Effective_Date and appends a citation: the id must not change."""
    assert order_key("80 F.R. 30435 5/28/15", "2015-05-28") == "80-fr-30435"
    renewed = "80 F.R. 30435 5/28/15, 80 F.R. 44930 7/28/15, 88 F.R. 30078 5/10/2023"
    assert order_key(renewed, "2023-10-31") == "80-fr-30435"
    assert order_key("81.F.R. 22576 4/18/2016", "") == "81-fr-22576"
    assert order_key("", "2001-01-01") == "2001-01-01"


def test_legal_form_heuristic() -> None:
    assert legal_form_schema("EMPRESA DE TRANSPORTE AEROCARGO DEL SUR, S.A.") == "Company"
    assert legal_form_schema("RADIOTESTER OOO") == "Company"
    assert legal_form_schema("SUNTRONIC F.Z.E.") == "Company"
    assert legal_form_schema("AL NASER AIRLINES") == "LegalEntity"
    assert legal_form_schema("ABDUL MAJID SAIDI") == "LegalEntity"


def test_sniff_is_precise() -> None:
    fmt = FORMATS[0]
    assert fmt.sniff([raw_file(*DPL)])
    others = [p for p in RAW.rglob("*") if p.is_file() and p.name != "dpl.txt"]
    assert others
    assert [p for p in others if fmt.sniff([p])] == []


# -- broken input -------------------------------------------------------------------------

ROW = (
    '"JANE ROE"\t"1 MAIN ST"\t"AUSTIN"\t"TX"\t""\t"78701"\t"01/02/2020"\t"01/02/2030"\t"Y"\t'
    '"2020-01-03"\t"F.R. NOTICE ADDED"\t"85 F.R. 1234 1/5/2020"\n'
)


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "dpl.txt"
    path.write_bytes(data)
    return path


def test_small_file_and_short_row(tmp_path: Path) -> None:
    short = '"JOHN DOE"\t"2 MAIN ST"\t"AUSTIN"\n'
    path = _write(tmp_path, (HEADER + ROW + short + ROW.replace("JANE", "JOAN")).encode())
    result = BisDplFormat().parse([path], "dpl")
    assert result.schema_counts() == {"LegalEntity": 2, "Sanction": 2}
    (warning,) = result.warnings
    assert warning.line == 3 and "3 fields" in warning.message and "JOHN DOE" in warning.message


def test_truncated_inside_a_quoted_field(tmp_path: Path) -> None:
    path = _write(tmp_path, (HEADER + ROW + ROW[:16]).encode())  # ends in "1 MAIN
    with pytest.raises(ListFormatError) as info:
        BisDplFormat().parse([path], "dpl")
    assert info.value.line == 3 and f"{path}, line 3" in str(info.value)


def test_truncated_between_fields(tmp_path: Path) -> None:
    path = _write(tmp_path, (HEADER + ROW + ROW[:31]).encode())  # ends after "AUSTIN"
    with pytest.raises(ListFormatError, match="truncated") as info:
        BisDplFormat().parse([path], "dpl")
    assert info.value.line == 3


def test_broken_quoting(tmp_path: Path) -> None:
    path = _write(tmp_path, (HEADER + ROW + ROW.replace('"1 MAIN ST"', '"1 MAIN" ST"')).encode())
    with pytest.raises(ListFormatError) as info:
        BisDplFormat().parse([path], "dpl")
    assert info.value.line == 3


def test_wrong_encoding(tmp_path: Path) -> None:
    path = _write(tmp_path, (HEADER + ROW + ROW.replace("JANE", "JOSÉ")).encode("latin-1"))
    with pytest.raises(ListFormatError, match=r"dpl\.txt, line 3: cannot decode byte 0xc9"):
        BisDplFormat().parse([path], "dpl")


def test_empty_file(tmp_path: Path) -> None:
    path = _write(tmp_path, b"")
    with pytest.raises(ListFormatError, match=r"dpl\.txt: the file is empty"):
        BisDplFormat().parse([path], "dpl")


def test_another_format() -> None:
    csl = raw_file("us_csl_2023-11_partial", "csl.csv")
    with pytest.raises(ListFormatError) as info:
        BisDplFormat().parse([csl], "dpl")
    assert info.value.line == 1 and "csl.csv" in str(info.value)
    assert "lacks Name, Street_Address" in str(info.value)


def test_aka_in_names_become_aliases() -> None:
    from tracewire.sources.bis_dpl import split_aka

    assert split_aka("FUYI SUN A/K/A FRANK SUN") == ("FUYI SUN", ["FRANK SUN"])
    assert split_aka("PEARL (A.K.A. NEI-CHIEN CHU) LI") == ("PEARL LI", ["NEI-CHIEN CHU"])
    assert split_aka("AIR FREIGHT LTD") == ("AIR FREIGHT LTD", [])


def test_individuals_the_record_marks_are_persons() -> None:
    # issue 13: every BIS individual loaded as LegalEntity or Company
    assert person_marked("ABEL HERNANDEZ, JR.", "")
    assert person_marked(" I. ASH", "UPON THE DATE OF THE ORDER INCARCERATED AT USM NO: 26265-177")
    assert person_marked("JOHN DOE", "REG. NO. 12345-067, FCI ELKTON")
    assert not person_marked("AL NASER AIRLINES", "P.O. BOX 911399")
    assert not person_marked("AARON ABRAHAM VILLA", "3415 RIVERA AVENUE")
    result = _parse()
    (hernandez,) = _named(result, "ABEL HERNANDEZ, JR.")
    assert hernandez.schema == "Person"
