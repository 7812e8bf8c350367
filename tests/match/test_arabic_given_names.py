"""Common Arabic given names that no list carries are names, not misspelt listed words.

Random common Arabic persons (``bench.common_names``, dev seeds 13 and 17) alerted on
listed persons whose names are a woman's name a letter or two away (*Hassan Suha* /
*Suhayl HASSAN*, *Youssef Nouf* / *NOURI Yousef*) or another common name that a fold or
a consonant skeleton makes alike (*Mona* / *Mina'i*, *Amal* / *Jamal*, *Ammar* /
عمرو). :data:`tracewire.match.arabic.GIVEN_NAMES` (a small table, no database) tells
them apart; true variants of the listed names must still alert.
"""

from __future__ import annotations

import pytest

from tests.match.persons import person_alerts, person_screener
from tracewire.match import Screener
from tracewire.match.arabic import GIVEN_NAMES, given_name, given_names_apart
from tracewire.match.names import token_similarity
from tracewire.match.normalise import fold

LISTED = [
    "Suhayl HASSAN",
    "Mariwan JAMAL",
    "NOURI Yousef",
    "Khaled MASHAL",
    "MINA'I, Mohammad",
    "FACHRIA, Muhammad",
    "SHAKH, Nur Khabib",
    "عمرو سالم",
    "Mahmoud ZAHAR",
    "Mohammad HASHEMI",
    "Samir HASSAN",
    "Yasmin TARIQ",
    "Khadidja BELKACEM",
]


@pytest.fixture(scope="module")
def screener() -> Screener:
    return person_screener(LISTED)


_alerts = person_alerts


@pytest.mark.parametrize(
    "query",
    [
        "Hassan Suha",
        "Marwa Amal",
        "Youssef Nouf",
        "Maha Khaled",
        "Mona Mohammed",
        "Muhammed Farida",
        "Shaikha Nur",
        "Ammar Selim",
        "Sahar Mahmoud",
        "Hashem Muhammed",
        "Amir Hassan",
        "Tareq Yassin",
    ],
)
def test_common_given_names_do_not_alert(screener: Screener, query: str) -> None:
    assert _alerts(screener, query) == []


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Suhyal Hassan", "Suhayl HASSAN"),  # a typo of the listed name
        ("Suhail Hasan", "Suhayl HASSAN"),  # its other spellings
        ("Yousef Nouri", "NOURI Yousef"),
        ("Khalid Mashaal", "Khaled MASHAL"),
        ("Mohammed Minai", "MINA'I, Mohammad"),
        ("Mariwan Gamal", "Mariwan JAMAL"),
        ("Amr Salem", "عمرو سالم"),
        ("Mahmud Zahar", "Mahmoud ZAHAR"),
        ("Mohamed Hashemi", "Mohammad HASHEMI"),
        ("Sameer Hasan", "Samir HASSAN"),
        ("Yasmine Tarek", "Yasmin TARIQ"),
        ("Khadija Belkacem", "Khadidja BELKACEM"),  # another spelling of its consonants
    ],
)
def test_the_listed_names_still_alert(screener: Screener, query: str, listed: str) -> None:
    assert listed in _alerts(screener, query)


def test_spellings_of_one_name_are_one_name() -> None:
    assert given_name("mouna") == given_name("mona") == given_name("muna")
    assert given_name("zeinab") == given_name("zainab")
    assert given_name("mohamed") == "muhammad"  # the names of SPELLINGS count too
    assert given_name("bin") is None and given_name("hassanein") is None
    assert not given_names_apart("mona", "muna")
    assert not given_names_apart("hamed", "hamid")
    assert given_names_apart("mona", "mina")
    assert given_names_apart("amal", "jamal")  # one fold key, two names
    assert given_names_apart("ammar", "amr")  # one consonant skeleton, two names
    assert given_names_apart("hashem", "hashemi")  # a name and its nisba
    assert not given_names_apart("qadhaf", "qadhafi")  # no given name
    assert not given_names_apart("qadhafi", "qadhaf")  # a nisba cut short (a real pair)
    assert given_names_apart("suha", "suhayl")  # Suhayl is a name of SPELLINGS


def test_an_unlisted_given_name_carries_a_names_typo_budget() -> None:
    def similarity(query: str, listed: str) -> float:
        return token_similarity(query, fold(query), listed, fold(listed), True, False)[0]

    assert similarity("suha", "suhayl") == 0.0  # a name, not Suhayl misspelt
    assert similarity("farida", "fachria") == 0.0
    assert similarity("suhyal", "suhayl") > 0.8  # no name: a misspelt Suhayl
    assert similarity("sahar", "zahar") == 0.0  # other consonants
    assert similarity("shahd", "shah") == 0.0
    assert similarity("khadija", "khadidja") > 0.8  # the same consonants (dj for j)
    assert similarity("sarah", "sara") > 0.8  # one name's spellings


def test_the_table_is_lowercase_ascii_words() -> None:
    assert all(word.isascii() and word.isalpha() and word.islower() for word in GIVEN_NAMES)
    assert all(name in GIVEN_NAMES for name in GIVEN_NAMES.values())
