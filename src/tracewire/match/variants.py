"""Two real names a typo budget would pair, that are different names, not one misspelt.

A typo budget measured in edits cannot tell *Alexandra* from a misspelt *Alexander*: one
letter apart, yet a woman's and a man's name. Three patterns of the world's names say
that two words within the budget are two names (:func:`other_name`):

- **Another ending.** The final vowel of a name carries its gender or its grammar
  (*Alexandra* / *Aleksandr*, *Karima* / *Karimi*, *Habiba* / *Habib*, *Viktoriya* /
  *Viktor*): two words whose last letters are of different kinds (a consonant, *a*, *e*,
  *i*/*y*, *o*, *u*; a silent final *h* dropped, Persian *-eh* as *-a*) are two names, unless they are the two genders of one Slavic family
  name (*Petrov* / *Petrova*, *Kuznetsov* / *Kuznetsova*, *Sokolovsky* / *Sokolovskaya*),
  which is the same family name. This holds when the query word is longer than the list
  word and ends in *a* (a typist drops letters more often than he adds them after the
  last one; *Hasnaa* / *Hasan*, *Sherifa* / *Sherif*), and when it is a word of some
  listed name (*Karima* / *Karimi*), unless one word is the other and a last letter
  other than a feminine *a* (*Inja* / *Injai* and *Qadhaf* / *Qadhafi* may be typos or
  a shortened spelling; *Aleksandr* / *Aleksandra* is another name).
- **Another consonant.** Romanisations of one name differ in vowels (*Tareq* / *Tariq*,
  *Vorobyov* / *Vorobev*) and in letters that stand for one sound (*Abdulqader* /
  *Abdelkader*); a name some list carries that differs from the list word by another
  consonant in place of one is another name (*Halim* / *Hakim*, *Amir* / *Jamil*, *Sonia*
  / *Sofia*); a consonant dropped or added may be a slip (*Abul* / *Abdul*). A word no
  list carries is most likely misspelt and keeps the typo budget.
- **Other pinyin syllables.** A Chinese given name is a string of pinyin syllables:
  *Yichen* is *yi-chen*, not a misspelt *Chen*, and *Haoyu* is not *Hao*. Two words that
  both read as pinyin syllables (one of them at least two) and never as many are two
  names (one syllable against another: :mod:`tracewire.match.eastasian`). So are two
  syllables of Hong Kong's Cantonese romanisation (*Shing* / *Sang*, *Wing* / *Wang*).
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import OSA

from tracewire.match.arabic import SPELLINGS
from tracewire.match.eastasian import PINYIN_SYLLABLES, cantonese_apart
from tracewire.match.normalise import fold

VOWELS = frozenset("aeiou")
#: letters that stand for one sound across romanisations (fold keys: ch/sh/kh folded)
#: and two romanisations of one letter: k / g (Wade–Giles Kuo, pinyin Guo), c / h and
#: k / h (Cyrillic х as ch or kh: Michail / Mikhail / Mikail)
SOUND_ALIKE = ("ckq", "csz", "gh", "kh", "ch", "gk", "dt", "bp", "fv")
_ALIKE = frozenset((a, b) for group in SOUND_ALIKE for a in group for b in group)
#: Slavic family-name stems whose feminine form adds "a" (Petrov / Petrova)
SLAVIC_STEMS = ("ov", "ev", "in", "yn")
WRITTEN_VOWELS = frozenset("aeiouy")


def ending(key: str) -> str:
    """The kind of a fold key's last letter: ``a``, ``e``, ``i``, ``o``, ``u`` or ``C`` (a
    consonant). A final *h* after a vowel is silent (*Abdallah* / *Abdalla*), and *-eh*
    is Persian for Arabic *-a* (*Akhundzadeh* / *Akhundzada*)."""
    written = key
    if len(key) > 2 and key[-1] == "h" and key[-2] in VOWELS:
        key = key[:-1]
    last = key[-1]
    if last == "a" or (last == "e" and key != written):
        return "a"  # -a, -ah, -eh: Akhundzada / Akhundzadeh
    if last == "e":
        return "e"
    if last in "iy":
        return "i"
    if last in "ou":
        return last
    return "C"


def slavic_genders(a: str, b: str) -> bool:
    """Whether two fold keys are the masculine and feminine forms of one Slavic family
    name: *petrov* / *petrova*, *sokolovski* / *sokolovskaa* (fold of *-skaya*)."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if long_ == short + "a" and short.endswith(SLAVIC_STEMS):
        return True
    for masc in ("ski", "sky", "skii", "skiy"):
        if short.endswith(masc):
            stem = short[: -len(masc)]
            return long_ in (stem + "ska", stem + "skaa", stem + "skaia")
    return False


def consonants(key: str) -> str:
    """A fold key's consonants in order (a final silent *h* dropped)."""
    out = "".join(ch for ch in key if ch not in VOWELS and ch != "y")
    if len(out) > 1 and key.endswith("h") and key[-2:-1] in VOWELS:
        out = out[:-1]
    return out


def _alike(a: str, b: str) -> bool:
    return len(a) == len(b) and all(x == y or (x, y) in _ALIKE for x, y in zip(a, b, strict=True))


def same_consonants(a: str, b: str) -> bool:
    """Whether two fold keys have the same consonants, up to sound-alike letters, or one
    consonant more or less, the others kept (a letter dropped or added is a typist's
    slip: *Abul* / *Abdul*); another consonant in its place is another name (*Halim* /
    *Hakim*, *Maryam* / *Marwan*: one more and one other)."""
    ca, cb = consonants(a), consonants(b)
    if len(ca) == len(cb):
        return _alike(ca, cb)
    short, long_ = (ca, cb) if len(ca) < len(cb) else (cb, ca)
    if len(long_) - len(short) > 1:
        return True  # letters dropped: left to the typo budget
    return any(_alike(short, long_[:k] + long_[k + 1 :]) for k in range(len(long_)))


@lru_cache(maxsize=20_000)
def pinyin_readings(word: str) -> tuple[tuple[str, ...], ...]:
    """Every way to read ``word`` as pinyin syllables (none when it is not pinyin). Only
    the first syllable may start with a vowel (*anqi*, not *ma-ri-a*)."""
    if not word:
        return ((),)
    out: list[tuple[str, ...]] = []
    for size in range(1, min(6, len(word)) + 1):
        head = word[:size]
        if head in PINYIN_SYLLABLES:
            for rest in pinyin_readings(word[size:]):
                if rest and rest[0][0] in VOWELS:
                    continue
                out.append((head, *rest))
    return tuple(out)


def other_syllables(a: str, b: str) -> bool:
    """Whether two words written in pinyin (one of at least two syllables) are other
    names: no reading of one has as many syllables as a reading of the other (*yi-chen*
    / *chen*). Words of as many syllables are left to the typo budget: many short
    Western and Arabic names read as pinyin too (*li-na*, *le-na*)."""
    ra, rb = pinyin_readings(a), pinyin_readings(b)
    if not ra or not rb or (max(map(len, ra)) < 2 and max(map(len, rb)) < 2):
        return False
    return not {len(x) for x in ra} & {len(y) for y in rb}


#: a short name: at most this many letters as written (*Shahd*, *Nura*, *Amir*)
SHORT_NAME = 5


def short_names_apart(qt: str, ct: str, known: bool) -> bool:
    """Whether two short names (the shorter at most :data:`SHORT_NAME` letters as
    written) that the typo budget pairs are two names. A short name's fold key is a few
    letters (*Sayed* → *saed*, *Naya* → *naa*, *Eisha* → *eisa*) that a second name meets
    within one edit, so a short name is held to the letters as written:

    - more than one edit as written is another name (*Shahd* / *Sayed*, *Eisha* / *Essa*,
      *Ammar* / *Umar*, *Hur* / *Khudr*), whatever the fold keys say, unless the query
      word is no listed word, its first letter kept and two typing slips apart
      (*Haash* / *Hasan*; not *Hussa* / *Musa*);
    - a last letter more that turns a consonant ending into a vowel one or back, to a
      query word that is a listed name (``known``; *Fatim* is a misspelt *Fatima*), is
      another name (a nisba: *Amir* / *Amiri*, *Nur* / *Nuri*; a feminine *a* before
      *n*: *Marwa* / *Marwan*); a vowel for a vowel stays a typo (*Inja* / *Injai*);
    - a final *a* for another vowel is another name (*Amira* / *Amiri*, *Maria* /
      *Mario*), not the typist's slip of a neighbouring key.
    """
    if min(len(qt), len(ct)) > SHORT_NAME:
        return False
    lq, lc = _letters(qt), _letters(ct)
    if OSA.distance(lq, lc, score_cutoff=2) > 1:
        # a query word no list carries may be misspelt by typing slips (Haash / Hasan)
        return known or qt[0] != ct[0] or not _typed_slips(qt, ct)
    extra = _last_letter_more(qt, ct)
    if extra is not None and known:
        shorter = qt if len(qt) < len(ct) else ct
        if extra not in WRITTEN_VOWELS and len(shorter) < 4:
            return False  # a consonant dropped from a short word: Kha / Khan
        return (extra in WRITTEN_VOWELS) != (shorter[-1] in WRITTEN_VOWELS)
    if len(qt) == len(ct) and qt[:-1] == ct[:-1] and "a" in (qt[-1], ct[-1]):
        return qt[-1] in WRITTEN_VOWELS and ct[-1] in WRITTEN_VOWELS
    return False


#: the article after Abd as joined spellings write it (*Abdelkader*, *Abdulqader*,
#: assimilated: *Abdurrahman*)
_ABD_ARTICLE = re.compile(r"^[aeiou](?:l|(?=([dnrstz])\1))(?=\w{3})")


def _abd_name(token: str) -> str:
    """The consonants of the name after *Abd* in a joined word (*abdulqader* → *kdr*)."""
    rest = _ABD_ARTICLE.sub("", token[3:]) or token[3:]
    rest = re.sub(r"(.)\1", r"\1", rest.replace("q", "k"))
    return rest[:1] + re.sub(r"[aeiouy]", "", rest[1:])


@lru_cache(maxsize=1 << 16)
def other_name(qt: str, qk: str, ct: str, ck: str, known: bool) -> bool:
    """Whether a query word (``qt``, fold key ``qk``) and a list word of a person's name,
    different yet within the typo budget, are two different names (see the module).
    ``known``: the query word is a word of some listed name."""
    if qt[:3] == ct[:3] == "abd" and min(len(qt), len(ct)) > 5 and not SPELLINGS.keys() & {qt, ct}:
        # two Abd compounds (.arabic.arabic_words) are one name only when the names
        # after Abd are: Abd al-Khaliq / Abd al-Malik (khlk / mlk) are two
        q_rest, c_rest = _abd_name(qt), _abd_name(ct)
        return q_rest[:1] != c_rest[:1] or OSA.distance(q_rest, c_rest, score_cutoff=2) > 1
    if known and qt not in SPELLINGS and _fold_broken(qt, qk, ct, ck):
        known = False  # the query word is a listed one only by its slip: Yshya (key isa)
    if other_syllables(qt, ct) or cantonese_apart(qt, ct) or short_names_apart(qt, ct, known):
        return True
    end_q, end_c = ending(qk), ending(ck)
    if end_q != end_c and not slavic_genders(qk, ck):
        # the query ends in a vowel as written (not a silent h: Salenh / Saleh is a typo)
        vowel_end = qt[-1] in WRITTEN_VOWELS
        if end_q == "a" and vowel_end and (len(qk) > len(ck) or len(qt) > len(ct)):
            return True  # a feminine -a added: Sherifa / Sherif, Hasnaa / Hasan
        # one word's last letter more is a typo (Inja / Injai) or a shortened spelling
        # (a nisba -i: Qadhaf / Qadhafi), but not a feminine -a (Aleksandr / Aleksandra)
        # (asked of the words as written too: a shared key of a common name's spellings
        # may fold the full word and not its shortened one: Qadhafi / Qadhaf)
        extra = _last_letter_more(qk, ck) or _last_letter_more(qt, ct)
        if known and (extra is None or extra == "a"):
            return True
    return known and not same_consonants(qk, ck)


#: Cyrillic iotated vowels after a consonant as romanisations write them (Артём:
#: *Artyom*, *Artem*); not a first *j* or a *y* after a vowel (*Jama*, *Sayed*)
_IOTATED = re.compile(r"(?<=[b-df-hj-np-tv-z])(?:[yj]|i(?=[aou]))(?=[aeiou])")


#: two letters for one sound, one letter as written (*Vukic* / *Vuchic*: one edit)
_DIGRAPHS = re.compile(r"[cdgkstz]h")


def _letters(word: str) -> str:
    """A word's letters for counting edits: Cyrillic iotated vowels after a consonant
    dropped, a digraph one letter."""
    return _DIGRAPHS.sub(lambda m: m.group(0)[0].upper(), _IOTATED.sub("", word))


def _fold_broken(qt: str, qk: str, ct: str, ck: str) -> bool:
    """Whether a typing slip broke the query word's fold: the words as written are one
    slip apart (:func:`~tracewire.match.names.within_slips`), their fold keys two edits
    or more (*Yshya* / *Yahya*: keys *isa* / *aha*; *Mohsem* / *Mohsen*: *mohsem* /
    *muhsin*, the common name's one spelling). A query key that some list holds then
    says nothing of the word being a real name (asked only of a query word that is no
    spelling of a common Arabic name: *Nour* / *Noure*, *nur* / *noure*, are two)."""
    from tracewire.match.names import within_slips  # names builds on this module

    return OSA.distance(qk, ck, score_cutoff=2) > 1 and within_slips(qt, ct, 1, typed_only=True)


def _typed_slips(a: str, b: str) -> bool:
    """Whether two words are at most two typing slips apart (a key next to the right
    one, a letter dropped, added or swapped: :func:`~tracewire.match.names.within_slips`)."""
    from tracewire.match.names import within_slips  # names builds on this module

    return within_slips(a, b, 2, typed_only=True)


def other_ending(a: str, b: str) -> bool:
    """Whether a Latin name word and an Arabic-script one read letter by letter (their
    consonant skeletons alike) end differently: Arabic script writes a final long vowel
    and a ta marbuta, so a final *a* against a consonant is another name (*Salma* /
    سالم *Salem*, *Hamid* / حميدة *Hamida*), and so is a consonant against a final ي (a
    nisba: *Amir* / عامري *Amiri*). A final *a* against ي stays (ى, alif maqsura, is
    read as ي: *Layla* / ليلى)."""
    kinds = {_end_kind(a), _end_kind(b)}
    if kinds == {"a", "C"}:
        # a ta marbuta may be written h after a consonant (*Shibh* / الشيبة)
        return not (a.endswith("h") or b.endswith("h"))
    return kinds == {"C", "i"}


def _end_kind(word: str) -> str:
    kind = ending(word)
    return "i" if kind == "i" else "a" if kind == "a" else "C" if kind == "C" else "v"


def _last_letter_more(a: str, b: str) -> str | None:
    """The letter that the longer of two words has more at its end, when it is the other
    word plus one letter; else None."""
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    return longer[-1] if longer == shorter + longer[-1] else None


def skeleton_typo(a: str, b: str) -> bool:
    """Whether two consonant skeletons (a name in Arabic or Hebrew script against one in
    Latin letters, :func:`~tracewire.match.normalise.skeleton`) may be one name misspelt:
    equal but for a leading vowel (*umr* / *mr*), or of three letters and more, one edit
    apart with the first letter kept. A skeleton is a name's few consonants: *amr* /
    *smr* and *mhmd* / *ahmd* are other names."""
    if a[:3] == b[:3] == "abd" and len(a) > 3 and len(b) > 3:
        return skeleton_typo(a[3:], b[3:])  # Abd al-Khaliq / Abd al-Malik: the name after Abd
    # a leading vowel is an alif or an ain, which romanisations write or leave out; a
    # short skeleton must agree on it (*Mary* / عماري *Ammari*: *mr* / *amr*)
    vowel_a, vowel_b = a[:1] in VOWELS, b[:1] in VOWELS
    a, b = a.lstrip("aeiou"), b.lstrip("aeiou")
    if vowel_a != vowel_b and min(len(a), len(b)) < 3:
        return False
    if a == b:
        return True
    if len(a) < 3 or len(b) < 3 or a[0] != b[0]:
        return False
    return OSA.distance(a, b, score_cutoff=1) <= 1


@lru_cache(maxsize=20_000)
def x_for_kh(a: str, b: str) -> bool:
    """Whether two words are one name with Cyrillic х written *x* in one (GOST 7.79 and
    ISO 9 romanise х as *x*) and *kh* or *h* in the other: *Xodakovsky* / *Khodakovsky*,
    *Xoczenko* / *Khotsenko*. Latin *x* is *ks* elsewhere (*Alexander*, *Maxim*)."""
    if "x" in b:
        a, b = b, a
    if "x" not in a or "x" in b or "h" not in b:
        return False
    return fold(a.replace("x", "kh")) == fold(b)
