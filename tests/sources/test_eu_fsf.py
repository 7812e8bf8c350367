"""The EU FSF XML (xmlFullSanctionsList_1_1) parser.

No real FSF export is in the shared data (every copy is > 4 MiB), so the tests use the
hand-written ``tests/fixtures/eu_fsf_min.xml``, which follows the published layout and
carries real facts for IEMZ Kupol, Xiamen Limbach and Artem Yamshchikov (see its header).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import RAW, raw_file
from tracewire.errors import ListFormatError
from tracewire.model import Entity
from tracewire.sources.base import ParseResult
from tracewire.sources.eu_fsf import FORMATS, EuFsfFormat

FMT: EuFsfFormat = FORMATS[0]
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "eu_fsf_min.xml"


@pytest.fixture(scope="module")
def result() -> ParseResult:
    return FMT.parse([FIXTURE], FMT.default_dataset)


@pytest.fixture(scope="module")
def by_id(result: ParseResult) -> dict[str, Entity]:
    return {e.id: e for e in result.entities}


def sanctions_of(result: ParseResult, entity_id: str) -> list[Entity]:
    return [e for e in result.entities if e.schema == "Sanction" and e.first("entity") == entity_id]


def test_counts(result: ParseResult) -> None:
    assert result.schema_counts() == {"LegalEntity": 3, "Person": 2, "Sanction": 5}
    assert result.rows == {"sanctionEntity": 5, "enterprise": 3, "person": 2}
    assert result.publisher_date == "2026-07-20"
    assert result.warnings == []
    assert all(e.dataset == "eu_fsf" for e in result.entities)


def test_iemz_kupol(result: ParseResult, by_id: dict[str, Entity]) -> None:
    kupol = by_id["eu-fsf-150001"]
    assert kupol.schema == "LegalEntity"
    assert kupol.source_id == "150001"
    assert kupol.get("name") == ["JSC IZHEVSK ELECTROMECHANICAL PLANT ‘KUPOL’"]
    assert kupol.get("alias") == ["JSC IEMZ ‘KUPOL’", "ИЖЕВСКИЙ ЭЛЕКТРОМЕХАНИЧЕСКИЙ ЗАВОД ‘КУПОЛ’"]
    assert kupol.get("registrationNumber") == ["1021801143374"]
    assert kupol.get("ogrnCode") == ["1021801143374"]
    assert kupol.get("innCode") == ["1831083343"]
    assert kupol.get("address") == [
        "Pesochnaya str. 3, 426033, Izhevsk, Udmurt Republic, RUSSIAN FEDERATION"
    ]
    assert kupol.get("country") == ["ru"]
    assert kupol.get("phone") == ["+73412722209"]
    assert kupol.get("email") == ["iemz@kupol.ru"]
    assert kupol.get("website") == ["https://kupol.ru/"]
    (sanction,) = sanctions_of(result, kupol.id)
    assert sanction.id == "eu-fsf-150001-sanction-ukr"
    assert sanction.get("authority") == ["European Union"]
    assert sanction.get("program") == ["UKR"]
    assert sanction.get("programId") == ["EU-UKR"]
    assert sanction.get("listingDate") == ["2022-12-16"]
    assert sanction.get("authorityId") == ["EU.8453.47"]
    assert sanction.get("summary") == ["2022/2476 (OJ L322I)"]


def test_chinese_enterprise(by_id: dict[str, Entity]) -> None:
    limbach = by_id["eu-fsf-170215"]
    assert limbach.get("name") == ["Xiamen Limbach Aviation Engine Co., Ltd"]
    assert "厦门林巴贺航空发动机股份有限公司" in limbach.get("alias")
    assert limbach.get("uscCode") == ["91350200051193084R"]
    assert limbach.get("registrationNumber") == ["350200200075990"]
    assert "innCode" not in limbach.properties
    assert limbach.get("country") == ["cn"]


def test_person_with_cyrillic_alias(result: ParseResult, by_id: dict[str, Entity]) -> None:
    person = by_id["eu-fsf-170188"]
    assert person.schema == "Person"
    assert person.get("name") == ["Artem Mikhaylovich YAMSHCHIKOV"]
    assert person.get("alias") == ["Артем Михайлович ЯМЩИКОВ"]
    assert "YAMSHCHIKOV" in person.get("lastName")
    assert person.get("birthDate") == ["1979-10-11"]
    assert person.get("birthPlace") == ["Irkutsk, RUSSIAN FEDERATION"]
    assert person.get("nationality") == ["ru"]
    assert person.get("gender") == ["male"]
    assert person.get("position") == ["Businessperson"]
    assert person.get("innCode") == ["381000781179"]
    assert sanctions_of(result, person.id)[0].get("listingDate") == ["2024-12-16"]


def test_birth_range_passport_weak_alias(result: ParseResult, by_id: dict[str, Entity]) -> None:
    person = by_id["eu-fsf-140777"]
    # yearRangeFrom/To 1960–1963 (circa), plus a circa year-and-month
    assert person.get("birthDate") == ["1960", "1961", "1962", "1963", "1961-08"]
    assert person.get("passportNumber") == ["MP1234567"]
    assert person.get("idNumber") == ["3010170A001PB5"]
    assert person.get("weakAlias") == ["Vanya Obrazets"]
    assert "Иван Петрович ОБРАЗЦОВ" in person.get("alias")
    assert person.get("nationality") == ["by"]  # the "00"/UNKNOWN citizenship is skipped
    assert person.get("title") == ["Colonel"]
    assert person.get("position") == ["Colonel of the militia", "Deputy Head of the Department"]
    (sanction,) = sanctions_of(result, person.id)  # two BLR regulations, one sanction
    assert sanction.get("listingDate") == ["2021-06-21"]
    assert sanction.get("startDate") == ["2021-06-21"]
    assert sanction.get("reason") == ["Responsible for serious human rights violations."]
    assert len(sanction.get("sourceUrl")) == 2


def test_enterprise_without_designation_date(result: ParseResult, by_id: dict[str, Entity]) -> None:
    company = by_id["eu-fsf-140888"]
    assert company.get("swiftBic") == ["EXMTKPPY"]
    assert company.get("idNumber") == ["5555501"]  # an IMO number: LegalEntity has no imoNumber
    assert company.get("address") == [
        "PO Box 120, Pyongyang, KOREA (DEMOCRATIC PEOPLE'S REPUBLIC OF)"
    ]
    assert company.get("phone") == ["+85023814410"]
    (sanction,) = sanctions_of(result, company.id)
    assert sanction.get("listingDate") == ["2017-08-10"]  # the regulation's publication date
    assert sanction.get("unscId") == ["KPe.099"]


def test_sniff(shared_data: Path) -> None:
    assert FMT.sniff([FIXTURE])
    others = [p for p in RAW.rglob("*") if p.is_file()]
    assert others
    assert not [p for p in others if FMT.sniff([p])]


# -- broken input ----------------------------------------------------------------------------
def write(tmp_path: Path, data: bytes, name: str = "eu_fsf.xml") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_empty(tmp_path: Path) -> None:
    with pytest.raises(ListFormatError, match=r"eu_fsf\.xml: the file is empty"):
        FMT.parse([write(tmp_path, b"")], "t")


def test_truncated(tmp_path: Path) -> None:
    data = FIXTURE.read_bytes()
    path = write(tmp_path, data[: len(data) // 2])
    with pytest.raises(ListFormatError, match=r"eu_fsf\.xml, line \d+, .*broken XML") as err:
        FMT.parse([path], "t")
    assert err.value.line is not None and err.value.line > 1
    # names the entry being read when the file ends
    assert err.value.element is not None
    assert err.value.element.startswith("/export/sanctionEntity[@logicalId=")


def test_wrong_encoding(tmp_path: Path) -> None:
    text = FIXTURE.read_text("utf-8")
    path = write(tmp_path, text.encode("cp1251", errors="replace"))
    with pytest.raises(ListFormatError, match="broken XML") as err:
        FMT.parse([path], "t")
    lines = text.splitlines()
    first_non_ascii = next(i for i, ln in enumerate(lines, 1) if not ln.isascii())
    assert err.value.line == first_non_ascii


def test_other_format(tmp_path: Path) -> None:
    un = raw_file("un_sc_consolidated_2022-09-15", "un.xml")
    with pytest.raises(
        ListFormatError, match="not an EU FSF export: root element is <CONSOLIDATED_LIST>"
    ):
        FMT.parse([un], "t")
    csv = write(tmp_path, raw_file("bis_denied_persons_2023-11", "dpl.txt").read_bytes())
    with pytest.raises(ListFormatError, match=r"line 1"):
        FMT.parse([csv], "t")


def test_no_entities(tmp_path: Path) -> None:
    data = b'<?xml version="1.0"?>\n<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2026-01-02T10:00:00"/>'
    with pytest.raises(ListFormatError, match="no sanctionEntity") as err:
        FMT.parse([write(tmp_path, data)], "t")
    assert err.value.element == "/export"


def test_odd_entries_are_warnings(tmp_path: Path) -> None:
    text = FIXTURE.read_text("utf-8")
    text = text.replace(
        'code="enterprise" classificationCode="E"', 'code="vessel" classificationCode="V"', 1
    )
    text = text.replace(
        'identificationTypeCode="fiscalcode"', 'identificationTypeCode="taxcard"', 1
    )
    text = text.replace('birthdate="1979-10-11"', 'birthdate="1979-13-41"', 1)
    text = text.replace('<contactInfo key="EMAIL"', '<contactInfo key="TELEX"', 1)
    result = FMT.parse([write(tmp_path, text.encode("utf-8"))], "t")
    assert result.schema_counts() == {"LegalEntity": 3, "Person": 2, "Sanction": 5}
    lines = text.splitlines()
    kupol_line = next(i for i, ln in enumerate(lines, 1) if 'logicalId="150001"' in ln)
    person_line = next(i for i, ln in enumerate(lines, 1) if 'logicalId="170188"' in ln)
    messages = {(w.line, w.message.split(":")[0].split(" '")[0]) for w in result.warnings}
    assert (kupol_line, "unknown subjectType") in messages
    assert (kupol_line, "unknown identificationTypeCode") in messages
    assert (kupol_line, "unknown contactInfo key") in messages
    assert (person_line, "unreadable birthdate") in messages
    kupol = next(e for e in result.entities if e.id == "eu-fsf-150001")
    assert "1831083343" in kupol.get("idNumber")  # the unknown document kept


def test_duplicate_entry_and_bad_generation_date(tmp_path: Path) -> None:
    text = FIXTURE.read_text("utf-8")
    text = text.replace('logicalId="170188"', 'logicalId="150001"', 1)
    text = text.replace(
        'generationDate="2026-07-20T17:10:32.118+02:00"', 'generationDate="yesterday"'
    )
    result = FMT.parse([write(tmp_path, text.encode("utf-8"))], "t")
    messages = [w.message for w in result.warnings]
    assert "unreadable generationDate 'yesterday'" in messages
    assert "duplicate entry eu-fsf-150001; skipped" in messages
    assert result.publisher_date is None
    assert result.schema_counts() == {"LegalEntity": 3, "Person": 1, "Sanction": 4}
