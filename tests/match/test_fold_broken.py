"""A typing slip that breaks a word's fold into another listed word's key.

A query word whose fold key some list holds counts as a real name, and a real name a
letter from a listed one as another name (:func:`tracewire.match.variants.other_name`).
A slip may land the word on such a key by accident: *Yshya* (one key off *Yahya*) folds
to *isa*, the key of *Isa*; *Mohsem* (one key off *Mohsen*) is an OFAC alias's own slip,
while *Mohsen* is a spelling of *Muhsin*. The words as written are one typing slip apart,
their keys two edits or more: the query word's key being listed then says nothing
(found in the dev UN probe, ``bench.un_probe``: *HAQQANI YSHYA* scored 0.41).
"""

from __future__ import annotations

from tests.match.persons import person_alerts, person_screener
from tracewire.match.normalise import fold
from tracewire.match.variants import other_name

LISTED = [
    "YAHYA HAQQANI",
    "MOHSEN FAKHRIZADEH",
    "WEHBI BILAL MOHSEM",  # OFAC's own slip makes *mohsem* a listed key
    "ISA KHAN",  # makes *isa* a listed key
    "Ali Haqqani",
    "Hassan Fakhri",
]


def _other(query: str, listed: str) -> bool:
    return other_name(query, fold(query), listed, fold(listed), True)


def test_a_slip_that_broke_the_fold_is_no_other_name() -> None:
    assert fold("yshya") == "isa" and fold("yahya") != "isa"
    assert not _other("yshya", "yahya")
    assert not _other("mohsem", "mohsen")
    # a real name a consonant from the listed one stays another name, and so does a
    # common Arabic name's spelling whose key is the common one (Nour: nur / noure)
    assert _other("halim", "hakim")
    assert _other("nour", "noure")


def test_a_slip_into_another_listed_key_alerts() -> None:
    screener = person_screener(LISTED)
    assert person_alerts(screener, "HAQQANI YSHYA")[:1] == ["YAHYA HAQQANI"]
    assert person_alerts(screener, "Mohsem Fakhrizadeh")[:1] == ["MOHSEN FAKHRIZADEH"]


def test_another_listed_name_does_not_alert() -> None:
    screener = person_screener(LISTED)
    assert person_alerts(screener, "Isa Haqqani") == []
    assert person_alerts(screener, "Ali Fakhrizadeh") == []


# -- a rare listed spelling of a common name counts as misspelt ----------------------------

_SURNAMES = [
    f"{a}{b}{c}"
    for a in ("Bar", "Dal", "Fen", "Gor", "Kes", "Lum")
    for b in ("ow", "im", "ut", "en", "ar")
    for c in ("sky", "ford", "ani", "oli")
]


def test_a_rare_listed_spelling_with_a_dropped_part_alerts() -> None:
    # *Mhammad* is listed (OFAC prints it), yet a hundred times rarer than *Mohammad*: in
    # a query it is most likely a slip, and the list name's middle word left out counts
    # as a dropped part, not as a second name missing beside another real name
    listed = ["Mohammad Mouti' Mouayyad", "Mhammad Yusuf Qarawi"]
    listed += [f"Mohammad {surname}" for surname in _SURNAMES]
    screener = person_screener(listed)
    assert person_alerts(screener, "Mhammad Mouayyd")[:1] == ["Mohammad Mouti' Mouayyad"]


def test_a_common_listed_word_a_letter_off_stays_another_name() -> None:
    # Hamid is as common as Hamad: no rare spelling, another name
    listed = ["Hamad Rashid Qarawi", "Hamid Yusuf Bakri"]
    screener = person_screener(listed)
    assert person_alerts(screener, "Hamid Qarawi") == []
