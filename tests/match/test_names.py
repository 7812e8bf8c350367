"""Name similarity and its explanation."""

from __future__ import annotations

from tracewire.match.names import compare_names
from tracewire.match.normalise import normalise_name


def score(a: str, b: str, person: bool) -> float:
    return compare_names(normalise_name(a, person), normalise_name(b, person), person=person).score


def test_tsk_vektor_vs_tks_vector() -> None:
    m = compare_names(
        normalise_name("TKS Vector LLC", False), normalise_name("OOO TSK Vektor", False)
    )
    assert m.score > 0.8
    kinds = {(p.query, p.candidate): p.kind for p in m.pairs}
    assert kinds == {("tks", "tsk"): "typo", ("vector", "vektor"): "typo"}
    assert "'vector' ≈ 'vektor'" in m.describe()


def test_reordered_person_name() -> None:
    assert score("Artem Mikhaylovich Yamshchikov", "YAMSHCHIKOV, Artem Mikhaylovich", True) == 1.0


def test_dropped_part_scores_lower_than_replaced_part() -> None:
    dropped = score("Artem Yamshchikov", "Artem Mikhaylovich Yamshchikov", True)
    replaced = score("Artem Ivanov", "Artem Mikhaylovich Yamshchikov", True)
    assert dropped >= 0.75
    assert replaced < 0.5


def test_lone_first_name_does_not_match_a_person() -> None:
    assert score("Artem", "Artem Mikhaylovich Yamshchikov", True) < 0.7


def test_typo_within_budget() -> None:
    assert score("Juhang Aviaton Technology", "Juhang Aviation Technology", False) > 0.9
    # one letter is too much for a three-letter word
    assert score("Kim Jong Un", "Kim Jong Il", True) < 0.8


def test_initials() -> None:
    m = compare_names(normalise_name("A. M. Yamshchikov", True),
                      normalise_name("Artem Mikhaylovich Yamshchikov", True), person=True)  # fmt: skip
    assert {p.kind for p in m.pairs} == {"initial", "equal"}
    assert 0.6 < m.score < 1.0


def test_arabic_script_against_romanisation() -> None:
    m = compare_names(normalise_name("محمد بن سلمان", True),
                      normalise_name("Mohammed bin Salman", True), person=True)  # fmt: skip
    # محمد is read as the name (.arabic), سلمان letter by letter (slman ~ salman)
    assert m.score > 0.8
    assert [p.kind for p in m.pairs][:2] == ["transliteration", "equal"]


def test_arabic_script_unknown_word_by_consonants() -> None:
    m = compare_names(normalise_name("آخوندزاده", True), normalise_name("Akhundzada", True),
                      person=True)  # fmt: skip
    assert m.score > 0.8


def test_spacing_differences() -> None:
    m = compare_names(normalise_name("Al Qaida", False), normalise_name("Alqaida", False))
    assert m.method == "compact" and m.score > 0.9


def test_rare_words_weigh_more() -> None:
    weights = {"trading": 0.3, "kupol": 5.0, "iemz": 5.0}
    q, c = normalise_name("Kupol Trading", False), normalise_name("IEMZ Kupol", False)
    weighted = compare_names(q, c, lambda k: weights.get(k, 1.0)).score
    unweighted = compare_names(q, c).score
    assert weighted > unweighted


def test_east_asian_names_a_letter_apart_are_different_names() -> None:
    from tracewire.match.eastasian import distinct_names
    from tracewire.match.names import token_similarity

    # family names that romanise no common name, and pinyin syllables, are no typos
    for a, b in (("zhang", "wang"), ("zhang", "shang"), ("wang", "zhang"), ("kim", "lim")):
        assert distinct_names(a, b)
        assert token_similarity(a, a, b, b, True) == (0.0, "")
    # spellings of one family name still meet (Wade–Giles, Cantonese, Korean)
    for a, b in (("zhang", "chang"), ("chen", "chan"), ("park", "pak"), ("lee", "li")):
        assert not distinct_names(a, b)
    # a typo that is no other syllable remains a typo
    assert not distinct_names("zhang", "zhagn")
    assert token_similarity("jian", "jian", "jain", "jain", True)[1] == "typo"
    score = compare_names(normalise_name("Chen Zhang", True), normalise_name("WANG, Chen", True))
    assert score.score < 0.8
