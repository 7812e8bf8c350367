"""Random common Arabic names that alerted another person (``bench.common_names``, seed 13).

Two classes: *Kathem* / *Khadem* read as one Korean word (a plain *d* against an
aspirated *th*), and a listed middle name left out beside a typo of a three-letter word
(*Leen Hur* / *LEE Chang Ho*). (A third rule, a query word that rigour's name database
knows held to a name's typo budget, *Hassan Suha* / *Suhayl HASSAN*, was left out: the
database costs each process about 6 CPU s and 390 MB when first asked.)
"""

from __future__ import annotations

import pytest

from tests.match.persons import person_alerts, person_screener
from tracewire.match import Screener
from tracewire.match.names import token_similarity
from tracewire.match.normalise import fold
from tracewire.match.romanisations import korean_variant


def _similarity(query: str, listed: str) -> float:
    return token_similarity(query, fold(query), listed, fold(listed), True, False)[0]


@pytest.fixture(scope="module")
def screener() -> Screener:
    return person_screener(
        [
            "Suhayl HASSAN",
            "Mariwan JAMAL",
            "KHADEM, Ahmad",
            "LEE Chang Ho",
            "ADEL, Anwar Olabi",
        ]
    )


_alerts = person_alerts


@pytest.mark.parametrize("query", ["Ahmad Kathem", "Leen Hur"])
def test_common_names_no_list_carries_do_not_alert(screener: Screener, query: str) -> None:
    assert _alerts(screener, query) == []


def test_a_misspelt_word_still_pairs(screener: Screener) -> None:
    assert _similarity("adwdel", "adel") > 0.7
    assert _alerts(screener, "Anwar Olabi Adwdel") == ["ADEL, Anwar Olabi"]
    assert _alerts(screener, "Suhyal Hassan") == ["Suhayl HASSAN"]


def test_a_plain_stop_is_no_aspirated_one() -> None:
    assert not korean_variant("kathem", "khadem")
    assert not korean_variant("dae", "thae")
    # one consonant in two systems still is
    assert korean_variant("taek", "thaek") and korean_variant("jeong", "jong")
