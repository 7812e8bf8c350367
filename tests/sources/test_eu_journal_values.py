"""Cell readers of the EU journal transcription, and Russian/Chinese registry numbers.

The inputs are values as printed in the real files (32014R0269, 32002R0881, 32011R0359, …).
"""

from __future__ import annotations

import pytest

from tracewire.sources.eu_journal_values import (
    act_title,
    former_vessel_name,
    is_artefact,
    parse_dates,
    split_cell,
    split_enumeration,
    split_name,
)
from tracewire.sources.eu_registry_ids import registry_codes, valid_inn, valid_ogrn, valid_uscc


@pytest.mark.parametrize(
    ("text", "dates", "leftover"),
    [
        ("26.11.1972", ["1972-11-26"], ""),
        ("4 Apr. 1944", ["1944-04-04"], ""),
        ("Approximately 1952", ["1952"], ""),
        ("Between 1960 and 1965", ["1960", "1961", "1962", "1963", "1964", "1965"], ""),
        ("1960-1980", ["1960", "1980"], ""),  # a span over 10 years: its ends
        ("(a) 11.4.1963; (b) 1960", ["1963-04-11", "1960"], ""),
        ("June 30, 2012", ["2012-06-30"], ""),
        ("March 1970", ["1970-03"], ""),
        ("2026-08-07", ["2026-08-07"], ""),
        (
            "1343 (Iranian Hijri calendar), 1964 or 1965 (Gregorian calendar)",
            ["1964", "1965"],
            "1343 (Iranian Hijri calendar)",
        ),
        ("31.2.1970", [], "31.2.1970"),
    ],
)
def test_parse_dates(text: str, dates: list[str], leftover: str) -> None:
    parsed = parse_dates(text)
    assert parsed.dates == dates
    assert parsed.leftover == leftover


def test_split_cells() -> None:
    assert split_cell('"(a) 11.4.1963; (b) 11.4.1960"; 1970') == [
        "(a) 11.4.1963; (b) 11.4.1960",
        "1970",
    ]
    assert split_cell("ООО ТСК Вектор; LLC TSK Vektor") == ["ООО ТСК Вектор", "LLC TSK Vektor"]
    assert split_enumeration("(a) Algerian (b) German") == ["Algerian", "German"]
    assert split_enumeration("Russian") == ["Russian"]


def test_split_name() -> None:
    parts = split_name("Sergei Valerievich AKSENOV (Сергей Валерьевич АКСЁНОВ)")
    assert (parts.latin, parts.scripts) == (
        "Sergei Valerievich AKSENOV",
        ["Сергей Валерьевич АКСЁНОВ"],
    )
    parts = split_name("Andrey Valerievich RYUMIN (Russian:Андрей Валерьевич Рюмин)")
    assert (parts.latin, parts.scripts) == (
        "Andrey Valerievich RYUMIN",
        ["Андрей Валерьевич Рюмин"],
    )
    parts = split_name(
        "Акционерное Общество «Ижевский Электромеханический Завод «Купол» (АО «ИЭМЗ «Купол»)"
    )
    assert parts.latin is None
    assert parts.scripts == [
        "Акционерное Общество «Ижевский Электромеханический Завод «Купол»",
        "АО «ИЭМЗ «Купол»",
    ]
    # a Latin legal form glued to a Cyrillic name stays one name
    assert split_name("OOO ТСК ВЕКТОР").latin == "OOO ТСК ВЕКТОР"
    # a Cyrillic word with a Latin homoglyph ("ГAСПАРЯН") is one run
    assert split_name("Armen GASPARYAN (Russian: Армен ГAСПАРЯН)").scripts == ["Армен ГAСПАРЯН"]
    parts = split_name("Ali Barkani (Date of birth: 22.8.1973; place of birth: Morocco)")
    assert parts.latin == "Ali Barkani"
    assert parts.details == "Ali Barkani (Date of birth: 22.8.1973; place of birth: Morocco)"
    assert split_name("Redlepus TSK Vektor Industrial (Shenzhen) Co., Ltd").latin == (
        "Redlepus TSK Vektor Industrial (Shenzhen) Co., Ltd"
    )
    assert is_artefact("Text of image") and is_artefact("Chinese:")
    assert not is_artefact("Limbach Aviation")
    assert former_vessel_name("STORMBRINGER (ex KRITI VIGOR)") == ("STORMBRINGER", "KRITI VIGOR")


def test_act_titles() -> None:
    assert act_title("32014R0269") == "Regulation (EU) No 269/2014"
    assert act_title("32002R0881") == "Regulation (EC) No 881/2002"
    assert act_title("32024R2642") == "Regulation (EU) 2024/2642"
    assert act_title("32011D0173") == "Decision 2011/173/CFSP"


def test_registry_codes() -> None:
    assert valid_inn("1831083343") and valid_inn("381000781179") and not valid_inn("1831083344")
    assert valid_ogrn("1021801143374") and not valid_ogrn("1021801143375")
    assert valid_uscc("91440300MA5HX80Y1Q") and not valid_uscc("91440300MA5HX80Y1R")
    assert list(registry_codes("1831083343 (Tax ID/INN)", russian=False)) == [
        ("innCode", "1831083343")
    ]
    assert list(registry_codes("5404154492 / 540501001", russian=True)) == [
        ("innCode", "5404154492"),
        ("kppCode", "540501001"),
    ]
    # without a label or a Russian link, a checksum-valid number is not an INN
    assert list(registry_codes("1831083343", russian=False)) == []
    assert list(registry_codes("1021801143374", russian=True)) == [("ogrnCode", "1021801143374")]
    assert list(registry_codes("91350200051193084R", russian=False)) == [
        ("uscCode", "91350200051193084R")
    ]
