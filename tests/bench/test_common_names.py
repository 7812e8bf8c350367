"""bench.common_names' alert classes: an apostrophe inside a word does not split it.

*Said Mohamed* against *SA'ID, Mohamed* is the same words (the hamza written as an
apostrophe); it was counted as an "other" alert, a false alert the matcher must avoid.
"""

from __future__ import annotations

from bench.common_names import alert_class


def test_an_apostrophe_inside_a_word_keeps_it_one_word() -> None:
    assert alert_class("Said Mohamed", ["SA'ID, Mohamed"]) == "same words"
    assert alert_class("Said Mohamed", ["SA\u2019ID, Mohamed"]) == "same words"


def test_other_words_are_still_other() -> None:
    assert alert_class("Mona Mohammed", ["MINA'I, Mohammad"]) != "same words"
