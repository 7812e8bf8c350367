"""One Chinese or Korean name in another romanisation: an equivalence, not a typo.

Hong Kong, Taiwan, Singapore and Korean records spell East Asian names in systems
other than pinyin. :mod:`.eastasian` keeps two different family names from passing as
typos of each other; this module says when two spellings are *the same* name, so that
they pair as such (kind ``romanisation``) however many letters apart they are:

- :data:`SURNAMES`: each common family name's spellings in pinyin, Wade–Giles,
  Cantonese and Hokkien (黃 *Huang* / *Wong*, 張 *Zhang* / *Chang* / *Cheung*, 許 *Xu* /
  *Hsu* / *Hui*, 吳 *Wu* / *Ng*), and each Korean one's in Revised Romanisation,
  McCune–Reischauer and common use (김 *Kim* / *Gim*, 리 *Ri* / *Lee* / *Yi*, 박 *Park* /
  *Pak* / *Bak*). A spelling may stand for several names (*Wong* is 黃 *Huang*; 王
  *Wang* is not *Wong* here, so *Wong* and *Wang* stay two names). Two family names in
  the table whose rows differ are two names: never a typo.
- :func:`wade_giles_pinyin`: a Wade–Giles syllable or run of syllables (*Chih*,
  *Hsiao-ping* written *Hsiaoping*, *Tsai*) against the pinyin it writes (*Zhi*,
  *Xiaoping*, *Cai*). Only a word that is not pinyin itself counts as Wade–Giles:
  *Chang* may be either, and pinyin *Zhang* and *Chang* are two names.
- :func:`korean_variant`: a Korean syllable in Revised Romanisation against the
  DPRK/McCune–Reischauer spelling (*Jeong* / *Jong* / *Chong*, *Eun* / *Un*, *Cheol* /
  *Chol*, *Taek* / *Thaek*), when one of them shows a mark of one system (eo, eu, ae,
  wa, an aspirate written kh/th/ph) so that *Tom* and *Dom* stay two names.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tracewire.match.eastasian import PINYIN_SYLLABLES

#: one row per family name: its spellings (pinyin or Revised Romanisation first)
_SURNAMES = """
wang ong | huang wong hwang | zhang chang cheung cheong | li lee lei | liu lau lao low
chen chan tan chin | yang yeung yeong young | zhao chao chiu chew | wu ng goh
zhou chou chow chau | xu hsu hui tsui | sun suen | ma mah | zhu chu chue choo
guo kuo kwok | he ho | lin lam lim lum | gao kao ko koh | luo lo law loh
zheng cheng cheang tay teh | liang leung neo | xie hsieh tse chia sia | song sung soong
tang tong | han hon | feng fung fong | deng teng | cao tsao tso | peng pang phang
zeng tseng tsang | xiao hsiao siu | tian tien tin | dong tung | pan poon pun
yuan yuen | cai tsai choi choy chua | jiang chiang | yu yue yee | du tu to
ye yeh yip ip | cheng ching | wei wai ngai | su soo so | lu lo lou loh | ding ting
ren jen yam yim | shen sham shum sim | yao yiu | cui tsui chui | zhong chung
tan tam taam | fan faan | jin kam chin kum | shi shih sze | qin chin chun
kong hung kung | qiu chiu yau khoo | mai mak | mo mok | lei lui | long lung
duan tuen | xiong hsiung hung | hou hau | meng mang | qian chien chin | shao siu
kim gim | park pak bak | choi choe | jung jeong chung chong jong | kang gang
cho jo | yoon yun youn | jang chang | lim im rim | shin sin | seo suh so
kwon gwon | hwang whang | ahn an | yoo yu ryu | lee yi rhee ri i li | jeon jun chun chon jon
ko go koh | moon mun | son sohn | bae pae | baek paek paik | heo hur huh ho
noh roh ro no | kwak gwak | oh o | um eom om | hyun hyon hyeon | byun pyon byeon
sung seong song | joo ju chu | woo u | koo ku gu | ji chi | cheon chon chun
bang pang | yeom yom ryom | yeo yo ryo | seok sok | seol sol | gil kil | pyo phyo
myung myong myeong | ki gi | keum kum | yook yuk ryuk | tak thak | kook kuk
kyung kyong kyeong | bong pong | ryang yang | ryong yong | na ra | hyon hyun
hu | bai pai | mao mou | hao | lai | jia chia | yan yen | wen man | fu foo | fang fong
zou chau | xue hsueh sit | yin yan | gu ku koo | hong hung | kuang kwong | gong kung
"""
SURNAMES: tuple[tuple[str, ...], ...] = tuple(
    tuple(row.split()) for row in _SURNAMES.replace("\n", "|").split("|") if row.strip()
)
_ROWS: dict[str, frozenset[int]] = {}
for _n, _row in enumerate(SURNAMES):
    for _spelling in _row:
        _ROWS[_spelling] = _ROWS.get(_spelling, frozenset()) | {_n}


def same_surname(a: str, b: str) -> bool:
    """Whether two different words are spellings of one family name (:data:`SURNAMES`).
    Two pinyin syllables never are: pinyin tells *Wei* from *Wai*, *Yi* from *Ri* and
    *Zhang* from *Chang*, which stay a typo apart at most."""
    ra, rb = _ROWS.get(a), _ROWS.get(b)
    if a == b or ra is None or rb is None or ra.isdisjoint(rb):
        return False
    return not (a in PINYIN_SYLLABLES and b in PINYIN_SYLLABLES)


def other_surnames(a: str, b: str) -> bool:
    """Whether two words are spellings of two different family names in the table
    (*Wong* / *Wang*, *Kim* / *Jin*): another name, never a typo."""
    ra, rb = _ROWS.get(a), _ROWS.get(b)
    return ra is not None and rb is not None and ra.isdisjoint(rb)


# -- Wade–Giles ------------------------------------------------------------------------------
_PY_INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j",
                "q", "x", "r", "z", "c", "s", "y", "w")  # fmt: skip
_WG_INITIAL = {
    "b": "p", "p": "p", "m": "m", "f": "f", "d": "t", "t": "t", "n": "n", "l": "l", "g": "k",
    "k": "k", "h": "h", "j": "ch", "q": "ch", "x": "hs", "zh": "ch", "ch": "ch", "sh": "sh",
    "r": "j", "z": "ts", "c": "ts", "s": "s", "y": "y", "w": "w", "": "",
}  # fmt: skip


@lru_cache(maxsize=2048)
def wade_giles(syllable: str) -> str:
    """A pinyin syllable in Wade–Giles as lists print it (no apostrophes or umlauts)."""
    initial = next((i for i in _PY_INITIALS if syllable.startswith(i)), "")
    final = syllable[len(initial) :]
    if final == "i" and initial in ("zh", "ch", "sh", "r"):
        final = "ih"
    elif final == "i" and initial in ("z", "c", "s"):
        return "ssu" if initial == "s" else "tzu"
    elif final in ("ong", "iong"):
        final = final[:-3] + "ung"
    elif final == "ian" or (initial == "y" and final == "an"):
        final = final[:-2] + "en"
    elif final in ("ie", "ue", "ve") or (initial == "y" and final == "e"):
        final = final.replace("v", "u") + "h"
    elif (final == "e" and initial in ("g", "k", "h")) or (
        final == "uo" and initial in ("d", "t", "n", "l", "z", "c", "s")
    ):
        final = "o"  # ge → ko, duo → to
    elif final == "ui" and initial in ("g", "k"):
        final = "uei"
    elif final == "er":
        final = "erh"
    elif initial == "y" and final == "i":
        return "i"
    elif initial == "y" and final == "ou":
        return "yu"
    final = final.replace("v", "u")
    return _WG_INITIAL[initial] + final


WADE_GILES_SYLLABLES = frozenset(wade_giles(s) for s in PINYIN_SYLLABLES) | {"szu", "tse"}


def _segment(token: str, syllables: frozenset[str]) -> tuple[str, ...] | None:
    """``token`` as a run of ``syllables`` (fewest first), or None."""
    best: list[tuple[str, ...] | None] = [()] + [None] * len(token)
    for end in range(1, len(token) + 1):
        for start in range(max(0, end - 6), end):
            prev = best[start]
            if prev is not None and token[start:end] in syllables:
                cand = (*prev, token[start:end])
                if best[end] is None or len(cand) < len(best[end] or ()):
                    best[end] = cand
    return best[len(token)]


@lru_cache(maxsize=50_000)
def _wade_giles_key(token: str) -> tuple[str | None, bool]:
    """The Wade–Giles spelling of a pinyin word (None: not pinyin), and whether the word
    is Wade–Giles that is no pinyin."""
    pinyin = _segment(token, PINYIN_SYLLABLES) if len(token) <= 18 else None
    if pinyin is not None:
        return "".join(wade_giles(s) for s in pinyin), False
    return None, len(token) <= 18 and _segment(token, WADE_GILES_SYLLABLES) is not None


_REVERSE: dict[str, list[str]] = {}
for _syllable in sorted(PINYIN_SYLLABLES):
    _REVERSE.setdefault(wade_giles(_syllable), []).append(_syllable)
_ASPIRATED = ("p", "t", "k", "c", "ch", "q")


def _pinyin_of(syllable: str, aspirated: bool) -> str:
    """The pinyin a Wade–Giles syllable most likely writes (its apostrophe lost: the
    unaspirated reading, or with ``aspirated`` the aspirated one where there is one)."""
    options = _REVERSE.get(syllable) or [syllable]
    for option in options:
        initial = next((i for i in _PY_INITIALS if option.startswith(i)), "")
        if (initial in _ASPIRATED) == aspirated:
            return option
    return options[0]


_WORDS = re.compile(r"[a-z]+")
_OTHER_SCRIPT = re.compile(r"[^\W\d_A-Za-z\u00c0-\u024f]")


def wade_giles_readings(text: str) -> list[str]:
    """A name in Wade–Giles (every word Chinese syllables, one at least no pinyin) in
    pinyin: the unaspirated reading of each syllable and the aspirated one (lists drop
    the apostrophe that tells them apart: *Chih* is *zhi* or *chi*)."""
    if _OTHER_SCRIPT.search(text):
        return []  # Лiдзiя: a Cyrillic name typed with a Latin i is no Wade–Giles
    words = _WORDS.findall(text.lower())
    if len(words) < 2 or len(words) > 5:
        return []
    keys = [_wade_giles_key(w) for w in words]
    if not any(wg for _key, wg in keys) or not all(k is not None or wg for k, wg in keys):
        return []
    out = []
    for aspirated in (False, True):
        reading = []
        for word in words:  # a Wade–Giles name: every word that reads as Wade–Giles
            syllables = _segment(word, WADE_GILES_SYLLABLES)
            if syllables is not None:
                word = "".join(_pinyin_of(s, aspirated) for s in syllables)
            reading.append(word)
        if " ".join(reading) not in out:
            out.append(" ".join(reading))
    return out


def wade_giles_pinyin(a: str, b: str) -> bool:
    """Whether one word is Wade–Giles (and no pinyin) for the pinyin of the other."""
    ka, wa = _wade_giles_key(a)
    if ka is None and not wa:
        return False  # neither pinyin nor Wade–Giles: no Chinese word
    kb, wb = _wade_giles_key(b)
    return (wa and kb == a) or (wb and ka == b)


# -- Korean ----------------------------------------------------------------------------------
_KOREAN = re.compile(
    r"(?:(?:kk|tt|pp|ss|jj|ch|kh|th|ph|g|k|n|d|t|r|l|m|b|p|s|j|h)?"
    r"(?:yae|wae|yeo|weo|ae|ya|eo|ye|wa|oe|yo|wo|we|wi|yu|eu|ui|a|e|o|u|i)"
    r"(?:ng|k|n|t|l|m|p)?){1,3}"
)
_KOREAN_KEY = (("yeo", "yo"), ("weo", "wo"), ("eo", "o"), ("eu", "u"), ("kh", "k"), ("th", "t"),
               ("ph", "p"), ("ch", "j"), ("g", "k"), ("d", "t"), ("b", "p"))  # fmt: skip
_MARK = re.compile("eo|eu|ae|wa|kh|th|ph")


@lru_cache(maxsize=50_000)
def _korean_key(token: str) -> str | None:
    if len(token) > 12 or _KOREAN.fullmatch(token) is None:
        return None
    for old, new in _KOREAN_KEY:
        token = token.replace(old, new)
    return token


#: a Korean word's consonants as romanisations write them, in order
_CONSONANTS = re.compile(r"kk|tt|pp|ss|jj|ch|kh|th|ph|[gkndtrlmbpsjh]")
#: Revised Romanisation's plain stops (ㄱ ㄷ ㅂ), and the aspirated ones spelt with h (ㅋ ㅌ
#: ㅍ): never one consonant (*k*, *t*, *p* may write either)
_PLAIN_STOPS = frozenset("gdb")
_ASPIRATED_STOPS = frozenset({"kh", "th", "ph"})


def _aspiration_apart(a: str, b: str) -> bool:
    """Whether two words with one Korean key write a plain stop where the other writes an
    aspirated one (*d* / *th*: 대 / 태), so are two syllables, or no Korean at all
    (*Kathem* / *Khadem*, two Arabic names)."""
    ca, cb = _CONSONANTS.findall(a), _CONSONANTS.findall(b)
    if len(ca) != len(cb):
        return False
    return any(
        (x in _PLAIN_STOPS and y in _ASPIRATED_STOPS)
        or (x in _ASPIRATED_STOPS and y in _PLAIN_STOPS)
        for x, y in zip(ca, cb, strict=True)
    )


def korean_variant(a: str, b: str) -> bool:
    """Whether two different words are one Korean syllable (or run of them) in Revised
    Romanisation and McCune–Reischauer (DPRK) spellings (see the module docstring)."""
    if a == b or abs(len(a) - len(b)) > 3:
        return False
    if _MARK.search(a) is None and _MARK.search(b) is None:
        return False
    key = _korean_key(a)
    if key is None or key != _korean_key(b) or _aspiration_apart(a, b):
        return False
    # two pinyin words are Chinese names, where b/p, d/t and g/k differ
    return _wade_giles_key(a)[0] is None or _wade_giles_key(b)[0] is None


def same_name(a: str, b: str) -> bool:
    """Whether two different words are one East Asian name in two romanisations."""
    if a in _ROWS and b in _ROWS:
        return same_surname(a, b)
    return wade_giles_pinyin(a, b) or korean_variant(a, b)
