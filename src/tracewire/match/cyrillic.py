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
- **A Belarusian or Ukrainian person in the Russian form.** The EU prints a Belarusian
  person's name in Belarusian (*Дзмiтрый Уладзiмiравiч ДЗЯМIДАЎ*, *Алег Леанiдавiч
  ВОIНАЎ*) and the other lists often only its Russian form (*Dmitriy Vladimirovich
  DEMIDOV*, *Oleg Leonidovich VOINOV*): another name form, not a romanisation.
  :func:`russian_form` reads the given names of :data:`GIVEN_NAMES` in Russian
  (*Уладзімір* / *Володимир*: *Владимир*), the patronymics made of them (*-авіч*,
  *-аўна*, *-ович*, *-івна*: *Владимирович*) and the rest by the letters' and endings'
  Russian counterparts (*-аў* *-ов*, *-скі* *-ский*, *ў* *в*, *дз* and *ц* before a
  soft vowel *д* and *т*).
- **The soft sign before a vowel** (*Валерьевна*, *Юрьевич*, *Воробьев*): the lists
  write it *Valerevna* (ICAO), *Valeryevna* (BGN/PCGN) or *Valerievna* (French and
  common use); the last is a second reading with *и* for the sign.
- **Two names in one**: *ФГУП «РНИИРС» или ФГУП «…»* (*или*: or), *Акционерное общество
  ‘ШВАБЕ’ АО ‘ШВАБЕ’* (a full name, then its short form after a second legal form):
  each part is read as a name of its own.
:func:`readings` gives each of them, where they apply. In Latin letters,
:func:`same_given_name` tells one given name's Russian, Ukrainian and Belarusian forms
as the lists romanise them (*Aleksandr* / *Oleksandr* / *Aliaksandr*, *Vladimir* /
*Volodymyr* / *Uladzimir*, *Sergey* / *Serhiy* / *Siarhei*), and the patronymics made
of them (*Vladimirovich* / *Uladzimiravich*, *Grigoryevich* / *Ryhoravich*): one name in
two languages, never a typo of it.
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
    ья ье ьи ьего ьей ьих ьим ьему ьею ьим ьими
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
авиакомпани airline | авиалини airlines | нефтеперерабатывающ oil refinery
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
русск russian | гвардейск guards | общевойсков combined arms | краснознаменн red banner
краснознамённ red banner | операци operations | защитник defenders | отечеств fatherland
благосостояни wealth | общин community | сообществ community | гостиниц hotel | гатэл hotel
отел hotel | свободн free | природн natural | ресурс resources | развити development
поддержк support | защит protection | прав rights | соотечественник compatriots
исправительн correctional | колони colony
экспорт export | импорт import | снабжени supply | поставк supply | строительств construction
испытательн testing | полигон range | добыч mining
горнодобывающ mining | алмаз diamonds | алмазн diamond | морепродукт seafood | рыбн fish
танкер tanker | контейнер container | грузов cargo | перевозк transportation
страхов insurance | лизинг leasing | капитал capital | инвестиционн investment
финансов financial | фондов stock | биржев exchange | товарн commodity | валютн currency
расчетн settlement | платежн payment | сберегательн savings | коммерческ commercial
промышленн industrial | промышленност industry | индустриальн industrial | добровольческ volunteer
корпус corps | дивизи division | бригад brigade | полк regiment | батальон battalion
отряд detachment | частн private | военн military | наемник mercenaries
виробнич production | науков scientific | техничн technical | внедренческ implementation | комплекс complex
ремонтн repair | летн flight | войско army | донск don | всевелик great | застройщик developer
"""
#: English words written in Cyrillic letters as Russian firms name themselves
#: (*Флай Бридж* *Fly Bridge*, *Трейдинг Лимитед*, *Медиагрупп* *Media Group*, *Ньюсфронт*):
#: no transliteration spells them as English does (*bridzh*, *treyding*, *n'yus*)
_ENGLISH_IN_CYRILLIC = """
бридж bridge | тех tech | технолоджи technology | технолоджис technologies | лимитед limited
инвест invest | проект project | компонент components | спейс space | спэйс space
флай fly | ньюс news | эйр air | эйрлайнс airlines | юнайтед united | глобал global
интернешнл international | интернэшнл international | девелопмент development
консалтинг consulting | маркет market | маркетинг marketing | сити city | лайн line
софт soft | трейд trade | трейдинг trading | ойл oil | энерджи energy | пауэр power
секьюрити security | партнерс partners | партнёрс partners | солюшнс solutions
солюшн solution | системс systems | индастриз industries | индастри industry
логистикс logistics | шиппинг shipping | фуд food | хаус house | тревел travel
эксим exim | металс metals | моторс motors | электрик electric | электроникс electronics
корп corp | холдингс holdings | энд and | груп group | вижн vision
нэшнл national | сервисез services | сёрвис service | сервисиз services | эксчейндж exchange
кэпитал capital | файненс finance | файнэнс finance | инжиниринг engineering | дизайн design
медиа media | ньюс news | фронт front | смарт smart | лаб lab | лабс labs
"""

TERMS: dict[str, str] = {}
for _row in (_TERMS + _ENGLISH_IN_CYRILLIC).replace("\n", "|").split("|"):
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
    "мкао": "international jsc",
    "мкпао": "international pjsc",
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
    "сп": "joint venture", "спг": "lng",
}  # fmt: skip
_LEGAL_PHRASES = sorted(
    ((tuple(k.lower().split()), v) for k, v in {**LEGAL_FORMS, **PHRASES}.items()),
    key=lambda kv: -len(kv[0]),
)
_LEGAL_ENGLISH = frozenset(LEGAL_FORMS.values())
#: marks of an organisation: the Russian legal forms rigour reads, and acronyms of kinds
_ORG_ACRONYMS_TEXT = """ооо оао зао пао ао нао ано нко фгуп гуп муп фкп фгбу фгбун фгуп чоп нпо нпп нпк
    кб окб скб цкб нии цнии сп тд ук ик фгау аат зат тов пат прат жшс тоо осоо
    мкао фгбоу фгку фгуп фку ао кп рупп руп рдуп рвуп кусп уп"""
_ORG_ACRONYMS = frozenset(_ORG_ACRONYMS_TEXT.split())
#: the English words of :data:`TERMS` that say a name is an organisation's
_ORG_WORDS_TEXT = """plant factory institute center company corporation bank foundation movement
    association enterprise bureau union holding group agency service ministry department
    commission league army troops guard fleet airline airlines port institution academy
    university party organisation tv branch navy forces railway railways seaport front
    trading hotel community corps division brigade regiment battalion detachment colony
    limited holdings"""
_ORG_WORDS = frozenset(_ORG_WORDS_TEXT.split())
#: words of the Russian legal forms written out (which rigour reads in the main reading,
#: and the translated one leaves as they are): marks of an organisation too
_LEGAL_FORM_WORDS = frozenset(
    {"общество", "обществo", "акционерное", "ответственностью", "товарищество", "предприятие"}
)


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


#: the shortest part of a word read as two words of :data:`TERMS`
_MIN_PART = 3


@lru_cache(maxsize=50_000)
def compound(word: str) -> str | None:
    """A word no stem of :data:`TERMS` reads that is two of them written as one (the
    first one uninflected): *Медиагрупп* *media group*, *Ньюсфронт* *news front*,
    *Бриджтех* *bridge tech*; None for other words."""
    low = _lower(word)
    if len(low) < 2 * _MIN_PART + 1 or term(low) is not None:
        return None
    for cut in range(_MIN_PART, len(low) - _MIN_PART + 1):
        head, tail = low[:cut], low[cut:]
        if head in TERMS:
            english = term(tail)
            if english is not None:
                return f"{TERMS[head]} {english}"
    return None


#: the shortest own part before a word of :data:`TERMS` in :func:`suffixed`, and the
#: shortest such word (stem and ending)
_MIN_HEAD = 3
_MIN_TAIL = 5


@lru_cache(maxsize=50_000)
def suffixed(word: str) -> str | None:
    """A word no stem of :data:`TERMS` reads that is a name's own part (three letters
    at least, left in Cyrillic) followed by one English word of :data:`TERMS` (five
    letters at least, stem and ending): *Трансконтейнер* → *Транс* + *container*,
    *Белтаможсервис* → *Белтамож* + *service*, *Росэлектроника* → *Рос* +
    *electronics*, as the lists print such a firm in one word (*TransContainer*,
    *Beltamozhservice*, *Ruselectronics*); None for other words."""
    low = _lower(word)
    if term(low) is not None or compound(low) is not None:
        return None
    for cut in range(_MIN_HEAD, len(low) - _MIN_TAIL + 1):
        english = term(low[cut:])
        if english is not None and " " not in english:
            return word[:cut] + english
    return None


#: the words before *общество* that make it a Russian legal form rigour reads (*акционерное
#: общество*, JSC), and the word after it that does (*общество с ограниченной
#: ответственностью*, LLC)
_FORM_BEFORE_COMPANY = frozenset(
    {"акционерное", "открытое", "закрытое", "публичное", "непубличное"}
)


def _company_alone(lowered: list[str], i: int) -> bool:
    """Whether the ``i``-th word is *общество* (company) alone, no part of a legal form:
    *Общество ‘Сургутнефтегаз’* (PJSC Surgutneftegaz)."""
    if lowered[i] != "общество":
        return False
    before = lowered[i - 1] if i else ""
    after = lowered[i + 1] if i + 1 < len(lowered) else ""
    return before not in _FORM_BEFORE_COMPANY and after != "с"


def translated(text: str, joined: bool = False) -> str | None:
    """An organisation's Cyrillic name with its words in :data:`TERMS` in English and
    its Belarusian, Ukrainian, Kazakh or Kyrgyz legal form in English; None when the name
    shows no mark of an organisation or has no such word. A name of two words or more
    all in :data:`TERMS` (*Общероссийский народный фронт*, *Голос Европы*) needs no
    mark (nor one word that is two of them, *Бриджтех*): no person is named so.

    ``joined``: a word that is two of them is written as one English word (*Бриджтех*
    → *bridgetech*), and a word that ends in one of them (:func:`suffixed`) is read so
    too (*Трансконтейнер* → *Трансcontainer*, transliterated later): the lists print
    such a firm's name as one word."""
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
    untranslated = 0
    one_word = False
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
        organisation = organisation or lowered[i] in _LEGAL_FORM_WORDS
        english = term(word)
        if english is None and _company_alone(lowered, i):
            english = "company"
        if english is None:
            english = compound(word)
            one_word = one_word or english is not None
            if english is not None and joined:
                english = english.replace(" ", "")
        if english is None and joined:
            english = suffixed(word)
            if english is not None:
                untranslated += 1  # its own part is no word of TERMS
        place = _SHORT_PLACE.fullmatch(lowered[i]) if english is None else None
        if english is None and place is None:
            untranslated += 1
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
    organisation = organisation or (untranslated == 0 and (len(spans) >= 2 or one_word))
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


#: Belarusian (first) and Ukrainian given names → the Russian form the lists print
_GIVEN_TEXT = """
    аляксандр алесь алесь олександр александр | аляксей олексій алексей
    уладзімір володимир владимир | дзмітрый зміцер дмитро дмитрий | сяргей сергій сергей
    мікалай микола николай | віктар віктор виктор | алег олег | юрый юрій юрий
    андрэй андрій андрей | міхаіл міхал михайло михаил | генадзь геннадій геннадий
    анатоль анатолій анатолий | васіль василь василий | пятро пётр петро петр
    ігар ігор игорь | яўген євген евгений | іосіф язэп йосип иосиф | леанід леонід леонид
    валянцін валентин | валерый валерій валерий | раман роман | кірыл кирило кирилл
    канстанцін костянтин константин | рыгор рыгор григорій григорий
    уладзіслаў владислав | вячаслаў в'ячеслав вячеслав | яраслаў ярослав
    станіслаў станіслав станислав | барыс борис | фёдар федар федір федор | сямён семен
    максім максим | вадзім вадим | арцём артем артём | дзяніс денис | мікіта микита никита
    ягор єгор егор | аркадзь аркадій аркадий | багдан богдан | віталь віталій виталий
    павел павло павел | іван іван иван | ілья ілля илья | яўгенія євгенія евгения
    вольга ольга | алена олена елена | наталля наталія наталья | таццяна тетяна татьяна
    ірына ірина ирина | святлана світлана светлана | людміла людмила | ганна анна
    марына марина | кацярына катерина екатерина | лідзія лідія лидия
    вераніка вероніка вероника | надзея надія надежда | ксенія ксения
    анастасія анастасия | юлія юлия | галіна галина | лілія лилия | валянціна валентина
    алеся олеся
"""
GIVEN_NAMES: dict[str, str] = {}
for _row in _GIVEN_TEXT.replace("\n", "|").split("|"):
    *_forms, _russian = _row.split() or [""]
    for _form in _forms:
        GIVEN_NAMES.setdefault(_form, _russian)
#: patronymic endings: Belarusian, then Ukrainian → the Russian ending (``й`` marks an
#: ending that follows a stem in й: Сергій-ович, Сергі-ївна)
_PATRONYMIC_ENDINGS = (
    ("авіч", "ович"), ("евіч", "евич"), ("явіч", "евич"), ("овіч", "ович"),
    ("аўна", "овна"), ("еўна", "евна"), ("яўна", "евна"), ("оўна", "овна"),
    ("ович", "ович"), ("евич", "евич"), ("івна", "овна"), ("ївна", "йовна"),
)  # fmt: skip
#: a Belarusian or Ukrainian surname's ending → the Russian one
_SURNAME_ENDINGS = (
    ("ўскі", "вский"), ("скі", "ский"), ("цкі", "цкий"), ("ський", "ский"),
    ("цький", "цкий"), ("аў", "ов"), ("оў", "ов"), ("еў", "ев"), ("ёў", "ев"),
)  # fmt: skip
#: Belarusian and Ukrainian letters as Russian writes them, one pass
_LETTERS = (
    ("дзь", "дь"), ("дзі", "ди"), ("дзе", "де"), ("дзё", "дё"), ("дзю", "дю"), ("дзя", "дя"),
    ("ць", "ть"), ("ці", "ти"), ("це", "те"), ("цё", "тё"), ("цю", "тю"), ("ця", "тя"),
    ("ьо", "ё"), ("ў", "в"), ("і", "и"), ("ї", "и"), ("є", "е"), ("ґ", "г"), ("э", "е"),
    ("'", ""), ("’", ""),
)  # fmt: skip
_LETTERS_RE = re.compile("|".join(re.escape(a) for a, _b in _LETTERS))
_LETTERS_MAP = dict(_LETTERS)


def _russian_letters(word: str) -> str:
    return _LETTERS_RE.sub(lambda m: _LETTERS_MAP[m.group(0)], word)


def _russian_patronymic(stem: str, ending: str) -> str:
    """A patronymic on a Russian given name: Владимир-ович, Сергей → Сергеевич, Юрий →
    Юрьевич."""
    female = ending.endswith("на")
    if stem.endswith("ий"):
        return stem[:-2] + ("ьевна" if female else "ьевич")
    if stem.endswith("й"):
        return stem[:-1] + ("евна" if female else "евич")
    return stem + ("овна" if female else "ович")


def _russian_word(word: str) -> tuple[str, bool]:
    """A lowercased word's Russian form, and whether it is a given name or a patronymic."""
    if word in GIVEN_NAMES:
        return GIVEN_NAMES[word], True
    for ending, russian in _PATRONYMIC_ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[: -len(ending)] + ("й" if russian.startswith("й") else "")
            if stem in GIVEN_NAMES:
                return _russian_patronymic(GIVEN_NAMES[stem], ending), True
            return _russian_letters(stem) + russian.removeprefix("й"), True
    for ending, russian in _SURNAME_ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 1:
            return _russian_letters(word[: -len(ending)]) + russian, False
    return _russian_letters(word), False


def russian_form(text: str) -> str | None:
    """A Belarusian or Ukrainian person's name in its Russian form (see the module
    docstring); None for a name with no Belarusian or Ukrainian letter, no given name or
    patronymic of theirs, or a mark of an organisation."""
    words = _WORD.findall(text)
    lowered = [_lower(w) for w in words]
    if not words or not any(_UK_BE.search(w) for w in lowered):
        return None
    if any(w.replace("і", "и") in _ORG_ACRONYMS for w in lowered) or any(
        term(w) is not None for w in words
    ):
        return None
    out: list[str] = []
    person = False
    for word, low in zip(words, lowered, strict=True):
        russian, named = _russian_word(low)
        person = person or named
        if word.isupper() and len(word) > 1:
            russian = russian.upper()
        elif word[:1].isupper():
            russian = russian[:1].upper() + russian[1:]
        out.append(russian)
    if not person:
        return None
    return " ".join(out)


#: the soft (or hard) sign before a vowel
_SIGN_VOWEL = re.compile(r"[ьЬъЪ](?=[еёюяиЕЁЮЯИ])")


def sign_reading(text: str) -> str | None:
    """A name with the soft sign before a vowel read as *и* (*Валерьевна*: *Valerievna*,
    beside the main reading's *Valerevna*); None without such a sign."""
    if not _SIGN_VOWEL.search(text):
        return None
    return _SIGN_VOWEL.sub(lambda m: "И" if m.group(0).isupper() else "и", text)


#: *или* (or) between two names; a legal form that begins a second name after a quote
_OR = re.compile(r"\s+или\s+", re.IGNORECASE)
_SECOND_FORM = re.compile(r"(?<=[’'”\"»])\s+(?=(?:[А-ЯA-Z]{2,5})\s*[‘'“\"«])")


def parts(text: str) -> list[str]:
    """The names a Cyrillic name string holds when it holds two (see the module
    docstring); [] for one."""
    found = [p.strip() for p in _OR.split(text)]
    if len(found) == 1:
        found = []
        for m in _SECOND_FORM.finditer(text):
            head, tail = text[: m.start()], text[m.end() :]
            form = tail.split()[0].strip("‘'“\"«")
            if _lower(form).replace("і", "и") in _ORG_ACRONYMS or form in _LATIN_FORMS:
                found = [head.strip(), tail.strip()]
                break
    return [p for p in found if _CYRILLIC.search(p)] if len(found) > 1 else []


#: the Russian legal forms' acronyms written in Latin letters (*AO*, *OOO*)
_LATIN_FORMS = frozenset({"AO", "OOO", "OAO", "ZAO", "PAO"})
#: the soft and hard signs as romanisations write them inside a word: ISO 9 and
#: scholarly ʹ ʺ, GOST 7.79 system B ` and ``, BGN/PCGN and Library of Congress ' ’ ″
#: (*Vasilʹevna*, *Anatol`evich*, *Mal'kevich*, *Valer’yevna*): a mark, not a space
_LATIN_SIGN = re.compile(
    r"(?<=[a-z])(?:[\u02b9\u02ba\u2033`]+|(?<=[a-z][b-df-hj-np-tv-z])['\u2019\u2032])(?=[a-z]{2})",
    re.IGNORECASE,
)


def joined_signs(text: str) -> str | None:
    """A Latin name with the signs inside its words left out (*Anatol`evich*:
    *Anatolevich*, where they otherwise split the word in two); None without one. An
    apostrophe counts after two letters and a consonant only (*O'Brien*, *Jama'at* and
    *Ma'mun* keep theirs)."""
    if _CYRILLIC.search(text) or not _LATIN_SIGN.search(text):
        return None
    return _LATIN_SIGN.sub("", text)


#: Latin letters that look like Cyrillic ones, as a Cyrillic name typed with them reads
#: (*Общество C Ограниченной Ответственностью*, *Pазвития*; *Ctpatиm* with the italic
#: т and м); a Latin *i* is read as *і* already (:data:`_WORD`)
_LOOKALIKES = str.maketrans("AaBCcEeHKkMmOoPpTtXxYy", "АаВСсЕеНКкМмОоРрТтХхУу")
_LATIN_LOOKALIKES = str.maketrans("АаВСсЕеНКкМмОоРрТтХхУуІі", "AaBCcEeHKkMmOoPpTtXxYyIi")
_WORD_LETTERS = re.compile(r"[^\W\d_]+")
_LATIN = re.compile(r"[A-Za-z]")
_NOT_LOOKALIKE = re.compile(r"[DFGJLNQRSUVWZbdfghjlnqrsuvwz]")


def lookalikes(text: str) -> str:
    """A Cyrillic name with the Latin letters typed for their Cyrillic look-alikes as
    those: in a word that mixes both scripts, and in a word wholly of such Latin letters
    (*AO*, *C*, *OOO*) where no word of the name has another Latin letter
    (*Ctpatиm-Tex* → *Стратим-Тех*); in a Latin word (with a letter that has no
    Cyrillic look-alike), the Cyrillic look-alikes typed in it as Latin (*JSС*). A name with no Cyrillic letter, or whose Latin words
    are words of their own (*Kazakh: “United Trading Group” …*), keeps them."""
    if not _LATIN.search(text) or not _CYRILLIC.search(text):
        return text
    words = _WORD_LETTERS.findall(text)
    latin_words = [w for w in words if not _CYRILLIC.search(w)]
    whole = not any(_NOT_LOOKALIKE.search(w) for w in latin_words)

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        if not _LATIN.search(word):
            return word
        if _NOT_LOOKALIKE.search(word):  # a Latin word with a Cyrillic look-alike: *JSС*
            latin = word.translate(_LATIN_LOOKALIKES)
            return word if _CYRILLIC.search(latin) else latin
        if _CYRILLIC.search(word) or whole:
            return word.translate(_LOOKALIKES)
        return word

    return _WORD_LETTERS.sub(fix, text)


def readings(text: str) -> list[str]:
    """The other readings of a Cyrillic name (see the module docstring), or of a Latin
    one with a sign inside a word (:func:`joined_signs`); [] for none. A name with Latin
    look-alikes typed for Cyrillic letters is read with them as Cyrillic
    (:func:`lookalikes`) as well."""
    if not _CYRILLIC.search(text):
        joined = joined_signs(text)
        return [joined] if joined is not None else []
    source = lookalikes(text)
    split = parts(source)
    out: list[str] = []
    for name in (source, *split):
        out.extend(
            r
            for r in (
                name if name not in (text, source) else None,
                translated(name),
                translated(name, joined=True),
                h_reading(name),
                russian_form(name),
                sign_reading(name),
            )
            if r is not None and r != text
        )
    if source != text:
        out.append(source)
    return list(dict.fromkeys(out))


#: one given name per row in Latin: its Russian, Ukrainian and Belarusian forms as the
#: lists romanise them (patronymic stems of names in -iy follow from them: *Grigor-*)
_GIVEN_LATIN_TEXT = """
    aleksandr alexander alexandr oleksandr olexandr aliaksandr alyaksandr aleksander
    | aleksey alexey aleksei alexei oleksiy oleksii olexiy aliaksei aliaksey alyaksey
    | vladimir volodymyr volodimir uladzimir wladimir | dmitriy dmitry dmytro dzmitry dzmitriy
    | sergey sergei serhiy serhii sergiy siarhei siarhey syarhey | nikolay nikolai mykola
    mikola mikalai mikalay | viktor victor viktar | oleg oleh aleh | yuriy yuri yury iurii
    yurii | andrey andrei andriy andrii andrej | mikhail mykhailo mykhaylo mikhal mikhailo
    | gennadiy gennady hennadiy hennadii henadz genadz | anatoliy anatoly anatolii anatol
    | vasiliy vasily vasyl vasil | pyotr petr petro piotr pyatro | igor ihor ihar
    | yevgeniy yevgeny evgeny evgeniy evgenii yevhen yevhenii yauhen yauheni
    | iosif yosyp yosif joseph josef | leonid leanid | valentin valentyn valiantsin | valeriy valery
    valerii valeryi | roman raman | kirill kyrylo kiryl | konstantin kostiantyn kostyantyn
    kanstantsin | grigoriy grigory hryhoriy hryhorii ryhor hryhor | vladislav vladyslav
    uladzislau | vyacheslav viacheslav viachaslau vyachaslau | yaroslav iaroslav yaraslau
    | stanislav stanislau | boris barys | fedor fyodor fedir fiodar | maksim maxim maksym
    | vadim vadym vadzim | artem artyom artiom artsiom | denis denys dzianis | nikita mykyta
    mikita | yegor egor yehor | arkadiy arkady arkadii arkadz | vitaliy vitaly vitalii vital
    | pavel pavlo paval | ilya illia | olga olha volha | yelena elena olena | natalya natalia
    nataliya natallia | tatyana tatiana tetiana tetyana tatsiana | irina iryna | svetlana
    svitlana sviatlana | lyudmila ludmila liudmila lyudmyla liudmyla | marina maryna
    | yekaterina ekaterina kateryna katsiaryna | nadezhda nadiya nadzeya | oksana aksana
    | yuliya yulia yuliia | galina halyna halina
"""
#: patronymic endings in Latin, folded (*-ovich*, *-ovych*, *-yevich*, *-avich*,
#: *-ivna*, *-ovna*, *-auna*: Russian, Ukrainian and Belarusian, male and female)
_PATRONYMIC_LATIN = ("ievic", "ovic", "evic", "avic", "ivna", "ovna", "evna", "auna", "euna")


@lru_cache(maxsize=1)
def _given_rows() -> dict[str, int]:
    """Fold key of a given name (or of a patronymic's stem) → its row in the table."""
    from tracewire.match.normalise import fold  # normalise reads this module

    rows: dict[str, int] = {}
    for n, row in enumerate(_GIVEN_LATIN_TEXT.split("|")):
        for name in row.split():
            rows.setdefault(fold(name), n)
            for tail in ("iy", "ii", "y", "i"):  # Grigoriy: Grigor-yevich, Yuriy: Yur-yevich
                if name.endswith(tail) and len(name) > len(tail) + 2:
                    rows.setdefault(fold(name[: -len(tail)]), n)
    return rows


@lru_cache(maxsize=100_000)
def _given_row(key: str) -> int | None:
    rows = _given_rows()
    row = rows.get(key)
    if row is not None:
        return row
    for ending in _PATRONYMIC_LATIN:
        if key.endswith(ending) and key[: -len(ending)] in rows:
            return rows[key[: -len(ending)]]
    return None


def _patronymic(key: str) -> bool:
    return key.endswith(_PATRONYMIC_LATIN)


def given_name_keys() -> frozenset[str]:
    """Every fold key :func:`same_given_name` can pair: the table's given names and
    patronymic stems, and each stem with each patronymic ending. A caller comparing many
    word pairs asks this set first (two set lookups, not a call per pair)."""
    rows = _given_rows()
    return frozenset(rows) | frozenset(stem + end for stem in rows for end in _PATRONYMIC_LATIN)


@lru_cache(maxsize=50_000)
def same_given_name(a: str, b: str) -> bool:
    """Whether two fold keys (:func:`~tracewire.match.normalise.fold`) are one given
    name's, or one patronymic's, Russian, Ukrainian and Belarusian forms (see the module
    docstring): *Aleksandr* / *Aliaksandr*, *Vladimirovich* / *Uladzimiravich*. Two
    patronymics pair only with each other, a name only with a name."""
    if a == b:
        return False
    ra = _given_row(a)
    if ra is None or ra != _given_row(b):
        return False
    return _patronymic(a) is _patronymic(b)
