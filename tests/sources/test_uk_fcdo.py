"""FCDO UK Sanctions List: the summary .ods (real file), summary CSV and full CSV layouts.

Counts of the real .ods were checked independently of the parser: a plain count of the
``<text:p>Individual</text:p>`` / ``Entity`` / ``Ship`` cells in its content.xml (done
again in ``test_ods_counts_match_a_plain_count``), and a separate lxml script that
tallied the 8 columns (Russia 2,710; UK 4,386, UN 908, UK|UN 8). PROVENANCE.md says
5,303 designations; that count includes the header row: there are 5,302.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.conftest import RAW, raw_file
from tracewire.errors import ListFormatError
from tracewire.model import Entity
from tracewire.sources.base import ParseResult
from tracewire.sources.uk import FORMATS
from tracewire.sources.uk_fcdo import FcdoSanctionsListFormat

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "uk"
FULL_CSV = FIXTURES / "UK-Sanctions-List.csv"
FMT = FcdoSanctionsListFormat()


@pytest.fixture(scope="module")
def ods_path() -> Path:
    return raw_file("uk_fcdo_sanctions_list_2025-08", "FCDO_SL_Mon_Aug 11 2025.ods")


@pytest.fixture(scope="module")
def ods_result(ods_path: Path) -> ParseResult:
    return FMT.parse([ods_path], FMT.default_dataset)


@pytest.fixture(scope="module")
def full() -> dict[str, Entity]:
    result = FMT.parse([FULL_CSV], FMT.default_dataset)
    assert result.warnings == []
    assert result.publisher_date == "2026-04-29"
    assert result.rows == {"rows": 15}
    assert result.schema_counts() == {
        "LegalEntity": 5,  # 3 designated entities + Kupol (a subsidiary) + a ship's owner
        "Person": 1,
        "Sanction": 5,
        "UnknownLink": 2,
        "Vessel": 1,
    }
    return {e.id: e for e in result.entities}


# -- the real summary spreadsheet --------------------------------------------------------
def test_ods_counts(ods_result: ParseResult) -> None:
    assert ods_result.schema_counts() == {
        "LegalEntity": 1087,
        "Person": 3754,
        "Sanction": 5302,
        "Vessel": 461,
    }
    assert ods_result.rows == {"rows": 5302, "designations": 5302}
    assert ods_result.publisher_date == "2025-08-11"  # from the FCDO's file name
    sanctions = [e for e in ods_result.entities if e.schema == "Sanction"]
    assert sum(1 for s in sanctions if s.first("programId") == "GB-RUS") == 2710
    assert sum(1 for s in sanctions if s.first("summary") == "Designation source: UN") == 908


def test_ods_counts_match_a_plain_count(ods_path: Path) -> None:
    with zipfile.ZipFile(ods_path) as zf:
        content = zf.read("content.xml").decode("utf-8")
    for kind, n in (("Individual", 3754), ("Entity", 1087), ("Ship", 461)):
        assert content.count(f"<text:p>{kind}</text:p>") == n


def test_ods_spot_checks(ods_result: ParseResult) -> None:
    by_id = {e.id: e for e in ods_result.entities}
    almaz = by_id["gb-fcdo-rus0178"]
    assert (almaz.schema, almaz.source_id) == ("LegalEntity", "RUS0178")
    assert almaz.get("name") == ["Almaz-Antey Air and Space Defense Corporation."]
    assert by_id["gb-fcdo-rus2262"].get("name") == ["TSK VEKTOR"]
    assert by_id["gb-fcdo-rus2257"].get("name") == [
        "Redlepus TSK Vektor Industrial (Shenzhen) Co., Ltd"
    ]
    assert by_id["gb-fcdo-rus2176"].schema == "Vessel"
    sanction = by_id["gb-fcdo-rus2262-sanction-gb-rus"]
    assert sanction.properties == {
        "entity": ["gb-fcdo-rus2262"],
        "authority": ["UK Foreign, Commonwealth & Development Office"],
        "country": ["gb"],
        "program": ["Russia"],
        "programId": ["GB-RUS"],
        "authorityId": ["RUS2262"],
        "listingDate": ["2024-11-07"],
        "provisions": [
            "Asset freeze",
            "Director Disqualification Sanction",
            "Trust Services Sanctions",
        ],
        "summary": ["Designation source: UK"],
        "description": ["OFSI Group ID: 16667"],
    }
    un = by_id["gb-fcdo-afg0006-sanction-gb-afg"]
    assert un.get("listingDate") == ["2001-01-25"] and un.get("program") == ["Afghanistan"]


def test_ods_warns_for_nameless_designations(ods_result: ParseResult) -> None:
    assert [str(w) for w in ods_result.warnings] == [
        "FCDO_SL_Mon_Aug 11 2025.ods, line 649: BEL0174: the designation has no name",
        "FCDO_SL_Mon_Aug 11 2025.ods, line 3524: RUS1467: the designation has no name",
    ]


# -- the full CSV layout (hand-written fixture) --------------------------------------------
def test_full_csv_entity_with_scripts_and_identifiers(full: dict[str, Entity]) -> None:
    vektor = full["gb-fcdo-rus2262"]
    assert vektor.get("name") == ["TSK VEKTOR"]
    assert vektor.get("alias") == [
        "ООО ТСК Вектор",
        "LLC TSK Vektor",
        "OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU TSK VEKTOR",
    ]
    assert vektor.get("innCode") == ["3849055365"] and vektor.get("ogrnCode") == ["1153850042246"]
    assert vektor.get("address") == ["ul. Sevastopolskaya d. 235, kv. 70, Irkutsk, Russia"]
    assert vektor.get("country") == ["ru"] and vektor.get("legalForm") == [
        "Limited Liability Company"
    ]
    red = full["gb-fcdo-rus2257"]
    assert "红兔矢量实业（深圳）有限公司" in red.get("alias")
    assert red.get("uscCode") == ["91440300MA5HX80Y1Q"] and red.get("country") == ["cn"]
    almaz = full["gb-fcdo-rus0178"]
    assert almaz.get("weakAlias") == ["Concern Almaz-Antey"]
    assert "Almaz-Antey Corp" in almaz.get("alias")
    assert almaz.get("address") == []  # a country alone is not an address
    sanction = full["gb-fcdo-rus0178-sanction-gb-rus"]
    assert sanction.get("program") == ["The Russia (Sanctions) (EU Exit) Regulations 2019"]
    assert sanction.get("programId") == ["GB-RUS"]
    assert sanction.get("provisions") == ["Asset freeze", "Trust Services Sanctions"]
    assert sanction.get("listingDate") == ["2020-12-31"] and sanction.get("modifiedAt") == [
        "2025-04-09"
    ]
    assert sanction.get("reason")[0].startswith("Fixture:")


def test_full_csv_person(full: dict[str, Entity]) -> None:
    person = full["gb-fcdo-afg0006"]
    assert person.get("name") == ["MOHAMMAD HASSAN AKHUND"]
    assert (person.get("firstName"), person.get("middleName"), person.get("lastName")) == (
        ["MOHAMMAD"],
        ["HASSAN"],
        ["AKHUND"],
    )
    assert person.get("alias") == ["محمد حسن آخوند", "Hasan AKHUND"]
    assert person.get("weakAlias") == ["Mullah Mohammad Hassan"]
    assert person.get("birthDate") == ["1967-01-01", "1958", "1953"]
    assert person.get("nationality") == ["af"] and person.get("birthCountry") == ["af"]
    assert person.get("birthPlace") == ["Kandahar"] and person.get("gender") == ["male"]
    assert person.get("title") == ["Mullah"] and person.get("passportNumber") == ["P04581926"]
    assert person.get("notes")[0].startswith("Passport P04581926: Afghanistan passport")
    sanction = full["gb-fcdo-afg0006-sanction-gb-afg"]
    assert sanction.get("unscId") == ["TAi.002"] and sanction.get("programId") == ["GB-AFG"]
    assert sanction.get("summary") == ["Designation source: UN"]


def test_full_csv_ship_and_links(full: dict[str, Entity]) -> None:
    ship = full["gb-fcdo-rus2176"]
    assert ship.schema == "Vessel"
    assert ship.get("imoNumber") == ["IMO9826902"] and ship.get("flag") == ["ga"]
    assert ship.get("type") == ["Oil Tanker"] and ship.get("buildDate") == ["2019"]
    assert "Length of ship: 250m" in ship.get("notes")
    assert full["gb-fcdo-rus2176-sanction-gb-rus"].get("provisions") == [
        "Shipping sanctions: (see 'Other information')"
    ]
    links = {
        (e.first("subject"), e.first("role"), e.first("object"))
        for e in full.values()
        if e.schema == "UnknownLink"
    }
    kupol = "gb-fcdo-named-joint-stock-company-izhevsk-electromechanical-plant-kupol"
    owner = "gb-fcdo-named-stream-ship-management-fzco"
    assert links == {
        ("gb-fcdo-rus0178", "parent company", kupol),
        (owner, "owner/operator", "gb-fcdo-rus2176"),
    }
    assert (
        full[owner].get("name") == ["Stream Ship Management FZCO"] and full[owner].source_id is None
    )


def test_ids_are_the_same_across_layouts(full: dict[str, Entity], ods_result: ParseResult) -> None:
    ods_ids = {e.id for e in ods_result.entities}
    targets = {i for i, e in full.items() if e.source_id is not None}
    assert targets <= ods_ids  # targets and their sanctions


# -- the summary layout as CSV, with title rows --------------------------------------------
def test_summary_csv_with_title_rows(tmp_path: Path) -> None:
    path = tmp_path / "summary.csv"
    path.write_text(
        "UK Sanctions List,,,,,,,\n"
        "Report Date: 11-Aug-2025,,,,,,,\n"
        ",,,,,,,\n"
        "Unique ID,OFSI Group ID,Name,Regime Name,Type,Designation source,Date Designated,Sanctions Imposed\n"
        'RUS2262,16667,TSK VEKTOR,Russia,Entity,UK,07-11-2024,"Asset freeze, Trust Services Sanctions"\n'
        ",,,,,,,\n"
        ",,Nameless,Russia,Entity,UK,01-01-2024,Asset freeze\n"
        "RUS9999,,Nobody,Russia,Person,UK,31-02-2024,Asset freeze\n",
        encoding="utf-8",
    )
    assert FMT.sniff([path])
    result = FMT.parse([path], "t")
    assert result.publisher_date == "2025-08-11"
    by_id = {e.id: e for e in result.entities}
    assert by_id["gb-fcdo-rus2262"].get("name") == ["TSK VEKTOR"]
    assert by_id["gb-fcdo-rus2262-sanction-gb-rus"].get("provisions") == [
        "Asset freeze",
        "Trust Services Sanctions",
    ]
    assert by_id["gb-fcdo-rus9999"].schema == "LegalEntity"
    assert [str(w) for w in result.warnings] == [
        "summary.csv, line 7: row without a Unique ID skipped",
        "summary.csv, line 8: RUS9999: unknown designation type 'Person'; made a LegalEntity",
        "summary.csv, line 8: RUS9999: listingDate: day 31 does not exist in that month; kept year and month",
    ]


# -- broken input ----------------------------------------------------------------------------
def test_broken_rows_are_warnings(tmp_path: Path) -> None:
    lines = FULL_CSV.read_text(encoding="utf-8").splitlines()
    lines[3] = ",".join(lines[3].split(",")[:20])  # a short row (line 4)
    lines[4] = lines[4].replace("RUS0178", "", 1)  # no Unique ID (line 5)
    lines[16] = lines[16].replace(",,31/07/2024,,", ",,32/07/2024,,")  # a bad date
    path = tmp_path / "UK-Sanctions-List.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = FMT.parse([path], "t")
    assert [str(w) for w in result.warnings] == [
        "UK-Sanctions-List.csv, line 4: row has 20 cells where the header has 58",
        "UK-Sanctions-List.csv, line 5: row without a Unique ID skipped",
        "UK-Sanctions-List.csv, line 17: RUS2176: listingDate: day 32 does not exist in that month; kept year and month",
    ]


def test_unterminated_quote_is_fatal(tmp_path: Path) -> None:
    text = FULL_CSV.read_text(encoding="utf-8").replace(
        '"Fixture: a Russian', 'Fixture: "a Russian', 1
    )
    text = text.replace("AKHUND,MOHAMMAD", '"AKHUND,MOHAMMAD', 1)
    path = tmp_path / "quote.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ListFormatError, match=r"quote\.csv, line \d+: broken CSV"):
        FMT.parse([path], "t")


def test_wrong_encoding(tmp_path: Path) -> None:
    path = tmp_path / "cp1251.csv"
    path.write_bytes(
        FULL_CSV.read_text(encoding="utf-8")
        .replace("红兔矢量实业（深圳）有限公司", "")
        .encode("cp1251", "replace")
    )
    with pytest.raises(ListFormatError, match=r"cp1251\.csv, line 3: cannot decode byte"):
        FMT.parse([path], "t")


def test_empty_and_other_formats(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(ListFormatError, match="empty.csv: the file is empty"):
        FMT.parse([empty], "t")
    for other in (FIXTURES / "ConList.csv", RAW / "ofac_sdn_2024-05-03" / "sdn.csv"):
        if other.exists():
            with pytest.raises(
                ListFormatError, match=f"{re.escape(other.name)}: not a UK Sanctions List"
            ):
                FMT.parse([other], "t")


def test_truncated_and_broken_ods(tmp_path: Path, ods_path: Path) -> None:
    cut = tmp_path / "cut.ods"
    cut.write_bytes(ods_path.read_bytes()[:100_000])
    assert not FMT.sniff([cut])
    with pytest.raises(ListFormatError, match=r"cut\.ods: not a UK Sanctions List"):
        FMT.parse([cut], "t")
    broken = tmp_path / "broken.ods"
    shutil.copy(ods_path, tmp_path / "src.ods")
    with zipfile.ZipFile(tmp_path / "src.ods") as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, data[: len(data) // 2] if item.filename == "content.xml" else data)
    assert FMT.sniff([broken])  # the head looks right ...
    with pytest.raises(ListFormatError) as err:  # ... the end is missing
        FMT.parse([broken], "t")
    assert err.value.path.endswith("broken.ods") and "content.xml line" in str(err.value)


def test_sniff_over_every_shared_file(shared_data: Path) -> None:
    claims: dict[str, list[str]] = {}
    for path in sorted(p for p in (shared_data / "raw").rglob("*") if p.is_file()):
        for fmt in FORMATS:
            if fmt.sniff([path]):
                claims.setdefault(fmt.name, []).append(path.parent.name + "/" + path.name)
    assert claims["uk_fcdo"] == ["uk_fcdo_sanctions_list_2025-08/FCDO_SL_Mon_Aug 11 2025.ods"]
    assert "uk_ofsi" not in claims
    assert {p.split("/")[0] for p in claims["uk_fcdo_derived"]} == {
        "uk_sanctions_list_derived_2026-05"
    }
    assert len(claims["uk_fcdo_derived"]) == 5
    assert [f.name for f in FORMATS if f.sniff([FULL_CSV])] == ["uk_fcdo"]
    assert [f.name for f in FORMATS if f.sniff([FIXTURES / "ConList.csv"])] == ["uk_ofsi"]
