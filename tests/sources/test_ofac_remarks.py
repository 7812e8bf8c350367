"""The remarks facts of OFAC's legacy CSV, one mapping at a time (hand-written facts)."""

from __future__ import annotations

import pytest

from tracewire.model import Entity
from tracewire.sources.ofac_remarks import (
    RemarkFacts,
    apply_remarks,
    parse_date,
    parse_dates,
    split_facts,
)


def _apply(schema: str, text: str, title: str | None = None) -> tuple[Entity, Entity, RemarkFacts]:
    entity = Entity.make(schema, id="ofac-1", dataset="t", source_id="1")
    sanction = Entity.make("Sanction", id="ofac-1-sanction-sdn", dataset="t")
    facts = apply_remarks(text, entity, sanction, frozenset([title] if title else []))
    return entity, sanction, facts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 Mar 1970", ["1970-03-12"]),
        ("Mar 1970", ["1970-03"]),
        ("1970", ["1970"]),
        ("circa 1951", ["1951"]),
        ("circa 01 Jul 1960", ["1960-07-01"]),
        ("1929 to 1930", ["1929", "1930"]),
        ("1951 to 1953", ["1951", "1952", "1953"]),
        ("01 Jan 1960 to 31 Dec 1962", ["1960", "1961", "1962"]),
        ("1940 to 1960", ["1940", "1960"]),  # more than ten years: the two ends
        ("circa 1958-1963", ["1958", "1959", "1960", "1961", "1962", "1963"]),
        ("Mar 1970 to Feb 1971", ["1970-03", "1971-02"]),
        ("sometime", None),
        ("12 Foo 1970", None),
    ],
)
def test_parse_dates(text: str, expected: list[str] | None) -> None:
    assert parse_dates(text) == expected


def test_parse_date_single() -> None:
    assert parse_date("1 Feb 2001") == "2001-02-01"
    assert parse_date("2001-02") is None


def test_split_facts_drops_final_stop_and_see_comments() -> None:
    assert split_facts("DOB 1970; POB Moscow, Russia.") == ["DOB 1970", "POB Moscow, Russia"]
    assert split_facts("a.k.a. 'X';alt. DOB 1971 (See comments)") == ["a.k.a. 'X'", "alt. DOB 1971"]


def test_person_facts() -> None:
    person, _, facts = _apply(
        "Person",
        "DOB 12 Mar 1970; alt. DOB 1971; POB Moscow, Russia; nationality Russia; "
        "citizen Ukraine; Gender Male; Passport 123456 (Russia) expires 2020; "
        "Tax ID No. 770708389324 (Russia); a.k.a. 'IVAN THE TERRIBLE'; f.k.a. 'IVANOV, Petr'; "
        "Email Address ivan@example.ru; Member of the State Duma.",
        title="Member of the State Duma",
    )
    assert person.get("birthDate") == ["1970-03-12", "1971"]
    assert person.get("birthPlace") == ["Moscow, Russia"]
    assert person.get("nationality") == ["ru"]
    assert person.get("citizenship") == ["ua"]
    assert person.get("gender") == ["male"]
    assert person.get("passportNumber") == ["123456"]
    assert person.get("innCode") == ["770708389324"]
    assert person.get("weakAlias") == ["IVAN THE TERRIBLE"]
    assert person.get("previousName") == ["IVANOV, Petr"]
    assert person.get("email") == ["ivan@example.ru"]
    # the passport's country and expiry have no property: the fact is kept as a note;
    # the title repeated in the remarks is not
    assert person.get("notes") == ["Passport 123456 (Russia) expires 2020"]
    assert facts.problems == [] and facts.links == []


@pytest.mark.parametrize(
    ("fact", "prop", "value"),
    [
        ("Tax ID No. 1831083343 (Russia)", "innCode", "1831083343"),
        ("Tax ID No. 100036386 (Serbia)", "taxNumber", "100036386"),
        ("Tax ID No. 123456789 (Russia)", "taxNumber", "123456789"),  # 9 digits: not an INN
        ("Registration Number 1027739001993 (Russia)", "ogrnCode", "1027739001993"),
        ("Business Registration Number 1021801143374 (Russia)", "ogrnCode", "1021801143374"),
        ("Registration Number 26740 (Iran)", "registrationNumber", "26740"),
        ("Government Gazette Number 07502963 (Russia)", "okpoCode", "07502963"),
        (
            "Unified Social Credit Code (USCC) 9113100033607322XK (China)",
            "uscCode",
            "9113100033607322XK",
        ),
        ("Legal Entity Number 253400V1H6ART1UQ0N98 (Russia)", "leiCode", "253400V1H6ART1UQ0N98"),
        ("SWIFT/BIC MOSWRUMM", "swiftBic", "MOSWRUMM"),
        ("D-U-N-S Number 542957624", "dunsCode", "542957624"),
        ("Website www.kupol.ru", "website", "http://www.kupol.ru/"),
        ("Organization Established Date 23 Apr 2002", "incorporationDate", "2002-04-23"),
        (
            "Organization Type: Manufacture of air and spacecraft",
            "sector",
            "Manufacture of air and spacecraft",
        ),
        ("Phone Number 982188526300", "phone", "+982188526300"),
        ("Trade License No. 683633 (United Arab Emirates)", "licenseNumber", "683633"),
    ],
)
def test_entity_identifiers(fact: str, prop: str, value: str) -> None:
    entity, _, facts = _apply("LegalEntity", fact)
    assert entity.get(prop) == [value]
    assert entity.schema == "LegalEntity"
    assert facts.problems == []


def test_generic_id_numbers_keep_their_label_in_notes() -> None:
    entity, _, _ = _apply("LegalEntity", "NIT # 800018928-0 (Colombia); Kenyan Card No. 55 (Kenya)")
    assert entity.get("taxNumber") == ["800018928-0"]
    assert entity.get("registrationNumber") == ["55"]  # an unknown "... No." label
    assert entity.get("notes") == ["NIT # 800018928-0 (Colombia)", "Kenyan Card No. 55 (Kenya)"]


def test_company_only_identifiers_make_a_company() -> None:
    entity, _, _ = _apply(
        "LegalEntity", "ISIN US1694261033; Equity Ticker CHA US; Company Number IMO 5055293"
    )
    assert entity.schema == "Company"
    assert entity.get("isinCode") == ["US1694261033"]
    assert entity.get("ticker") == ["CHA US"]
    assert entity.get("imoNumber") == ["IMO5055293"]
    target_type, _, _ = _apply("LegalEntity", "Target Type Private Company")
    assert target_type.schema == "Company"
    assert target_type.get("classification") == ["Private Company"]


def test_vessel_facts() -> None:
    vessel, sanction, facts = _apply(
        "Vessel",
        "Former Vessel Flag Malta; alt. Former Vessel Flag None Identified; "
        "Additional Sanctions Information - Subject to Secondary Sanctions; "
        "Vessel Registration Identification IMO 9187629; MMSI 572469210; "
        "Vessel Year of Build 1999; Linked To: NATIONAL IRANIAN TANKER COMPANY.",
    )
    assert vessel.get("pastFlags") == ["mt"]
    assert vessel.get("imoNumber") == ["IMO9187629"]
    assert vessel.get("mmsi") == ["572469210"]
    assert vessel.get("buildDate") == ["1999"]
    assert vessel.get("notes") == ["alt. Former Vessel Flag None Identified"]
    assert sanction.get("provisions") == [
        "Additional Sanctions Information - Subject to Secondary Sanctions"
    ]
    assert facts.links == ["NATIONAL IRANIAN TANKER COMPANY"]


def test_aircraft_facts() -> None:
    plane, _, facts = _apply(
        "Airplane",
        "Aircraft Construction Number (also called L/N or S/N or F/N) 8401; "
        "Aircraft Manufacture Date Sep 1984; Aircraft Model IL76-TD; Aircraft Operator YAS AIR; "
        "Aircraft Manufacturer's Serial Number (MSN) 1023409321; Aircraft Tail Number EP-GOM",
    )
    assert plane.get("buildDate") == ["1984-09"]
    assert plane.get("model") == ["IL76-TD"]
    assert plane.get("serialNumber") == ["1023409321"]
    assert plane.get("registrationNumber") == ["EP-GOM"]
    assert plane.get("notes") == [
        "Aircraft Construction Number (also called L/N or S/N or F/N) 8401"
    ]
    assert facts.operators == ["YAS AIR"]


def test_sanction_facts() -> None:
    entity, sanction, _ = _apply(
        "LegalEntity",
        "Listing Date (CMIC) 03 Jun 2021; Effective Date (EO 14024 Directive 3): 26 Mar 2022; "
        "Executive Order 13662 Directive Determination - Subject to Directive 4; "
        "For more information on directives, please visit the following link: "
        "http://www.treasury.gov/resource-center/sanctions/Programs/Pages/ukraine.aspx#directives.; "
        "Secondary sanctions risk: section 1(b) of Executive Order 13224",
    )
    assert sanction.get("listingDate") == ["2021-06-03"]
    assert sanction.get("startDate") == ["2022-03-26"]
    assert sanction.get("programUrl") == [
        "http://www.treasury.gov/resource-center/sanctions/Programs/Pages/ukraine.aspx#directives"
    ]
    assert len(sanction.get("provisions")) == 4
    assert entity.properties == {}


def test_crypto_and_unknown_facts() -> None:
    person, _, facts = _apply(
        "Person",
        "Digital Currency Address - XBT 12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h; "
        "alt. Digital Currency Address - ETH 0x098B716B8Aaf21512996dC57EB0615e2383E2f96; "
        "ICTY indictee; nationality possibly Palestinian",
    )
    assert facts.wallets == [
        ("XBT", "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h"),
        ("ETH", "0x098B716B8Aaf21512996dC57EB0615e2383E2f96"),
    ]
    # a fact without a known label and a value FtM rejects are both kept
    assert person.get("notes") == ["ICTY indictee", "nationality possibly Palestinian"]
    assert len(facts.problems) == 1 and "possibly Palestinian" in facts.problems[0]


def test_identifiers_failing_check_digits_are_kept_generic() -> None:
    entity, _, facts = _apply(
        "LegalEntity",
        "Tax ID No. 3050117961 (Russia); Legal Entity Number 851683897; "
        "Identification Number IMO 15411",
    )
    assert entity.schema == "LegalEntity"
    assert entity.get("taxNumber") == ["3050117961"]
    assert entity.get("registrationNumber") == ["851683897", "IMO 15411"]
    assert "innCode" not in entity.properties and "leiCode" not in entity.properties
    assert len(entity.get("notes")) == 3
    assert facts.problems == [
        "innCode: '3050117961' fails its check digits; kept as taxNumber",
        "leiCode: '851683897' fails its check digits; kept as registrationNumber",
        "imoNumber: 'IMO 15411' fails its check digits; kept as registrationNumber",
    ]


def test_person_only_facts_on_an_entity_go_to_notes() -> None:
    entity, _, facts = _apply("LegalEntity", "DOB 1970; Gender Male; nationality Iran; Passport X1")
    assert entity.get("country") == ["ir"]
    assert entity.get("idNumber") == ["X1"]
    assert entity.get("notes") == ["DOB 1970", "Gender Male", "Passport X1"]
    assert facts.problems == []
