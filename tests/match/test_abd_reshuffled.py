"""A reshuffled UN name's lone *Abd* read before the name it governs, wherever it sits.

*ABD AL-LATIF ... MUHAMMAD* reshuffled into *AL-LATIF ABD MUHAMMAD ...* was read
*Abd Muhammad* (``arabic_words`` joins *Abd* to the word after it) and *al latif*: no
word paired with the listed *abdlatif*, and the name scored 0.69-0.79 (session 12's
dev probe: about 20 of its 44 misses). The query is also read with *Abd* moved before
the name it governs (:func:`tracewire.match.arabic.abd_readings`).
"""

from __future__ import annotations

import pytest

from tests.match.persons import person_alerts, person_screener
from tracewire.match.arabic import abd_readings

# (reshuffled and misspelt as the dev probe made them, listed UN name)
RESHUFFLED = [
    ("AL-LATIF ABD MUHAMMAD ABDALLAG SALIH AL-KAWARI BIN",
     "ABD AL-LATIF BIN ABDALLAH SALIH MUHAMMAD AL-KAWARI"),
    ("OUKD AL-HUSAYN SALIM MUHAMMAD MUHMMAD AL-RAHMAN ABD OULD",
     "ABD AL-RAHMAN OULD MUHAMMAD AL-HUSAYN OULD MUHAMMAD SALIM"),
    ("AL-MILAD Al-Rahman SALIM IRAHIM Abd", "Abd Al-Rahman SALIM IBRAHIM AL-MILAD"),
    ("YJSUF MUHAMMQD AL-SALAM 'UTHMAN 'ABD ASHRAF",
     "ASHRAF MUHAMMAD YUSUF 'UTHMAN 'ABD AL-SALAM"),
    ("HAMD AL-RAHMAN KHALJID AL-FAWAZ ABD", "KHALID ABD AL-RAHMAN HAMD AL-FAWAZ"),
    ("AL-SATTAR MUHAMED ABD IBRAHIM AL-TIKRITI",
     "IBRAHIM AHMAD ABD AL-SATTAR MUHAMMED AL-TIKRITI"),
    ("ABDUL GHAVFAR QURISHI GHANI ABDUL", "ABDUL GHAFAR QURISHI ABDUL GHANI"),
    ("KADER MAHNMOUD EL EL MOHAMED SAYED ABD", "ABD EL KADER MAHMOUD MOHAMED EL SAYED"),
]  # fmt: skip


def test_a_lone_abd_is_read_before_the_name_it_governs() -> None:
    assert abd_readings("AL-LATIF ABD MUHAMMAD ABDALLAG SALIH AL-KAWARI BIN") == [
        "ABD AL-LATIF MUHAMMAD ABDALLAG SALIH AL-KAWARI BIN"
    ]
    # a partner with the article first; one without, or misspelt by a letter, next
    assert abd_readings("ABD MAJID SULAIMAN BARZAN AL-GHAFUR AL-TIKRITI") == [
        "MAJID SULAIMAN BARZAN ABD AL-GHAFUR AL-TIKRITI"
    ]
    assert abd_readings("KADER MAHMOUD EL MOHAMED SAYED ABD") == [
        "ABD KADER MAHMOUD EL MOHAMED SAYED"
    ]
    assert abd_readings("ABD MOHAMED EL KADED EL SAYED") == ["MOHAMED ABD EL KADED EL SAYED"]
    # the article a word of its own goes with its name; a misspelt Abdul is Abd
    assert abd_readings("SALIM EL RAHMAN ABDLU") == ["SALIM ABDLU EL RAHMAN"]
    # an Abd last with no name it governs: the word before it (Abdul Sayed)
    assert abd_readings("SOLIMAN ALY MASSOUD SAYED ABDUL") == ["SOLIMAN ALY MASSOUD ABDUL SAYED"]


def test_a_name_read_as_written_has_no_other_reading() -> None:
    for name in (
        "Abdul Rahman Mohammed",  # Abd before a name it governs
        "Ahmed Abdel Aziz",
        "ABD AL-RAHMAN OULD ABD",  # the name before it is taken, the word before a particle
        "ABDUL GHAFFAR ABDUL",
        "Mohammed Abdul",  # two words: the comma rule's (given_abd_first)
        "Karim Abd",  # two words: a common forename and surname as often
        "Abdullah Yahya Al Hakim",  # Abdullah is a name of its own
        "ABD-AL-MAJID AZIZ AL-ZINDANI",  # Abd joined to its name
        "Abdelkader Mohamed",
        "عبد الرحمن محمد",  # Arabic script: read by romanise
        "John Smith",
    ):
        assert abd_readings(name) == [], name


@pytest.mark.parametrize(("query", "listed"), RESHUFFLED)
def test_a_reshuffled_un_name_with_a_lone_abd_alerts(query: str, listed: str) -> None:
    # the listed person among other Abd names of the same words
    screener = person_screener(
        [
            listed,
            "ABD AL-RAHMAN MUHAMMAD SALIM",
            "MUHAMMAD ABD AL-LATIF",
            "ABD AL-SALAM YUSUF",
            "KHALID HAMD",
            "AHMAD IBRAHIM AL-TIKRITI",
            "ABDUL GHANI BARADAR",
            "MAHMOUD EL SAYED",
        ]
    )
    assert person_alerts(screener, query)[:1] == [listed]


def test_common_arabic_names_do_not_alert_on_a_reading_they_were_not_given() -> None:
    screener = person_screener(["ABD AL-RAHMAN MUHAMMAD SALIM", "ABDUL SAYED MASSOUD"])
    assert person_alerts(screener, "Salim Rahman") == []
    assert person_alerts(screener, "Sayed Abdul") == []
    assert person_alerts(screener, "Massoud Sayed") == []
    # a forename and a surname (a dev common name alerted on an alias *Abdul Karim*)
    screener = person_screener(["Abdul Karim", "ABD AL-KARIM HASSAN"])
    assert person_alerts(screener, "Karim Abd") == []
