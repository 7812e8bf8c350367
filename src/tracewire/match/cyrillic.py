"""Names in Cyrillic as the lists print them in Latin letters: other readings.

The main reading of a Cyrillic name is its transliteration (:mod:`.normalise`, a
BGN/PCGN-style table whose variants meet on fold keys). Two kinds of record need more:

- **Organisations in translation.** The EU prints a Russian or Belarusian firm's name
  in Cyrillic and in English (*Ижевский механический завод* / *Izhevsk Mechanical
  Plant*, *Московский кредитный банк* / *Credit Bank of Moscow*, *Фонд стратегической
  культуры* / *Strategic Culture Foundation*); OFAC and the UK often only in English.
  :func:`translated` reads each word of an organisation's name that is in
  :data:`TERMS` (a stem, any inflection: *механический*, *механического*,
  *механических*) as the English word the lists print, the rest as it is, so that the
  reading meets the English name. Only a name with a mark of an organisation (a legal
  form, or a word of its kind: *завод*, *институт*, *фонд*, *движение*…) is read so,
  never a person's.
- **Ukrainian and Belarusian г is *h*** (*Aleh*, *Ryhoravich*, *Serhiy*, *Hanna*),
  where the Russian table's *g* (*Aleg*) is no typo of it: a second reading with *h*
  for a name whose letters are Ukrainian or Belarusian (і ї є ґ ў).

:func:`readings` gives both, where they apply.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Cyrillic letters, and a Latin *i* typed for the Belarusian and Ukrainian *і*
_WORD = re.compile(r"[\u0400-\u04ffi]*[\u0400-\u04ff][\u0400-\u04ffi]*", re.IGNORECASE)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
#: letters only Ukrainian or Belarusian write (never Russian)
_UK_BE = re.compile(r"[іїєґў]")
#: the endings a stem of :data:`TERMS` may carry: Russian, Ukrainian and Belarusian
#: adjectives and nouns, every case and number
_ENDINGS_TEXT = """
    й ый ий ой ая яя ое ее ого его ому ему ым им ых их ые ие ую юю ою ею
    а я о е ы и у ю ь ом ем ам ям ами ями ах ях ов ев ей ью ии ия ие
    і ї є ага яга ае ая ы ых ым ымі ую аю ай ой ыя ія ае ое ага ам ах аў яў ом ем
    ого ому ої ій ім іх ими
"""
_ENDINGS = frozenset(_ENDINGS_TEXT.split())
_MAX_ENDING = max(len(e) for e in _ENDINGS)

#: stems → the English the lists print (several words: one stem, several English words)
_TERMS = """
механическ mechanical | электромеханическ electromechanical | механик mechanics
электромеханик electromechanics | оптик optics | оптическ optical | оптико optical
авиационн aviation | авиаци aviation | авиаремонтн aviation repair
вертолетн helicopter | вертолет helicopter | вертолёт helicopter | вертолётн helicopter
станкостроительн machine tool | станк machine tool | судостроительн shipbuilding
судоремонтн ship repair | приборостроительн instrument making
машиностроительн machine building | моторостроительн engine building
двигателестроительн engine building | химическ chemical | хими chemical
технологи technologies | технологическ technology | технологичн technology
автоматизаци automation | автоматик automation | программировани programming
лазерн laser | прибор instruments | систем systems | высокоточн high precision
информационн information | информаци information | национальн national
медиа media | групп group | международн international | межгосударственн interstate
союз union | фонд foundation | движени movement | общественн public
республиканск republican | государственн state | федеральн federal | центр center
научн scientific | исследовательск research | научно scientific | институт institute
завод plant | заводск plant | комбинат plant | фабрик factory | корпораци corporation
компани company | кампані company | банк bank | кредитн credit | порт port
морск sea | железнодорожн railway | дорог road | судоходн shipping
авиакомпани airline | авиалини airlines | нефтеперерабатывающ oil refining
топливн fuel | энергетическ energy | энерги energy | инжиниринг engineering
инжинирингов engineering | менеджмент management | трейдинг trading | логистик logistics
телеканал tv channel | холдинг holding | холдынг holding | вооруженн armed
вооружённ armed | сил forces | войск forces | гвардия guard | гварди guard | арми army
флот fleet | служб service | министерств ministry | департамент department
комисси commission | избирательн election | оборон defence | безопасност security
лиг league | детск children | голос voice | европ europe | росси russia
российск russian | всероссийск all russian | общероссийск all russia
белорусск belarusian | беларуск belarusian | московск moscow | москв moscow
санкт saint | петербург petersburg | крымск crimea | крым crimea | тракторн tractor
патронн cartridge | порохов powder | автомобильн automobile | радио radio
электронн electronic | электроник electronics | микроэлектроник microelectronics
космическ space | ракетн missile | тактическ tactical | оборудовани equipment
специальн special | экспериментальн experimental | опытн experimental
конструкторск design | бюро bureau | производственн production | объединени association
предприяти enterprise | прадпрыемств enterprise | підприємств enterprise
унитарн unitary | унітарн unitary | ўнітарн unitary | казенн state | казённ state
бюджетн budgetary | учреждени institution | образовательн educational | учебн educational
методическ methodological | военн military | патриотическ patriotic | спортивн sports
подготовк training | воспитани education | молодеж youth | молодёж youth
культур culture | стратегическ strategic | агентств agency | регулировани regulation
метрологи metrology | техническ technical | техник engineering | региональн regional
отделени branch | филиал branch | управляющ managing | вычислительн computing
главн main | генеральн general | штаб staff | измерительн measuring | сервис service
транспортн transport | нефт oil | газ gas | металлургическ metallurgical
металл metal | связ communications | радиотехник radio engineering | телевидени television
цифров digital | строительн construction | инновационн innovation
технополис technopolis | беспилотн unmanned | сибирск siberian | уральск ural
северн north | западн western | восточн eastern | южн southern
дальневосточн far eastern | народн people | фронт front | республик republic
донецк donetsk | луганск luhansk | добровольц volunteers | справедлив just
правд truth | калийн potash | калій potash | калiйн potash
медицинск medical | фармацевтическ pharmaceutical | строител construction
электротехническ electrotechnical | электратэхнічн electrotechnical
гидравлическ hydraulic | полупроводников semiconductor
гиперзвуков hypersonic | акумулятор battery | аккумуляторн battery
золот gold | угольн coal | стальн steel | трубн pipe | искусств art
город city | расчет settlements | расчёт settlements | безопасн safe | интернет internet
зон zone | казач cossack | содействи assistance | оборонн defence | машиностроени machine building
редуктор gearboxes | трансмисси transmissions | мотор motors | интегрированн integrated
дакладн precise | электрамеханік electromechanics | внешнеторгов foreign trade
прибалтийск baltic | балтийск baltic | сухопутн ground | вертолетостроительн helicopter
радиоэлектронн radio electronic | судостроени shipbuilding | ремонт repair
федераци federation
торгов trading | дом house | академи academy
университет university | конструкци design | партия party
парти party | организаци organisation | ассоциаци association
"""
TERMS: dict[str, str] = {}
for _row in _TERMS.replace("\n", "|").split("|"):
    _words = _row.split()
    if len(_words) >= 2:
        TERMS.setdefault(_words[0], " ".join(_words[1:]))
_MIN_STEM = min(len(s) for s in TERMS)

#: legal forms the main reading's tables lack (rigour reads the Russian ones): Belarusian,
#: Ukrainian, Kazakh and Kyrgyz, written out or abbreviated, as their English forms
LEGAL_FORMS: dict[str, str] = {
    "адкрытае акцыянернае таварыства": "open joint stock company",
    "закрытае акцыянернае таварыства": "closed joint stock company",
    "акцыянернае таварыства": "joint stock company",
    "таварыства з абмежаванай адказнасцю": "limited liability company",
    "товариство з обмеженою відповідальністю": "limited liability company",
    "приватне акціонерне товариство": "private joint stock company",
    "публічне акціонерне товариство": "public joint stock company",
    "акціонерне товариство": "joint stock company",
    "жауапкершілігі шектеулі серіктестігі": "limited liability partnership",
    "жоопкерчилиги чектелген коому": "limited liability company",
    "аат": "ojsc",
    "зат": "cjsc",
    "тов": "llc",
    "тзов": "llc",
    "пат": "pjsc",
    "прат": "pjsc",
    "жшс": "llp",
    "тоо": "llp",
    "осоо": "llc",
}
#: phrases and small words read as a whole (any of their usual cases), and the words
#: that join a name's parts
PHRASES: dict[str, str] = {
    "железная дорога": "railway", "железной дороги": "railway", "железную дорогу": "railway",
    "железные дороги": "railways", "железных дорог": "railways",
    "морской порт": "seaport", "морского порта": "seaport", "морской торговый порт": "seaport",
    "военно морской флот": "navy", "военно морского флота": "navy",
    "вооруженные силы": "armed forces", "вооружённые силы": "armed forces",
    "вооруженных сил": "armed forces", "вооружённых сил": "armed forces",
    "и": "and", "і": "and", "та": "and", "имени": "named after", "им": "named after",
    "імя": "named after", "імені": "named after", "г": "city",
}  # fmt: skip
_LEGAL_PHRASES = sorted(
    ((tuple(k.lower().split()), v) for k, v in {**LEGAL_FORMS, **PHRASES}.items()),
    key=lambda kv: -len(kv[0]),
)
_LEGAL_ENGLISH = frozenset(LEGAL_FORMS.values())
#: marks of an organisation: the Russian legal forms rigour reads, and acronyms of kinds
_ORG_ACRONYMS_TEXT = """ооо оао зао пао ао нао ано нко фгуп гуп муп фкп фгбу фгбун фгуп чоп нпо нпп нпк
    кб окб скб цкб нии цнии сп тд ук ик фгау аат зат тов пат прат жшс тоо осоо"""
_ORG_ACRONYMS = frozenset(_ORG_ACRONYMS_TEXT.split())
#: the English words of :data:`TERMS` that say a name is an organisation's
_ORG_WORDS_TEXT = """plant factory institute center company corporation bank foundation movement
    association enterprise bureau union holding group agency service ministry department
    commission league army troops guard fleet airline airlines port institution academy
    university party organisation tv branch navy forces railway railways seaport"""
_ORG_WORDS = frozenset(_ORG_WORDS_TEXT.split())


#: an adjective of a short place in -sk (Минский, Омский, Мінскі: *Minsk*, *Omsk*): a
#: longer one (*Ижевский*) already meets the place's name (:mod:`.orgterms`)
_SHORT_PLACE = re.compile(r"([а-яіў]{2,3})ск(?:ий|ая|ое|ого|ой|ую|ие|их|ым|ому|і|ае|ага|ія)")


def _lower(word: str) -> str:
    """A word lowercased with ё as е and a Latin *i* as the Cyrillic *і* it stands for."""
    return word.lower().replace("ё", "е").replace("i", "і")


@lru_cache(maxsize=50_000)
def term(word: str) -> str | None:
    """The English of a Cyrillic word whose stem is in :data:`TERMS` (its ending one of
    the language's inflections), or None."""
    word = _lower(word)
    for cut in range(len(word), max(_MIN_STEM, len(word) - _MAX_ENDING) - 1, -1):
        stem, ending = word[:cut], word[cut:]
        if (not ending or ending in _ENDINGS) and stem in TERMS:
            return TERMS[stem]
        if "і" in stem:  # Belarusian and Ukrainian і for Russian и
            russian = stem.replace("і", "и")
            if (not ending or ending in _ENDINGS) and russian in TERMS:
                return TERMS[russian]
    return None


def translated(text: str) -> str | None:
    """An organisation's Cyrillic name with its words in :data:`TERMS` in English and
    its Belarusian, Ukrainian, Kazakh or Kyrgyz legal form in English; None when the name
    shows no mark of an organisation or has no such word."""
    if not _CYRILLIC.search(text):
        return None
    spans = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]
    if not spans:
        return None
    lowered = [_lower(w) for _s, _e, w in spans]
    out: list[str] = []
    pos = 0
    organisation = False
    changed = False
    i = 0
    while i < len(spans):
        start, end, word = spans[i]
        phrase = next(
            (
                (len(p), english)
                for p, english in _LEGAL_PHRASES
                if tuple(lowered[i : i + len(p)]) == p
            ),
            None,
        )
        if phrase is not None:
            out.append(text[pos:start])
            out.append(phrase[1])
            pos = spans[i + phrase[0] - 1][1]
            changed = True
            organisation = organisation or bool(_ORG_WORDS.intersection(phrase[1].split()))
            organisation = organisation or phrase[1] in _LEGAL_ENGLISH
            i += phrase[0]
            continue
        if lowered[i].replace("і", "и") in _ORG_ACRONYMS and word.upper() == word:
            organisation = True
        english = term(word)
        place = _SHORT_PLACE.fullmatch(lowered[i]) if english is None else None
        if place is not None:  # Минский, Мінскі: Minsk (a longer place reads alike as it is)
            out.append(text[pos:start])
            out.append(place.group(1) + "ск")
            pos = end
            changed = True
        if english is not None:
            out.append(text[pos:start])
            out.append(english)
            pos = end
            changed = True
            organisation = organisation or bool(_ORG_WORDS.intersection(english.split()))
        i += 1
    out.append(text[pos:])
    if not (organisation and changed):
        return None
    return " ".join("".join(out).split())


#: Ukrainian and Belarusian г (and ґ, г's Ukrainian twin, stays g)
_H_FOR_G = str.maketrans({"г": "h", "Г": "H"})


def h_reading(text: str) -> str | None:
    """A Ukrainian or Belarusian name with г as *h* (*Алег* → *Aleh*); None for other
    names (Russian names keep *g*)."""
    words = [_lower(w) for w in _WORD.findall(text)]
    if not any("г" in w for w in words) or not any(_UK_BE.search(w) for w in words):
        return None
    return text.translate(_H_FOR_G)


def readings(text: str) -> list[str]:
    """The other readings of a Cyrillic name (see the module docstring); [] for none."""
    if not _CYRILLIC.search(text):
        return []
    out = [r for r in (translated(text), h_reading(text)) if r is not None and r != text]
    return list(dict.fromkeys(out))
