"""Original-script names against Latin-only records (issue 13, session 13): the dev
misses of ``bench.aliaspairs`` these readings fix, each taken from the lists (EU, UK,
OFAC), and the names they must leave alone.

- a Russian firm's name written as one word of its own part and an English word
  (*Трансконтейнер* / *TransContainer*), or of two English words (*Бриджтех* /
  *Bridgetech*), which the lists print as one word;
- Gulf legal forms written in Arabic letters (ش م ح, *FZCO*) in the main reading;
- Persian organisation words and Iranian places (صدا و سیما *Broadcasting*, سنندج
  *Sanandaj*) in the organisation reading.
"""

from __future__ import annotations

from tests.match.persons import assert_alerts_first, named_entity
from tracewire.match import Query, Screener
from tracewire.match.arabic import org_reading, romanise
from tracewire.match.cyrillic import readings, suffixed, term, translated
from tracewire.match.normalise import normalise_name

# -- Cyrillic ----------------------------------------------------------------------------------


def test_a_word_ending_in_an_english_word() -> None:
    # EU: ПАО Трансконтейнер / PJSC TransContainer; Республиканское унитарное предприятие
    # ‘Белтаможсервис’ / Beltamozhservice; АО ‘Росэлектроника’ / JSC Ruselectronics
    assert suffixed("Трансконтейнер") == "Трансcontainer"
    assert suffixed("Белтаможсервис") == "Белтаможservice"
    assert suffixed("Росэлектроника") == "Росelectronics"
    # a word of the table, two of them, or a name with no such ending: not read so
    assert suffixed("сервис") is None
    assert suffixed("Медиагрупп") is None
    assert suffixed("Петров") is None
    assert "ПАО Трансcontainer" in readings("ПАО Трансконтейнер")


def test_two_english_words_written_as_one_are_read_as_one() -> None:
    # EU: Бриджтех / Bridgetech LLC
    assert translated("Бриджтех") == "bridge tech"
    assert translated("Бриджтех", joined=True) == "bridgetech"
    assert "bridgetech" in readings("Бриджтех")
    # a person's name has no such reading
    assert readings("Иван Петрович Сидоров") == []


def test_cyrillic_firms_meet_their_one_word_english_names() -> None:
    screener = Screener.from_entities(
        [
            named_entity("Company", "brt", "Bridgetech LLC"),
            named_entity("Company", "rse", "JSC Ruselectronics"),
            named_entity("Company", "fly", "OOO TK FLY BRIDGE"),
            named_entity("Company", "ros", "Rosoboronexport"),
        ]
    )
    cases = {
        "Бриджтех": "brt",
        "АО ‘Росэлектроника’": "rse",
    }
    assert_alerts_first(screener, cases, "LegalEntity")
    results = screener.match(Query(names=["ООО Бридж Системс"], schema="LegalEntity"), limit=3)
    assert all(r.score < screener.threshold for r in results)


def test_more_words_of_organisations() -> None:
    # EU: ‘121 авиационный ремонтный завод’ / 121 Aircraft Repair Plant; ‘224 Лётный отряд’
    # / 224th Flight Detachment; ‘Всевеликое Войско Донское’ / Great Don Army
    assert term("ремонтный") == "repair"
    assert term("Лётный") == term("летного") == "flight"
    assert term("Войско") == "army"
    assert term("войска") == "forces"  # the troops, not the Cossack host
    assert translated("‘Всевеликое Войско Донское’") == "‘great army don’"


def test_obshchestvo_alone_is_a_company() -> None:
    # EU: Общество ‘Сургутнефтегаз’ / PJSC ‘Surgutneftegaz’
    assert readings("Общество ‘Сургутнефтегаз’") == ["company ‘Сургутнефтегаз’"]
    # in a legal form rigour reads it (JSC, LLC): left as it is
    assert translated("Акционерное общество ‘121 авиационный ремонтный завод’") == (
        "Акционерное общество ‘121 aviation repair plant’"
    )
    assert "company" not in " ".join(readings("Общество с ограниченной ответственностью ‘Т’"))


# -- Arabic ------------------------------------------------------------------------------------


def test_gulf_legal_forms_in_the_main_reading() -> None:
    # UK: ساكسيس افييشن سيرفيسز ش م ح / Success Aviation Services FZCO; ليزر تشيبس ش م ح /
    # Laserchips FZCO: the form's letters are no words of the name
    form = normalise_name("ساكسيس افييشن سيرفيسز ش م ح", False)
    assert form.tokens == ("saksis", "afiishn", "sirfisz")
    assert romanise("ليزر تشيبس ش.م.ح").split() == ["lizr", "tshibs", "fzco"]
    assert normalise_name("توربو شافت م.م.ح", False).tokens == ("turbu", "shaft")
    # a person's name keeps its letters
    assert romanise("محمد حسين").split() == ["muhammad", "husayn"]


def test_persian_organisation_words_and_places() -> None:
    # UK: سازمان صدا و سيماى جمهورى اسلامی ايران / Islamic Republic of Iran Broadcasting;
    # زندان مرکزى سنندج / Sanandaj Central Prison
    assert org_reading("زندان مرکزى سنندج") == "prison central sanandaj"
    assert org_reading("سازمان صدا و سيماﻯ جمهورﻯ اسلامی ايران") == (
        "organization broadcasting and republic islamic iran"
    )


def test_arabic_organisation_words() -> None:
    # UN: القاعده في العراق / AL-QAIDA IN IRAQ; UK: تنظیم جیش المهاجرین و الأنصار / Army of
    # Emigrants and Supporters; OFAC: شرکت بهره برداری نفت و گاز زاگرس جنوبی / South Zagros
    # Oil & Gas Production Company
    assert org_reading("القاعده في العراق") == "al qaida in iraq"
    assert org_reading("تنظیم جیش المھاجرین و الأنصار") == (
        "organization army emigrants and supporters"
    )
    assert org_reading("شرکت بهره برداری نفت و گاز زاگرس جنوبی") == (
        "llc production oil and gas zagros south"
    )


def test_persian_organisations_meet_their_english_names() -> None:
    screener = Screener.from_entities(
        [
            named_entity("Organization", "san", "Sanandaj Central Prison"),
            named_entity("Organization", "shi", "Shiraz Central Prison"),
            named_entity("Company", "sas", "Success Aviation Services FZCO"),
        ]
    )
    cases = {
        "زندان مرکزى سنندج": "san",
        "ساكسيس افييشن سيرفيسز ش م ح": "sas",
    }
    assert_alerts_first(screener, cases, "LegalEntity")
    # another city's prison is not this one
    results = screener.match(Query(names=["زندان مرکزى تبريز"], schema="LegalEntity"), limit=3)
    assert all(r.score < screener.threshold for r in results)
