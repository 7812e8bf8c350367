"""The EU Official Journal transcription (OpenSanctions CSV) parser, on the real files.

Expected counts come from ``PROVENANCE.md`` (8,434 rows; 32014R0269 2,802 rows with
1,984 persons; 32014R0833 1,746 rows, Annex IV 921, Annex XLII 633) and from an
independent count with the plain ``csv`` module: listings keyed by framework act, annex,
entry number (or name) and schema, amendment rows replacing the entry they repeat.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import RAW, raw_file
from tracewire.errors import ListFormatError
from tracewire.model import Entity
from tracewire.sources.base import ParseResult
from tracewire.sources.eu_journal import FORMATS, EuJournalFormat

FMT: EuJournalFormat = FORMATS[0]
FOLDER = "eu_journal_sanctions_opensanctions"


@pytest.fixture(scope="module")
def folder() -> ParseResult:
    return FMT.parse([raw_file(FOLDER)], FMT.default_dataset)


@pytest.fixture(scope="module")
def by_id(folder: ParseResult) -> dict[str, Entity]:
    return {e.id: e for e in folder.entities}


def sanctions_of(result: ParseResult, entity_id: str) -> list[Entity]:
    return [e for e in result.entities if e.schema == "Sanction" and e.first("entity") == entity_id]


# -- counts --------------------------------------------------------------------------------
@pytest.mark.slow
def test_folder_counts(folder: ParseResult) -> None:
    assert folder.rows["rows"] == 8434
    assert folder.rows["consolidated_rows"] == 8017
    assert folder.rows["amendment_rows"] == 417
    assert folder.rows["32014R0269"] == 2802
    assert folder.rows["32014R0833"] == 1746
    assert folder.rows["32006R0765"] == 408
    assert folder.rows["32002R0881"] == 350
    # 10 consolidated rows are replaced by amendment rows, 3 rows repeat an entry
    assert folder.rows["superseded_rows"] == 10
    assert folder.rows["merged_rows"] == 3
    assert folder.schema_counts() == {
        "Asset": 36,
        "Company": 303,
        "LegalEntity": 2736,
        "Organization": 27,
        "Person": 4569,
        "Sanction": 8422,
        "Vessel": 750,
    }
    assert folder.publisher_date == "2026-08-01"  # newest consolidation pinned
    assert len({e.id for e in folder.entities}) == len(folder.entities)


def test_single_file_269() -> None:
    result = FMT.parse([raw_file(FOLDER, "consolidated", "32014R0269.csv")], "eu_journal_sanctions")
    assert result.schema_counts() == {
        "Company": 196,
        "LegalEntity": 622,
        "Person": 1984,
        "Sanction": 2802,
    }
    # the pins beside the folder give the consolidation date
    assert result.publisher_date == "2026-07-17"


def test_single_file_833() -> None:
    result = FMT.parse([raw_file(FOLDER, "consolidated", "32014R0833.csv")], "eu_journal_sanctions")
    assert result.rows["rows"] == 1746
    programs = [s.first("program") for s in result.entities if s.schema == "Sanction"]
    assert len(programs) == 1746
    assert programs.count("Regulation (EU) No 833/2014, Annex IV") == 921
    assert programs.count("Regulation (EU) No 833/2014, Annex XLII") == 633
    assert result.schema_counts()["Vessel"] == 633


def test_amendments_alone() -> None:
    result = FMT.parse([raw_file(FOLDER, "amendments")], "eu_journal_sanctions")
    assert result.rows["rows"] == 417
    assert result.rows["merged_rows"] == 1  # one vessel under two measures
    assert sum(result.schema_counts().values()) == 416 + 417


# -- real entries ----------------------------------------------------------------------------
def test_iemz_kupol(folder: ParseResult, by_id: dict[str, Entity]) -> None:
    kupol = by_id["eu-oj-32014r0269-i-entities-141"]
    assert kupol.schema == "LegalEntity"
    assert kupol.source_id == "32014R0269/I.ENTITIES/141"
    assert kupol.get("name") == ["JSC IZHEVSK ELECTROMECHANICAL PLANT ‘KUPOL’"]
    assert "ИЖЕВСКИЙ ЭЛЕКТРОМЕХАНИЧЕСКИЙ ЗАВОД ‘КУПОЛ’" in kupol.get("alias")
    assert kupol.get("innCode") == ["1831083343"]
    assert kupol.get("ogrnCode") == ["1021801143374"]
    assert kupol.get("incorporationDate") == ["2002-04-23"]
    assert kupol.get("country") == ["ru"]
    (sanction,) = sanctions_of(folder, kupol.id)
    assert sanction.get("listingDate") == ["2022-12-16"]
    assert sanction.get("program") == ["Regulation (EU) No 269/2014, Annex I.ENTITIES"]
    assert sanction.get("programId") == ["EU-UKR"]
    assert sanction.get("provisions") == ["Asset freeze"]
    assert sanction.get("authority") == ["European Union"]
    assert "IEMZ ‘KUPOL’" in (sanction.first("reason") or "")
    assert sanction.get("sourceUrl") == [
        "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:02014R0269-20260717"
    ]

    export = by_id["eu-oj-32014r0833-iv-516"]
    assert export.get("name") == ["Joint Stock Company Izhevsk Electromechanical Plant Kupol"]
    # "Акционерное Общество «…«Купол» (АО «ИЭМЗ «Купол»)": two Cyrillic names
    assert "АО «ИЭМЗ «Купол»" in export.get("alias")
    assert "Акционерное Общество «Ижевский Электромеханический Завод «Купол»" in export.get("alias")
    assert "AO IEMZ Kupol" in export.get("alias")
    assert export.get("innCode") == ["1831083343"]  # from "1831083343 (Tax ID/INN)"
    (sanction,) = sanctions_of(folder, export.id)
    assert sanction.get("listingDate") == ["2023-06-23"]
    assert sanction.get("program") == ["Regulation (EU) No 833/2014, Annex IV"]
    assert sanction.get("provisions") == ["Export control"]


def test_tsk_vektor(folder: ParseResult, by_id: dict[str, Entity]) -> None:
    vektor = by_id["eu-oj-32014r0269-i-entities-503"]
    assert vektor.get("name") == ["OOO TSK Vektor"]
    assert set(vektor.get("alias")) == {"ООО ТСК Вектор", "LLC TSK Vektor"}
    assert vektor.get("innCode") == ["3849055365"]
    assert vektor.get("ogrnCode") == ["1153850042246"]
    assert "kv. 70" in (vektor.first("address") or "")
    assert sanctions_of(folder, vektor.id)[0].get("listingDate") == ["2024-12-16"]
    annex_iv = by_id["eu-oj-32014r0833-iv-791"]
    assert "OOO ТСК ВЕКТОР" in annex_iv.get("alias")  # mixed-script name kept whole
    assert sanctions_of(folder, annex_iv.id)[0].get("listingDate") == ["2025-07-20"]
    owner = by_id["eu-oj-32014r0269-i-persons-1873"]
    assert owner.get("name") == ["Artem Mikhaylovich YAMSHCHIKOV"]
    assert owner.get("alias") == ["Артем Михайлович ЯМЩИКОВ"]
    assert owner.get("birthDate") == ["1979-10-11"]
    assert owner.get("innCode") == ["381000781179"]  # a valid 12-digit personal INN


def test_chinese_suppliers(folder: ParseResult, by_id: dict[str, Entity]) -> None:
    limbach = by_id["eu-oj-32014r0269-i-entities-505"]
    assert limbach.get("name") == ["Xiamen Limbach Aviation Engine Co., Ltd"]
    assert "厦门林巴贺航空发动机股份有限公司" in limbach.get("alias")
    assert "Text of image" not in limbach.get("alias")
    assert "Chinese:" not in limbach.get("alias")
    assert limbach.get("uscCode") == ["91350200051193084R"]
    assert limbach.get("incorporationDate") == ["2012-11-20"]
    assert "innCode" not in limbach.properties  # not Russian: numbers are not INNs
    redlepus = by_id["eu-oj-32014r0269-i-entities-504"]
    assert redlepus.get("name") == ["Redlepus TSK Vektor Industrial (Shenzhen) Co., Ltd"]
    assert "红兔矢量实业（深圳）有限公司" in redlepus.get("alias")
    assert "Red Rabbit TSK Vektor Industrial (Shenzhen) Co., Ltd" in redlepus.get("alias")
    assert redlepus.get("uscCode") == ["91440300MA5HX80Y1Q"]
    assert redlepus.get("incorporationDate") == ["2023-05-30"]
    for entity in (limbach, redlepus):
        assert sanctions_of(folder, entity.id)[0].get("listingDate") == ["2024-12-16"]


def test_person_with_other_script_aliases(by_id: dict[str, Entity]) -> None:
    aksyonov = by_id["eu-oj-32014r0269-i-persons-1"]
    assert aksyonov.get("name") == ["Sergey Valeryevich AKSYONOV"]
    assert "Сергей Валерьевич АКСЁНОВ" in aksyonov.get("alias")
    assert "Sergei Valerievich AKSENOV" in aksyonov.get("alias")
    assert aksyonov.get("birthDate") == ["1972-11-26"]
    assert aksyonov.get("gender") == ["male"]


def test_amendment_replaces_entry(folder: ParseResult, by_id: dict[str, Entity]) -> None:
    vessel = by_id["eu-oj-32014r0833-xlii-629"]
    assert vessel.get("name") == ["STORMBRINGER"]
    assert vessel.get("previousName") == ["KRITI VIGOR"]
    (sanction,) = sanctions_of(folder, vessel.id)
    assert sanction.get("sourceUrl") == [
        "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32026R1848"
    ]
    assert sanction.get("listingDate") == ["2026-04-24"]
    # one entry under two measures: one entity, two sanctions
    avax = by_id["eu-oj-32016r0044-v-1"]
    assert avax.get("flag") == ["cm"]
    measures = {s.first("provisions") for s in sanctions_of(folder, avax.id)}
    assert measures == {"Transportation restrictions", "Financial restrictions"}


def test_warnings(folder: ParseResult) -> None:
    text = [str(w) for w in folder.warnings]
    # Regulation 881/2002 prints two entries twice; they are merged, with a warning
    assert "32002R0881.csv, line 219: listed twice in 32002R0881 annex I; rows merged" in text
    assert any(
        w.startswith("32014R0269.csv: dropped 60 transcription artefacts ('Text of image'")
        for w in text
    )
    assert any(
        w.startswith("32011R0359.csv, line 78: birthDate: could not read '1343 (Iranian Hijri")
        for w in text
    )
    assert all(w.line is not None for w in folder.warnings if "artefacts" not in w.message)
    assert len(folder.warnings) < 300


# -- sniffing --------------------------------------------------------------------------------
def test_sniff(shared_data: Path) -> None:
    folder = RAW / FOLDER
    assert FMT.sniff([folder])
    assert FMT.sniff([folder / "consolidated" / "32014R0833.csv"])
    assert FMT.sniff([folder / "amendments" / "32026R1843.csv", folder / "consolidation_pins.csv"])
    others = [p for p in RAW.rglob("*") if p.is_file() and FOLDER not in str(p)]
    assert others
    assert not [p for p in others if FMT.sniff([p])]
    assert not FMT.sniff([folder / "consolidation_pins.csv"])


# -- broken input ----------------------------------------------------------------------------
@pytest.fixture
def small() -> bytes:
    return raw_file(FOLDER, "consolidated", "32014R0208.csv").read_bytes()


def parse_bytes(tmp_path: Path, data: bytes, name: str = "32014R0208.csv") -> ParseResult:
    path = tmp_path / name
    path.write_bytes(data)
    return FMT.parse([path], "test")


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(ListFormatError, match=r"32014R0208\.csv: the file is empty"):
        parse_bytes(tmp_path, b"")


def test_truncated_in_quoted_cell(tmp_path: Path, small: bytes) -> None:
    with pytest.raises(ListFormatError, match=r"32014R0208\.csv, line 2: broken CSV") as err:
        parse_bytes(tmp_path, small[: small.index(b"Ukraine", 2000)])
    assert err.value.line == 2


def test_truncated_row(tmp_path: Path, small: bytes) -> None:
    with pytest.raises(ListFormatError, match=r"line 4: the file is truncated"):
        parse_bytes(tmp_path, small[: small.rindex(b",,,,,,,")])


def test_wrong_encoding(tmp_path: Path, small: bytes) -> None:
    text = small.decode("utf-8")
    with pytest.raises(ListFormatError, match=r"32014R0208\.csv, line 2: cannot decode") as err:
        parse_bytes(tmp_path, text.encode("cp1251", errors="replace"))
    assert err.value.line == 2


def test_other_format(tmp_path: Path) -> None:
    sdn = raw_file("bis_denied_persons_2023-11", "dpl.txt").read_bytes()
    with pytest.raises(ListFormatError, match=r"dpl\.txt, line 1: not an EU journal sanctions CSV"):
        parse_bytes(tmp_path, sdn, "dpl.txt")


def test_broken_row_is_a_warning(tmp_path: Path, small: bytes) -> None:
    lines = small.split(b"\r\n")
    broken = b"32014R0208,99,EU-UKR,I,Asset freeze,1.1.2020,Reason,Person,Short Row"
    unknown = lines[2].replace(b",Person,", b",Spaceship,", 1)
    data = b"\r\n".join([lines[0], lines[1], broken, unknown, *lines[3:]])
    result = parse_bytes(tmp_path, data)
    assert result.schema_counts() == {"Person": 2, "Sanction": 2}
    messages = [str(w) for w in result.warnings]
    assert "32014R0208.csv, line 3: row has 9 cells, expected 45; skipped" in messages
    assert "32014R0208.csv, line 4: unknown schema 'Spaceship'; row skipped" in messages
