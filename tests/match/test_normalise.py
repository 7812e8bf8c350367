"""Each normalisation family, with real names from the lists."""

from __future__ import annotations

import pytest

from tracewire.match.normalise import fold, normalise_name, script_of


@pytest.mark.parametrize(
    "variants",
    [
        # -ий written -iy (BGN), -ii (ICAO), -i (OFAC), -ij (GOST/ISO 9), -y (Wikipedia)
        ["Izhevskiy", "Izhevskii", "Izhevski", "Iževskij", "Izhevsky", "Ижевский"],
        # Юлия Щеглова: ICAO, BGN, scientific (after ASCII folding), Cyrillic
        ["Iuliia Shcheglova", "Yuliya Shcheglova", "Юлия Щеглова"],
        # Артем Михайлович ЯМЩИКОВ (OFAC spells -aylovich, others -ailovich / -ajlovic)
        [
            "Artem Mikhaylovich Yamshchikov",
            "Artem Mikhailovich Yamshchikov",
            "Артем Михайлович ЯМЩИКОВ",
        ],
        # kh / h / x for х
        ["Mikhail", "Mihail"],
        # ts / tc / c for ц
        ["Aktsionernoe", "Aktcionernoe", "Akcionernoe"],
    ],
)
def test_transliteration_systems_share_fold_keys(variants: list[str]) -> None:
    keys = {normalise_name(v, True).keys for v in variants}
    assert len(keys) == 1, keys


@pytest.mark.parametrize(
    "name",
    [
        "OOO TSK Vektor",
        "TSK Vektor LLC",
        "ООО ТСК Вектор",
        "Limited Liability Company TSK Vektor",
        "Obshchestvo s ogranichennoy otvetstvennostyu TSK Vektor",
        "Общество с ограниченной ответственностью ТСК Вектор",
    ],
)
def test_russian_legal_forms_are_one_class(name: str) -> None:
    form = normalise_name(name, False)
    assert form.tokens == ("tsk", "vektor")
    assert form.org_types == ("llc",)


def test_joint_stock_forms() -> None:
    for name in ("AO IEMZ Kupol", "АО ИЭМЗ Купол", "Joint Stock Company IEMZ Kupol",
                 "Aktsionernoe Obshchestvo IEMZ Kupol"):  # fmt: skip
        form = normalise_name(name, False)
        assert form.tokens == ("iemz", "kupol"), name
        assert form.org_types == ("jsc",), name


def test_chinese_simplified_traditional_and_legal_forms() -> None:
    simplified = normalise_name("厦门林巴贺航空发动机股份有限公司", False)
    traditional = normalise_name("廈門林巴賀航空發動機股份有限公司", False)
    other_form = normalise_name("厦门林巴贺航空发动机有限公司", False)
    # business words in English, the place and the firm's own name in pinyin
    assert simplified.tokens == ("xiamen", "linbahe", "aviation", "engine")
    assert simplified.keys == traditional.keys == other_form.keys
    assert simplified.script == "han"


def test_chinese_full_width_brackets_split_place_name() -> None:
    # Redlepus: 红兔矢量实业（深圳）有限公司 — the place name sits in full-width brackets
    form = normalise_name("红兔矢量实业（深圳）有限公司", False)
    assert form.tokens == ("hongtu", "vector", "industrial", "shenzhen")


def test_english_legal_forms() -> None:
    a = normalise_name("Xiamen Limbach Aviation Engine Co., Ltd", False)
    b = normalise_name("Xiamen Limbach Aviation Engine Company Limited", False)
    assert a.tokens == b.tokens == ("xiamen", "limbach", "aviation", "engine")
    assert normalise_name("Siemens GmbH", False).org_types == ("llc",)


def test_person_prefixes_removed() -> None:
    assert normalise_name("Mr. John Smith", True).tokens == ("john", "smith")


def test_scripts() -> None:
    assert script_of("محمد بن سلمان") == "abjad"
    assert script_of("Γιώργος") == "other"
    assert script_of("Купол") == "cyrillic"
    assert script_of("Kupol") == "latin"
    assert normalise_name("Γιώργος Παπαδόπουλος", True).tokens == ("giorgos", "papadopoulos")


def test_fold_is_idempotent_on_keys() -> None:
    for word in ("shcheglova", "yamshchikov", "izhevskiy", "tsk", "xiamen"):
        assert fold(fold(word)) == fold(word)


def test_hebrew_and_greek_are_romanised() -> None:
    hebrew = normalise_name("בנימין נתניהו", True)
    assert hebrew.script == "abjad"  # few vowels written: compared on consonant skeletons
    assert hebrew.tokens == ("bnymyn", "ntnyhw")
    assert normalise_name("Αλέξης Τσίπρας", True).tokens == ("alexes", "tsipras")


def test_vessel_prefixes_and_numbers() -> None:
    assert normalise_name("M/V QUARTZ", False, True).tokens == ("quartz",)
    assert normalise_name("MT Ebano (vessel)", False, True).tokens == ("ebano",)
    assert normalise_name("First International Bank", False).tokens == (
        "1",
        "international",
        "bank",
    )


def test_russian_legal_forms_in_other_romanisations() -> None:
    for name in ("AKCZIONERNOE OBSHHESTVO SHVABE", "Aktsionernoye Obshchestvo Shvabe",
                 "Akcionernoe Obschestvo Shvabe"):  # fmt: skip
        form = normalise_name(name, False)
        assert form.tokens == ("shvabe",) and form.org_types == ("jsc",), name


def test_chinese_company_names_read_as_lists_print_them() -> None:
    # issue 13: lists print Chinese firms in translation
    han = normalise_name("北京希超国际科技贸易有限公司")
    english = normalise_name("Beijing Xichao International Science and Technology Trade Co., Ltd")
    pinyin = normalise_name("Beijing Xichao Guoji Keji Maoyi Youxian Gongsi")
    assert han.keys == english.keys == pinyin.keys
    assert han.tokens == ("beijing", "xichao", "international", "technology", "trading")
    # a person's name stays pinyin, as one word per run of characters
    assert normalise_name("王晨", True).tokens == ("wangchen",)
