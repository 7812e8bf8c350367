"""Name similarity: align the parts of two names and weigh them by rarity.

Every token of the query name is paired with at most one token of the list name (best
pairs first). A pair scores 1.0 when the tokens are equal, 0.95 when only their
romanisation differs (equal fold keys), a little less for a typo within a plausible
number of edits, and 0.7 for an initial against a name. Each token weighs its rarity
across all listed names (see :mod:`tracewire.match.index`), so *Trading*, *Group* or
*Mohammed* count for little and a rare surname for much.

The score blends how much of the query is explained and how much of the list name is
covered: persons need both (a lone first name does not match a full name), while for
organisations a query that is a subset of the list name still scores well.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA

from tracewire.match.normalise import NameForm, fold, skeleton

Weight = Callable[[str], float]


def _unit(_key: str) -> float:
    return 1.0


@dataclass(slots=True)
class TokenPair:
    query: str
    candidate: str
    similarity: float
    kind: str  # equal, transliteration, typo, initial, skeleton


@dataclass(slots=True)
class NameMatch:
    score: float
    query: str
    candidate: str
    method: str  # tokens, compact, skeleton
    pairs: list[TokenPair] = field(default_factory=list)
    unmatched_query: list[str] = field(default_factory=list)
    unmatched_candidate: list[str] = field(default_factory=list)

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
        return f'listed as "{self.candidate}": {text}'


#: applied when each name keeps a part the other lacks ("Pacific Solutions" / "Pacific Trading")
SUBSTITUTION_FACTOR = 0.9


def allowed_edits(length: int) -> int:
    if length <= 3:
        return 0
    if length <= 5:
        return 1
    if length <= 9:
        return 2
    return 3


def token_similarity(qt: str, qk: str, ct: str, ck: str, person: bool) -> tuple[float, str]:
    if qt == ct:
        return 1.0, "equal"
    if qk == ck:
        return 0.95, "transliteration"
    if person and (len(qt) == 1 or len(ct) == 1):
        if qt[0] == ct[0]:
            return 0.7, "initial"
        return 0.0, ""
    if qk[0].isdigit() or ck[0].isdigit():
        return 0.0, ""  # numbers (hull numbers, "Branch 2") must be equal
    if len(qt) == len(ct) == 3 and sorted(qt) == sorted(ct):
        return 0.8, "typo"  # a swapped letter in an acronym: TSK / TKS
    # the budget follows the words as written (folding shortens some: "ishak" → "isak")
    shorter = min(len(qt), len(ct))
    budget = allowed_edits(shorter)
    if shorter == 3 and len(qt) != len(ct):
        budget = 1  # one letter dropped from or added to a short word: SONG / SOG
    if budget == 0 or (abs(len(qk) - len(ck)) > budget and abs(len(qt) - len(ct)) > budget):
        return 0.0, ""
    dist = OSA.distance(qk, ck, score_cutoff=budget)
    if dist > budget:
        dist = OSA.distance(qt, ct, score_cutoff=budget)
        if dist > budget:
            return 0.0, ""
    return max(0.0, 0.97 - 0.6 * dist / max(len(qt), len(ct))), "typo"


def _align(
    q: NameForm,
    c: NameForm,
    weight: Weight,
    person: bool,
    q_keys: tuple[str, ...] | None = None,
    c_keys: tuple[str, ...] | None = None,
) -> NameMatch:
    qk = q_keys or q.keys
    ck = c_keys or c.keys
    qt, ct = q.tokens, c.tokens
    scored = []
    for i in range(len(qk)):
        for j in range(len(ck)):
            sim, kind = token_similarity(qt[i], qk[i], ct[j], ck[j], person)
            if sim > 0:
                scored.append((sim, i, j, kind))
    scored.sort(reverse=True)
    used_q: set[int] = set()
    used_c: set[int] = set()
    pairs: list[TokenPair] = []
    # an initial carries only part of a name's weight, on both sides of its pair
    wq = [weight(k) * (0.5 if len(k) == 1 else 1.0) for k in q.keys]
    wc = [weight(k) * (0.5 if len(k) == 1 else 1.0) for k in c.keys]
    got_q = got_c = 0.0
    for sim, i, j, kind in scored:
        if i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        if kind == "initial":
            wq[i] = wc[j] = min(wq[i], wc[j])
        got_q += sim * wq[i]
        got_c += sim * wc[j]
        pairs.append(TokenPair(qt[i], ct[j], sim, kind))
    total_q = sum(wq) or 1.0
    total_c = sum(wc) or 1.0
    # both names carry numbers and none agree: another ship, branch or unit
    q_num = [i for i, k in enumerate(qk) if k[:1].isdigit()]
    c_num = [j for j, k in enumerate(ck) if k[:1].isdigit()]
    numbers_differ = bool(q_num and c_num and not any(i in used_q for i in q_num))
    explained = min(1.0, got_q / total_q)
    covered = min(1.0, got_c / total_c)
    # persons: F1 of both sides; organisations: F0.5, a query subset of the name is fine
    beta2 = 0.5 if person else 0.25
    denom = beta2 * explained + covered
    score = (1 + beta2) * explained * covered / denom if denom else 0.0
    if numbers_differ:
        score = min(score, 0.6)
    if len(used_q) < len(qk) and len(used_c) < len(ck):
        # a part of each name has no counterpart: one word stands in for another
        score *= SUBSTITUTION_FACTOR
    return NameMatch(
        score=score,
        query=q.original,
        candidate=c.original,
        method="tokens",
        pairs=sorted(pairs, key=lambda p: qt.index(p.query)),
        unmatched_query=[qt[i] for i in range(len(qt)) if i not in used_q],
        unmatched_candidate=[ct[j] for j in range(len(ct)) if j not in used_c],
    )


def _merge_pairs(form: NameForm, other: NameForm) -> NameForm:
    """``form`` with adjacent words joined where the join is a word of ``other``."""
    targets = set(other.keys)
    tokens, keys = list(form.tokens), list(form.keys)
    i, changed = 0, False
    while i < len(keys) - 1:
        joined = fold(tokens[i] + tokens[i + 1])
        if joined in targets and keys[i] not in targets and keys[i + 1] not in targets:
            tokens[i : i + 2] = [tokens[i] + tokens[i + 1]]
            keys[i : i + 2] = [joined]
            changed = True
        i += 1
    if not changed:
        return form
    return NameForm(form.original, tuple(tokens), tuple(keys), form.org_types, form.script)


def compare_names(
    q: NameForm, c: NameForm, weight: Weight = _unit, person: bool = False
) -> NameMatch:
    """The similarity of two normalised names, with the alignment that explains it."""
    best = _align(q, c, weight, person)
    if best.score < 0.9 and len(q.keys) > 1 and len(c.keys) > 1:
        # one name writes as two words what the other writes as one: "Slay Wah" / "Slaywah"
        for merged_q, merged_c in ((_merge_pairs(q, c), c), (q, _merge_pairs(c, q))):
            if merged_q is not q or merged_c is not c:
                again = _align(merged_q, merged_c, weight, person)
                if again.score > best.score:
                    best = again
    if best.score < 0.95 and len(q.keys) != len(c.keys):
        # the same letters split into other words: "Al Qaida" / "Alqaida", "Xia men" / "Xiamen"
        qc, cc = q.compact, c.compact
        longest = max(len(qc), len(cc))
        budget = allowed_edits(min(len(qc), len(cc))) // 2
        if longest >= 6:
            dist = OSA.distance(qc, cc, score_cutoff=budget)
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
    if "abjad" in (q.script, c.script) and q.script != c.script and best.score < 0.9:
        # Arabic and Hebrew script write few vowels: compare consonant skeletons
        qs = tuple(skeleton(k) for k in q.keys)
        cs = tuple(skeleton(k) for k in c.keys)
        skel = _align(q, c, weight, person, qs, cs)
        skel.score *= 0.9
        if skel.score > best.score:
            skel.method = "skeleton"
            for p in skel.pairs:
                p.kind = "consonants"
            best = skel
    return best
