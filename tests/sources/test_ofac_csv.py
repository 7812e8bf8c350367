"""OFAC legacy CSV (SDN and Consolidated) on the real published files in ../shared/data.

Expected counts were taken independently of the parser: the 2024 type counts are those
of PROVENANCE.md and are re-counted here with the csv module (``_type_counts``); the
alias/address/orphan numbers were counted with a plain csv script over the same files
(distinct (ent_num, name) pairs, distinct non-empty one-line addresses, rows whose
ent_num is absent from the primary file).
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import RAW, raw_file
from tracewire.errors import ListFormatError
from tracewire.model import Entity, make_id
from tracewire.sources.base import ParseResult
from tracewire.sources.ofac_csv import FORMATS, entity_id

SDN, CONS = FORMATS
SDN_2024 = ("ofac_sdn_2024-05-03", "sdn.csv")
FULLSET = "ofac_sdn_fullset_2021-07"
CONS_DIR = "ofac_consolidated_nonsdn_2025-12"
TARGETS = {"Person", "LegalEntity", "Company", "Organization", "Vessel", "Airplane"}


def _files(folder: str, *names: str) -> list[Path]:
    return [raw_file(folder, name) for name in names]


@pytest.fixture(scope="module")
def sdn2024() -> ParseResult:
    return SDN.parse([raw_file(*SDN_2024)], "us_ofac_sdn")


@pytest.fixture(scope="module")
def fullset() -> ParseResult:
    return SDN.parse(_files(FULLSET, "sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"), "s")


@pytest.fixture(scope="module")
def cons() -> ParseResult:
    names = ("cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv")
    return CONS.parse(_files(CONS_DIR, *names), "us_ofac_cons")


@pytest.fixture(scope="module")
def mixed() -> ParseResult:
    """The 2024 sdn.csv with the 2026 add/alt files and the 2025 comments: versions differ."""
    paths = [
        raw_file(*SDN_2024),
        raw_file("ofac_sdn_add_alt_2026", "add.csv"),
        raw_file("ofac_sdn_add_alt_2026", "alt.csv"),
        raw_file("ofac_sdn_comments_2025-12", "sdn_comments.csv"),
    ]
    return SDN.parse(paths, "us_ofac_sdn")


def _by_id(result: ParseResult) -> dict[str, Entity]:
    return {e.id: e for e in result.entities}


def _get(result: ParseResult, ent_num: int) -> Entity:
    return _by_id(result)[entity_id(str(ent_num))]


def _related(result: ParseResult, eid: str) -> list[Entity]:
    return [
        e for e in result.entities if e.id != eid and any(eid in v for v in e.properties.values())
    ]


def _type_counts(path: Path) -> Counter[str]:
    text = path.read_bytes().decode("cp1252").rstrip("\x1a")
    return Counter(row[2].strip() for row in csv.reader(text.splitlines()))


# -- sniffing --------------------------------------------------------------------------
def test_formats() -> None:
    assert (SDN.name, SDN.default_dataset) == ("ofac_sdn_csv", "us_ofac_sdn")
    assert (CONS.name, CONS.default_dataset) == ("ofac_cons_csv", "us_ofac_cons")


def test_sniff_own_files() -> None:
    for folder in (
        FULLSET,
        "ofac_sdn_2024-05-03",
        "ofac_sdn_add_alt_2026",
        "ofac_sdn_comments_2025-12",
    ):
        files = sorted(raw_file(folder).glob("*.csv"))
        assert SDN.sniff(files) and not CONS.sniff(files)
        assert all(SDN.sniff([f]) for f in files)
    files = sorted(raw_file(CONS_DIR).glob("*.csv"))
    assert CONS.sniff(files) and not SDN.sniff(files)


def test_sniff_rejects_every_other_file(shared_data: Path) -> None:
    ours = {
        "ofac_sdn_2024-05-03",
        FULLSET,
        "ofac_sdn_add_alt_2026",
        "ofac_sdn_comments_2025-12",
        CONS_DIR,
    }
    others = [p for p in RAW.rglob("*") if p.is_file() and p.relative_to(RAW).parts[0] not in ours]
    assert len(others) > 100
    for path in others:
        assert not SDN.sniff([path]) and not CONS.sniff([path]), path


# -- the 2024 SDN list -----------------------------------------------------------------
def test_2024_counts(sdn2024: ParseResult) -> None:
    types = _type_counts(raw_file(*SDN_2024))
    assert types == {"individual": 6854, "-0-": 6884, "vessel": 851, "aircraft": 376}
    counts = sdn2024.schema_counts()
    assert counts["Person"] == 6854
    assert counts["LegalEntity"] + counts["Company"] == 6884
    assert counts["Company"] == 216  # target type "... Company" or a company-only identifier
    assert counts["Vessel"] == 851
    assert counts["Airplane"] == 376
    assert counts["Sanction"] == 14965
    assert counts["UnknownLink"] == 6364
    assert sdn2024.rows == {
        "sdn.csv": 14965,
        "links resolved by name": 6364,
        "links unresolved": 11,
        "owners resolved by name": 1,
        "owners unresolved": 5,
        "operators resolved by name": 154,
        "operators unresolved": 57,
    }
    assert sdn2024.publisher_date is None  # the legacy CSV states no date


def test_2024_ids_are_make_id(sdn2024: ParseResult) -> None:
    entity = _get(sdn2024, 46431)
    assert entity.id == make_id("ofac", "46431") == "ofac-46431"
    sanction = _by_id(sdn2024)[make_id(entity.id, "sanction", "sdn")]
    assert sanction.get("entity") == [entity.id]
    assert all(e.dataset == "us_ofac_sdn" for e in sdn2024.entities)


def test_kupol_and_its_network(sdn2024: ParseResult) -> None:
    kupol = _get(sdn2024, 46431)
    assert kupol.schema == "LegalEntity"
    assert kupol.get("name") == ["JOINT STOCK COMPANY IZHEVSK ELECTROMECHANICAL PLANT KUPOL"]
    assert kupol.get("innCode") == ["1831083343"]
    assert kupol.get("ogrnCode") == ["1021801143374"]
    assert kupol.get("okpoCode") == ["07502963"]
    assert kupol.get("incorporationDate") == ["2002-04-23", "1957"]
    assert kupol.get("website") == ["http://www.kupol.ru/"]
    links = [e for e in _related(sdn2024, kupol.id) if e.schema == "UnknownLink"]
    subjects = {e.first("subject") for e in links}
    # TSK VEKTOR, AEROKON and LAGGAR PRO are "Linked To" Kupol
    assert subjects == {"ofac-46441", "ofac-46437", "ofac-46442"}
    assert all(e.get("role") == ["Linked To"] and e.get("object") == [kupol.id] for e in links)
    vektor = _get(sdn2024, 46441)
    assert vektor.get("name") == ["TSK VEKTOR, OOO"]
    assert vektor.get("innCode") == ["3849055365"]
    assert vektor.get("ogrnCode") == ["1153850042246"]
    assert "notes" not in vektor.properties  # every fact was mapped


def test_almaz_antey_sanction(sdn2024: ParseResult) -> None:
    almaz = _get(sdn2024, 16865)
    assert almaz.get("innCode") == ["7731084175"]
    assert almaz.get("ogrnCode") == ["1027739001993"]
    assert almaz.get("classification") == ["State-Owned Enterprise"]
    (sanction,) = [e for e in _related(sdn2024, almaz.id) if e.schema == "Sanction"]
    assert sanction.get("authority") == ["US Office of Foreign Assets Control"]
    assert sanction.get("country") == ["us"]
    assert sanction.get("program") == ["UKRAINE-EO13661", "RUSSIA-EO14024"]
    assert sanction.get("programId") == ["UKRAINE-EO13661", "RUSSIA-EO14024"]
    assert sanction.get("authorityId") == ["16865"]
    assert sanction.get("sourceUrl") == [
        "https://sanctionssearch.ofac.treas.gov/Details.aspx?id=16865"
    ]
    assert sanction.get("provisions") == [
        "Blocked (SDN List)",  # the list, which decides the legal effect
        "Secondary sanctions risk: Ukraine-/Russia-Related Sanctions Regulations, "
        "31 CFR 589.201 and/or 589.209",
    ]


def test_program_codes_with_spaces(sdn2024: ParseResult) -> None:
    codes = Counter(
        c for e in sdn2024.entities if e.schema == "Sanction" for c in e.get("programId")
    )
    assert codes["RUSSIA-EO14024"] == 4439
    assert codes["SOUTH SUDAN"] > 0 and codes["CAATSA - RUSSIA"] > 0
    assert not any("[" in c or "]" in c or ";" in c for c in codes)


def test_individual(sdn2024: ParseResult) -> None:
    person = _get(sdn2024, 6944)
    assert person.schema == "Person"
    assert person.get("name") == ["AL-SHARIF, Sa'd Abdullah Hussein"]
    assert person.get("lastName") == ["AL-SHARIF"]
    assert person.get("firstName") == ["Sa'd Abdullah Hussein"]
    assert person.get("birthDate") == ["1969", "1963", "1964-02-11"]
    assert person.get("birthPlace") == ["Al-Medinah, Saudi Arabia"]
    assert person.get("nationality") == ["sa"]
    assert person.get("passportNumber") == ["B 960789", "G 649385"]
    assert person.get("notes") == ["alt. Passport G 649385 issued 08 Sep 2006 expires 17 Jul 2011"]


def test_individual_title_and_dob_ranges(sdn2024: ParseResult) -> None:
    naqdi = _get(sdn2024, 12057)
    assert (
        naqdi.get("position")[0]
        == "Brigadier General and Commander of the IRGC Basij Resistance Force"
    )
    assert len(naqdi.get("position")) == 3
    assert naqdi.get("birthDate") == ["1951", "1952", "1953", "1960", "1961", "1962", "1961-04"]
    assert naqdi.get("gender") == ["male"]
    assert naqdi.get("notes") == [
        "Head of the Basij"
    ]  # the title repeated in remarks is not a note
    assert _get(sdn2024, 15496).get("birthDate") == ["1929", "1930"]


def test_crypto_and_weak_aliases(sdn2024: ParseResult) -> None:
    yan = _get(sdn2024, 25308)
    assert yan.get("citizenship") == ["cn"]
    wallets = [
        e for e in sdn2024.entities if e.schema == "CryptoWallet" and e.get("holder") == [yan.id]
    ]
    assert len(wallets) == 6
    assert wallets[0].get("publicKey") == ["12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h"]
    assert wallets[0].get("currencySymbol") == ["XBT"]
    assert yan.get("weakAlias") == ["ZHOU, William", "YAN, Steven"]
    assert yan.get("idNumber") == ["421002197703250019"]


def test_vessel(sdn2024: ParseResult) -> None:
    vessel = _get(sdn2024, 15036)
    assert vessel.schema == "Vessel"
    assert vessel.get("name") == ["ARTAVIL"]
    assert vessel.get("callSign") == ["T2EU4"]
    assert vessel.get("type") == ["Crude/Oil Products Tanker"]
    assert vessel.get("tonnage") == ["99144"]
    assert vessel.get("grossRegisteredTonnage") == ["56068"]
    assert vessel.get("flag") == ["ir"]
    assert vessel.get("pastFlags") == ["mt", "tv", "tz"]
    assert vessel.get("imoNumber") == ["IMO9187629"]
    assert vessel.get("mmsi") == ["572469210"]
    assert vessel.get("previousName") == ["ALPHA"]
    link = _by_id(sdn2024)[make_id(vessel.id, "linked", "ofac-15117")]
    assert link.get("object") == ["ofac-15117"]
    assert _get(sdn2024, 15117).get("name") == ["NATIONAL IRANIAN TANKER COMPANY"]


def test_aircraft(sdn2024: ParseResult) -> None:
    plane = _get(sdn2024, 15431)
    assert plane.schema == "Airplane"
    assert plane.get("buildDate") == ["1992"]
    assert plane.get("model") == ["IL76-TD"]
    assert plane.get("serialNumber") == ["1023409321"]
    assert "Aircraft Operator: YAS AIR" in plane.get("notes")  # no entry of that name
    assert any(e.get("object") == ["ofac-13109"] for e in _related(sdn2024, plane.id))


def test_unresolved_links_are_warned_and_kept(sdn2024: ParseResult) -> None:
    messages = [str(w) for w in sdn2024.warnings]
    assert (
        "sdn.csv, line 6764: ent_num 27018: Linked To 'PRESIDENCY OF DEFENSE INDUSTRIES' "
        "is not the name of another entry in the files given; kept in notes"
    ) in messages
    assert any("'MINISTRY OF STATE SECURITY' matches 2 entries" in m for m in messages)
    assert "Linked To: PRESIDENCY OF DEFENSE INDUSTRIES" in _get(sdn2024, 27018).get("notes")
    kinds = Counter(w.message.split(": ", 2)[1].split(" ")[0] for w in sdn2024.warnings)
    assert kinds == {
        "Linked": 11,
        "phone": 12,
        "Vessel": 5,
        "nationality": 3,
        "website": 1,
        # numbers OFAC gives as INN / OGRN / LEI / IMO that fail their check digits
        "innCode": 9,
        "ogrnCode": 7,
        "leiCode": 8,
        "imoNumber": 4,
    }
    assert (
        "sdn.csv, line 3558: ent_num 17754: innCode: '3050117961' fails its check digits; "
        "kept as taxNumber"
    ) in messages


def test_stable_ids(sdn2024: ParseResult, mixed: ParseResult) -> None:
    # stable ids: the same entry gets the same id whatever files come with it
    targets = [e.id for e in sdn2024.entities if e.schema in TARGETS]
    assert targets == [e.id for e in mixed.entities if e.schema in TARGETS]


# -- the consistent 2021 set -----------------------------------------------------------
def test_fullset_counts_and_joins(fullset: ParseResult) -> None:
    counts = fullset.schema_counts()
    assert counts["Person"] == 4620
    assert counts["LegalEntity"] + counts["Company"] == 3673
    assert (counts["Vessel"], counts["Airplane"], counts["Sanction"]) == (406, 277, 8976)
    assert fullset.rows["add.csv"] == 13837 and fullset.rows["alt.csv"] == 11910
    assert not any(k.startswith("orphans") for k in fullset.rows)
    targets = [e for e in fullset.entities if e.schema in TARGETS]
    # distinct (ent_num, name) pairs of alt.csv: 11,539 aka/nka; 369 fka (+ f.k.a. remarks)
    assert sum(len(e.get("alias")) for e in targets) == 11539
    assert sum(len(e.get("previousName")) for e in targets) == 393
    # distinct non-empty one-line addresses; 2,397 rows of add.csv are all -0-
    assert sum(len(e.get("address")) for e in targets) == 11440
    bank = _get(fullset, 306)
    assert bank.get("alias") == ["NATIONAL BANK OF CUBA"]
    assert bank.get("weakAlias") == ["BNC"]  # the a.k.a. in the remarks
    assert "Zweierstrasse 35, Zurich CH-8022, Switzerland" in bank.get("address")
    assert bank.get("country") == ["ch", "es", "jp", "pa"]


def test_fullset_comments_continue_remarks(fullset: ParseResult) -> None:
    entry = _get(fullset, 28263)  # remarks cut off inside "a.k.a. 'snowsjo" + "hn'"
    assert "snowsjohn" in entry.get("weakAlias")
    links = [e for e in _related(fullset, entry.id) if e.first("subject") == entry.id]
    assert [_by_id(fullset)[e.first("object")].first("name") for e in links] == ["LAZARUS GROUP"]


# -- the Consolidated (non-SDN) list ---------------------------------------------------
def test_cons_counts(cons: ParseResult) -> None:
    assert _type_counts(raw_file(CONS_DIR, "cons_prim.csv")) == {"individual": 79, "-0-": 363}
    counts = cons.schema_counts()
    assert counts["Person"] == 79
    assert counts["LegalEntity"] + counts["Company"] == 363
    assert counts["Sanction"] == 442
    assert [str(w) for w in cons.warnings] == [
        "cons_prim.csv, line 213: ent_num 19468: email: cannot read 'PRIYEMNAYA@YGDU' "
        "in 'Email Address PRIYEMNAYA@YGDU'",
        "cons_prim.csv, line 9: ent_num 9647: Linked To 'HAMAS' is not the name of another "
        "entry in the files given; kept in notes",
    ]


def test_cons_gazprom_from_remarks_and_comments(cons: ParseResult) -> None:
    gazprom = _get(cons, 17250)
    assert gazprom.get("name") == ["PUBLIC JOINT STOCK COMPANY GAZPROM"]
    assert gazprom.get("innCode") == ["7736050003"]
    # "Registration Number 1027700070518 " ends the remarks, "(Russia)" starts the comment
    assert gazprom.get("ogrnCode") == ["1027700070518"]
    assert gazprom.get("alias") == ["GAZPROM PAO", "PJSC GAZPROM", "GAZPROM"]
    assert gazprom.get("country") == ["ru"]
    sanction = _by_id(cons)["ofac-17250-sanction-cons"]
    assert sanction.get("programId") == ["UKRAINE-EO13662", "RUSSIA-EO14024"]
    assert sanction.get("listingDate") == ["2022-02-24"]
    assert sanction.get("startDate") == ["2022-03-26"]


def test_cons_cmic_company(cons: ParseResult) -> None:
    telecom = _get(cons, 30882)
    assert telecom.schema == "Company"
    assert telecom.get("uscCode") == ["9111000071093019X7"]
    assert "US1694261033" in telecom.get("isinCode")
    assert "0728 HK" in telecom.get("ticker")
    assert "China Telecom Corp Ltd" in telecom.get("alias")  # its CMIC issuer names
    sanction = _by_id(cons)["ofac-30882-sanction-cons"]
    assert sanction.get("programId") == ["CMIC-EO13959"]
    assert sanction.get("listingDate") == ["2021-06-03"]
    bank = _get(cons, 17017)
    assert (bank.schema, bank.get("swiftBic"), bank.get("bikCode")) == (
        "Company",
        ["MOSWRUMM"],
        ["044525219"],
    )
    assert _get(cons, 30930).get("weakAlias") == ["CCCC"]  # from cons_comments.csv


# -- files from different versions: orphans --------------------------------------------
def test_orphan_rows_are_reported(mixed: ParseResult) -> None:
    assert mixed.rows["orphans:add.csv"] == 5598
    assert mixed.rows["orphans:alt.csv"] == 2727
    assert mixed.rows["orphans:sdn_comments.csv"] == 6
    by_file = {w.path: w for w in mixed.warnings if "not in sdn.csv" in w.message}
    add = by_file["add.csv"]
    assert add.line == 5428
    assert add.message.startswith(
        "5598 row(s) name an ent_num that is not in sdn.csv (4894 distinct)"
    )
    assert "line 5428 (ent_num 17016)" in add.message
    assert by_file["alt.csv"].message.startswith("2727 row(s)")
    assert by_file["sdn_comments.csv"].message.startswith("6 row(s)")
    # the rows that do join are loaded
    assert _get(mixed, 306).get("alias") == ["NATIONAL BANK OF CUBA"]
    assert mixed.schema_counts()["Person"] == 6854


def test_comment_of_another_version_is_kept_with_a_warning(mixed: ParseResult) -> None:
    notes = [w for w in mixed.warnings if "not cut off" in w.message]
    assert len(notes) == 5
    assert notes[0].path == "sdn.csv" and notes[0].message.startswith("ent_num 22985:")
    # its wallets come from the 2025 comment
    holder = _get(mixed, 22985).id
    keys = [k for e in mixed.entities if e.get("holder") == [holder] for k in e.get("publicKey")]
    assert any(k.startswith("TE3") for k in keys)


# -- damaged and foreign files ---------------------------------------------------------
def _write(path: Path, rows: list[str], end: bytes = b"\r\n\x1a") -> Path:
    path.write_bytes("\r\n".join(rows).encode("cp1252") + end)
    return path


ROW = '{n},"NAME {n}",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 1970."'


def _small(n: int = 5) -> list[str]:
    return [ROW.format(n=i) for i in range(1, n + 1)]


def _error(paths: list[Path]) -> ListFormatError:
    with pytest.raises(ListFormatError) as info:
        SDN.parse(paths, "t")
    return info.value


def test_add_and_alt_need_the_primary_file() -> None:
    err = _error([raw_file(FULLSET, "add.csv"), raw_file(FULLSET, "alt.csv")])
    assert err.path.endswith("add.csv")
    assert "the primary file sdn.csv is needed to load add.csv, alt.csv" in str(err)


def test_empty_files(tmp_path: Path) -> None:
    for data in (b"", b"\x1a", b"\r\n"):
        path = tmp_path / "sdn.csv"
        path.write_bytes(data)
        assert "the file is empty" in str(_error([path]))


def test_truncated_file(tmp_path: Path) -> None:
    data = raw_file(*SDN_2024).read_bytes()
    cut = data.index(b"\r\n", 200_000) + 40  # 40 bytes into a row
    path = tmp_path / "sdn.csv"
    path.write_bytes(data[:cut])
    err = _error([path])
    line = data[:cut].count(b"\n") + 1
    assert err.line == line
    assert str(err).startswith(f"{path}, line {line}: ")


def test_wrong_encodings(tmp_path: Path) -> None:
    rows = _small()
    rows[2] = rows[2].replace("NAME 3", "JOSÉ")
    utf8 = tmp_path / "sdn.csv"
    utf8.write_bytes("\r\n".join(rows).encode("utf-8"))
    err = _error([utf8])
    assert err.line == 3 and "UTF-8" in str(err)
    utf16 = tmp_path / "utf16" / "sdn.csv"
    utf16.parent.mkdir()
    utf16.write_bytes("\r\n".join(rows).encode("utf-16"))
    assert "NUL byte" in str(_error([utf16]))
    bad = tmp_path / "bad" / "sdn.csv"
    bad.parent.mkdir()
    bad.write_bytes("\r\n".join(rows[:3]).encode("cp1252") + b'\r\n4,"X\x81"')
    err = _error([bad])
    assert (err.line, err.message) == (4, "cannot decode byte 0x81 as cp1252")


def test_cp1252_text_is_read(tmp_path: Path) -> None:
    rows = _small()
    rows[2] = rows[2].replace("NAME 3", "JOSÉ MUÑOZ")
    result = SDN.parse([_write(tmp_path / "sdn.csv", rows)], "t")
    assert _get(result, 3).get("name") == ["JOSÉ MUÑOZ"]


def test_another_format(tmp_path: Path) -> None:
    for source in (
        raw_file("un_sc_consolidated_2026-02-27", "UN_consolidated.xml"),
        raw_file("bis_denied_persons_2023-11", "dpl.txt"),
        raw_file("us_csl_2023-11_partial", "csl.csv"),
    ):
        path = tmp_path / "sdn.csv"
        path.write_bytes(source.read_bytes())
        err = _error([path])
        assert str(err) == f"{path}, line 1: not an OFAC legacy CSV file"


def test_broken_rows(tmp_path: Path) -> None:
    rows = _small(8)
    rows[4] = rows[4].replace(',"SDGT"', "")  # 11 columns
    err = _error([_write(tmp_path / "sdn.csv", rows)])
    assert (err.line, err.message) == (5, "expected 12 columns, found 11 (truncated or damaged?)")
    rows = _small(8)
    rows[5] = "X" + rows[5]
    err = _error([_write(tmp_path / "sdn.csv", rows)])
    assert err.line == 6 and "is not a number" in err.message
    rows = _small(8)
    rows[6] = rows[6].replace('"NAME 7"', '"NAME 7')  # a quote left open
    err = _error([_write(tmp_path / "sdn.csv", rows)])
    assert err.line == 7


def test_two_primary_files(tmp_path: Path) -> None:
    one = _write(tmp_path / "sdn.csv", _small())
    two = _write(tmp_path / "sdn2.csv", _small())
    assert "two primary files given (sdn.csv and sdn2.csv)" in str(_error([one, two]))


def test_odd_rows_are_warnings(tmp_path: Path) -> None:
    rows = _small(3)
    rows.append(ROW.format(n=2).replace('"NAME 2"', '"NAME 2 AGAIN"'))
    rows.append('9,"SHIP",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ')
    rows.append('10,"X",spaceship,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ')
    sdn = _write(tmp_path / "sdn.csv", rows)
    alt = _write(tmp_path / "alt.csv", ['1,1,"aka",-0- ,-0- ', '1,2,"xka","ONE",-0- '])
    add = _write(tmp_path / "add.csv", ['3,1,-0- ,"Simferopol","Region: Crimea",-0- '])
    result = SDN.parse([sdn, alt, add], "t")
    messages = [str(w) for w in result.warnings]
    assert messages == [
        "sdn.csv, line 4: ent_num 2 appears again; both rows are merged",
        "sdn.csv, line 5: ent_num 9 names no sanctions program",
        "sdn.csv, line 6: ent_num 10: unknown SDN_Type 'spaceship', read as an entity",
        "alt.csv, line 1: ent_num 1: alias row without a name",
        "alt.csv, line 2: ent_num 1: unknown alias type 'xka', read as aka",
    ]
    assert _get(result, 2).get("name") == ["NAME 2", "NAME 2 AGAIN"]
    assert _get(result, 1).get("alias") == ["ONE"]
    assert _get(result, 3).get("country") == ["ua-cri"]
    assert _get(result, 3).get("address") == ["Simferopol, Region: Crimea"]
