"""Real pairs (issue 13, ``bench.realpairs`` dev split): an organisation as the EU prints
it, screened against OFAC's SDN list, which prints it in transliteration or in another
translation. Each was a miss before :mod:`tracewire.match.orgterms`; skipped without
../shared/data."""

from __future__ import annotations

import pytest

from tests.conftest import raw_file
from tracewire.match import Query, Screener
from tracewire.sources.registry import plan_loads

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def screener() -> Screener:
    ((fmt, files),) = plan_loads([raw_file("ofac_sdn_2024-05-03", "sdn.csv")])
    return Screener.from_entities(fmt.parse(files, "ofac").entities)


def alerted_names(screener: Screener, name: str) -> set[str]:
    results = screener.match(Query(names=[name], schema="Company"), limit=10)
    return {n for r in results if r.match for n in r.entity.names}


@pytest.mark.parametrize(
    ("eu_name", "ofac_name"),
    [
        # the words of an organisation's kind, translated or abbreviated
        (
            "Closed Joint Stock Company Special Design Bureau",
            "CLOSED JOINT STOCK COMPANY SPECIAL CONSTRUCTION BUREAU",
        ),
        (
            "Scientific-Production Enterprise “Svyaz”",
            "AKTSIONERNOE OBSHCHESTVO NAUCHNO PROIZVODSTVENNOE PREDPRIYATIE SVYAZ",
        ),
        ("NTC Metrotek", "OOO NAUCHNO-TEKHNICHESKII TSENTR METROTEK"),
        ("STC Orion LLC", "LIMITED LIABILITY COMPANY SCIENTIFIC AND TECHNICAL CENTER ORION"),
        (
            "Federal State Unitary Enterprise NPP Gamma",
            "FEDERAL STATE UNITARY ENTERPRISE SCIENTIFIC AND PRODUCTION ENTERPRISE GAMMA",
        ),
        ("TD Promelektronika LLC", "TORGOVYI DOM PROMELECTRONIKA OOO"),
        (
            "Joint Stock Company Special Design Bureau of Computer Engineering",
            "AKTSIONERNOE OBSHCHESTVO SPETSIALNOE KONSTRUKTORSKOE BYURO VYCHISLITELNOI TEKHNIKI",
        ),
        # a place as an adjective
        (
            "Joint Stock Company Votkinsk Machine Building Plant",
            "JOINT STOCK COMPANY VOTKINSKIY ZAVOD",
        ),
        ("OAO Svetlovskoye Predpriyatiye Era", "JOINT STOCK COMPANY SVETLOVSKY ENTERPRISE ERA"),
        # "No." before the number
        ("JSC Armour Repair Plant No. 144", "JOINT STOCK COMPANY 144 ARMORED REPAIR PLANT"),
        # a bracketed acronym or original name
        (
            "Foreign Intelligence Service (SVR)",
            "FOREIGN INTELLIGENCE SERVICE OF THE RUSSIAN FEDERATION",
        ),
        ("Stroygazmontazh-Most OOO (SGM-Most OOO)", "SGM MOST OOO"),
        # the parent's name first
        (
            "Tactical Missile Company, Joint Stock Company Ravenstvo-Service",
            "AKTSIONERNOE OBSHCHESTVO RAVENSTVO-SERVICE",
        ),
        (
            "United Shipbuilding Corporation “Sredne-Nevsky Shipyard”",
            "JOINT STOCK COMPANY SREDNE-NEVSKY SHIPYARD",
        ),
    ],
)
def test_eu_name_finds_ofac_entry(screener: Screener, eu_name: str, ofac_name: str) -> None:
    assert ofac_name in alerted_names(screener, eu_name)


def test_another_kind_of_the_same_word_is_no_alert(screener: Screener) -> None:
    # the kind words agree, the distinctive word does not
    assert (
        "AKTSIONERNOE OBSHCHESTVO NAUCHNO PROIZVODSTVENNOE PREDPRIYATIE SVYAZ"
        not in alerted_names(screener, "Scientific-Production Enterprise Almaz")
    )
