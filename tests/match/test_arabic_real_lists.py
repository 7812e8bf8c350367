"""Arabic names on the real lists (../shared/data; skipped without it).

False alerts that ``bench.common_names`` found (random Arabic common names screened as
Person) no longer alert; records' own Arabic-script names that ``bench.aliaspairs``
missed against their Latin names now alert. Every record keeps only its Latin-script
names, as in ``bench.aliaspairs``, so an Arabic query cannot meet its own script.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bench.aliaspairs import latin_only
from bench.universe import LISTS, RAW, load_universe

from tracewire.match import Query, Screener

pytestmark = pytest.mark.slow

WANTED = ("OFAC SDN", "EU journal", "US CSL")


@pytest.fixture(scope="module")
def screener(tmp_path_factory: pytest.TempPathFactory) -> Screener:
    specs = [s for s in LISTS if s.label.startswith(WANTED)]
    if not all((RAW / p).exists() for s in specs for p in s.paths):
        pytest.skip("shared data not present")
    universe = load_universe(Path(tmp_path_factory.mktemp("lists")), specs, say=lambda _: None)
    if len(universe.entities) < 1000:
        pytest.skip("the lists did not load")
    return Screener.from_entities([latin_only(e) for e in universe.records])


def alerts(screener: Screener, name: str, schema: str | None = "Person") -> dict[str, float]:
    results = screener.match(Query(names=[name], schema=schema), limit=10)
    return {r.entity.caption: round(r.score, 3) for r in results if r.match}


@pytest.mark.parametrize(
    ("name", "listed"),
    [
        ("Mohammad Shahd", "Hafiz Muhammad Saeed"),  # shahd ≈ sayed
        ("Mehdi Amir", "AMIRI, Mahdi"),  # a nisba
        ("Mehdi Amira", "AMIRI, Mahdi"),
        ("Eisha Aziz", "ESSA, Salim"),
        ("Ammar Ahmad", "Ahmed Diriye"),  # ammar ≈ umar
        ("Marwa Aïcha", "Marwan Issa"),
        ("Meriem Eisha", "Marwan Issa"),
        ("Mohamed Hussa", "KOSHLAF, Mohamed"),
        ("Hur Hur", "Brigadier General Khudr KHUDR"),
        ("Karim Shahd", "SHAHID KARIMI INDUSTRIES"),  # an organisation
        ("Aisha Mohammed", "JAISH-I-MOHAMMED"),
    ],
)
def test_common_arabic_names_do_not_alert(screener: Screener, name: str, listed: str) -> None:
    assert listed not in alerts(screener, name)


@pytest.mark.parametrize(
    ("name", "listed"),
    [
        ("منير المتصدق", "Mounir El Motassadeq"),  # Latin ts, q as k
        ("سید مجید فیض جعفرﻯ", "Seyed Majid Feiz JAFARI"),  # Persian ض as z
        ("ناصر جلاير سرنقی", "Naser Jalayer SARNAGHI"),  # Persian ق as gh
        ("رضا حمیدی راوری", "Reza HAMIDIRAVARI"),
    ],
)
def test_arabic_script_names_find_their_latin_record(
    screener: Screener, name: str, listed: str
) -> None:
    assert listed in alerts(screener, name, None)
