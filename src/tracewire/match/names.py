"""Name similarity: align the parts of two names and weigh them by rarity.

Every token of the query name is paired with at most one token of the list name (best
pairs first). A pair scores 1.0 when the tokens are equal, 0.95 when only their
romanisation differs (equal fold keys), a little less for a typo within a plausible
number of edits, and 0.7 for an initial against a name. Typos (:func:`token_similarity`):
edits by word length (a swap of two letters is one), a second edit only where the first
letter is kept and every edit is a slip a typist or a romanisation makes
(:func:`slip_distance`); a query word no listed name has is most likely misspelt and may
carry one more typing slip (:func:`misspelt_edits`). Each token weighs its rarity
across all listed names (see :mod:`tracewire.match.index`), so *Trading*, *Group* or
*Mohammed* count for little and a rare surname for much.

The score blends how much of the query is explained and how much of the list name is
covered: persons need both (a lone first name does not match a full name), while for
organisations a query that is a subset of the list name still scores well.

:class:`NameParams` tunes the comparison per request (yente's ``config``, see
:mod:`tracewire.api.weights`): each field is a factor, and :data:`DEFAULT_PARAMS` (all
1.0) is the comparison described above, unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, replace
from functools import lru_cache, partial

from rapidfuzz.distance import OSA, Levenshtein

from tracewire.match.arabic import given_name, given_names_apart, skeleton_key
from tracewire.match.cyrillic import given_name_keys, same_given_name
from tracewire.match.eastasian import distinct_names, syllable_name, syllable_word
from tracewire.match.nicknames import NICKNAME_KEYS, nickname_of
from tracewire.match.normalise import (
    GENERIC_WEIGHT,
    NameForm,
    fold,
    misspelt_generic,
    normalise_name,
)
from tracewire.match.orgterms import forms_conflict, place_word
from tracewire.match.orgwords import hyphened_part_unpaired, listed_words_apart
from tracewire.match.romanisations import _ROWS as _SURNAME_ROWS
from tracewire.match.romanisations import (
    _korean_key,
    _wade_giles_key,
    korean_variant,
    other_surnames,
    same_name,
)
from tracewire.match.variants import other_ending, other_name, skeleton_typo, x_for_kh

Weight = Callable[[str], float]
Known = Callable[[str], bool]


def _unit(_key: str) -> float:
    return 1.0


@dataclass(frozen=True, slots=True)
class NameParams:
    """Factors on the name comparison; 1.0 everywhere (:data:`DEFAULT_PARAMS`) compares
    names as the module describes.

    - ``extra_query``: the weight of query name parts paired with no list part (how much
      what the list name lacks lowers the score); 0 ignores them.
    - ``extra_list``: the weight of list name parts paired with no query part.
    - ``numbers``: how far the score falls when both names carry numbers and none agree:
      it is capped at ``1 - (1 - NUMBERS_CAP) * numbers`` (0.6 at 1.0; 0 lifts the cap).
    - ``typo_budget``: the edits a misspelt word may carry (:func:`allowed_edits`,
      :func:`misspelt_edits`), times this, rounded down; 0 allows no typos.
    - ``family``: the weight of the query's family-name parts (fold keys in
      ``family_keys``) and of the list parts they pair with, in person names.
    """

    extra_query: float = 1.0
    extra_list: float = 1.0
    numbers: float = 1.0
    typo_budget: float = 1.0
    family: float = 1.0
    family_keys: frozenset[str] = frozenset()

    def __reduce__(self) -> tuple[type[NameParams], tuple[object, ...]]:
        # by its fields: a compiled build (tracewire._compiled) and a pure-Python one
        # read each other's pickles (a worker's results, say)
        return (NameParams, tuple(getattr(self, f.name) for f in fields(self)))


#: today's comparison (the hot path checks for this very object)
DEFAULT_PARAMS = NameParams()
#: the highest score two names whose numbers differ keep (see :class:`NameParams`)
NUMBERS_CAP = 0.6
#: an organisation's name score when the two names carry legal forms of different kinds
#: or only one carries a number (see :func:`compare_names`): under the alert threshold
ORG_MISMATCH_FACTOR = 0.75


def scaled_edits(edits: int, factor: float) -> int:
    """``edits`` times a :attr:`NameParams.typo_budget` factor, rounded down."""
    return edits if factor == 1.0 else int(edits * factor + 1e-9)


@dataclass(slots=True)
class TokenPair:
    query: str
    candidate: str
    similarity: float
    kind: str  # equal, transliteration, romanisation, typo, initial, abd, skeleton

    def __reduce__(self) -> tuple[type[TokenPair], tuple[object, ...]]:
        # by its fields: a compiled build (tracewire._compiled) and a pure-Python one
        # read each other's pickles (a worker's results, say)
        return (TokenPair, tuple(getattr(self, f.name) for f in fields(self)))


@dataclass(slots=True, init=False)
class NameMatch:
    score: float
    query: str
    candidate: str
    method: str  # tokens, compact, acronym, skeleton
    #: the alignment behind a token score: the query's and the list name's tokens and
    #: each pair as (query token index, list token index, similarity, kind); the pairs
    #: and the parts left over are read from it only when asked for (most comparisons
    #: of a query are never shown)
    alignment: tuple[tuple[str, ...], tuple[str, ...], list[tuple[int, int, float, str]]] | None = (
        None
    )
    #: of a token score: the share of the query's word weight the pairs explain, the
    #: share of the list name's they cover (before the substitution factor and the
    #: numbers cap), and the paired query words' weight (their rarity, similarity-
    #: weighted): inputs of the score combination (:mod:`tracewire.match.combine`)
    explained: float = 1.0
    covered: float = 1.0
    matched: float = 0.0
    #: why the score was lowered after the alignment (another kind of legal form, a
    #: number in one name only), shown by :meth:`describe`
    note: str = ""

    def __init__(
        self,
        score: float,
        query: str,
        candidate: str,
        method: str,
        alignment: tuple[tuple[str, ...], tuple[str, ...], list[tuple[int, int, float, str]]]
        | None = None,
        explained: float = 1.0,
        covered: float = 1.0,
        matched: float = 0.0,
        note: str = "",
    ) -> None:
        # written out, not the dataclass's: compiled, the one dataclasses generates runs as
        # interpreted Python (a name pair makes one: ~10 % of the name comparison)
        self.score = score
        self.query = query
        self.candidate = candidate
        self.method = method
        self.alignment = alignment
        self.explained = explained
        self.covered = covered
        self.matched = matched
        self.note = note

    def __reduce__(self) -> tuple[type[NameMatch], tuple[object, ...]]:
        # by its fields: a compiled build (tracewire._compiled) and a pure-Python one
        # read each other's pickles (a worker's results, say)
        return (NameMatch, tuple(getattr(self, f.name) for f in fields(self)))

    @property
    def pairs(self) -> list[TokenPair]:
        """The token pairs, in the query's word order."""
        if self.alignment is None:
            return []
        qt, ct, raw = self.alignment
        consonants = self.method == "skeleton"
        return [
            TokenPair(qt[i], ct[j], sim, "consonants" if consonants else kind)
            for i, j, sim, kind in sorted(raw, key=lambda pair: pair[0])
        ]

    @property
    def unmatched_query(self) -> list[str]:
        """The query's words paired with none of the list name's."""
        return self._leftover(0)

    @property
    def unmatched_candidate(self) -> list[str]:
        """The list name's words paired with none of the query's."""
        return self._leftover(1)

    def _leftover(self, side: int) -> list[str]:
        """The words of one side (0: query, 1: list name) in no pair."""
        if self.alignment is None:
            return []
        query_tokens, list_tokens, pairs = self.alignment
        tokens = list_tokens if side else query_tokens
        used = {pair[side] for pair in pairs}
        return [t for n, t in enumerate(tokens) if n not in used]

    def describe(self) -> str:
        parts = []
        for p in self.pairs:
            if p.kind == "equal":
                parts.append(f"'{p.query}' = '{p.candidate}'")
            else:
                parts.append(f"'{p.query}' ≈ '{p.candidate}' ({p.kind}, {p.similarity:.2f})")
        text = "; ".join(parts) if parts else "no name parts in common"
        if self.method == "compact":
            text = f"names equal when spaces are ignored ({self.score:.2f})"
        elif self.method == "acronym":
            text = "one name is the initials of the other"
        if self.unmatched_query:
            text += "; query parts not found: " + ", ".join(self.unmatched_query)
        if self.unmatched_candidate:
            text += "; list parts not in query: " + ", ".join(self.unmatched_candidate)
        if self.note:
            text += f"; {self.note}"
        return f'listed as "{self.candidate}": {text}'


#: the share of a left-over patronymic's weight that no longer counts (see :func:`patronymic`)
PATRONYMIC_LEFT = 0.5
_PATRONYMIC_ENDINGS = (
    "ovich",
    "evich",
    "ovych",
    "evych",
    "ovitch",
    "evitch",
    "ovna",
    "evna",
    "ivna",
    "ichna",
    # Belarusian (Latin letters of -авіч, -аўна): Fiodaravich, Mikhailavich, Barisauna
    "avich",
    "avitch",
    "avych",
    "auna",
    "awna",
)


def patronymic(token: str) -> bool:
    """Whether a person's name word is an East Slavic patronymic (*Vladimirovich*,
    *Stanislavovna*, *Oleksandrivna*, Belarusian *Mikhailavich*, *Barisauna*)."""
    return len(token) >= 7 and token.endswith(_PATRONYMIC_ENDINGS)


#: the share of a listed person's middle name's weight that no longer counts when the
#: query leaves it out and every query word pairs (two or more, not by initials): a second
#: given name, a middle name or a patronymic the query drops (*Mohammad Noorani* /
#: *Mohammad Aleem Noorani*, *PULIDO, Maria* / *PULIDO, Maria Elda*); see
#: :func:`middle_parts` and :func:`left_out_share`
DROPPED_LEFT = 0.65
#: … for at most this many parts left out (*Mohammad Ali* is not *Mohammad Ali Hassan
#: Ahmad*'s name with two parts dropped, but two common names of four)
DROPPED_MOST = 1


@lru_cache(maxsize=50_000)
def middle_parts(original: str, count: int) -> range:
    """The positions among a person's ``count`` name words (of the name ``original``) a
    query may drop as a middle name: neither the first nor the last word (*Mohammad*
    and *Noorani* of *Mohammad Aleem Noorani*), and of a name written *SURNAME, Given
    Middle* a word after the first given name (*Elda* of *HERNANDEZ PULIDO, Maria
    Elda*); never a surname (*Artem METELEV* is not *Artem Pavlovich METELEV*)."""
    head, comma, _rest = original.partition(",")
    if comma:
        surnames = len(normalise_name(head, True).tokens)
        return range(min(surnames + 1, count), count)
    return range(1, max(1, count - 1))


def left_out_share(
    tokens: Sequence[str],
    weights: Sequence[float],
    used: set[int],
    middle: range | frozenset[int] | None = None,
) -> float:
    """The weight of a person's name parts paired with nothing (their indices not in
    ``used``) that no longer counts: half of a patronymic's (:data:`PATRONYMIC_LEFT`),
    and :data:`DROPPED_LEFT` of a part in ``middle`` (:func:`middle_parts`, given when
    the other name's words all pair) when no more than :data:`DROPPED_MOST` are left out
    (a word of one or two letters before another left out counted with it)."""
    left = [j for j in range(len(tokens)) if j not in used]
    # (an article or a particle left out with the name after it is no part of its own:
    # al-Din, bin Ali)
    parts = sum(len(tokens[j]) > 2 or j + 1 not in left for j in left)
    if middle is not None and parts > DROPPED_MOST:
        middle = None
    out = 0.0
    for j in left:
        share = PATRONYMIC_LEFT if patronymic(tokens[j]) else 0.0
        if middle is not None and j in middle and share < DROPPED_LEFT:
            share = DROPPED_LEFT
        out += share * weights[j]
    return out


#: applied when each name keeps a part the other lacks ("Pacific Solutions" / "Pacific Trading")
SUBSTITUTION_FACTOR = 0.9


def allowed_edits(length: int) -> int:
    """Edits a word of ``length`` letters may carry and still be the same word."""
    if length <= 3:
        return 0
    if length <= 5:
        return 1
    if length <= 9:
        return 2
    return 3


def misspelt_edits(length: int) -> int:
    """Edits allowed when the query word is no listed word at all, so most likely
    misspelt (``length`` is the longer word's): *Hqaem* for *Hatem*, *Zhaig* for *Zhavit*.
    A real name a list knows is held to :func:`allowed_edits`: *Hasan* is not *Hasin*."""
    if length <= 4:
        return 1
    if length <= 9:
        return 2
    return 3


def _known(_key: str) -> bool:
    return True


KEYBOARD = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
#: letters that stand in for each other across romanisations (vowels; i/y/j; u/v/w;
#: c/k/q/x: х as "x" or "kh"; g/h: Ukrainian г; voiced and voiceless pairs)
ALIKE = ("aeiouy", "ijy", "uvw", "ckqx", "csz", "gh", "dt", "bp", "fv")


def _near_pairs(alike: bool) -> frozenset[tuple[str, str]]:
    pos = {ch: (r, c) for r, row in enumerate(KEYBOARD) for c, ch in enumerate(row)}
    pairs = set()
    for a, (ra, ca) in pos.items():
        for b, (rb, cb) in pos.items():
            if a != b and abs(ra - rb) <= 1 and abs(ca - cb) <= 1:
                pairs.add((a, b))
    if alike:
        for group in ALIKE:
            pairs.update((a, b) for a in group for b in group if a != b)
    return frozenset(pairs)


#: substitutions a typist makes: a key next to the right one
TYPED = _near_pairs(alike=False)
#: ... and those a romanisation makes: a sound-alike letter
SPELT = _near_pairs(alike=True)


@lru_cache(maxsize=100_000)
def slip_distance(a: str, b: str, typed_only: bool = False) -> int:
    """Edits between two words when a letter replaced by an unrelated one counts twice.

    A letter dropped, added or swapped with its neighbour, a key next to the right one
    or (unless ``typed_only``) a sound-alike letter counts one edit: the slips typists
    and romanisations make. *Hqaem*/*Hatem* and *Zhaig*/*Zhavit* are two slips apart,
    *Petkov*/*Pankov* three (e→a is a slip, t→n is not)."""
    return _slips(a, b, typed_only, None)


def _slips(a: str, b: str, typed_only: bool, limit: int | None) -> int:
    """:func:`slip_distance`; with a ``limit``, any number over it as soon as the
    distance is sure to be over it (two rows of the table over it: every alignment
    passes through one of any two rows, a swap of neighbours skipping at most one)."""
    near = TYPED if typed_only else SPELT
    n = len(b)
    before: list[int] = []
    prev = list(range(n + 1))
    for i in range(1, len(a) + 1):
        x = a[i - 1]
        cur = [i] * (n + 1)
        for j in range(1, n + 1):
            y = b[j - 1]
            best = prev[j - 1] if x == y else prev[j - 1] + (1 if (x, y) in near else 2)
            if prev[j] + 1 < best:
                best = prev[j] + 1
            if cur[j - 1] + 1 < best:
                best = cur[j - 1] + 1
            swapped = i > 1 and j > 1 and x != y and x == b[j - 2] and a[i - 2] == y
            if swapped and before[j - 2] + 1 < best:
                best = before[j - 2] + 1
            cur[j] = best
        if limit is not None and min(cur) > limit and min(prev) > limit:
            return limit + 1
        before, prev = prev, cur
    return prev[n]


def _near_letters(pairs: frozenset[tuple[str, str]]) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for a, b in pairs:
        out.setdefault(a, set()).add(b)
    return {a: frozenset(bs) for a, bs in out.items()}


#: :data:`TYPED` and :data:`SPELT` by letter
_TYPED_BY_LETTER = _near_letters(TYPED)
_SPELT_BY_LETTER = _near_letters(SPELT)
_NO_LETTERS: frozenset[str] = frozenset()


@lru_cache(maxsize=100_000)
def _slips_over(a: str, b: str, limit: int, typed_only: bool) -> bool:
    """Whether :func:`slip_distance` of ``a`` and ``b`` is over ``limit``.

    :func:`_slips`' table, only its cells within ``limit`` of the diagonal (a cell
    further off needs more than ``limit`` letters dropped or added) and each held at
    ``limit + 1`` at most (whether a cell is over the limit is all that is asked: a
    cell's value is the least of its neighbours' plus a cost, so holding every cell at
    ``limit + 1`` changes no cell within it); left as soon as two rows are over it."""
    la, n = len(a), len(b)
    if la - n > limit or n - la > limit:
        return True  # a letter dropped or added is one slip, any other keeps the length
    near = _TYPED_BY_LETTER if typed_only else _SPELT_BY_LETTER
    big = limit + 1
    prev = [j if j < big else big for j in range(n + 1)]
    before = prev
    prev_low = 0  # the least cell of ``prev`` (its first)
    for i in range(1, la + 1):
        x = a[i - 1]
        near_x = near.get(x, _NO_LETTERS)
        last = a[i - 2] if i > 1 else ""
        cur = [big] * (n + 1)
        if i < big:
            cur[0] = i
        low = i - limit if i > limit else 1
        high = i + limit if i + limit < n else n
        # the least cell of ``cur``: its first or one of the band (the rest hold ``big``)
        cur_low = cur[0]
        for j in range(low, high + 1):
            y = b[j - 1]
            if x == y:
                best = prev[j - 1]
            else:
                best = prev[j - 1] + (1 if y in near_x else 2)
                if j > 1 and x == b[j - 2] and last == y and before[j - 2] + 1 < best:
                    best = before[j - 2] + 1
            if prev[j] + 1 < best:
                best = prev[j] + 1
            if cur[j - 1] + 1 < best:
                best = cur[j - 1] + 1
            if best > big:
                best = big
            cur[j] = best
            if best < cur_low:
                cur_low = best
        if cur_low > limit and prev_low > limit:
            return True
        before, prev, prev_low = prev, cur, cur_low
    return prev[n] > limit


def within_slips(a: str, b: str, limit: int, typed_only: bool = False) -> bool:
    """Whether ``a`` and ``b`` are at most ``limit`` slips apart (:func:`slip_distance`)."""
    # letters only dropped and added (no letter replaced) are slips whatever the letters
    if Levenshtein.distance(a, b, weights=(1, 1, 2), score_cutoff=limit) <= limit:
        return True
    return not _slips_over(a, b, limit, typed_only)


#: the similarity of a person's *Abd* name and the name it governs written alone
#: (*Abdul Hanif* / *Hanif*, fold keys ``abdhanif`` / ``hanif``): a part of the name,
#: not all of it, so it carries a name only beside other words that pair
ABD_LEFT_OUT = 0.75
#: … and the least number of pairs, its own among them, with which it counts whole
ABD_PAIRED_WITH = 3
#: the similarity of a nickname and the given name it is short for (*Ben* / *Benjamin*,
#: :mod:`tracewire.match.nicknames`): less than two spellings of one name
NICKNAME = 0.85


def abd_left_out(a: str, b: str) -> bool:
    """Whether one fold key is the other with *Abd* before it (:func:`~tracewire.match.
    arabic.arabic_words` joins *Abdul Hanif* into ``abdhanif``), the other's three
    letters or more."""
    if len(a) < len(b):
        a, b = b, a
    # (not Abdallah / Allah: no one's name alone)
    return (
        len(a) == len(b) + 3 and len(b) >= 3 and a.startswith("abd") and a.endswith(b)
    ) and b != "alah"


@lru_cache(maxsize=1 << 18)
def token_similarity(
    qt: str, qk: str, ct: str, ck: str, person: bool, known: bool = True, budget_factor: float = 1.0
) -> tuple[float, str]:
    """How alike a query word (``qt``, fold key ``qk``) and a list word are, and why.

    Within :func:`allowed_edits` of the shorter word a typo (OSA: a swap of neighbours
    is one edit); a second edit only if the first letter is kept and every edit is a
    slip (:func:`slip_distance`). ``known`` says whether the query word is a word of
    some listed name; one that is not is most likely misspelt and may carry
    :func:`misspelt_edits` of typing slips. ``budget_factor`` scales both budgets
    (:func:`scaled_edits`; the factor is part of the cache key)."""
    if qt == ct:
        return 1.0, "equal"
    if person and given_names_apart(qt, ct):
        return 0.0, ""  # two Arabic given names: Mona / Mina, Amal / Jamal (.arabic)
    if qk == ck:
        return 0.95, "transliteration"
    if person and abd_left_out(qk, ck):
        return ABD_LEFT_OUT, "abd"  # Abdul Hanif / Hanif: Abd written in one name only
    if person and qk in NICKNAME_KEYS and ck in NICKNAME_KEYS and nickname_of(qk, ck):
        return NICKNAME, "nickname"  # Ben / Benjamin, Bill / William (.nicknames)
    lq, lc = len(qt), len(ct)
    if person and (lq == 1 or lc == 1):
        if qt[0] == ct[0]:
            return 0.7, "initial"
        return 0.0, ""
    if person and same_name(qt, ct):
        return 0.9, "romanisation"  # Wong / Huang, Hsu / Xu, Jeong / Jong (.romanisations)
    if person and same_given_name(qk, ck):
        return 0.9, "romanisation"  # Aleksandr / Aliaksandr / Oleksandr (.cyrillic)
    if person and abs(lq - lc) > 1 and patronymic(qt) is not patronymic(ct):
        return 0.0, ""  # a patronymic is no typo of its stem: Pavlovich / Pavlov
    if person and ("x" in qt) != ("x" in ct) and x_for_kh(qt, ct):
        return 0.95, "transliteration"  # Cyrillic х as x: Xodakovsky / Khodakovsky
    # no budget below allows more than three edits (times the factor): a pair further
    # apart in both spellings is no typo (the checks below would say so, at more cost)
    limit = 3 if budget_factor <= 1.0 else scaled_edits(3, budget_factor)
    if (abs(lq - lc) > limit and abs(len(qk) - len(ck)) > limit) or (
        OSA.distance(qk, ck, score_cutoff=limit) > limit
        and OSA.distance(qt, ct, score_cutoff=limit) > limit
    ):
        return 0.0, ""
    if qk[0].isdigit() or ck[0].isdigit():
        return 0.0, ""  # numbers (hull numbers, "Branch 2") must be equal
    if lq == lc == 3 and sorted(qt) == sorted(ct) and budget_factor >= 1.0:
        if distinct_names(qt, ct) or other_surnames(qt, ct) or OSA.distance(qt, ct) > 1:
            return 0.0, ""  # not two neighbours swapped: CBA / ABC
        return 0.8, "typo"  # a swapped letter in an acronym: TSK / TKS
    if person and lq + lc <= 7 and budget_factor >= 1.0 and typed_twice(qt, ct):
        # a key struck twice in a word too short for a typo budget: Yyu / Yu, Sson / Son
        if distinct_names(qt, ct) or other_surnames(qt, ct):
            return 0.0, ""
        return 0.97 - 0.6 / max(lq, lc), "typo"
    # the budget follows the words as written (folding shortens some: "ishak" → "isak")
    shorter, longer = (lq, lc) if lq < lc else (lc, lq)
    same_start = qk[0] == ck[0] or qt[0] == ct[0]
    budget = allowed_edits(shorter)
    if shorter == 3 and longer != 3 and same_start:
        budget = 1  # one letter dropped from or added to a short word: SONG / SOG
    misspelt = budget
    if not known and shorter >= 4 and same_start:
        misspelt = max(budget, misspelt_edits(longer))
    if budget_factor != 1.0:
        budget = scaled_edits(budget, budget_factor)
        misspelt = scaled_edits(misspelt, budget_factor)
    if misspelt == 0 or (abs(len(qk) - len(ck)) > misspelt and longer - shorter > misspelt):
        return 0.0, ""
    # a typo may break a fold ("Bragsk" keeps the "gs" that "Bratsk" folds to "c"), and
    # folding may hide one: the fewer edits of the two spellings count
    dist = OSA.distance(qk, ck, score_cutoff=misspelt)
    if dist > 1:
        dist = min(dist, OSA.distance(qt, ct, score_cutoff=misspelt))
    if dist > misspelt:
        return 0.0, ""
    if (
        person
        and not known
        and given_name(qt) is not None
        and (dist > 1 or skeleton_key(qt) != skeleton_key(ct))
    ):
        # a word no list carries that is a common given name all the same is another
        # name, not a misspelt one: at most one edit, and only another spelling of its
        # consonants (Khadija / Khadidja; not Suha / Suhayl, Sahar / Zahar, Shahd / Shah)
        return 0.0, ""
    # asked only of the pairs within the budget (the same answer, fewer questions)
    if distinct_names(qt, ct) or other_surnames(qt, ct):
        return 0.0, ""  # two East Asian names a letter apart: Zhang / Wang / Shang
    unrelated_start = (qt[0], ct[0]) not in SPELT and (qk[0], ck[0]) not in SPELT
    if person and known and not same_start and shorter <= 5 and lq == lc and unrelated_start:
        # a short listed given name with its first letter replaced by an unrelated one is
        # another name (Maria / Daria, Mark / Park), not a typo (Usama / Osama is)
        return 0.0, ""
    if dist >= 2:
        # more than one edit: the first letter stays, and every edit is a slip, not
        # another letter (Petkov / Pankov); a misspelt word's edits beyond the budget are
        # typing slips (Shuhui / Sihai)
        typed_only = dist > budget
        if not same_start or not (
            within_slips(qk, ck, misspelt, typed_only) or within_slips(qt, ct, misspelt, typed_only)
        ):
            return 0.0, ""
    return max(0.0, 0.97 - 0.6 * dist / longer), "typo"


def typed_twice(a: str, b: str) -> bool:
    """Whether one word is the other with one of its letters typed twice (*yyu* / *yu*)."""
    if len(a) < len(b):
        a, b = b, a
    if len(a) != len(b) + 1:
        return False
    k = next((k for k in range(len(b)) if a[k] != b[k]), len(b))
    return k > 0 and a[k] == a[k - 1] and a[k + 1 :] == b[k:]


def word_weights(keys: tuple[str, ...], weight: Weight) -> tuple[float, ...]:
    """Each word's weight in a name: its rarity, half of it for an initial."""
    return tuple(weight(k) * (0.5 if len(k) == 1 else 1.0) for k in keys)


#: per list word (token, fold key), the query words it is like: (similarity, query word
#: index, kind)
Rows = dict[tuple[str, str], tuple[tuple[float, int, str], ...]]


def _east_asian(word: str) -> tuple[bool, str | None, bool, bool]:
    """What :func:`~tracewire.match.romanisations.same_name` asks of a query word: whether
    it is a spelling of a listed family name, its Wade–Giles key and whether it is
    Wade–Giles only, whether it has a Korean key."""
    wg_key, wg_only = _wade_giles_key(word)
    return word in _SURNAME_ROWS, wg_key, wg_only, _korean_key(word) is not None


def _maybe_same_name(a: str, east: tuple[bool, str | None, bool, bool], b: str) -> bool:
    """False only where :func:`~tracewire.match.romanisations.same_name` of the query word
    ``a`` (``east``: :func:`_east_asian` of it) and ``b`` is False: it is True only for
    two family-name spellings, Wade–Giles for the other's pinyin, or one Korean key."""
    in_rows, wg_key, wg_only, korean = east
    if in_rows and b in _SURNAME_ROWS:
        return True
    if (wg_key is not None or wg_only) and (
        b == wg_key or (wg_only and _wade_giles_key(b)[0] == a)
    ):
        return True
    return korean and korean_variant(a, b)


class QuerySide:
    """A query name's side of the comparison, the same for every list name it meets."""

    __slots__ = (
        "form",
        "joins",
        "keyset",
        "known",
        "q_known",
        "q_weights",
        "rows",
        "east",
        "total",
        "weight",
    )

    def __init__(self, form: NameForm, weight: Weight, known: Known) -> None:
        self.form = form
        self.weight = weight
        self.known = known
        #: whether each word is a listed word
        self.q_known = tuple(known(k) for k in form.keys)
        wq = list(word_weights(form.keys, weight))
        for i, token in enumerate(form.tokens):
            if not self.q_known[i] and misspelt_generic(token):
                wq[i] = min(wq[i], GENERIC_WEIGHT)  # "Truts": a generic word misspelt
        #: each word's weight, and their sum (as the comparison adds them)
        self.q_weights = tuple(wq)
        self.total = sum(self.q_weights) or 1.0
        #: per person flag, the :data:`Rows` met so far
        self.rows: tuple[Rows, Rows] = ({}, {})
        #: per word, :func:`_east_asian` (asked when first needed)
        self.east: tuple[tuple[bool, str | None, bool, bool], ...] | None = None
        #: the keys and the joins of neighbouring words, as sets (see compare_names)
        self.keyset = frozenset(form.keys)
        self.joins = frozenset(form.joins)


#: the last query names' sides, the last first (a query's one name meets many list names
#: in a row; its merged forms and its consonant skeletons meet some of them too)
_QUERY_SIDE: list[QuerySide] = []
SIDES_KEPT = 4
#: list words whose rows one query name keeps
ROWS_KEPT = 20_000


def _query_entry(q: NameForm, weight: Weight, known: Known) -> QuerySide:
    """The :data:`_QUERY_SIDE` entry of ``q``, first (made when ``q`` has none)."""
    for n, entry in enumerate(_QUERY_SIDE):
        if entry.form is q and entry.weight == weight and entry.known == known:
            if n:
                del _QUERY_SIDE[n]
                _QUERY_SIDE.insert(0, entry)
            return entry
    entry = QuerySide(q, weight, known)
    _QUERY_SIDE.insert(0, entry)
    del _QUERY_SIDE[SIDES_KEPT:]
    return entry


def _query_side(
    q: NameForm, weight: Weight, known: Known
) -> tuple[tuple[bool, ...], tuple[float, ...]]:
    """Whether each query word is a listed word, and its weight (an initial carries half a
    name's weight; a misspelt generic word no more than a generic one)."""
    entry = _query_entry(q, weight, known)
    return entry.q_known, entry.q_weights


@lru_cache(maxsize=1 << 16)
def _has_number(keys: tuple[str, ...]) -> bool:
    """Whether a name has a word that starts with a digit (asked of every name pair)."""
    return any(k[:1].isdigit() for k in keys)


#: the fold keys :func:`~tracewire.match.cyrillic.same_given_name` can pair: asked first
#: in :func:`_row` (two set lookups in place of a call per far word pair)
GIVEN_KEYS = given_name_keys()


def _row(side: QuerySide, b: str, bk: str, person: bool) -> tuple[tuple[float, int, str], ...]:
    """The query words like the list word ``b`` (fold key ``bk``): (similarity, index,
    kind), as :func:`token_similarity` (and, for persons, :func:`other_name`) say.

    A pair is asked of :func:`token_similarity` unless it is sure to be no pair: not
    equal, no initial, no East Asian romanisation (:func:`_maybe_same_name`) and
    further apart than any typo budget allows, the test :func:`token_similarity` starts
    with (more than three edits between the words and between their keys)."""
    q = side.form
    qt, qk, q_known = q.tokens, q.keys, side.q_known
    lb, lbk = len(b), len(bk)
    found = []
    for i, a in enumerate(qt):
        ak = qk[i]
        if (
            a != b
            and ak != bk
            and not (person and (len(a) == 1 or lb == 1))
            and (
                (abs(len(a) - lb) > 3 and abs(len(ak) - lbk) > 3)
                or (
                    OSA.distance(ak, bk, score_cutoff=3) > 3
                    and OSA.distance(a, b, score_cutoff=3) > 3
                )
            )
        ):
            # no typo: only two romanisations of one East Asian name can pair
            if not person:
                continue
            east = side.east
            if east is None:
                east = side.east = tuple(_east_asian(t) for t in qt)
            if (
                not _maybe_same_name(a, east[i], b)
                and not (ak in GIVEN_KEYS and bk in GIVEN_KEYS and same_given_name(ak, bk))
                and not (ak in NICKNAME_KEYS and bk in NICKNAME_KEYS and nickname_of(ak, bk))
            ):
                continue
        sim, kind = token_similarity(a, ak, b, bk, person, q_known[i])
        if sim > 0 and not (kind == "typo" and person and other_name(a, ak, b, bk, q_known[i])):
            found.append((sim, i, kind))
    return tuple(found)


#: a listed query word this much rarer than the list word it is a typo of is a rare
#: spelling (most likely a slip some list made too: *Mhammad*, three entries, against
#: *Mohammad*), not another real name: it still counts as misspelt
RARE_SPELLING = 4.0


def _align(
    q: NameForm,
    c: NameForm,
    weight: Weight,
    person: bool,
    known: Known = _known,
    q_keys: tuple[str, ...] | None = None,
    c_keys: tuple[str, ...] | None = None,
    params: NameParams = DEFAULT_PARAMS,
    c_weights: tuple[float, ...] | None = None,
) -> NameMatch:
    qk = q_keys or q.keys
    ck = c_keys or c.keys
    qt, ct = q.tokens, c.tokens
    # the query side is the same for every list name a query meets (see _query_side)
    last = _QUERY_SIDE[0] if _QUERY_SIDE else None
    if last is None or last.form is not q or last.weight != weight or last.known != known:
        last = _query_entry(q, weight, known)
    q_known, q_weights = last.q_known, last.q_weights
    tuned = params is not DEFAULT_PARAMS
    # a typo between two persons' words that are two names is no pair (.variants); on
    # consonant skeletons (q_keys: another script's letters) a typo is one edit at most
    names_apart = person and q_keys is None
    skeletons = q_keys is not None
    scored = []
    if q_keys is None and not (tuned and params.typo_budget != 1.0):
        # per list word, the query words it is like: a query meets the same list words in
        # name after name (the pairs sort into the same order whichever way they are found)
        rows = last.rows[person]
        if len(rows) >= ROWS_KEPT:
            rows.clear()
        for j, b in enumerate(ct):
            bk = ck[j]
            row = rows.get((b, bk))
            if row is None:
                row = rows[b, bk] = _row(last, b, bk, person)
            for sim, i, kind in row:
                scored.append((sim, i, j, kind))
        if not scored:
            # no pair: nothing explained, nothing covered, whatever the weights
            return NameMatch(0.0, q.original, c.original, "tokens", (qt, ct, []), 0.0, 0.0)
        if len(scored) == 1 and not tuned and scored[0][3] != "initial":
            # one pair: the greedy below, its sums and its caps, in short
            sim, i, j, kind = scored[0]
            wc1 = c_weights if c_weights is not None else word_weights(c.keys, weight)
            total_q1, total_c1 = last.total, (sum(wc1) or 1.0)
            if person:  # a patronymic left out weighs half (as below)
                total_q1 -= PATRONYMIC_LEFT * sum(
                    q_weights[k] for k in range(len(qt)) if k != i and patronymic(qt[k])
                )
                total_c1 -= PATRONYMIC_LEFT * sum(
                    wc1[k] for k in range(len(ct)) if k != j and patronymic(ct[k])
                )
            explained = min(1.0, (0.0 + sim * q_weights[i]) / total_q1)
            covered = min(1.0, (0.0 + sim * wc1[j]) / total_c1)
            beta2 = 0.5 if person else 0.25
            denom = beta2 * explained + covered
            score = (1 + beta2) * explained * covered / denom if denom else 0.0
            if (
                score > NUMBERS_CAP
                and _has_number(qk)
                and _has_number(ck)
                and not qk[i][:1].isdigit()
            ):
                score = NUMBERS_CAP
            if len(qk) > 1 and len(ck) > 1:
                score *= SUBSTITUTION_FACTOR
            elif kind == "abd":
                score *= SUBSTITUTION_FACTOR  # (as below: one pair of the kind)
            pairs = [(i, j, sim, kind)]
            got = sim * q_weights[i]
            return NameMatch(
                score, q.original, c.original, "tokens", (qt, ct, pairs), explained, covered, got
            )
    else:
        similarity: Callable[[str, str, str, str, bool, bool], tuple[float, str]] = token_similarity
        if tuned and params.typo_budget != 1.0:
            similarity = partial(token_similarity, budget_factor=params.typo_budget)
        for i, a in enumerate(qt):
            ak, kn = qk[i], q_known[i]
            for j, b in enumerate(ct):
                sim, kind = similarity(a, ak, b, ck[j], person, kn)
                if sim > 0:
                    if kind == "typo" and (
                        (names_apart and other_name(a, ak, b, ck[j], kn))
                        or (skeletons and not skeleton_typo(ak, ck[j]))
                    ):
                        continue
                    if skeletons and person and kind != "equal" and other_ending(a, b):
                        continue  # Salma / سالم: one skeleton, another ending (.variants)
                    scored.append((sim, i, j, kind))
    if not scored:
        # no pair: nothing explained, nothing covered, whatever the weights
        return NameMatch(0.0, q.original, c.original, "tokens", (qt, ct, []), 0.0, 0.0)
    scored.sort(reverse=True)
    # the weights are copied only when a pair changes them (an initial, a family name)
    wq: Sequence[float] = q_weights
    wc: Sequence[float] = c_weights if c_weights is not None else word_weights(c.keys, weight)
    family: list[bool] | None = None
    if tuned and person and params.family != 1.0 and params.family_keys:
        # the query's family name weighs more (or less), and so do the list parts it meets
        family = [k in params.family_keys for k in q.keys]
        wq = [w * params.family if f else w for w, f in zip(wq, family, strict=True)]
    mutable_q: list[float] | None = None
    mutable_c: list[float] | None = None
    used_q: set[int] = set()
    used_c: set[int] = set()
    paired: list[tuple[int, int, float, str]] = []
    most = min(len(qt), len(ct))  # pairs there can be
    got_q = got_c = 0.0
    for sim, i, j, kind in scored:
        if i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        if family is not None and family[i]:
            if mutable_c is None:
                wc = mutable_c = list(wc)
            mutable_c[j] *= params.family
        if kind == "initial":
            # an initial carries only part of a name's weight, on both sides of its pair
            if mutable_q is None:
                wq = mutable_q = list(wq)
            if mutable_c is None:
                wc = mutable_c = list(wc)
            mutable_q[i] = mutable_c[j] = min(wq[i], wc[j])
        got_q += sim * wq[i]
        got_c += sim * wc[j]
        paired.append((i, j, sim, kind))
        if len(paired) == most:
            break  # every later pair meets a word already paired
    if person and not skeletons and len(qt) == len(ct) == len(paired) + 1 >= 3:
        # the one word left on each side, the others all the same words
        extra = _one_slip_apart(qt, qk, ct, ck, q_known, paired)
        if extra is not None:
            i, j, sim = extra
            used_q.add(i)
            used_c.add(j)
            got_q += sim * wq[i]
            got_c += sim * wc[j]
            paired.append((i, j, sim, "typo"))
    if tuned:
        # parts left unpaired weigh their factor (1.0: as much as paired ones)
        sum_q = sum(wq) + (params.extra_query - 1.0) * sum(
            w for i, w in enumerate(wq) if i not in used_q
        )
        sum_c = sum(wc) + (params.extra_list - 1.0) * sum(
            w for j, w in enumerate(wc) if j not in used_c
        )
        total_q = sum_q or 1.0
        total_c = sum_c or 1.0
    else:
        total_q = sum(wq) or 1.0
        total_c = sum(wc) or 1.0
    if person and (len(used_c) < len(ct) or len(used_q) < len(qt)):
        # a patronymic one name leaves out weighs half (lists print it, queries drop it),
        # and a middle name less when one name leaves it out (left_out_share)
        middle: range | None = None
        middle_q: frozenset[int] | None = None
        if (
            not skeletons  # consonants alone say too little to leave a name out
            and (len(used_q) == len(qt) or len(used_c) == len(ct))
            and len(paired) >= 2
            # no initial, and no typo of a word some list carries: a real name a letter
            # or two from a listed one is most likely another name (Karam / KIRAM, Mohd
            # Reza), a word no list carries most likely misspelt (Meoir / Meir); nor of a
            # word under four letters (a letter is too much of it: Leen / LEE, Chang Ho)
            and all(
                # (an Abd name paired with the name alone is part of a pair already:
                # NIK MOHAMMAD ABDUL MOHAMMAD is not NIK MOHAMMAD DOST MOHAMMAD)
                kind not in ("initial", "abd")
                and (
                    kind != "typo"
                    or not (
                        (q_known[i] and wq[i] < wc[j] + RARE_SPELLING)
                        or len(qt[i]) < 4
                        or len(ct[j]) < 4
                    )
                )
                for i, j, _sim, kind in paired
            )
        ):
            if len(used_q) == len(qt):
                middle = middle_parts(c.original, len(ct))
            elif "-" not in q.original and not syllable_name(qt):
                # the other way round: a middle name the list leaves out (*Gul Ahmad
                # Waziri Hakimi* / *Gul Ahmad Hakimi*); not a syllable of an East Asian
                # given name (*Shu-chuan Wang* is not *WANG, Shu*), nor a word joined
                # with a hyphen
                middle_q = frozenset(middle_parts(q.original, len(qt))) | {
                    # a word typed twice (*Shoigu Shoigu Sergey* / *Sergey Shoigu*)
                    i
                    for i in range(len(qt))
                    if i not in used_q and qk[i] in {qk[k] for k in used_q}
                }
        # (of the weight a part left over counts: its extra_query / extra_list factor)
        total_q -= left_out_share(qt, wq, used_q, middle_q) * (params.extra_query if tuned else 1.0)
        total_c -= left_out_share(ct, wc, used_c, middle) * (params.extra_list if tuned else 1.0)
    explained = min(1.0, got_q / total_q)
    covered = min(1.0, got_c / total_c)
    # persons: F1 of both sides; organisations: F0.5, a query subset of the name is fine
    beta2 = 0.5 if person else 0.25
    denom = beta2 * explained + covered
    score = (1 + beta2) * explained * covered / denom if denom else 0.0
    cap = NUMBERS_CAP
    if tuned and params.numbers != 1.0:
        cap = min(1.0, max(0.0, 1.0 - (1.0 - NUMBERS_CAP) * params.numbers))
    # both names carry numbers and none agree: another ship, branch or unit (asked only
    # when the cap would lower the score)
    if (
        score > cap
        and _has_number(qk)
        and _has_number(ck)
        and not any(qk[i][:1].isdigit() for i in used_q)
    ):
        score = cap
    if len(used_q) < len(qk) and len(used_c) < len(ck):
        # a part of each name has no counterpart: one word stands in for another
        score *= SUBSTITUTION_FACTOR
    elif (len(used_q) < len(qk) or len(used_c) < len(ck) or len(paired) < ABD_PAIRED_WITH) and any(
        pair[3] == "abd" for pair in paired
    ):
        # an Abd name paired with the name alone, and a word of one name left over: the
        # Abd name may as well stand in for it (NIK MOHAMMAD ABDUL MOHAMMAD is not NIK
        # MOHAMMAD DOST MOHAMMAD); or beside one other word only, half the name
        # (Abdelrahman Karim is not Rahman Karim)
        score *= SUBSTITUTION_FACTOR
    return NameMatch(
        score, q.original, c.original, "tokens", (qt, ct, paired), explained, covered, got_q
    )


def _one_slip_apart(
    qt: tuple[str, ...],
    qk: tuple[str, ...],
    ct: tuple[str, ...],
    ck: tuple[str, ...],
    q_known: tuple[bool, ...],
    paired: list[tuple[int, int, float, str]],
) -> tuple[int, int, float] | None:
    """A person's query word and list word left unpaired, each the only one of its name,
    that are one typing slip apart (a key next to the right one, a letter dropped, added
    or swapped: :func:`within_slips`) while the names' other words, two or more, are the
    same words (equal or one spelling: no typo, no initial): (query index, list index,
    similarity), else None.

    The pair :func:`~tracewire.match.variants.other_name` refused: a word the lists know
    a letter from another listed word is most likely another name (*Hamad* / *Hamid*), but
    in a name otherwise the same it is most likely a slip (*MOHSEM FAKHRIZADEH-MAHABADI*,
    *SHINDAKH NAYID GHALIB THAMIR*, *HABBUSH AL-TIKRITI JALIL TAHI*: the rest of the name
    as listed, one word a slip off)."""
    if any(kind not in ("equal", "transliteration") for _i, _j, _sim, kind in paired):
        return None
    i = next(n for n in range(len(qt)) if all(p[0] != n for p in paired))
    j = next(n for n in range(len(ct)) if all(p[1] != n for p in paired))
    a, b = qt[i], ct[j]
    if min(len(a), len(b)) < 4 or a[0] != b[0] or not within_slips(a, b, 1, typed_only=True):
        return None
    sim, kind = token_similarity(a, qk[i], b, ck[j], True, q_known[i])
    if kind != "typo":
        return None
    return i, j, sim


def _merge_pairs(form: NameForm, other: NameForm) -> NameForm:
    """``form`` with adjacent words joined where the join is a word of ``other``."""
    keys_of_other = other.keys
    for joined in form.joins:  # a loop, not any(): asked of most name pairs
        if joined in keys_of_other:
            break
    else:
        return form
    targets = set(keys_of_other)
    tokens, keys = list(form.tokens), list(form.keys)
    i, changed = 0, False
    while i < len(keys) - 1:
        if keys[i] in targets or keys[i + 1] in targets:
            i += 1
            continue
        joined = fold(tokens[i] + tokens[i + 1])
        if joined in targets:
            tokens[i : i + 2] = [tokens[i] + tokens[i + 1]]
            keys[i : i + 2] = [joined]
            changed = True
        i += 1
    if not changed:
        return form
    return NameForm(form.original, tuple(tokens), tuple(keys), form.org_types, form.script)


_VOWELS = frozenset("aeiouy")
#: words of two or three consonants that are no initials: Junior, Senior
_NOT_INITIALS = frozenset({"jr", "sr", "snr", "jnr"})


def _split_initials(form: NameForm, other: NameForm) -> NameForm:
    """``form`` with a word of two or three consonants written as one that are the
    initials of as many neighbouring words of ``other`` (*JC Juncker*, *J.C. Juncker* /
    *Jean-Claude Juncker*: ``jc`` → ``j`` ``c``) written as initials apart. A word with a
    vowel is left whole (a syllable, a name of its own: *Yu*, *Ali*)."""
    tokens = form.tokens
    for n, token in enumerate(tokens):
        if (
            2 <= len(token) <= 3
            and token.isalpha()
            and _VOWELS.isdisjoint(token)
            and token not in _NOT_INITIALS
            and not syllable_word(token)  # Ng, a family name
        ):
            size = len(token)
            words = other.tokens
            if any(
                "".join(w[0] for w in words[k : k + size]) == token
                and all(len(w) > 1 for w in words[k : k + size])
                for k in range(len(words) - size + 1)
            ):
                letters = tuple(token)
                return NameForm(
                    form.original,
                    tokens[:n] + letters + tokens[n + 1 :],
                    form.keys[:n] + letters + form.keys[n + 1 :],
                    form.org_types,
                    form.script,
                )
    return form


def _distinctive_word_missing(match: NameMatch, weight: Weight) -> bool:
    """Whether the list name's rarest word is paired with no query word while the query
    is wholly within the list name: the query names something more general (*Lukoil* /
    *Lukoil-Permnefteorgsintez*, *Radio Plant* / *Gomel Radio Plant*, *Optron* /
    *Optron Stavropol*): a subsidiary, a branch, another plant of the kind. A place's
    name paired (:func:`~tracewire.match.orgterms.place_word`) names no party: *L & H
    Sweden, AB* is not *L & H Mendez Sweden, AB*."""
    if match.alignment is None:
        return False
    qt, ct, pairs = match.alignment
    if not pairs or len(pairs) < len(qt) or len(pairs) >= len(ct):
        return False
    weights = word_weights(tuple(fold(t) for t in ct), weight)
    paired = {j for _i, j, _sim, _kind in pairs}
    best_paired = max((weights[j] for j in paired if not place_word(ct[j])), default=0.0)
    return any(w > best_paired for j, w in enumerate(weights) if j not in paired)


def _resplit(q: NameForm, c: NameForm) -> bool:
    """Whether two names of as many words are the same letters with a space moved (the
    fold of a word may change with its letters: *Myongc-hin* / *Myong-chin*)."""
    if q.compact == c.compact:
        return q.keys != c.keys
    qt, ct = q.tokens, c.tokens
    return qt[0][:1] == ct[0][:1] and qt != ct and "".join(qt) == "".join(ct)


def compare_names(
    q: NameForm,
    c: NameForm,
    weight: Weight = _unit,
    person: bool = False,
    known: Known = _known,
    params: NameParams = DEFAULT_PARAMS,
    c_weights: tuple[float, ...] | None = None,
) -> NameMatch:
    """The similarity of two normalised names, with the alignment that explains it.

    ``weight`` gives a word's rarity and ``known`` whether a query word (fold key) is a
    word of any listed name (see :class:`tracewire.match.index.NameIndex`); ``params``
    tunes the comparison (:class:`NameParams`); ``c_weights``, when known, are
    :func:`word_weights` of ``c``."""
    best = _align(q, c, weight, person, known, None, None, params, c_weights)
    q_keys, c_keys = q.keys, c.keys
    if best.score < 0.9 and len(q_keys) > 1 and len(c_keys) > 1:
        # one name writes as two words what the other writes as one: "Slay Wah" / "Slaywah"
        # (asked of _merge_pairs only where a join of one name is a word of the other)
        side = _QUERY_SIDE[0]  # q's, as _align left it
        if side.form is not q:
            side = _query_entry(q, weight, known)
        if not side.joins.isdisjoint(c_keys) or not side.keyset.isdisjoint(c.joins):
            for merged_q, merged_c in ((_merge_pairs(q, c), c), (q, _merge_pairs(c, q))):
                if merged_q is not q or merged_c is not c:
                    same_c = c_weights if merged_c is c else None
                    again = _align(
                        merged_q, merged_c, weight, person, known, None, None, params, same_c
                    )
                    if again.score > best.score:
                        best = again
    if person and best.score < 0.8:
        # initials written as one word: JC Juncker / Jean-Claude Juncker
        for split_q, split_c in ((_split_initials(q, c), c), (q, _split_initials(c, q))):
            if split_q is not q or split_c is not c:
                again = _align(split_q, split_c, weight, person, known, None, None, params)
                if again.score > best.score:
                    best = again
    resplit = best.score < 0.95 and len(q_keys) == len(c_keys) and _resplit(q, c)
    if best.score < 0.95 and (len(q_keys) != len(c_keys) or resplit):
        # the same letters split into other words: "Al Qaida" / "Alqaida", "Xia men" /
        # "Xiamen"; as many words, a space moved: "Arefullaha Ref" / "Arefullah Aref"
        qc, cc = q.compact, c.compact
        lqc, lcc = len(qc), len(cc)
        longest = lqc if lqc > lcc else lcc
        if longest >= 6:
            edits = allowed_edits(lcc if lqc > lcc else lqc)
            if params is not DEFAULT_PARAMS:
                edits = scaled_edits(edits, params.typo_budget)
            budget = edits // 2
            # the lengths differ by no more than the edits between the two
            if abs(lqc - lcc) <= budget:
                dist = 0 if resplit else OSA.distance(qc, cc, score_cutoff=budget)
                if dist and person and syllable_name(q.tokens) and syllable_name(c.tokens):
                    # East Asian syllables split otherwise and a letter apart are another
                    # syllable, another name (Shu Sing / Shusang)
                    dist = budget + 1
                if dist <= budget:
                    compact_score = 0.95 - 0.5 * dist / longest
                    if compact_score > best.score:
                        best = NameMatch(compact_score, q.original, c.original, "compact")
    if not person and best.score < 0.85:
        for one, many in ((q, c), (c, q)):
            if len(one.tokens) == 1 and one.tokens[0] == many.acronym:
                # short initials are ambiguous: three letters alone do not make a match
                score = min(0.88, 0.6 + 0.05 * len(one.tokens[0]))
                best = NameMatch(score, q.original, c.original, "acronym")
                break
    if not person and best.score > ORG_MISMATCH_FACTOR * NUMBERS_CAP:
        # another kind of company (*AG* / *GmbH*), or a number only one name carries
        # (*Fund* / *Fund I*, *Management Company 23*): another party of the same name
        note = ""
        if _has_number(q.keys) != _has_number(c.keys):
            note = "a number in one name only"
        elif forms_conflict(q.org_types, c.org_types):
            note = "legal forms of different kinds"
        elif _distinctive_word_missing(best, weight):
            note = "the list name's most distinctive word is not in the query"
        elif best.alignment is not None and listed_words_apart(best.alignment, known):
            note = "only another listed name a letter or two apart in common"
        elif best.alignment is not None and hyphened_part_unpaired(
            best.alignment, q.original, c.original
        ):
            note = "a word joined with a hyphen in one name only"
        if note:
            best = replace(best, score=best.score * ORG_MISMATCH_FACTOR, note=note)
    if (q.script == "abjad") is not (c.script == "abjad") and best.score < 0.9:
        # Arabic and Hebrew script write few vowels: compare consonant skeletons
        qs = _skeletons(q.tokens)
        cs = _skeletons(c.tokens)
        # consonants alone say less than a word: half the typo budget (Amira / Amjad)
        skel = _align(q, c, weight, person, _known, qs, cs, _halved(params), c_weights)
        skel.score *= 0.9
        if skel.score > best.score:
            skel.method = "skeleton"  # its pairs are of kind "consonants"
            best = skel
    return best


#: consonant skeletons of the words met (a cache: cleared when full)
_SKELETONS: dict[str, str] = {}
SKELETONS_KEPT = 100_000


def _skeletons(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """:func:`~tracewire.match.arabic.skeleton_key` of each token."""
    out = []
    for t in tokens:
        found = _SKELETONS.get(t)
        if found is None:
            if len(_SKELETONS) >= SKELETONS_KEPT:
                _SKELETONS.clear()
            found = _SKELETONS[t] = skeleton_key(t)
        out.append(found)
    return tuple(out)


@lru_cache(maxsize=64)
def _halved(params: NameParams) -> NameParams:
    """``params`` with half the typo budget (for consonant skeletons)."""
    return replace(params, typo_budget=params.typo_budget * 0.5)
