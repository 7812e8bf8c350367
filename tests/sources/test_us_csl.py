"""US Consolidated Screening List (trade.gov), CSV and JSON.

Expected counts were computed independently of the parser with a plain ``csv.DictReader``
script over ``csl.csv`` (rows per ``source``; parties = distinct OFAC ``entity_number`` /
56-hex ``_id`` / (list, name) for the 32-hex-id lists; Company = parties with an ISIN,
equity ticker or BIK; one Sanction per (party, list); Passport = passport-type ids with a
country or date; UnknownLink = "Linked To:" remarks naming exactly one other party).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from tests.conftest import RAW, raw_file
from tracewire.errors import ListFormatError
from tracewire.model import Entity
from tracewire.sources.base import ParseResult
from tracewire.sources.us_csl import FORMATS, CslCsvFormat, CslJsonFormat
from tracewire.sources.us_csl_identifiers import split_csv_ids
from tracewire.sources.us_csl_values import birth_dates, split_known_as

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CSV = CslCsvFormat()
JSON = CslJsonFormat()


@cache
def _parse_2023() -> ParseResult:
    return CSV.parse([raw_file("us_csl_2023-11_partial", "csl.csv")], "us_trade_csl")


@cache
def _parse_2025() -> ParseResult:
    return CSV.parse([raw_file("us_csl_2025-06_sample", "consolidated.csv")], "us_trade_csl")


@pytest.fixture
def csl2023() -> ParseResult:
    return _parse_2023()


def _by_id(result: ParseResult) -> dict[str, Entity]:
    return {e.id: e for e in result.entities}


def _sanctions(result: ParseResult, entity_id: str) -> list[Entity]:
    return [e for e in result.entities if e.schema == "Sanction" and entity_id in e.get("entity")]


def _find(result: ParseResult, name: str, schema: str | None = None) -> Entity:
    hits = [
        e
        for e in result.entities
        if name in e.get("name") and (schema is None or e.schema == schema)
    ]
    assert len(hits) == 1, (name, hits)
    return hits[0]


# -- the 2023 partial file --------------------------------------------------------------
def test_2023_counts_per_schema_and_list(csl2023: ParseResult) -> None:
    assert csl2023.schema_counts() == {
        "Company": 58,
        "Identification": 852,
        "LegalEntity": 2860,  # 2859 listed parties + 1 vessel-owner stub
        "Ownership": 1,
        "Passport": 322,
        # 1124 Individual rows, two OFAC parties on both SDN and PLC; 174 BIS rows whose
        # record marks a person (a prison address, JR, SR, DR...)
        "Person": 1296,
        "Sanction": 4223,  # 4226 rows; 3 DTC parties debarred twice under the same name
        "UnknownLink": 261,
        "Vessel": 3,
    }
    per_list = {k[5:]: v for k, v in csl2023.rows.items() if k.startswith("list:")}
    # PROVENANCE says SDN 1,738: the 1,738th is the record cut off at the end of the file
    assert per_list == {
        "SDN": 1737,
        "EL": 919,
        "DPL": 577,
        "SSI": 288,
        "UVL": 186,
        "ISN": 144,
        "DTC": 142,
        "PLC": 78,
        "MEU": 71,
        "CMIC": 68,
        "MBS": 14,
        "FSE": 1,
        "CAP": 1,
    }
    codes: dict[str, int] = {}
    for s in csl2023.entities:
        if s.schema == "Sanction":
            codes[s.get("programId")[0]] = codes.get(s.get("programId")[0], 0) + 1
    assert codes["EL"] == 919 and codes["DTC"] == 139 and codes["SDN"] == 1737
    assert csl2023.rows["links_unresolved"] == 44
    assert csl2023.publisher_date is None


def test_2023_warnings_name_their_lines(csl2023: ParseResult) -> None:
    found = {(w.line, w.message.split(";")[0]) for w in csl2023.warnings}
    assert (2, "repeated header row") in found
    assert (4233, "the last record is cut off by the end of the file") in found
    assert (1223, "LegalEntity.email: cannot read 'PRIYEMNAYA@YGDU'") in found
    repaired = [w for w in csl2023.warnings if "in place of a lost quote" in w.message]
    assert len(repaired) == 1 and repaired[0].message.startswith("113 names")
    assert len(csl2023.warnings) == 4
    assert all(w.path == "csl.csv" for w in csl2023.warnings)


def test_entity_list_chinese_institute(csl2023: ParseResult) -> None:
    e = _find(csl2023, "Xi'an Research Institute of Navigation Technology")  # was "Xi?an"
    assert e.schema == "LegalEntity"
    assert e.id == "us-csl-df2646f73fda96eeeab120562b17c14145875df203c1cefc499d93ef"
    assert e.source_id == "df2646f73fda96eeeab120562b17c14145875df203c1cefc499d93ef"
    assert e.get("alias") == [
        "20th Research Institute of China Electronic Technology Group Corp (CETC)",
        "CETC 20th Research Institute",
    ]
    assert e.get("address") == ["1 Baisha Rd., Xi'an, Shaanxi, CN"]
    assert e.get("country") == ["cn"]
    [s] = _sanctions(csl2023, e.id)
    assert s.get("authority") == ["Entity List (EL) - Bureau of Industry and Security"]
    assert s.get("program") == ["Entity List (EL)"]
    assert s.get("programId") == ["EL"]
    assert s.get("startDate") == ["2001-05-14"]
    assert s.get("authorityId") == ["66 FR 24267, 77 FR 58006 (no. 182); 81 FR 64694"]
    assert s.get("country") == ["us"]
    assert s.get("summary")[0].startswith("License requirement: For all items subject to the EAR.")
    assert "License policy: See §744.3(d)" in s.get("summary")[0]


def test_entity_list_fka_and_aka_inside_names(csl2023: ParseResult) -> None:
    e = _find(csl2023, "PEARL LI")  # DPL: "PEARL (A.K.A. NEI-CHIEN CHU) LI"
    assert e.get("alias") == ["NEI-CHIEN CHU"]
    gazprom = _find(csl2023, "Gazprom Sotsinvest, OOO")
    assert gazprom.get("previousName") == ["Gazprominvestarena OOO"]
    isn = _find(csl2023, "Poly Technologies Incorporated (PTI)")  # ", and its sub-units..."
    assert _sanctions(csl2023, isn.id)[0].get("programId")[0] == "ISN"


def test_sdn_individual_with_ids(csl2023: ParseResult) -> None:
    e = _by_id(csl2023)["us-csl-6931"]
    assert e.schema == "Person" and e.source_id == "6931"
    assert e.get("name") == ["YASIN, Abdul Rahman"]
    assert e.get("lastName") == ["YASIN"] and e.get("firstName") == ["Abdul Rahman"]
    assert "TAHA, Abdul Rahman S." in e.get("alias")
    assert e.get("birthDate") == ["1960-04-10"]
    assert e.get("birthPlace") == ["Bloomington, Indiana USA"]
    assert e.get("citizenship") == ["us"]
    assert e.get("socialSecurityNumber") == ["156-92-9858"]
    assert e.get("passportNumber") == ["27082171", "M0887925"]
    assert "U.S.A. Passport issued 21 Jun 1992 in Amman, Jordan" in e.get("notes")
    docs = {d.get("number")[0]: d for d in csl2023.entities if e.id in d.get("holder")}
    assert docs["27082171"].schema == "Passport"
    assert docs["27082171"].get("country") == ["us"]
    assert docs["27082171"].get("startDate") == ["1992-06-21"]
    assert docs["M0887925"].get("country") == ["iq"]
    assert docs["156-92-9858"].schema == "Identification"
    [s] = _sanctions(csl2023, e.id)
    assert s.get("programId") == ["SDN", "SDGT"]
    assert s.get("program") == ["Specially Designated Nationals (SDN)"]


def test_ofac_party_on_two_lists_is_one_entity(csl2023: ParseResult) -> None:
    e = _by_id(csl2023)["us-csl-9659"]
    assert e.schema == "Person"
    assert "HAMMAD, Fathi Ahmad Mohammad" in e.names
    assert e.get("lastName") == ["HAMMAD"]
    codes = sorted(s.get("programId")[0] for s in _sanctions(csl2023, e.id))
    assert codes == ["PLC", "SDN"]


def test_russian_bank_identifiers_make_a_company(csl2023: ParseResult) -> None:
    e = _by_id(csl2023)["us-csl-17013"]
    assert e.schema == "Company"  # it has Russian BIKs
    assert e.get("ogrnCode") == ["1027739609391"]
    assert e.get("innCode") == ["7702070139"]
    assert e.get("okpoCode") == ["00032520"]
    assert e.get("swiftBic") == ["VTBRRUMM"]
    assert e.get("leiCode") == ["253400V1H6ART1UQ0N98"]
    assert e.get("incorporationDate") == ["1990-10-17"]
    assert "http://www.vtb.com/" in e.get("website")
    [s] = _sanctions(csl2023, e.id)
    assert s.get("programId") == ["SSI", "UKRAINE-EO13662", "RUSSIA-EO14024"]
    assert "Executive Order 13662 Directive Determination: Subject to Directive 1" in s.get(
        "provisions"
    )
    links = [x for x in csl2023.entities if x.schema == "UnknownLink" and x.get("object") == [e.id]]
    assert len(links) == 23
    assert all(x.get("role") == ["Linked To"] for x in links)
    subject = _by_id(csl2023)[links[0].get("subject")[0]]
    assert "(Linked To: VTB BANK PUBLIC JOINT STOCK COMPANY)" in " ".join(subject.get("notes"))


def test_cmic_company_and_dates(csl2023: ParseResult) -> None:
    e = _by_id(csl2023)["us-csl-30882"]
    assert e.schema == "Company"
    assert e.get("uscCode") == ["9111000071093019X7"]
    assert "CNE1000002V2" in e.get("isinCode") and "0728 HK" in e.get("ticker")
    assert e.get("classification") == ["Public Company"]
    [s] = _sanctions(csl2023, e.id)
    assert s.get("listingDate") == ["2021-06-03"]
    assert s.get("startDate") == ["2021-08-02"]
    assert s.get("provisions") == ["Purchase/Sales For Divestment Date (CMIC): 2022-06-03"]


def test_vessel_and_its_owner(csl2023: ParseResult) -> None:
    by_id = _by_id(csl2023)
    vessel = by_id["us-csl-4238"]
    assert vessel.schema == "Vessel"
    assert vessel.get("flag") == ["cu"] and vessel.get("callSign") == ["CL2192"]
    assert vessel.get("grossRegisteredTonnage") == ["212"]
    assert by_id["us-csl-4243"].get("imoNumber") == ["7406784"]
    [own] = [e for e in csl2023.entities if e.schema == "Ownership"]
    assert own.get("asset") == [vessel.id]
    assert by_id[own.get("owner")[0]].get("name") == ["Samir de Navegacion S.A."]


def test_dtc_debarments_under_one_name_merge(csl2023: ParseResult) -> None:
    e = _by_id(csl2023)["us-csl-dtc-aero-systems-aviation-corp"]
    [s] = _sanctions(csl2023, e.id)
    assert sorted(s.get("authorityId")) == ["58 FR 50382", "59 FR 5664"]


# -- the 2025 sample, id stability ------------------------------------------------------
def test_2025_sample_counts() -> None:
    result = _parse_2025()
    assert result.schema_counts() == {
        "Identification": 2,
        "LegalEntity": 9,
        "Passport": 2,
        "Person": 4,
        "Sanction": 13,
    }
    assert result.warnings == []


def test_ids_stable_between_2023_and_2025(csl2023: ParseResult) -> None:
    old, new = _by_id(csl2023), _by_id(_parse_2025())
    # MEU and DTC _ids changed between the files; the derived ids did not
    for name in (
        "Academy of Aerospace Solid Propulsion Technology (AASPT)",
        "Cesareo Estanislao Benitez",
        "Atlas Sanatgaran",
        "Sinobright Import and Export Company",
        "ROSNEFT TRADE LIMITED",
    ):
        ids_old = {i for i, e in old.items() if name in e.get("name")}
        ids_new = {i for i, e in new.items() if name in e.get("name")}
        assert ids_new and ids_new <= ids_old, name


# -- JSON ---------------------------------------------------------------------------------
def test_json_fixture_matches_csv_rows() -> None:
    result = JSON.parse([FIXTURES / "us_csl_sample.json"], "us_trade_csl")
    assert result.schema_counts() == {
        "Company": 1,
        "LegalEntity": 3,
        "Passport": 1,
        "Person": 1,
        "Sanction": 6,
        "Vessel": 1,
    }
    assert result.warnings == []
    by_id = _by_id(result)
    from_csv = _by_id(_parse_2025())
    for eid in ("us-csl-52291", "us-csl-18300"):
        assert by_id[eid].properties == from_csv[eid].properties
    cetc = by_id["us-csl-99ed1b052fdb09695fae1ba87516d8a0882b0df04652e07aeb5ce7be"]
    assert len(cetc.get("address")) == 3 and "CETC Research Institute 13" in cetc.get("alias")
    assert by_id["us-csl-30882"].schema == "Company"
    assert by_id["us-csl-meu-academy-of-aerospace-solid-propulsion-technology-aaspt"]


def test_json_errors(tmp_path: Path) -> None:
    good = (FIXTURES / "us_csl_sample.json").read_bytes()
    truncated = tmp_path / "truncated.json"
    truncated.write_bytes(good[:3000])
    with pytest.raises(ListFormatError) as info:
        JSON.parse([truncated], "x")
    assert "truncated.json, line" in str(info.value) and info.value.line
    wrong = tmp_path / "wrong.json"
    wrong.write_bytes(good.decode().encode("utf-16"))
    with pytest.raises(ListFormatError, match="wrong.json, line 1: cannot decode"):
        JSON.parse([wrong], "x")
    shape = tmp_path / "shape.json"
    shape.write_text('{"results": 5}')
    with pytest.raises(ListFormatError, match=r"shape.json, \$.results"):
        JSON.parse([shape], "x")
    odd = tmp_path / "odd.json"
    odd.write_text('{"results": [7, {"name": "X", "source": "Entity List (EL) - BIS"}]}')
    result = JSON.parse([odd], "x")
    assert [str(w) for w in result.warnings] == ["odd.json: results[0] is not an object; skipped"]
    assert result.schema_counts() == {"LegalEntity": 1, "Sanction": 1}


# -- corrupted CSV copies -----------------------------------------------------------------
def _sample_lines() -> list[bytes]:
    return raw_file("us_csl_2025-06_sample", "consolidated.csv").read_bytes().splitlines(True)


def test_csv_empty_and_header_only(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(ListFormatError, match="empty.csv: the file is empty"):
        CSV.parse([empty], "x")
    header = tmp_path / "header.csv"
    header.write_bytes(_sample_lines()[0])
    with pytest.raises(ListFormatError, match="header.csv, line 2: .*no records"):
        CSV.parse([header], "x")


def test_csv_wrong_encoding(tmp_path: Path) -> None:
    lines = _sample_lines()
    path = tmp_path / "cp1252.csv"
    path.write_bytes(b"".join(lines).decode("utf-8").encode("cp1252"))
    line = next(i for i, raw in enumerate(lines, 1) if "§".encode() in raw)
    with pytest.raises(ListFormatError) as info:
        CSV.parse([path], "x")
    assert info.value.line == line and f"cp1252.csv, line {line}: cannot decode" in str(info.value)


def test_csv_truncated(tmp_path: Path) -> None:
    data = b"".join(_sample_lines())
    in_header = tmp_path / "in_header.csv"
    in_header.write_bytes(data[:120])
    with pytest.raises(ListFormatError, match="in_header.csv, line 1: missing required column"):
        CSV.parse([in_header], "x")
    # cut inside the 5th record: the four before it load, the cut one is reported
    lines = _sample_lines()
    cut = tmp_path / "cut.csv"
    cut.write_bytes(b"".join(lines[:5]) + lines[5][:80])
    result = CSV.parse([cut], "x")
    assert result.rows["records"] == 4
    assert [(w.line, w.message) for w in result.warnings] == [
        (6, "the last record is cut off by the end of the file; skipped")
    ]


def test_csv_broken_rows(tmp_path: Path) -> None:
    lines = _sample_lines()
    one = tmp_path / "one.csv"
    one.write_bytes(b"".join(lines[:3]) + b'"x","y"\n' + b"".join(lines[3:]))
    result = CSV.parse([one], "x")
    assert result.rows["records"] == 13
    assert [(w.line, w.message[:40]) for w in result.warnings] == [
        (4, "record has 2 fields, the header has 29; ")
    ]
    # a stray quote eats the next record: both are reported with the lines they span
    eaten = tmp_path / "eaten.csv"
    eaten.write_bytes(b"".join(lines[:3]) + b'"x,y\n' + b"".join(lines[3:]))
    result = CSV.parse([eaten], "x")
    assert result.rows["records"] == 12
    assert [(w.line, w.message[:44]) for w in result.warnings] == [
        (4, "malformed CSV record on lines 4-5 (',' expec")
    ]
    # a quote never closed runs to the end of the file: the file is ambiguous
    stray = tmp_path / "stray.csv"
    stray.write_bytes(b"".join(lines[:3]) + b'"x,y\n' + b"a,b\n" * 30)
    with pytest.raises(ListFormatError, match="stray.csv, line 4: a quoted field opened here"):
        CSV.parse([stray], "x")
    many = tmp_path / "many.csv"
    many.write_bytes(lines[0] + b'"x","y"\n' * 12)
    with pytest.raises(ListFormatError, match="many.csv, line 12: more than 10 malformed"):
        CSV.parse([many], "x")


def test_csv_another_format(tmp_path: Path) -> None:
    dpl = raw_file("bis_denied_persons_2023-11", "dpl.txt")
    with pytest.raises(ListFormatError, match="dpl.txt, line 1: missing required column"):
        CSV.parse([dpl], "x")


# -- sniffing and helpers -----------------------------------------------------------------
def test_sniff_against_every_raw_file() -> None:
    if not RAW.exists():
        pytest.skip("shared data not present")
    mine = {
        "us_csl_2023-11_partial/csl.csv": "us_csl_csv",
        "us_csl_2025-06_sample/consolidated.csv": "us_csl_csv",
    }
    for path in sorted(p for p in RAW.rglob("*") if p.is_file()):
        rel = path.relative_to(RAW).as_posix()
        hits = [f.name for f in FORMATS if f.sniff([path])]
        assert hits == ([mine[rel]] if rel in mine else []), rel
    assert [f.name for f in FORMATS if f.sniff([FIXTURES / "us_csl_sample.json"])] == [
        "us_csl_json"
    ]


def test_split_csv_ids() -> None:
    [a, b, c] = split_csv_ids(
        "Identification Number, AO 2879097, IT, 30 Oct 2012; Secondary sanctions risk:, "
        "Ukraine-/Russia-Related Sanctions Regulations, 31 CFR 589.201; Passport, 1, KP"
    )
    assert (a.number, a.country, a.issue_date) == ("AO 2879097", "IT", "30 Oct 2012")
    assert b.number == "Ukraine-/Russia-Related Sanctions Regulations, 31 CFR 589.201"
    assert b.country is None and (c.type, c.country) == ("Passport", "KP")


def test_birth_dates_and_names() -> None:
    assert birth_dates("circa 1970") == ["1970"]
    assert birth_dates("circa 01 Jul 1965") == ["1965"]
    assert birth_dates("1960 to 1963") == ["1960", "1961", "1962", "1963"]
    assert birth_dates("1940 to 1970") == ["1940", "1970"]
    assert birth_dates("Feb 1962") == ["1962-02"]
    assert split_known_as("Sinobright Co; and any successor, sub-unit, or subsidiary thereof") == (
        "Sinobright Co",
        [],
        [],
    )
    assert split_known_as("LTS Holding Limited (f.k.a. IPP Ltd.)") == (
        "LTS Holding Limited",
        [],
        ["IPP Ltd."],
    )


def test_bis_individuals_in_the_csl_are_persons(csl2023: ParseResult) -> None:
    # issue 13: BIS rows have no type; the record's own words mark a person
    (hernandez,) = [e for e in csl2023.entities if e.caption == "ABEL HERNANDEZ, JR."]
    assert hernandez.schema == "Person"
    (lasers,) = [
        e for e in csl2023.entities if e.caption == "Ningbo III Lasers Technology Co., Ltd."
    ]
    assert lasers.schema != "Person"
