"""Korean names in Hangul as the lists print them in Latin letters.

A Hangul syllable is an initial consonant, a vowel and an optional final consonant,
and Unicode spells it out arithmetically (U+AC00 + (initial × 21 + vowel) × 28 +
final), so a romanisation is a table of 19 initials, 21 vowels and 27 finals. Two
systems are in use and the lists print both:

- **McCune–Reischauer as the DPRK writes it** (no breves or apostrophes: 정 *jong*,
  철 *chol*, 택 *thaek*): the UN and OFAC entries for DPRK persons (*KIM Jong Un*,
  *CHOE Ryong Hae*, *JANG Song Thaek*, *RI Yong Ho*);
- **Revised Romanisation** (2000, South Korea: 정 *jeong*, 철 *cheol*, 택 *taek*).

A name is romanised syllable by syllable, each syllable a word (*Kim Jong Un*; lists
that write *Jong-un* or *Jongun* meet it through the hyphen split and the joined-words
check). The family name, the first syllable of a name of two to four syllables (or a
known two-syllable family name), is written as lists spell family names (김 *Kim*,
박 *Pak*, 최 *Choe*, 리/이 *Ri*), since neither system's strict reading (*Gim*, *Bak*)
is how a person's name is printed; the other spellings of the same family name (*Park*,
*Choi*, *Lee*, *Yi*) meet through :mod:`tracewire.match.eastasian`'s family-name groups.

:func:`hangul_to_latin` gives the DPRK reading (the main one); :func:`readings` gives
every reading of a name that has Hangul (the Revised Romanisation one too).
"""

from __future__ import annotations

import re

HANGUL = re.compile(r"[\uac00-\ud7a3]+")
_BASE = 0xAC00

#: initials: (DPRK/McCune–Reischauer, Revised Romanisation)
INITIALS = (
    ("k", "g"), ("kk", "kk"), ("n", "n"), ("t", "d"), ("tt", "tt"), ("r", "r"), ("m", "m"),
    ("p", "b"), ("pp", "pp"), ("s", "s"), ("ss", "ss"), ("", ""), ("j", "j"), ("jj", "jj"),
    ("ch", "ch"), ("kh", "k"), ("th", "t"), ("ph", "p"), ("h", "h"),
)  # fmt: skip
#: vowels: (DPRK/McCune–Reischauer, Revised Romanisation)
VOWELS = (
    ("a", "a"), ("ae", "ae"), ("ya", "ya"), ("yae", "yae"), ("o", "eo"), ("e", "e"),
    ("yo", "yeo"), ("ye", "ye"), ("o", "o"), ("wa", "wa"), ("wae", "wae"), ("oe", "oe"),
    ("yo", "yo"), ("u", "u"), ("wo", "wo"), ("we", "we"), ("wi", "wi"), ("yu", "yu"),
    ("u", "eu"), ("ui", "ui"), ("i", "i"),
)  # fmt: skip
#: finals as a syllable of a name ends (the same in both systems)
FINALS = (
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p",
    "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t",
)  # fmt: skip

#: family names as lists print them (the first spelling; DPRK use where it differs)
FAMILY_NAMES: dict[str, str] = {
    "김": "kim", "이": "ri", "리": "ri", "박": "pak", "최": "choe", "정": "jong", "강": "kang",
    "조": "jo", "윤": "yun", "장": "jang", "임": "rim", "림": "rim", "한": "han", "오": "o",
    "서": "so", "신": "sin", "권": "kwon", "황": "hwang", "안": "an", "송": "song",
    "류": "ryu", "유": "yu", "홍": "hong", "전": "jon", "고": "ko", "문": "mun", "양": "yang",
    "량": "ryang", "손": "son", "배": "pae", "백": "paek", "허": "ho", "노": "ro", "로": "ro",
    "남": "nam", "심": "sim", "하": "ha", "곽": "kwak", "성": "song", "차": "cha", "주": "ju",
    "우": "u", "구": "ku", "민": "min", "나": "ra", "라": "ra", "진": "jin", "지": "ji",
    "엄": "om", "채": "chae", "원": "won", "천": "chon", "방": "pang", "공": "kong",
    "현": "hyon", "함": "ham", "변": "pyon", "염": "yom", "렴": "ryom", "여": "yo",
    "려": "ryo", "추": "chu", "도": "to", "소": "so", "석": "sok", "선": "son", "설": "sol",
    "마": "ma", "길": "kil", "연": "yon", "련": "ryon", "위": "wi", "표": "phyo",
    "명": "myong", "기": "ki", "반": "pan", "왕": "wang", "금": "kum", "옥": "ok",
    "육": "yuk", "륙": "ryuk", "인": "in", "맹": "maeng", "제": "je", "모": "mo", "탁": "thak",
    "국": "kuk", "어": "o", "은": "un", "편": "phyon", "용": "yong", "룡": "ryong",
    "예": "ye", "경": "kyong", "봉": "pong", "사": "sa", "부": "pu", "태": "thae",
    "계": "kye", "피": "phi", "승": "sung", "동": "tong", "두": "tu", "팽": "phaeng",
}  # fmt: skip
#: family names of two syllables
DOUBLE_FAMILY_NAMES: dict[str, str] = {
    "남궁": "namgung", "황보": "hwangbo", "제갈": "jegal", "선우": "sonu", "독고": "tokko",
    "사공": "sagong", "서문": "somun", "동방": "tongbang",
}  # fmt: skip


def syllable(ch: str, revised: bool = False) -> str:
    """One Hangul syllable in Latin letters (DPRK/McCune–Reischauer, or ``revised``)."""
    code = ord(ch) - _BASE
    if not 0 <= code < 11172:
        return ch
    initial, rest = divmod(code, 588)
    vowel, final = divmod(rest, 28)
    system = 1 if revised else 0
    return INITIALS[initial][system] + VOWELS[vowel][system] + FINALS[final]


#: business words of DPRK organisation names → the English the lists print
TERMS: dict[str, str] = {
    "조선": "korea", "무역": "trading", "회사": "corporation", "총회사": "general corporation",
    "국제": "international", "전람사": "exhibition corporation", "은행": "bank",
    "개발": "development", "광업": "mining", "기술": "technology", "합영": "joint venture",
    "련합": "united", "연합": "united", "해운": "shipping", "공업": "industrial",
    "중앙": "central", "위원회": "committee", "총국": "general bureau", "대외": "foreign",
    "경제": "economic", "협력": "cooperation", "과학": "science", "연구소": "research institute",
    "그룹": "group", "공사": "company", "상사": "trading company", "무역은행": "trade bank",
    "해운회사": "shipping company", "선박": "shipping", "무역국": "trading bureau",
    "보험": "insurance", "대학": "university", "수출입": "export import", "합작": "joint venture",
}  # fmt: skip
_LONGEST = max(len(t) for t in TERMS)
#: consonants a DPRK/McCune–Reischauer reading voices inside a word (between voiced sounds)
_VOICED = {"k": "g", "t": "d", "p": "b", "ch": "j"}


def _joined(run: str) -> str:
    """A run of syllables as one word, inside consonants voiced as the DPRK writes them
    (릉라도 *Rungrado*, 합장강 *Hapjanggang*)."""
    out = ""
    for ch in run:
        part = syllable(ch)
        if out and out[-1] in "aeioulmn" or out.endswith("ng"):
            for plain, voiced in _VOICED.items():
                if part.startswith(plain) and not part.startswith(plain + "h"):
                    part = voiced + part[len(plain) :]
                    break
        out += part
    return out


def _organisation(word: str) -> list[str] | None:
    """An organisation's name in Hangul as the lists print it: business words in English,
    the rest one word each (None: no business word in it)."""
    out: list[str] = []
    rest = ""
    i = 0
    while i < len(word):
        for size in range(min(_LONGEST, len(word) - i), 1, -1):
            if word[i : i + size] in TERMS:
                if rest:
                    out.append(_joined(rest))
                    rest = ""
                out.extend(TERMS[word[i : i + size]].split())
                i += size
                break
        else:
            rest += word[i]
            i += 1
    if rest:
        out.append(_joined(rest))
    return out if len(out) > 1 or (out and word in TERMS) else None


def _word(word: str, revised: bool) -> list[str]:
    """A run of Hangul as Latin words: the family name, then each syllable apart (an
    organisation's name: its business words in English, :func:`_organisation`)."""
    organisation = _organisation(word) if len(word) >= 4 else None
    if organisation is not None:
        return organisation
    head = ""
    if 3 <= len(word) <= 5 and word[:2] in DOUBLE_FAMILY_NAMES:
        head, word = DOUBLE_FAMILY_NAMES[word[:2]], word[2:]
    elif 2 <= len(word) <= 4 and word[0] in FAMILY_NAMES:
        head, word = FAMILY_NAMES[word[0]], word[1:]
    return ([head] if head else []) + [syllable(ch, revised) for ch in word]


def hangul_to_latin(text: str, revised: bool = False) -> str:
    """``text`` with each run of Hangul romanised a syllable a word (family name as lists
    spell it); any other letters are left as they are."""
    return HANGUL.sub(lambda m: " " + " ".join(_word(m.group(0), revised)) + " ", text)


def has_hangul(text: str) -> bool:
    return HANGUL.search(text) is not None


def readings(text: str) -> list[str]:
    """The Latin readings of a name with Hangul beyond the main (DPRK) one: the Revised
    Romanisation's (when it differs)."""
    if not has_hangul(text):
        return []
    main = hangul_to_latin(text).strip()
    revised = hangul_to_latin(text, revised=True).strip()
    return [revised] if revised != main else []
