"""OFAC Advanced Sanctions Data Model XML (sdn_advanced.xml / cons_advanced.xml).

The expected counts of the real file were counted independently of the parser, with
plain lxml XPath over the whole document (see ``xpath_counts``): parties by
``PartySubTypeID`` (4 = Individual, 3 = Entity), profiles with a ``SanctionsEntry``,
``ProfileRelationship`` elements of type 15003 ("Owned or Controlled By").
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import RAW, raw_file
from tracewire.errors import ListFormatError
from tracewire.model import Entity, make_id
from tracewire.sources.base import ParseResult
from tracewire.sources.ofac_xml import FORMATS, OfacAdvancedXmlFormat
from tracewire.sources.ofac_xml_documents import document_prop
from tracewire.sources.ofac_xml_values import period_dates

FMT: OfacAdvancedXmlFormat = FORMATS[0]
CONS = ("ofac_cons_advanced_xml_2020-03", "cons_advanced.xml")
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "ofac_advanced_min.xml"
NEW_NS = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML"
OLD_NS = "http://www.un.org/sanctions/1.0"


def by_id(result: ParseResult) -> dict[str, Entity]:
    return {e.id: e for e in result.entities}


@pytest.fixture(scope="module")
def cons_path() -> Path:
    return raw_file(*CONS)


@pytest.fixture(scope="module")
def cons(cons_path: Path) -> ParseResult:
    return FMT.parse([cons_path], FMT.dataset_for([cons_path]))


@pytest.fixture(scope="module")
def cons_entities(cons: ParseResult) -> dict[str, Entity]:
    return by_id(cons)


def xpath_counts(path: Path) -> dict[str, int]:
    doc = etree.parse(str(path))
    ns = {"s": OLD_NS}

    def count(query: str) -> int:
        return int(doc.xpath(f"count({query})", namespaces=ns))

    return {
        "Person": count('//s:DistinctParty/s:Profile[@PartySubTypeID="4"]'),
        "LegalEntity": count('//s:DistinctParty/s:Profile[@PartySubTypeID="3"]'),
        "Sanction": len(set(doc.xpath("//s:SanctionsEntry/@ProfileID", namespaces=ns))),
        "Ownership": count('//s:ProfileRelationship[@RelationTypeID="15003"]'),
    }


# -- the real consolidated (non-SDN) list of 2020-03-17 ----------------------------------
def test_cons_counts(cons: ParseResult, cons_path: Path) -> None:
    expected = {"LegalEntity": 293, "Ownership": 276, "Person": 82, "Sanction": 375}
    assert xpath_counts(cons_path) == expected
    assert cons.schema_counts() == expected
    assert cons.publisher_date == "2020-03-17"
    assert cons.dataset == "us_ofac_cons"
    assert cons.format == "ofac_advanced_xml"
    assert cons.rows["DistinctParty"] == 375
    assert cons.rows["SanctionsEntry"] == 759
    assert cons.rows["ProfileRelationship"] == 276
    assert cons.rows["list:Consolidated List"] == 375
    assert cons.rows["list:Sectoral Sanctions Identifications List"] == 290


def test_cons_warnings(cons: ParseResult) -> None:
    # the only value FtM cannot read in the file: an e-mail address without a domain
    assert [str(w) for w in cons.warnings] == [
        "cons_advanced.xml, line 31355: Email Address: cannot read 'PRIYEMNAYA@YGDU' as email"
    ]


def test_cons_person_haniya(cons_entities: dict[str, Entity]) -> None:
    person = cons_entities[make_id("ofac", "9639")]  # the CSV ent_num
    assert person.id == "ofac-9639" and person.source_id == "9639"
    assert person.schema == "Person"
    assert person.get("name") == ["HANIYA, Ismail Abdul Salah"]  # as cons_prim.csv writes it
    assert person.get("alias") == ["HANIYA, Ismail", "HANIYYA, Ismaeel"]
    assert person.get("lastName") == ["HANIYA", "HANIYYA"]
    assert person.get("birthDate") == ["1962"]  # 1962-01-01..1962-12-31 in the XML
    assert person.get("birthPlace") == ["Shati"]
    sanction = cons_entities["ofac-9639-sanction-cons"]
    assert sanction.get("entity") == ["ofac-9639"]
    assert sanction.get("programId") == ["NS-PLC"]
    assert sanction.get("program") == [
        "Consolidated List",
        "Non-SDN Palestinian Legislative Council List",
    ]
    # the earliest of the entry dates (2014-10-10 is when the consolidated list began)
    assert sanction.get("listingDate") == ["2006-04-12"]
    assert sanction.get("reason") == ["General License 4 Under EO 13224 (Terrorism)"]
    assert sanction.get("country") == ["us"]


def test_cons_entity_vtb(cons_entities: dict[str, Entity]) -> None:
    vtb = cons_entities["ofac-17013"]
    assert vtb.schema == "LegalEntity"
    assert vtb.get("name") == ["VTB BANK OAO"]
    assert "JSC VTB BANK" in vtb.get("alias")
    assert "VNESHTORGBANK" in vtb.get("previousName")
    assert vtb.get("swiftBic") == ["VTBRRUMM"]
    assert vtb.get("registrationNumber") == ["1027739609391"]
    assert vtb.get("ogrnCode") == ["1027739609391"]  # Russian registration id, 13 digits
    assert vtb.get("innCode") == ["7702070139"]  # Russian tax id
    assert vtb.get("country") == ["ru"]
    assert "37 Plyushchikha ul., Moscow, 119121, Russia" in vtb.get("address")
    sanction = cons_entities["ofac-17013-sanction-cons"]
    assert sanction.get("programId") == ["UKRAINE-EO13662"]
    assert sanction.get("provisions") == ["13662 Sectoral Directive 1"]
    assert sanction.get("summary") == [
        "Executive Order 13662 Directive Determination: Subject to Directive 1"
    ]
    owned = [
        e for e in cons_entities.values() if e.schema == "Ownership" and e.get("owner") == [vtb.id]
    ]
    assert len(owned) == 22
    sub = cons_entities["ofac-18719-owner-ofac-17013"]
    assert sub.get("asset") == ["ofac-18719"]
    assert sub.get("role") == ["Owned or Controlled By"]


def test_cons_weak_alias_and_person_details(cons_entities: dict[str, Entity]) -> None:
    veb = cons_entities["ofac-17015"]
    assert veb.get("weakAlias") == ["VEB"]  # Alias LowQuality="true"
    assert veb.get("idNumber") == ["044525060"]  # BIK (RU): LegalEntity has no bikCode
    kayakiran = cons_entities["ofac-26182"]
    assert kayakiran.get("name") == ["KAYAKIRAN, Evren"]
    assert kayakiran.get("passportNumber") == ["U00242309"]
    assert kayakiran.get("birthDate") == ["1980-02-08"]
    assert kayakiran.get("gender") == ["male"]
    assert kayakiran.get("citizenship") == ["tr"]
    assert cons_entities["ofac-26182-sanction-cons"].get("programId") == ["FSE-IR"]
    kunlun = cons_entities["ofac-15268"]
    assert kunlun.get("previousName") == [
        "KARAMAY URBAN CREDIT COOPERATIVES",
        "KARAMAY CITY COMMERCIAL BANK CO LTD.",
    ]
    assert cons_entities["ofac-15268-sanction-cons"].get("programId") == ["561-Related"]
    assert cons_entities["ofac-23552"].get("jurisdiction") == ["ru"]  # Nationality of Registration


def test_cons_totals_of_name_kinds(cons: ParseResult) -> None:
    # 31 LowQuality aliases in the file, one repeated within its party; 83 strong F.K.A.
    assert sum(len(e.get("weakAlias")) for e in cons.entities) == 30
    assert sum(len(e.get("previousName")) for e in cons.entities) == 83


def test_cons_as_wrong_dataset_warns(cons_path: Path) -> None:
    result = FMT.parse([cons_path], "us_ofac_sdn")
    assert any("but the dataset is 'us_ofac_sdn'" in w.message for w in result.warnings)


# -- the hand-written fixture: vessel, scripts, ranges, relations -------------------------
@pytest.fixture(params=["new", "old", "none"])
def fixture_result(request: pytest.FixtureRequest, tmp_path: Path) -> ParseResult:
    """The fixture under each namespace vintage (and none): all read the same."""
    text = FIXTURE.read_text("utf-8")
    if request.param == "old":
        text = text.replace(NEW_NS, OLD_NS)
    elif request.param == "none":
        text = text.replace(f' xmlns="{NEW_NS}"', "")
    path = tmp_path / "ofac_advanced_min.xml"
    path.write_text(text, "utf-8")
    return FMT.parse([path], "us_ofac_sdn")


def test_fixture_counts(fixture_result: ParseResult) -> None:
    assert fixture_result.publisher_date == "2024-05-03"
    assert fixture_result.schema_counts() == {
        "CryptoWallet": 1,
        "Directorship": 1,
        "Family": 1,
        "LegalEntity": 1,
        "Ownership": 1,
        "Person": 2,
        "Sanction": 4,
        "UnknownLink": 2,
        "Vessel": 1,
    }


def test_fixture_person_names_dates_ids(fixture_result: ParseResult) -> None:
    person = by_id(fixture_result)["ofac-50001"]
    assert person.get("name") == ["SIDOROV, Ivan Petrovich"]
    assert person.get("alias") == ["СИДОРОВ Иван Петрович", "SIDOROFF, Ivan"]
    assert person.get("weakAlias") == ["Vanya"]
    assert person.get("previousName") == ["PETROV, Ivan"]
    assert person.get("firstName") == ["Ivan", "Иван"]
    assert person.get("fatherName") == ["Petrovich", "Петрович"]
    # a 1960-1965 range gives each year; "circa 1970" gives 1970
    assert person.get("birthDate") == ["1960", "1961", "1962", "1963", "1964", "1965", "1970"]
    assert person.get("birthPlace") == ["Irkutsk, Russia"]
    assert person.get("nationality") == ["ru"]
    assert person.get("citizenship") == ["ru"]
    assert person.get("gender") == ["male"]
    assert person.get("position") == ["General Director"]
    assert person.get("passportNumber") == ["7512345678"]
    assert person.get("innCode") == ["381234567890"]
    assert person.get("address") == ["ul. Sevastopolskaya d. 235, Irkutsk, 664000, Russia"]
    assert person.get("email") == ["ivan@example.ru"]
    wallet = by_id(fixture_result)["ofac-50001-wallet-1boatslrhtknngkdxeeobr76b53lettpyt"]
    assert wallet.get("holder") == ["ofac-50001"]
    assert wallet.get("currency") == ["XBT"]
    other = by_id(fixture_result)["ofac-50002"]
    # whole month; a range over ten years (ends only); a short range (ends)
    assert other.get("birthDate") == ["1985-03", "1940", "1960", "1986-04-02", "1986-04-04"]
    assert other.get("gender") == ["female"]
    assert other.get("idNumber") == ["AB 123 456"]


def test_fixture_entity_and_vessel(fixture_result: ParseResult) -> None:
    entities = by_id(fixture_result)
    company = entities["ofac-50003"]
    assert company.schema == "LegalEntity"
    assert company.get("name") == ["SEA STAR SHIPPING LLC"]
    assert company.get("alias") == ["海星航运有限责任公司", "SEA STAR MARINE LLC"]  # A.K.A., N.K.A.
    assert company.get("uscCode") == ["91350200051193084R"]
    assert company.get("ogrnCode") == ["1153850042246"]
    assert company.get("incorporationDate") == ["2012-11-20"]
    assert "Vessel Classification Society: Example Register" in company.get("notes")
    assert "Gender: Male" in company.get("notes")
    vessel = entities["ofac-50004"]
    assert vessel.schema == "Vessel"
    assert vessel.get("name") == ["SEA STAR"]
    assert vessel.get("imoNumber") == ["IMO 9187629"]
    assert vessel.get("mmsi") == ["352001234"]
    assert vessel.get("callSign") == ["3FZA7"]
    assert vessel.get("flag") == ["pa"]
    assert vessel.get("type") == ["Crude Oil Tanker"]
    assert vessel.get("tonnage") == ["159000"]
    assert vessel.get("grossRegisteredTonnage") == ["81479"]
    assert vessel.get("buildDate") == ["1999"]


def test_fixture_relations(fixture_result: ParseResult) -> None:
    entities = by_id(fixture_result)
    own = entities["ofac-50004-owner-ofac-50003"]
    assert (own.schema, own.get("asset"), own.get("owner")) == (
        "Ownership",
        ["ofac-50004"],
        ["ofac-50003"],
    )
    family = entities["ofac-50002-family-ofac-50001"]
    assert family.get("person") == ["ofac-50002"]
    assert family.get("relative") == ["ofac-50001"]
    assert family.get("relationship") == ["Family member of"]
    # given from the company to the person: read the other way round
    director = entities["ofac-50001-director-ofac-50003"]
    assert director.get("director") == ["ofac-50001"]
    assert director.get("organization") == ["ofac-50003"]
    link = entities["ofac-50001-linked-ofac-50003"]
    assert link.get("role") == ["Associate Of"]
    assert link.get("status") == ["former"]
    assert link.get("summary") == ["Until 2020."]
    # "Family member of" between a company and a vessel fits no Family: an UnknownLink
    odd = entities["ofac-50003-linked-ofac-50004"]
    assert odd.get("role") == ["Family member of"]
    assert fixture_result.rows["ProfileRelationship read as UnknownLink"] == 1


def test_fixture_sanctions(fixture_result: ParseResult) -> None:
    entities = by_id(fixture_result)
    sanction = entities["ofac-50001-sanction-sdn"]
    assert sanction.get("programId") == ["RUSSIA-EO14024", "UKRAINE-EO13662"]
    assert sanction.get("listingDate") == ["2022-03-11"]
    assert sanction.get("reason") == ["Executive Order 14024 (Russia)"]  # "Unknown" left out
    assert sanction.get("provisions") == ["Block"]
    assert sanction.get("program") == ["SDN List"]
    assert entities["ofac-50003-sanction-sdn"].get("summary") == [
        "Executive Order 13662 Directive Determination: Subject to Directive 1"
    ]


def test_fixture_warnings(fixture_result: ParseResult) -> None:
    found = {(w.message.split(";")[0].split(":")[0], w.line) for w in fixture_result.warnings}
    assert found == {
        ("Gender does not apply to a LegalEntity", 317),
        ("ProfileRelationship 1006 (Owned or Controlled By) names unknown profile 59999", 367),
        ("SanctionsEntry 1106 names unknown profile 59998", 397),
        ("feature type 'Vessel Classification Society' has no mapping", 314),
        ("IDRegDocument for unknown identity 6999", 137),
    }


# -- detection ---------------------------------------------------------------------------
def test_sniff_and_dataset(cons_path: Path, tmp_path: Path) -> None:
    assert FMT.sniff([cons_path]) and FMT.sniff([FIXTURE])
    assert FMT.dataset_for([cons_path]) == "us_ofac_cons"  # from the file name
    assert FMT.dataset_for([FIXTURE]) == "us_ofac_sdn"  # from its entries: SDN List only
    renamed = tmp_path / "list.xml"
    renamed.write_bytes(cons_path.read_bytes())
    assert FMT.dataset_for([renamed]) == "us_ofac_cons"  # entries on "Consolidated List"


def test_sniff_rejects_every_other_shared_file(shared_data: Path) -> None:
    others = [p for p in sorted(RAW.rglob("*")) if p.is_file() and p.name != CONS[1]]
    assert others
    assert [p for p in others if FMT.sniff([p])] == []


# -- dates -------------------------------------------------------------------------------
def _period(start: tuple[str, str], end: tuple[str, str], approx: bool = False) -> etree._Element:
    def point(tag: str, text: str) -> str:
        parts = text.split("-")
        names = ("Year", "Month", "Day")[: len(parts)]
        inner = "".join(f"<{n}>{v}</{n}>" for n, v in zip(names, parts, strict=True))
        return f"<{tag}>{inner}</{tag}>"

    flag = "true" if approx else "false"
    xml = (
        f'<DatePeriod><Start Approximate="{flag}">{point("From", start[0])}{point("To", start[1])}'
        f'</Start><End Approximate="{flag}">{point("From", end[0])}{point("To", end[1])}</End>'
        "</DatePeriod>"
    )
    return etree.fromstring(xml)


@pytest.mark.parametrize(
    ("start", "end", "approx", "expected"),
    [
        (("1980-2-8", "1980-2-8"), ("1980-2-8", "1980-2-8"), False, ["1980-02-08"]),
        (("1962-1-1", "1962-1-1"), ("1962-12-31", "1962-12-31"), False, ["1962"]),
        (("1962-2-1", "1962-2-1"), ("1962-2-28", "1962-2-28"), False, ["1962-02"]),
        (("1958-1-1", "1958-1-1"), ("1960-12-31", "1960-12-31"), False, ["1958", "1959", "1960"]),
        (("1940-1-1", "1940-1-1"), ("1951-12-31", "1951-12-31"), False, ["1940", "1951"]),
        (("1970-1-1", "1970-1-1"), ("1970-12-31", "1970-12-31"), True, ["1970"]),
        (("1969-6-1", "1969-6-1"), ("1971-5-31", "1971-5-31"), True, ["1969", "1970", "1971"]),
        (("1970-3-2", "1970-3-2"), ("1970-6-30", "1970-6-30"), False, ["1970-03-02", "1970-06-30"]),
        (("1975", "1975"), ("1975", "1975"), False, ["1975"]),
    ],
)
def test_period_dates(
    start: tuple[str, str], end: tuple[str, str], approx: bool, expected: list[str]
) -> None:
    assert period_dates(_period(start, end, approx), "") == expected


@pytest.mark.parametrize(
    ("kind", "prop"),
    [
        ("Passport", "passportNumber"),
        ("Diplomatic Passport", "passportNumber"),
        ("Tax ID No.", "taxNumber"),
        ("R.F.C.", "taxNumber"),
        ("V.A.T. Number", "vatCode"),
        ("Public Registration Number", "registrationNumber"),
        ("Commercial Registry Number", "registrationNumber"),
        ("Unified Social Credit Code (USCC)", "uscCode"),
        ("Legal Entity Number", "leiCode"),
        ("Vessel Registration Identification", "imoNumber"),
        ("MMSI", "mmsi"),
        ("SSN", "socialSecurityNumber"),
        ("Driver's License No.", "licenseNumber"),
        ("Cedula No.", "idNumber"),
        ("Government Gazette Number", "idNumber"),
        ("Maximo Code", "idNumber"),  # whole words only: no "imo" inside
    ],
)
def test_document_prop(kind: str, prop: str) -> None:
    assert document_prop(kind) == prop


# -- broken input ------------------------------------------------------------------------
def _error(path: Path) -> ListFormatError:
    with pytest.raises(ListFormatError) as info:
        FMT.parse([path], "us_ofac_sdn")
    assert path.name in str(info.value)
    return info.value


def test_truncated_file_names_line_and_element(cons_path: Path, tmp_path: Path) -> None:
    data = cons_path.read_bytes()
    path = tmp_path / "cons_advanced.xml"
    path.write_bytes(data[: len(data) // 2])
    err = _error(path)
    assert err.line == 28739
    assert err.element == "/Sanctions/DistinctParties/DistinctParty[@FixedRef='18776']"
    assert "truncated XML" in err.message and "MasterNamePartGroup" in err.message


@pytest.mark.parametrize("content", [b"", b"  \n\n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "sdn_advanced.xml"
    path.write_bytes(content)
    assert "empty" in _error(path).message


def test_csv_renamed_xml(tmp_path: Path) -> None:
    path = tmp_path / "sdn_advanced.xml"
    path.write_text('36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- \r\n', "utf-8")
    err = _error(path)
    assert err.line == 1 and "not XML" in err.message
    assert not FMT.sniff([path])


def test_non_utf8_bytes(tmp_path: Path) -> None:
    text = FIXTURE.read_text("utf-8").replace("SEA STAR SHIPPING LLC", "SEA STÄR SHIPPING LLC")
    path = tmp_path / "sdn_advanced.xml"
    path.write_bytes(text.encode("latin-1", errors="replace"))
    err = _error(path)
    assert "UTF-8" in err.message
    assert err.line is not None and err.element is not None


def test_other_xml_root(tmp_path: Path) -> None:
    path = tmp_path / "sdn_advanced.xml"
    path.write_text('<?xml version="1.0"?>\n<CONSOLIDATED_LIST><INDIVIDUALS/></CONSOLIDATED_LIST>')
    err = _error(path)
    assert err.element == "/CONSOLIDATED_LIST" and err.line == 2


def test_parties_before_reference_values(tmp_path: Path) -> None:
    text = FIXTURE.read_text("utf-8")
    refs_start, refs_end = text.index("<ReferenceValueSets>"), text.index("<Locations>")
    path = tmp_path / "sdn_advanced.xml"
    path.write_text(text[:refs_start] + text[refs_end:], "utf-8")
    err = _error(path)
    assert "before <ReferenceValueSets>" in err.message
    assert err.element == "/Sanctions/Locations/Location[@ID='701']"
