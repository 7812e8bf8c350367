"""UN Security Council consolidated list XML (``un_xml``).

Counts are checked against PROVENANCE.md (730/273 and 699/253 parties, 378
NAME_ORIGINAL_SCRIPT values) and recounted here with plain lxml XPath.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import RAW, raw_file
from tracewire.errors import ListFormatError
from tracewire.model import Entity, make_id
from tracewire.sources.base import ParseResult
from tracewire.sources.un import FORMATS, UnXmlFormat
from tracewire.sources.un_values import birth_dates, document_number, split_alias

NEW = ("un_sc_consolidated_2026-02-27", "UN_consolidated.xml")
OLD = ("un_sc_consolidated_2022-09-15", "un.xml")


@cache
def _parse(parts: tuple[str, str]) -> ParseResult:
    return UnXmlFormat().parse([raw_file(*parts)], "un_sc_sanctions")


def _by_id(result: ParseResult) -> dict[str, Entity]:
    return {e.id: e for e in result.entities}


def _party(result: ParseResult, ref: str) -> tuple[Entity, Entity]:
    by_id = _by_id(result)
    entity = by_id[make_id("unsc", ref)]
    sanctions = [
        e for e in result.entities if e.schema == "Sanction" and entity.id in e.get("entity")
    ]
    assert len(sanctions) == 1
    return entity, sanctions[0]


def _xpath_refs(path: Path) -> set[str]:
    root = etree.parse(str(path)).getroot()
    return {
        str(r).strip()
        for r in root.xpath(
            "/CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL/REFERENCE_NUMBER/text()"
            " | /CONSOLIDATED_LIST/ENTITIES/ENTITY/REFERENCE_NUMBER/text()"
        )
    }


@pytest.mark.parametrize(
    ("parts", "persons", "entities", "date"),
    [(NEW, 730, 273, "2026-02-27"), (OLD, 699, 253, "2022-09-15")],
)
def test_counts_match_provenance_and_xpath(
    parts: tuple[str, str], persons: int, entities: int, date: str
) -> None:
    path = raw_file(*parts)
    root = etree.parse(str(path)).getroot()
    assert int(root.xpath("count(/CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL)")) == persons
    assert int(root.xpath("count(/CONSOLIDATED_LIST/ENTITIES/ENTITY)")) == entities
    result = _parse(parts)
    assert result.schema_counts() == {
        "LegalEntity": entities,
        "Person": persons,
        "Sanction": persons + entities,
    }
    assert result.rows == {"INDIVIDUAL": persons, "ENTITY": entities}
    assert result.publisher_date == date
    assert result.format == "un_xml"


def test_every_original_script_name_is_an_alias() -> None:
    path = raw_file(*NEW)
    root = etree.parse(str(path)).getroot()
    values = root.xpath("//NAME_ORIGINAL_SCRIPT")
    assert len(values) == 378
    by_id = _by_id(_parse(NEW))
    for el in values:
        ref = el.getparent().findtext("REFERENCE_NUMBER")
        assert " ".join(el.text.split()) in by_id[make_id("unsc", ref)].get("alias"), ref


def test_saddam_hussein_arabic_script_and_sanction() -> None:
    person, sanction = _party(_parse(NEW), "IQi.001")
    assert person.schema == "Person"
    assert person.source_id == "IQi.001"
    assert person.get("name") == ["SADDAM HUSSEIN AL-TIKRITI"]
    assert person.get("firstName") == ["SADDAM"]
    assert "صدام حسين التكريتي" in person.get("alias")
    assert person.get("weakAlias") == ["Abu Ali"]
    assert person.get("nationality") == ["iq"]
    assert person.get("birthDate") == ["1937-04-28"]
    assert person.get("birthCountry") == ["iq"]
    assert sanction.id == "unsc-iqi-001-sanction-iraq"
    assert sanction.get("authority") == ["United Nations Security Council"]
    assert sanction.get("program") == ["Iraq"]
    assert sanction.get("programId") == ["UN-SC1518"]
    assert sanction.get("unscId") == ["IQi.001"]
    assert sanction.get("recordId") == ["6908048"]
    assert sanction.get("listingDate") == ["2003-06-27"]


def test_cyrillic_name_and_passport() -> None:
    person, _ = _party(_parse(NEW), "QDi.290")
    assert "Умаров Доку Хаматович" in person.get("alias")
    assert person.get("passportNumber") == ["96 03 464086"]
    assert "ru" in person.get("nationality")
    assert person.get("modifiedAt") == ["2021-11-15"]


def test_chinese_and_tigrinya_original_script_in_2022() -> None:
    result = _parse(OLD)
    assert "阿不都·哈克" in _party(result, "QDi.268")[0].get("alias")
    person, _ = _party(result, "LYi.022")
    assert "ፍትዊ ዓብዱረዛቕ" in person.get("alias")  # the "(Tigrinya)" label is not a name
    assert not any("Tigrinya" in a for a in person.get("alias"))


def test_birth_date_kinds() -> None:
    result = _parse(NEW)
    between = _party(result, "CDi.030")[0]  # BETWEEN 1973 and 1974
    assert {"1973", "1974"} <= set(between.get("birthDate"))
    wide = _party(result, "QDi.314")[0]  # BETWEEN 1977 and 1982: every year
    assert {"1977", "1978", "1979", "1980", "1981", "1982"} <= set(wide.get("birthDate"))
    approx = _party(result, "CDi.014")[0]  # APPROXIMATELY 1966
    assert "1966" in approx.get("birthDate")
    from_note = _party(result, "CDi.004")[0]  # only a NOTE "Nov. 1973"
    assert "1973-11" in from_note.get("birthDate")


def test_passports_ids_genders_and_aliases() -> None:
    result = _parse(NEW)
    person, _ = _party(result, "CDi.021")
    assert person.get("passportNumber") == ["OB 0243318"]
    assert any("Democratic Republic of the Congo" in n for n in person.get("notes"))
    kim, sanction = _party(result, "KPi.033")
    assert kim.get("passportNumber") == ["381310014"]
    assert sanction.get("programId") == ["UN-SC1718"]
    assert _party(result, "QDi.356")[0].get("gender") == ["female"]
    assert "Rumuli" in _party(result, "CDi.003")[0].get("weakAlias")
    adf, _ = _party(result, "CDe.001")
    assert adf.schema == "LegalEntity"
    assert "NALU" in adf.get("previousName")
    assert "Forces Démocratiques Alliées-Armée Nationale de Libération de l’Ouganda" in adf.get(
        "previousName"
    )


def test_entity_addresses_and_country() -> None:
    entity, sanction = _party(_parse(NEW), "TAe.014")
    assert entity.schema == "LegalEntity"
    assert {"pk", "af", "ae", "ir"} <= set(entity.get("country"))
    assert "Branch Office 3: Lahore, Pakistan" in entity.get("address")
    assert sanction.get("programId") == ["UN-SC1988"]


def test_warnings_name_line_and_reference() -> None:
    new = _parse(NEW)
    hijri = [w for w in new.warnings if "Hijri" in w.message]
    assert len(hijri) == 1
    assert hijri[0].path == "UN_consolidated.xml"
    assert hijri[0].line is not None and "QDi.291" in hijri[0].message
    assert any("Date of birth: 24/06/1402" in n for n in _party(new, "QDi.291")[0].get("notes"))
    old = _parse(OLD)
    kuwait = [w for w in old.warnings if "Kuwaiti citizenship withdrawn" in w.message]
    assert len(kuwait) == 1 and "QDi.154" in kuwait[0].message
    notes = _party(old, "QDi.154")[0].get("notes")
    assert "Nationality: Kuwaiti citizenship withdrawn in 2002" in notes


def test_ids_follow_reference_numbers_across_versions() -> None:
    """The store's diff relies on this: the parser ids carry the same added/removed sets
    as the REFERENCE_NUMBERs read with plain XPath."""
    old_refs, new_refs = _xpath_refs(raw_file(*OLD)), _xpath_refs(raw_file(*NEW))
    added, removed = new_refs - old_refs, old_refs - new_refs
    assert added and removed  # the snapshots differ both ways

    def party_ids(result: ParseResult) -> set[str]:
        return {e.id for e in result.entities if e.schema != "Sanction"}

    old_ids, new_ids = party_ids(_parse(OLD)), party_ids(_parse(NEW))
    assert new_ids - old_ids == {make_id("unsc", r) for r in added}
    assert old_ids - new_ids == {make_id("unsc", r) for r in removed}
    assert old_ids & new_ids == {make_id("unsc", r) for r in old_refs & new_refs}
    old_by_id = {e.source_id: e.id for e in _parse(OLD).entities if e.schema != "Sanction"}
    assert old_by_id["IQi.001"] == make_id("unsc", "IQi.001") == "unsc-iqi-001"


def test_sniff_is_precise() -> None:
    fmt = FORMATS[0]
    assert fmt.sniff([raw_file(*NEW)]) and fmt.sniff([raw_file(*OLD)])
    others = [p for p in RAW.rglob("*") if p.is_file() and not p.parent.name.startswith("un_sc")]
    assert others
    assert [p for p in others if fmt.sniff([p])] == []


# -- broken input -------------------------------------------------------------------------

SMALL = """<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2024-01-02T00:00:00Z">
  <INDIVIDUALS>
    <INDIVIDUAL>
      <DATAID>1</DATAID>
      <FIRST_NAME>JOSÉ</FIRST_NAME>
      <SECOND_NAME>EXAMPLE</SECOND_NAME>
      <UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE>
      <REFERENCE_NUMBER>QDi.900</REFERENCE_NUMBER>
      <INDIVIDUAL_ALIAS><QUALITY>Maybe</QUALITY><ALIAS_NAME>Joe X</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <NATIONALITY><VALUE>Atlantis</VALUE></NATIONALITY>
      <SHOE_SIZE>44</SHOE_SIZE>
    </INDIVIDUAL>
    <INDIVIDUAL>
      <DATAID>2</DATAID>
      <FIRST_NAME>NO REFERENCE</FIRST_NAME>
      <UN_LIST_TYPE>Mars</UN_LIST_TYPE>
    </INDIVIDUAL>
    <INDIVIDUAL>
      <DATAID>3</DATAID>
      <FIRST_NAME>JOSE</FIRST_NAME>
      <REFERENCE_NUMBER>QDi.900</REFERENCE_NUMBER>
      <UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE>
    </INDIVIDUAL>
  </INDIVIDUALS>
  <ENTITIES/>
</CONSOLIDATED_LIST>
"""


def _write(tmp_path: Path, data: bytes, name: str = "un.xml") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_odd_records_are_warnings(tmp_path: Path) -> None:
    path = _write(tmp_path, SMALL.encode())
    result = UnXmlFormat().parse([path], "un")
    assert result.publisher_date == "2024-01-02"
    messages = [str(w) for w in result.warnings]
    assert any("alias quality 'Maybe' unknown" in m and "line 4" in m for m in messages)
    assert any("nationality 'Atlantis'" in m for m in messages)
    assert any("<SHOE_SIZE> is not mapped" in m for m in messages)
    assert any("no REFERENCE_NUMBER" in m and "line 14" in m for m in messages)
    assert any("'Mars' has no known program id" in m for m in messages)
    assert any("repeats the entry at line 4" in m for m in messages)
    person = _by_id(result)["unsc-qdi-900"]
    assert person.get("name") == ["JOSÉ EXAMPLE", "JOSE"]  # the repeat is merged
    assert "Joe X" in person.get("alias")
    assert "unsc-dataid-2" in _by_id(result)


def test_truncated_file_names_file_and_line(tmp_path: Path) -> None:
    data = raw_file(*NEW).read_bytes()
    path = _write(tmp_path, data[: len(data) // 2])
    with pytest.raises(ListFormatError) as info:
        UnXmlFormat().parse([path], "un")
    err = info.value
    assert err.path == str(path) and err.line is not None and err.line > 1000
    assert str(path) in str(err) and f"line {err.line}" in str(err)
    assert err.element is not None and err.element.startswith("after ")


def test_wrong_encoding(tmp_path: Path) -> None:
    path = _write(tmp_path, SMALL.encode("latin-1"))
    with pytest.raises(ListFormatError) as info:
        UnXmlFormat().parse([path], "un")
    assert info.value.line == 6 and "un.xml, line 6" in str(info.value)


def test_empty_file(tmp_path: Path) -> None:
    path = _write(tmp_path, b"")
    with pytest.raises(ListFormatError, match=r"un\.xml, line 1: the file is empty"):
        UnXmlFormat().parse([path], "un")


def test_another_format(tmp_path: Path) -> None:
    dpl = raw_file("bis_denied_persons_2023-11", "dpl.txt")
    with pytest.raises(ListFormatError) as info:
        UnXmlFormat().parse([dpl], "un")
    assert info.value.line == 1 and "dpl.txt" in str(info.value)
    assert "not an XML file" in str(info.value)
    ofac = raw_file("ofac_cons_advanced_xml_2020-03", "cons_advanced.xml")
    with pytest.raises(ListFormatError, match="not a UN Security Council") as info:
        UnXmlFormat().parse([ofac], "un")
    assert info.value.element and "Sanctions" in info.value.element


def test_broken_element(tmp_path: Path) -> None:
    broken = SMALL.replace("</SECOND_NAME>", "</SECOND>")
    path = _write(tmp_path, broken.encode())
    with pytest.raises(ListFormatError) as info:
        UnXmlFormat().parse([path], "un")
    assert info.value.line == 7 and "mismatch" in str(info.value).lower()


# -- value helpers ------------------------------------------------------------------------


def test_split_alias() -> None:
    assert split_alias("Azim Adhajani; Azim Agha-Jani") == (
        ["Azim Adhajani", "Azim Agha-Jani"],
        None,
    )
    assert split_alias("Amir Khazmat (original script: Амир Хазмат)") == (
        ["Amir Khazmat", "Амир Хазмат"],
        None,
    )
    assert split_alias("حسن غول (Hassan Ghul; Hassan Gul)") == (
        ["حسن غول", "Hassan Ghul", "Hassan Gul"],
        None,
    )
    assert split_alias("Encep Nurjaman (birth name)") == (["Encep Nurjaman"], "birth name")
    assert split_alias("Lord’s Resistance Movement (LRM)")[0] == [
        "Lord’s Resistance Movement",
        "LRM",
    ]


def test_birth_dates_and_document_numbers() -> None:
    assert birth_dates(None, None, "1940", "1960", None).dates == ["1940", "1960"]
    assert birth_dates(None, "1958", None, None, "Sep.").dates == ["1958-09"]
    assert birth_dates(None, None, None, None, "Between Aug. and Sep. 1977").dates == [
        "1977-08",
        "1977-09",
    ]
    assert birth_dates("1979-03-03", None, None, None, "from false passport").note
    assert birth_dates(None, None, None, None, "30-35 years old").unreadable
    assert document_number("CAR diplomatic passport no. D00000898") == "D00000898"
    assert document_number("381110042 (Expired 25 Jan. 2016)") == "381110042"
    assert document_number("German travel document (“Reiseausweis”) A 0139243") == "A 0139243"
    assert document_number("TR-P 614 166") == "TR-P 614 166"
    assert document_number("R00012098, South Sudan") == "R00012098"
