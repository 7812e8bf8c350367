"""One normalisation pipeline for names, shared by the index and by queries.

The list side and the query side must be normalised with the same steps, or nothing
matches. The steps, in order:

1. Unicode NFKC and case folding; brackets and punctuation become spaces.
2. Script to Latin: Cyrillic by a BGN/PCGN-style table (below), Han by pinyin (pypinyin,
   after traditional → simplified with zhconv, so 廈門 and 厦门 both read *xiamen*),
   everything else (Greek, Arabic, Hebrew, Latin with diacritics…) by ICU through
   ``normality.ascii_text``.
3. Legal forms out: rigour's org-type table maps ООО/OOO/LLC/Limited Liability
   Company/GmbH/Co., Ltd… to a generic class (``llc``, ``jsc``…), kept aside as
   ``org_types`` and dropped from the name tokens; Han legal forms (有限公司, 股份有限公司…)
   are removed before romanisation.
4. Person prefixes out (Mr, Dr, Sheikh…; rigour).
5. Fold keys: each token reduced to a skeleton on which the divergent romanisation
   systems agree (kh/h/x, ts/tc/c, zh/ž, shch/shh/ŝ, yu/iu/ju/û, -iy/-ii/-y/-ij…), so
   *Izhevskiy*, *Izhevskii*, *Izhevski* and *Iževskij* share the key ``izevski``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from normality import ascii_text
from rapidfuzz.distance import OSA
from rigour.names import remove_obj_prefixes, remove_person_prefixes, replace_org_types_compare

import tracewire.match.arabic as arabic
import tracewire.match.cyrillic as cyrillic
import tracewire.match.korean as korean
import tracewire.match.orgterms as orgterms
from tracewire._compiled import interpreted
from tracewire.match.hanterms import PINYIN_TERMS, han_pinyin, han_readings, han_words
from tracewire.match.hanterms import simplified as simplified_han
from tracewire.match.romanisations import wade_giles_readings

# BGN/PCGN-style romanisation of Russian, Ukrainian, Belarusian, Serbian, Kazakh letters.
CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u", "ђ": "dj", "ј": "j",
    "љ": "lj", "њ": "nj", "ћ": "c", "џ": "dz", "ә": "a", "ғ": "g", "қ": "k", "ң": "n",
    "ө": "o", "ұ": "u", "ү": "u", "һ": "h",
}  # fmt: skip
CYRILLIC_TABLE = str.maketrans(CYRILLIC)

# Pinyin spellings of the same, for queries typed in pinyin.
PINYIN_LEGAL_FORMS = frozenset(
    {"youxiangongsi", "gufenyouxiangongsi", "youxianzerengongsi", "gongsi", "youxian", "jituan"}
)

# Multigraph folds, one left-to-right pass, longest first: the systems' variants meet here.
FOLDS = (
    ("schtsch", "s"), ("shch", "s"), ("shh", "s"), ("tsch", "c"), ("sch", "s"), ("tch", "c"),
    ("ch", "c"), ("sh", "s"), ("tz", "c"),
    ("zh", "z"), ("kh", "h"), ("ts", "c"), ("tc", "c"), ("cz", "c"), ("ph", "f"),
    ("x", "ks"), ("w", "v"), ("q", "k"),
    ("iou", "u"), ("yu", "u"), ("iu", "u"), ("ju", "u"), ("ya", "a"), ("ii", "i"),
    ("ja", "a"), ("yo", "o"), ("jo", "o"), ("ye", "e"), ("je", "e"),
    ("ij", "i"), ("iy", "i"), ("yi", "i"), ("yy", "i"), ("y", "i"), ("j", "i"),
)  # fmt: skip
FOLD_MAP = dict(FOLDS)
FOLD_RE = re.compile("|".join(sorted(FOLD_MAP, key=len, reverse=True)))
DOUBLES = re.compile(r"([^aeiou])\1+")  # doubled consonants (a doubled vowel may be two sounds)
SPLIT = re.compile(r"[^\w]+|_", re.UNICODE)
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
CYRILLIC_CHARS = re.compile(r"[\u0400-\u04ff]")
GENERIC_ORG = frozenset({"llc", "jsc", "lp", "sole", "coop", "gov", "ngo", "trust", "fund"})
#: words left over from a legal form rigour has already classed ("Company Limited")
ORG_FILLER = frozenset({"company", "co", "corporation", "corp", "inc", "incorporated"})
#: abbreviated legal forms rigour's table lacks, in a name of two words or more: anywhere
#: (*Soha Info DOO Novi Banovci*, *Alfa Zrt*; *JCS*, the lists' slip for JSC: *JCS
#: Kalashnikov Concern*, *JCS Izhevsk Motozavod*), as the last word (*Vektor SL*; the
#: Nordic *AB*, *ASA*, whose long forms rigour reads: *Aktiebolag*), as the first (*PT*,
#: Indonesia)
OTHER_FORMS = {
    "doo": "llc", "eood": "llc", "zrt": "jsc", "nyrt": "jsc", "tbk": "jsc", "llp": "lp",
    "jcs": "jsc",
}  # fmt: skip
LAST_FORMS = {"slu": "llc", "sl": "llc", "ab": "jsc", "asa": "jsc"}
FIRST_FORMS = {"pt": "llc"}
#: a word before a legal form that rigour reads without it (*Pvt* Ltd, *FZ* LLC, *Public*
#: Company Limited): part of the form
LEGAL_RESIDUE = frozenset({"pvt", "private", "public", "fz", "sociedad"})
#: legal forms that open a name as a word of it when no form follows them at once
#: (*Trust Logistics LLC* is no trust; *Trust Company Limited*, *Trust* alone are)
NAMING_FORMS = frozenset({"trust"})


#: Russian legal forms as lists print them, in BGN romanisation; matched on fold keys, so
#: every other romanisation (Akczionernoe Obshhestvo, Aktcionernoe Obschestvo…) matches too
LEGAL_PHRASES = (
    ("otkrytoye aktsionernoye obshchestvo", "jsc"),
    ("zakrytoye aktsionernoye obshchestvo", "jsc"),
    ("publichnoye aktsionernoye obshchestvo", "jsc"),
    ("aktsionernoye obshchestvo", "jsc"),
    ("akzionernoye obshchestvo", "jsc"),
    ("otkrytoye akzionernoye obshchestvo", "jsc"),
    ("obshchestvo s ogranichennoy otvetstvennostyu", "llc"),
    ("federalnoye gosudarstvennoye unitarnoye predpriyatiye", "gov"),
    ("gosudarstvennaya korporatsiya", "gov"),
    # long forms of other countries rigour's table lacks (its abbreviations are there)
    ("gesellschaft mit beschrankter haftung", "llc"),
    ("societe anonyme", "jsc"),
    ("societe a responsabilite limitee", "llc"),
    ("societa per azioni", "jsc"),
    ("societa a responsabilita limitata", "llc"),
    ("spolka akcyjna", "jsc"),
    ("aktiebolag", "jsc"),
    ("kabushiki kaisha", "jsc"),
    ("tovarishchestvo s ogranichennoy otvetstvennostyu", "llc"),
    ("perseroan terbatas", "llc"),
    ("joint stock co", "jsc"),
    ("public joint stock co", "jsc"),
    ("open joint stock co", "jsc"),
    ("closed joint stock co", "jsc"),
)
#: words of legal forms that a typo may hide from rigour's table (see _correct_legal_words)
LEGAL_WORDS = frozenset(
    [
        "limited", "liability", "company", "incorporated", "corporation", "joint", "stock",
        "public", "closed", "private", "partnership", "proprietary", "cooperative", "trust",
        "limitada", "berhad", "sendirian", "anonima", "sociedad", "establishment",
        "aktiengesellschaft", "gesellschaft", "beschrankter", "haftung", "obshchestvo",
        "ogranichennoy", "otvetstvennostyu", "aktsionernoye", "unitary", "federal",
        "enterprise", "proprietorship",
    ]
)  # fmt: skip
LEGAL_WORDS_BY_LETTER: dict[str, tuple[str, ...]] = {
    letter: tuple(sorted(w for w in LEGAL_WORDS if w[0] == letter))
    for letter in {w[0] for w in LEGAL_WORDS}
}
#: business abbreviations as counterparty files write them → the word lists print
ABBREVIATIONS = {
    "inds": "industries", "indus": "industries", "ind": "industrial", "shpg": "shipping",
    "trdg": "trading", "gen": "general", "genl": "general", "intl": "international",
    "int": "international", "tech": "technology", "tekh": "technology", "techs": "technologies", "mfg": "manufacturing",
    "engg": "engineering", "eng": "engineering", "mgmt": "management", "natl": "national",
    "svcs": "services", "svc": "services", "bros": "brothers", "grp": "group",
    "hldgs": "holdings", "hldg": "holding", "dept": "department", "assn": "association",
    "dev": "development", "elec": "electric", "equip": "equipment", "mach": "machinery",
    "chem": "chemical", "pharm": "pharmaceutical", "univ": "university", "inst": "institute",
    "lab": "laboratory", "labs": "laboratories", "invest": "investment", "mktg": "marketing",
    "transp": "transport", "sci": "scientific", "res": "research", "corp": "corporation",
    "co": "company", "govt": "government",
}  # fmt: skip
#: titles and honorifics rigour's prefix list lacks
PERSON_TITLES = frozenset(
    [
        "president",
        "prasident",
        "presidente",
        "shaikh",
        "sheikh",
        "sheik",
        "general",
        "colonel",
        "major",
        "captain",
        "lieutenant",
        "dr",
        "prof",
        "mr",
        "mrs",
        "ms",
        "sir",
        "lord",
        "hon",
        "minister",
    ]
)
#: number words and ordinals, written as digits
NUMBER_WORDS = {
    "first": "1", "1st": "1", "one": "1", "second": "2", "2nd": "2", "two": "2",
    "third": "3", "3rd": "3", "three": "3", "fourth": "4", "4th": "4", "four": "4",
    "fifth": "5", "5th": "5", "five": "5", "six": "6", "sixth": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10",
}  # fmt: skip
#: an organisation's numbers written out (*Brigade Forty-Four*, *Twenty-First Century*):
#: the units beside the table above, the teens and the tens, as cardinals and ordinals
ORG_NUMBER_WORDS = {
    **NUMBER_WORDS,
    "seventh": "7", "eighth": "8", "ninth": "9", "tenth": "10",
    "eleven": "11", "eleventh": "11", "twelve": "12", "twelfth": "12",
    "thirteen": "13", "fourteen": "14", "fifteen": "15", "sixteen": "16", "seventeen": "17",
    "eighteen": "18", "nineteen": "19", "thirteenth": "13", "fourteenth": "14",
    "fifteenth": "15", "sixteenth": "16", "seventeenth": "17", "eighteenth": "18",
    "nineteenth": "19", "twenty": "20", "twentieth": "20", "thirty": "30", "thirtieth": "30",
    "forty": "40", "fortieth": "40", "fourty": "40", "fourtieth": "40", "fifty": "50", "fiftieth": "50", "sixty": "60",
    "sixtieth": "60", "seventy": "70", "seventieth": "70", "eighty": "80", "eightieth": "80",
    "ninety": "90", "ninetieth": "90",
}  # fmt: skip
#: a tens word followed by a unit (a word or a digit) is one number: *forty four*, *forty 4*
_TENS = frozenset(str(n) for n in range(20, 100, 10))
_UNITS = frozenset(str(n) for n in range(1, 10))
POSSESSIVE = re.compile(r"(?<=\w)['`]s\b")
#: an abbreviation written with an apostrophe: *Int'l*, *Nat'l*, *Gov't*, *Ass'n*
CONTRACTION = re.compile(r"(?<=[a-z])['\u2019`](?=[a-z]{1,2}\b)")
#: an apostrophe inside a word of a person's name (a hamza or an ain)
_INNER_APOSTROPHE = re.compile(r"\b([a-z]{2,})['\u2019\u2018`\u02bc\u02bf\u02be]([a-z]+)\b")
_APOSTROPHES = re.compile("['\u2019\u2018`\u02bc\u02bf\u02be]")


def _hamza_joined(match: re.Match[str]) -> str:
    head, tail = match.group(1), match.group(2)
    if len(tail) == 1 or (len(head) <= 3 and len(tail) <= 3):
        return head + tail
    return match.group(0)


def join_hamza(text: str) -> str:
    """A person's name with the words that a hamza or an ain splits written as one: one
    letter after it (*MINA'I*, *SHARA'I*, *RA'D*: not a word and an initial) or a short
    syllable either side (*SA'ID*, *LU'AY*, *JA'FAR*); not *D'Souza*, *Dell'Orto*."""
    if not _APOSTROPHES.search(text):
        return text
    return _INNER_APOSTROPHE.sub(_hamza_joined, text)


DOTTED = re.compile(r"\b(?:[a-z]\.){2,}")
ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "de", "la", "del", "et", "und"})
VESSEL_WORDS = frozenset({"vessel", "ship", "tanker", "yacht"})
#: words any organisation may carry; they weigh little whatever their rarity in the lists
GENERIC_WORDS = frozenset(
    [
        "international",
        "global",
        "group",
        "holding",
        "holdings",
        "trading",
        "trade",
        "industries",
        "industrial",
        "industry",
        "company",
        "corporation",
        "enterprise",
        "enterprises",
        "services",
        "service",
        "general",
        "national",
        "investment",
        "investments",
        "development",
        "management",
        "technology",
        "technologies",
        "engineering",
        "import",
        "export",
        "commercial",
        "logistics",
        "shipping",
        "supply",
        "solutions",
        "systems",
        "partners",
        "associates",
        "consulting",
        "resources",
        "products",
        "manufacturing",
        "marketing",
        "center",
        "centre",
        "the",
        "and",
        "of",
        "for",
        "de",
        "la",
        "del",
        "et",
        "und",
        "limited",
        "branch",
        "office",
        "representative",
        "agency",
        "firm",
        "works",
        "factory",
        "plant",
    ]
)


@interpreted  # pickled in every index file: a plain class (tracewire._compiled)
@dataclass(frozen=True, slots=True)
class NameForm:
    """A name ready for comparison."""

    original: str
    #: Latin lowercase tokens, legal forms and prefixes removed
    tokens: tuple[str, ...]
    #: fold key of each token (same order)
    keys: tuple[str, ...]
    #: generic legal-form classes found in the name (``llc``, ``jsc``…)
    org_types: tuple[str, ...]
    #: the script: latin, cyrillic, han, abjad (Arabic, Hebrew: few vowels written), other
    script: str
    #: the keys joined (the name with its spacing ignored)
    compact: str = field(init=False)
    #: initials of a name of several words: People's Liberation Army → pla
    acronym: str = field(init=False)
    #: the fold key of each two neighbouring tokens written as one ("slay wah" → slaywah)
    joins: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        # worked out once: every comparison of the name asks for them
        tokens = self.tokens
        object.__setattr__(self, "compact", "".join(self.keys))
        initials = (t[0] for t in tokens if t not in ACRONYM_SKIP)
        object.__setattr__(self, "acronym", "".join(initials) if len(tokens) >= 2 else "")
        joins = tuple(fold(tokens[i] + tokens[i + 1]) for i in range(len(tokens) - 1))
        object.__setattr__(self, "joins", joins)


def script_of(text: str) -> str:
    if HAN.search(text):
        return "han"
    if CYRILLIC_CHARS.search(text):
        return "cyrillic"
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            if name.startswith("LATIN"):
                continue
            if name.startswith(("ARABIC", "HEBREW")):
                return "abjad"
            if name.startswith("HANGUL"):
                return "hangul"
            return "other"
    return "latin"


@lru_cache(maxsize=200_000)
def fold(token: str) -> str:
    """The romanisation-neutral skeleton of a Latin token (a common Arabic name word's
    spellings first become one: *Mohamed*, *Muhammad* → *muhammad*, :mod:`.arabic`)."""
    token = arabic.SPELLINGS.get(token, token)
    if token.startswith("ia"):  # ICAO writes a leading я as "ia": Iakovlev / Yakovlev
        token = "ya" + token[2:]
    return DOUBLES.sub(r"\1", FOLD_RE.sub(lambda m: FOLD_MAP[m.group(0)], token))


#: vowels, and the letters Arabic script also uses for long vowels (waw, ya)
VOWELS = str.maketrans("", "", "aeiouvwy")


def skeleton(key: str) -> str:
    """A fold key without its inner vowels: Arabic and Hebrew script write few vowels.

    A final ``h`` goes too (ta marbuta: آخوندزاده → akhwndzadh, Akhundzada), and a
    first vowel is any vowel (alif or ain with a vowel no script writes: *Iyad* / *Ayad*,
    *Umari* / *Omari*)."""
    inner = key[1:].translate(VOWELS)
    if len(inner) > 1 and inner.endswith("h"):
        inner = inner[:-1]
    return ("a" if key[:1] in "aeiou" else key[:1]) + inner


def abjad_skeletons(form: NameForm) -> list[str]:
    """The skeleton keys (``%`` and :func:`skeleton`) a name read from Arabic script
    looks up in the list index: each word's own, and those of its French, Maghreb and
    Egyptian spellings (:func:`.arabic.other_spellings`: جمال against *Djamel*), and of a
    word with a letter written twice (مددی *Madadi*)."""
    out = dict.fromkeys("%" + skeleton(key) for key in form.keys)
    for token in form.tokens:
        for other in arabic.other_spellings(token):
            out.setdefault("%" + skeleton(fold(other)))
        if _TWO_LETTERS.search(token):
            # a letter written twice in Arabic script is two consonants, a vowel apart in
            # Latin (مددی *Madadi*), which the fold key makes one (*mdi*)
            out.setdefault("%" + skeleton(fold(_TWO_LETTERS.sub(r"\1a\1", token))))
    return list(out)


#: a consonant written twice in a word read from Arabic script
_TWO_LETTERS = re.compile(r"([b-df-hj-np-tv-z])\1")


def _han_to_latin(text: str, words: bool = False) -> str:
    """Han to pinyin, each run of characters one word; with ``words`` (an organisation's
    name) business terms in English and places apart (:func:`~.hanterms.han_words`)."""
    plain = simplified_han(text)
    if words:
        return HAN.sub(lambda m: " " + han_words(m.group(0)) + " ", plain)
    return HAN.sub(lambda m: " " + han_pinyin(m.group(0)) + " ", plain)


def to_latin(text: str, han_words: bool = False) -> str:
    """Lowercase ASCII romanisation of any name (``han_words``: see :func:`_han_to_latin`)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    if HAN.search(text):
        text = _han_to_latin(text, han_words)
    if CYRILLIC_CHARS.search(text):
        text = text.translate(CYRILLIC_TABLE)
    if korean.has_hangul(text):
        text = korean.hangul_to_latin(text)
    if arabic.has_arabic(text):
        text = arabic.romanise(text)
    text = ascii_text(text).lower()
    text = POSSESSIVE.sub("", text)  # people's → people
    return DOTTED.sub(lambda m: m.group(0).replace(".", ""), text)  # a.b.c. → abc


def _strip_legal_phrases(tokens: list[str], org_types: list[str]) -> list[str]:
    """Remove Russian legal forms in any romanisation (matched on fold keys)."""
    keys = [fold(t) for t in tokens]
    out: list[str] = []
    for a, b, p in orgterms.phrase_spans(keys, _LEGAL_PHRASE_WORDS):
        if p is None:
            out.extend(tokens[a:b])
        else:
            org_types.append(LEGAL_PHRASE_KEYS[p][1])
    return out


def _is_legal_form(text: str) -> bool:
    return replace_org_types_compare(text, generic=True) in GENERIC_ORG


@lru_cache(maxsize=4096)
def _short_run_form(words: tuple[str, ...]) -> bool:
    """Whether short words written apart are one legal form once joined, and not before
    (*s a* → *sa*, *sp z oo* → *spzoo*, *b v* → *bv*)."""
    return _is_legal_form("".join(words)) and not _is_legal_form(" ".join(words))


def _join_spaced_forms(latin: str) -> str:
    """``latin`` with a legal form written in spaced or dotted letters as one word: the
    dots became spaces (*S. A.*, *Sp. z o.o.*, *S.R.L*), which rigour's table does not
    read. Only runs of two to four words of three letters or fewer that rigour reads as a
    legal form once joined are joined."""
    words = latin.split()
    if len(words) < 3:
        return latin
    out: list[str] = []
    i = 0
    while i < len(words):
        for size in (4, 3, 2):
            run = tuple(words[i : i + size])
            if len(run) == size and all(len(w) <= 3 for w in run) and _short_run_form(run):
                out.append("".join(run))
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


def _form_follows(words: list[str], start: int) -> bool:
    """Whether a legal form's class follows ``start`` (past *Company*, *Co*…)."""
    for word in words[start:]:
        if word in GENERIC_ORG:
            return True
        if word not in ORG_FILLER:
            return False
    return False


#: a pinyin legal form typed syllable by syllable (*you xian gong si*)
_PINYIN_FORM_SPLIT = re.compile(r"\b(?:gu ?fen ?)?you ?xian ?(?:ze ?ren ?)?gong ?si\b|\bji ?tuan\b")


def _legal_forms_out(latin: str, vessel: bool) -> tuple[list[str], list[str]]:
    """The words of a name without its legal forms, and the classes of those."""
    org_types: list[str] = []
    latin = _PINYIN_FORM_SPLIT.sub(lambda m: m.group(0).replace(" ", ""), latin)
    latin = orgterms.expand_acronyms(latin)  # NPO, NII, SKB… (rigour reads NPO as an NGO)
    joined = _join_spaced_forms(latin)
    words = joined.split()
    replaced = replace_org_types_compare(joined, generic=True).split()
    kept = []
    for i, tok in enumerate(replaced):
        if tok in NAMING_FORMS and i == 0 < len(replaced) - 1 and not _form_follows(replaced, 1):
            kept.append(tok)  # the name's first word: *Trust Logistics LLC*, *Trust Bank*
        elif tok in GENERIC_ORG:
            org_types.append(tok)
        elif tok in PINYIN_LEGAL_FORMS:
            if tok != "jituan":  # (group) is no legal form
                org_types.append("llc")
        elif tok == "sp" and "ii" in words and "sp" not in words:
            kept.append("ii")  # rigour reads a Roman *II* as a sole proprietor's form
        elif tok in LEGAL_RESIDUE and _form_follows(replaced, i + 1):
            continue  # the rest of a form rigour read in part: *Pvt* Ltd, *FZ* LLC
        elif not (vessel and tok in VESSEL_WORDS):
            kept.append(tok)
    if len(kept) > 1 and any(t in OTHER_FORMS for t in kept):
        org_types.extend(OTHER_FORMS[t] for t in kept if t in OTHER_FORMS)
        kept = [t for t in kept if t not in OTHER_FORMS]
    if len(kept) > 1 and kept[-1] in LAST_FORMS:
        org_types.append(LAST_FORMS[kept.pop()])
    if len(kept) > 1 and kept[0] in FIRST_FORMS:
        org_types.append(FIRST_FORMS[kept.pop(0)])
    kept = _strip_legal_phrases(kept, org_types)
    if org_types:
        kept = [t for t in kept if t not in ORG_FILLER]
    else:
        # without a legal form, Company, Corporation, Co… are one word (*Homs Refinery
        # Corporation* / *The Homs Refinery Company*), still there to set the kind of
        # body apart from another (*Shenyang Aircraft Corporation* / *… Design Institute*)
        kept = ["company" if t in ORG_FILLER else t for t in kept]
    return kept, org_types


#: the same business word as lists print it in several ways
BUSINESS_SYNONYMS = {"trade": "trading"}


def _business_english(tokens: list[str], pinyin: bool) -> list[str]:
    """An organisation's words with business words in one English form: *science and
    technology* is *technology* (Chinese 科技 reads either way), *trade* is *trading*,
    and (``pinyin``: the name is surely an organisation's) business words typed in
    pinyin (*guoji keji maoyi*, or syllable by syllable: *guo ji ke ji*) in English."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if pinyin:  # a business word in pinyin, its syllables joined or apart (guo ji)
            size = next((n for n in (4, 3, 2) if "".join(tokens[i : i + n]) in PINYIN_TERMS), 1)
            if size > 1 or token in PINYIN_TERMS:
                out.extend(PINYIN_TERMS["".join(tokens[i : i + size])].split())
                i += size
                continue
        out.append(BUSINESS_SYNONYMS.get(token, token))
        i += 1
    words: list[str] = []
    for word in out:
        if word == "technology":
            if words[-1:] in (["science"], ["scientific"]):
                words.pop()
            elif words[-2:] == ["science", "and"]:
                del words[-2:]
        words.append(word)
    out = words
    return out or tokens


#: an ordinal written with digits: *14th*, *21st*, *2nd*
_ORDINAL_DIGITS = re.compile(r"(\d+)(?:st|nd|rd|th)")


def _numbers(tokens: list[str]) -> list[str]:
    """A tens number followed by a unit as one number: *forty four* / *forty 4* → *44*;
    an ordinal in digits as its number: *14th* → *14* (as 第十四 reads, :mod:`.hanterms`)."""
    tokens = [m.group(1) if (m := _ORDINAL_DIGITS.fullmatch(t)) is not None else t for t in tokens]
    if not any(t in _TENS for t in tokens[:-1]):
        return tokens
    out: list[str] = []
    for token in tokens:
        if token in _UNITS and out and out[-1] in _TENS:
            out[-1] = str(int(out[-1]) + int(token))
        else:
            out.append(token)
    return out


def _correct_legal_words(latin: str) -> str:
    """``latin`` with words one typo off a legal-form word (two for long words) written as
    that word, where a neighbour is a legal-form word: *Lijmited Liability Company* →
    *limited liability company*, but *Limitex Trading* stays. The caller keeps the
    correction only where it completes a legal form."""
    words = latin.split()
    changed = False
    for i, word in enumerate(words):
        if len(word) < 5 or word in LEGAL_WORDS:
            continue
        if not any(0 <= j < len(words) and words[j] in LEGAL_WORDS for j in (i - 1, i + 1)):
            continue
        for legal in LEGAL_WORDS_BY_LETTER.get(word[0], ()):
            budget = 1 if len(legal) < 8 else 2
            if abs(len(legal) - len(word)) <= budget and (
                OSA.distance(word, legal, score_cutoff=budget) <= budget
            ):
                words[i] = legal
                changed = True
                break
    return " ".join(words) if changed else latin


@lru_cache(maxsize=200_000)
def normalise_name(text: str, person: bool | None = None, vessel: bool = False) -> NameForm:
    """Normalise a name; ``person`` True/False/None = person / organisation / unknown;
    ``vessel`` also drops ship prefixes (MV, M/V, MT…)."""
    script = script_of(text)
    latin_text = to_latin(text, han_words=person is not True)
    if vessel:
        latin_text = remove_obj_prefixes(latin_text)
    # an abbreviation's apostrophe out (Int'l), or a hamza's in a person's name (SA'ID)
    latin_text = CONTRACTION.sub("", latin_text) if person is not True else join_hamza(latin_text)
    latin = " ".join(t for t in SPLIT.split(latin_text) if t)
    org_types: list[str] = []
    if person is not True:
        kept, org_types = _legal_forms_out(latin, vessel)
        corrected = _correct_legal_words(latin)
        if corrected != latin:  # a misspelt legal form: "Lijmited Liability Company"
            kept_c, org_types_c = _legal_forms_out(corrected, vessel)
            if len(org_types_c) > len(org_types):
                kept, org_types = kept_c, org_types_c
        if org_types:  # surely an organisation (whatever the schema): *Fund II Ltd*
            kept = orgterms.roman_numbers(kept)
        tokens = _numbers([ORG_NUMBER_WORDS.get(t, ABBREVIATIONS.get(t, t)) for t in kept])
        tokens = tokens or latin.split()
        if tokens[:2] == ["so", "called"] and len(tokens) > 2:
            tokens = tokens[2:]  # EU: So-called ‘Luhansk Guard’, a name the list disowns
        tokens = _business_english(tokens, pinyin=person is False or bool(org_types))
        tokens = orgterms.canonical_terms(tokens, org_types)  # Zavod / Plant, NPO…
    else:
        plain = remove_person_prefixes(latin).split()
        tokens = [t for t in plain if t not in PERSON_TITLES] or plain or latin.split()
        tokens = arabic.given_abd_first(text, tokens)
    # (the article written joined, الخفاجي, is read apart by arabic.romanise: a word of
    # Arabic script read "al…" otherwise begins with ain, علیرضا *Alireza*, علوش *Alouche*)
    tokens = arabic.arabic_words(tokens)
    return NameForm(
        original=text,
        tokens=tuple(tokens),
        keys=tuple(fold(t) for t in tokens),
        org_types=tuple(org_types),
        script=script,
    )


_LATIN_LETTERS = re.compile(r"[A-Za-z\u00c0-\u024f]+")
_OTHER_LETTERS = re.compile(r"[^\W\d_A-Za-z\u00c0-\u024f]+")


def _script_parts(text: str) -> list[str]:
    """A name written twice, in Latin and in its own script (*PAK Kwang Hun 박광훈*), as
    its two halves: words wholly in Latin letters (two at least) and words wholly in
    another script. [] for a name in one script, or with a word mixing both (Belarusian
    names typed with a Latin *i*: *Лiдзiя*)."""
    if not _OTHER_LETTERS.search(text) or not _LATIN_LETTERS.search(text):
        return []
    latin: list[str] = []
    other: list[str] = []
    for word in text.split():
        in_latin, in_other = _LATIN_LETTERS.search(word), _OTHER_LETTERS.search(word)
        if in_latin and in_other:
            return []
        if in_latin:
            latin.append(word)
        elif in_other:
            other.append(word)
    if len([w for w in latin if len(_LATIN_LETTERS.sub("", w)) < len(w) - 1]) < 2 or not other:
        return []
    return [" ".join(latin), " ".join(other)]


#: a bracketed variant of a name or of its word before it, and its note
_VARIANT_BRACKET = re.compile(r"\(([^()]*)\)")
_VARIANT_NOTE = re.compile(
    r"^\s*(?:a\.?\s?k\.?\s?a\.?|also(?: known as)?|alias|born|n[eé]e|formerly|f\.?k\.?a\.?)[\s:.,]+",
    re.IGNORECASE,
)


def bracket_variants(text: str) -> list[str]:
    """A name that carries its own variants in brackets, as the EU's journal prints
    persons: *Khalid (a.k.a. Khaled) QADDUR*, *Sergiy (Serhiy) Vadymovych ABISOV*,
    *Valentina Ivanova MATVIYENKO (born TYUTINA)*, *Yuriy SIVOKONENKO (a.k.a. Yury
    SYVOKONENKO)*. The name without the brackets, and per variant the name with the word
    before the bracket replaced (one word) or the variant alone (two words and more). A
    bracket without a note (a.k.a., born, née…) is a variant only when its one word is
    a spelling of the word before it (*Gamola (Hamola)*, not *OJSC (ROE)*); one with
    digits is a date or a place, not a name. [] when the name has no such bracket."""
    if "(" not in text:
        return []
    spans = list(_VARIANT_BRACKET.finditer(text))
    if not spans:
        return []
    base = _VARIANT_BRACKET.sub(" ", text)
    out: list[str] = []
    for m in spans:
        inner = m.group(1)
        note = _VARIANT_NOTE.match(inner)
        if any(ch.isdigit() for ch in inner):
            continue
        before = text[: m.start()].split()
        if not before:
            continue
        head, prev = " ".join(before[:-1]), before[-1]
        rest = _VARIANT_BRACKET.sub(" ", text[m.end() :])
        head = _VARIANT_BRACKET.sub(" ", head)
        for alt in re.split(r"[,;]| or ", inner[note.end() :] if note else inner):
            words = alt.split()
            if not words:
                continue
            if len(words) >= 2:
                if note:
                    out.append(" ".join(words))
            elif note or _spelling_of(words[0], prev):
                out.append(" ".join(f"{head} {words[0]} {rest}".split()))
    if not out:
        return []
    return [" ".join(base.split()), *out]


def _spelling_of(word: str, other: str) -> bool:
    """Whether two words are spellings of one name (a few letters apart, the same
    length give or take two): *Serhiy* / *Sergiy*, *Hamola* / *Gamola*."""
    a, b = word.casefold().strip(".,"), other.casefold().strip(".,")
    if len(a) < 3 or len(b) < 3 or abs(len(a) - len(b)) > 2:
        return False
    return OSA.distance(a, b) <= max(1, min(len(a), len(b)) // 3)


def readings(text: str) -> list[str]:
    """A name's other Latin readings where its script is romanised in more than one way
    in the lists (Hangul: Revised Romanisation beside the DPRK reading, :mod:`.korean`),
    and a name in Wade–Giles in pinyin (:mod:`.romanisations`); a name written in two
    scripts at once, each half. Each is normalised as a name of its own beside the main
    one."""
    parts = _script_parts(text)
    return (
        [*parts, *(r for part in parts for r in korean.readings(part))]
        or (
            korean.readings(text)
            + wade_giles_readings(text)
            + han_readings(text)
            + arabic.readings(text)
            + cyrillic.readings(text)
        )
    ) + (bracket_variants(text) or orgterms.other_parts(text))


GENERIC_KEYS = frozenset(fold(w) for w in GENERIC_WORDS)
#: weight of a generic organisation word (a rare name part weighs about 8 to 10)
GENERIC_WEIGHT = 3.0
#: the words of an organisation's kind (:data:`.orgterms.GENERIC`: *plant*, *design*,
#: *bureau*, *science*…) weigh less still: lists add, drop and translate them freely
KIND_KEYS = frozenset(fold(w) for w in orgterms.GENERIC)
KIND_WEIGHT = 1.5
#: the most a key of those words weighs in retrieval, whatever its rarity: the one table
#: that the list index and the stored portfolio index both apply
#: *Company* (and *Corporation*, *Co*, read as it, without a legal form): one name has it,
#: the other has a legal form instead, or nothing (*Irkut Corporation* / *Irkut
#: Corporation JSC*): it weighs least of all
COMPANY_WEIGHT = 1.0
WEIGHT_CAPS: dict[str, float] = {
    **dict.fromkeys(GENERIC_KEYS, GENERIC_WEIGHT),
    **{key: min(KIND_WEIGHT, GENERIC_WEIGHT if key in GENERIC_KEYS else KIND_WEIGHT)
       for key in KIND_KEYS},
    fold("company"): COMPANY_WEIGHT,
}  # fmt: skip
_GENERIC_BY_LETTER: dict[str, tuple[str, ...]] = {
    letter: tuple(sorted(w for w in GENERIC_WORDS | LEGAL_WORDS if w[0] == letter and len(w) >= 5))
    for letter in {w[0] for w in GENERIC_WORDS | LEGAL_WORDS}
}


@lru_cache(maxsize=50_000)
def misspelt_generic(token: str) -> bool:
    """Whether a word is, or is one typo off, a generic or legal-form word of five
    letters or more (*Truts* for *trust*, *Tradnig* for *trading*)."""
    if len(token) < 5:
        return False
    return any(
        abs(len(word) - len(token)) <= 1 and OSA.distance(token, word, score_cutoff=1) <= 1
        for word in _GENERIC_BY_LETTER.get(token[0], ())
    )


LEGAL_PHRASE_KEYS: tuple[tuple[tuple[str, ...], str], ...] = tuple(
    sorted(
        ((tuple(fold(w) for w in phrase.split()), kind) for phrase, kind in LEGAL_PHRASES),
        key=lambda item: -len(item[0]),
    )
)
_LEGAL_PHRASE_WORDS = tuple(phrase for phrase, _ in LEGAL_PHRASE_KEYS)
