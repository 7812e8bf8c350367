"""A nickname names the person of its given name (issue 13; dev halves of nomenklatura's
``cases.csv`` and ``checks.yml``: *Bibi Netanyahu* 0.433, *Ben Netanyahu* 0.650 against
*Benjamin Netanyahu*).

A nickname and its given name are too far apart for a typo, and rigour's name database
gives *Ben* and *Benjamin* no common name item; :mod:`tracewire.match.nicknames` pairs
them (:data:`tracewire.match.names.NICKNAME`), in persons' names only, a nickname with
its own given name only.
"""

from __future__ import annotations

from tests.match.persons import person_alerts, person_screener
from tracewire.match.names import NICKNAME, compare_names, token_similarity
from tracewire.match.nicknames import nickname_of
from tracewire.match.normalise import fold, normalise_name


def _score(query: str, listed: str) -> float:
    q, c = normalise_name(query, True), normalise_name(listed, True)
    return compare_names(q, c, person=True).score


def test_a_nickname_and_its_given_name() -> None:
    assert nickname_of(fold("bibi"), fold("benjamin"))
    assert nickname_of(fold("william"), fold("bill"))  # either way round
    assert nickname_of(fold("pat"), fold("patricia")) and nickname_of(fold("pat"), fold("patrick"))
    assert nickname_of(fold("volodya"), fold("vladimir"))
    # two nicknames of one name, a nickname and another name, a name and itself
    assert not nickname_of(fold("bill"), fold("will"))
    assert not nickname_of(fold("ben"), fold("william"))
    assert not nickname_of(fold("benjamin"), fold("benjamin"))
    assert token_similarity("ben", fold("ben"), "benjamin", fold("benjamin"), True) == (
        NICKNAME,
        "nickname",
    )
    # a person's name part only
    assert token_similarity("ben", fold("ben"), "benjamin", fold("benjamin"), False)[0] == 0.0


def test_a_nickname_with_the_surname_alerts() -> None:
    assert _score("Bibi Netanyahu", "Benjamin Netanyahu") >= 0.85
    assert _score("Ben Netanyahu", "Benjamin Netanyahu") >= 0.85
    assert _score("Bill Clinton", "William Jefferson Clinton") >= 0.8
    screener = person_screener(
        ["Benjamin Netanyahu", "Yair Netanyahu", "William Jefferson Clinton", "Hillary Clinton"]
    )
    assert person_alerts(screener, "Bibi Netanyahu") == ["Benjamin Netanyahu"]
    assert person_alerts(screener, "Bill Clinton") == ["William Jefferson Clinton"]


def test_a_nickname_alone_or_of_another_name_does_not() -> None:
    assert _score("Ben Smith", "Benjamin Netanyahu") < 0.8
    assert _score("Bibi Netanyahu", "Yair Netanyahu") < 0.8
    assert _score("Bill Clinton", "Hillary Clinton") < 0.8
    # the Maghreb's *Ben* (son of) is no Benjamin where the rest differs
    assert _score("Mohamed Ben Ali", "Mohamed Benjamin") < 0.8
