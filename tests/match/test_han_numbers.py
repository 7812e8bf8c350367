"""Chinese state groups' institutes and places as the lists print them in English: an
ordinal in Chinese numerals (第十四研究所, the *14th* Research Institute), 科工 *Science
and Industry*, places the lists print in their English names (哈尔滨 *Harbin*)."""

from __future__ import annotations

from tracewire.match.hanterms import chinese_number, han_words, simplified
from tracewire.match.normalise import normalise_name


def _tokens(text: str) -> tuple[str, ...]:
    return normalise_name(text, False).tokens


def test_chinese_numbers() -> None:
    assert chinese_number("十四") == 14
    assert chinese_number("五十四") == 54
    assert chinese_number("七二五") == 725  # digit by digit, as 725所 is written
    assert chinese_number("一百零八") == 108
    assert chinese_number("十") == 10
    assert chinese_number("十四所") is None


def test_an_ordinal_is_a_number_only_after_di() -> None:
    assert simplified("中国电子科技集团公司第十四研究所").split()[-2] == "14"
    # a person's name with a numeral character is no number: 金铁三 *Kim Chol Sam*
    assert simplified("金铁三") == "金铁三"


def test_state_groups_institutes_meet_their_english_names() -> None:
    # BIS Entity List / DoD 1260H: CETC's 14th Research Institute, CSSC's No. 725
    assert _tokens("中国电子科技集团公司第十四研究所") == (
        "china", "electronic", "technology", "group", "14", "science", "institute"
    )  # fmt: skip
    english = _tokens("China Electronics Technology Group Corporation 14th Research Institute")
    assert set(_tokens("中国电子科技集团公司第十四研究所")) <= set(english)
    assert "725" in _tokens("中国船舶重工集团公司第七二五研究所")
    assert _tokens("No. 725 Research Institute") == ("725", "science", "institute")
    # CASIC: 科工 is Science and Industry
    assert (
        _tokens("中国航天科工集团有限公司")[:4]
        == _tokens("China Aerospace Science and Industry Corporation")[:4]
    )


def test_places_in_their_english_names() -> None:
    assert han_words("哈尔滨工业大学") == "harbin institute of technology"
    assert _tokens("哈尔滨工业大学") == _tokens("Harbin Institute of Technology")
    assert han_words("乌鲁木齐市") == "urumqi"
