"""An upper bound of each candidate's name score, for all of a query's candidates at once.

:meth:`Screener.match <tracewire.match.screener.Screener.match>` returns a query's best
few results, yet compares the names of every candidate retrieval gives it (about 30);
most score below the fifth best. :func:`name_ceilings` bounds the score
:func:`~tracewire.match.scoring.best_name` gives each candidate without aligning any
names: whether two words can pair and how alike they are at most is worked out for every
query word and every distinct list word at once (edit distances in one
``rapidfuzz.process.cdist`` call, the rest in numpy), and only the few pairs that may
pair are asked of ``token_similarity`` itself. The screener then compares the
candidates with the highest bound first and none whose bound cannot enter the results.

**The bound** (default :class:`~tracewire.match.names.NameParams` only). For one query
name ``q`` and one list name ``c`` compared as ``best_name`` compares them (``person``
the same), ``compare_names(q, c)`` is the highest of the methods it tries, each bounded:

1. *Word pairs* (``names._align``). A query word ``i`` and a list word ``j`` pair only
   when ``token_similarity`` gives them ``s_ij > 0`` (``_align`` drops some such pairs,
   never adds one), and each word pairs once. Let ``u_i`` be the largest ``s_ij`` over
   the list name's words and ``v_j`` the largest over the query's words, except that a
   pair of kind ``initial`` counts 1. With the weights ``_align`` uses
   (``index.query_weights`` and ``word_weights``: the same numbers) summing to ``W``:

   ``explained ≤ Σ u_i w_i / W_q`` and ``covered ≤ Σ v_j w_j / W_c``.

   Proof for ``explained`` (``covered`` likewise): ``explained = Σ_paired s·w' /
   (Σ_paired w' + Σ_unpaired w)``, where ``w' = w`` except in a pair of kind initial,
   which lowers both words' weights to the smaller. Split the paired words into those
   of an initial pair (M) and the others: ``explained = (A + Σ_M s·w') / (B + Σ_M
   w')`` with ``A = Σ s·w`` over the others and ``B`` their weight plus the unpaired
   words', so ``A ≤ B``. With ``s ≤ 1`` this is at most ``(A + Σ_M w') / (B + Σ_M
   w')``, which grows with each ``w'`` (as ``A ≤ B``), so it is at most ``(A + Σ_M w)
   / W_q ≤ Σ u_i w_i / W_q`` (``s ≤ u_i``; ``u_i = 1`` in M). The F-score ``(1 + β²)·E·C
   / (β²·E + C)`` grows with ``E`` and ``C``. The numbers cap only lowers a score. The
   substitution factor (0.9) is certain when some query word and some list word have
   no ``s > 0`` at all: the bound carries it then.

   ``s_ij`` is bounded by :func:`_word_ceilings`, which follows ``token_similarity``'s
   steps and leaves out only tests that turn a pair down: equal spellings 1, equal keys
   0.95; with a one-letter word (persons) the first letters decide (1); two East Asian
   romanisations (persons) 0.9 when both words may be romanised
   (:func:`~tracewire.match.romanisations.may_be_romanised`); three letters swapped 0.8;
   a typo needs the budget ``token_similarity`` gives (by the words' lengths, first
   letters and whether the query word is a listed one) to cover the edit distance it
   takes (the keys', or from two edits the smaller of the keys' and the spellings'),
   two edits or more only with the first letter kept, no number, and then scores
   exactly ``0.97 - 0.6 × edits ÷ longer``. Each pair this leaves above 0 (a few a
   query) is then asked of ``token_similarity`` itself, which gives the exact ``s``.
2. *Joined neighbours* (``_merge_pairs``): tried only when a join of one name is a word
   of the other; then 1.
3. *The compact form*: worked out exactly as ``compare_names`` does.
4. *Acronyms* (not persons): exactly.
5. *Consonant skeletons* (an abjad name against another script): an alignment (at most
   1) times 0.9, so 0.9.

A weak alias's bound is times :data:`~tracewire.match.scoring.WEAK_ALIAS_FACTOR`, an
entry's bound is the highest of its compared names'
(:func:`~tracewire.match.scoring.compared_names`, the names ``best_name`` compares) and
query names', plus :data:`MARGIN` for sums added in another order. The score
combination's ceiling does not decrease with the name score
(:class:`~tracewire.match.scoring.ScoreCeiling`), so the ceiling of the bound bounds
the entry's score.
"""

from __future__ import annotations

import numpy as np
from rapidfuzz.distance import OSA
from rapidfuzz.process import cdist

from tracewire.match.index import NameIndex, Record
from tracewire.match.names import (
    SUBSTITUTION_FACTOR,
    allowed_edits,
    token_similarity,
)
from tracewire.match.normalise import NameForm
from tracewire.match.romanisations import may_be_romanised
from tracewire.match.scoring import WEAK_ALIAS_FACTOR, PreparedQuery, compared_names

#: over float rounding: the bound's sums and the comparison's add in other orders
MARGIN = 1e-9
#: the most a consonant-skeleton comparison scores (an alignment times 0.9)
SKELETON_MOST = 0.9
#: the most edits any default typo budget allows
MOST_EDITS = 3


def _budgets(shorter: np.ndarray) -> np.ndarray:
    """:func:`~tracewire.match.names.allowed_edits` of each length."""
    return np.select([shorter <= 3, shorter <= 5, shorter <= 9], [0, 1, 2], 3)


def _misspelt(longer: np.ndarray) -> np.ndarray:
    """:func:`~tracewire.match.names.misspelt_edits` of each length."""
    return np.select([longer <= 4, longer <= 9], [1, 2], 3)


def _word_ceilings(
    q: NameForm, known: list[bool], tokens: list[str], keys: list[str], person: bool
) -> np.ndarray:
    """Per query word (rows) and list word (columns), an upper bound of
    ``token_similarity`` (1 for a pair of kind initial): see the module docstring."""
    qt, qk = list(q.tokens), list(q.keys)
    dk = cdist(qk, keys, scorer=OSA.distance, score_cutoff=MOST_EDITS, dtype=np.int32)
    dt = cdist(qt, tokens, scorer=OSA.distance, score_cutoff=MOST_EDITS, dtype=np.int32)
    lq = np.array([len(t) for t in qt])[:, None]
    lc = np.array([len(t) for t in tokens])[None, :]
    lkq = np.array([len(k) for k in qk])[:, None]
    lkc = np.array([len(k) for k in keys])[None, :]
    shorter = np.minimum(lq, lc)
    longer = np.maximum(lq, lc)
    first_t = np.array([t[0] for t in qt])[:, None] == np.array([t[0] for t in tokens])[None, :]
    first_k = np.array([k[:1] for k in qk])[:, None] == np.array([k[:1] for k in keys])[None, :]
    same_start = first_t | first_k
    budget = _budgets(shorter)
    budget = np.where((shorter == 3) & (longer != 3) & same_start, 1, budget)
    unknown = ~np.array(known)[:, None]
    budget = np.where(
        unknown & (shorter >= 4) & same_start, np.maximum(budget, _misspelt(longer)), budget
    )
    dist = np.where(dk > 1, np.minimum(dk, dt), dk)
    digits = (
        np.array([k[:1].isdigit() for k in qk])[:, None]
        | np.array([k[:1].isdigit() for k in keys])[None, :]
    )
    typo = (
        (budget > 0)
        & ~((np.abs(lkq - lkc) > budget) & (longer - shorter > budget))
        & ~digits
        & (dist <= budget)
        & ((dist < 2) | same_start)
    )
    out = np.where(typo, 0.97 - 0.6 * np.maximum(dist, 1) / longer, 0.0)
    three = (lq == 3) & (lc == 3)
    if three.any():
        sq = np.array(["".join(sorted(t)) for t in qt])[:, None]
        sc = np.array(["".join(sorted(t)) for t in tokens])[None, :]
        out = np.where(three & (sq == sc), np.maximum(out, 0.8), out)
    if person:
        rq = np.array([may_be_romanised(t) for t in qt])[:, None]
        rc = np.array([may_be_romanised(t) for t in tokens])[None, :]
        out = np.where(rq & rc, np.maximum(out, 0.9), out)
        one = (lq == 1) | (lc == 1)
        out = np.where(one, np.where(first_t, 1.0, 0.0), out)
    qa, ka = np.array(qt)[:, None], np.array(tokens)[None, :]
    out = np.where(np.array(qk)[:, None] == np.array(keys)[None, :], 0.95, out)
    return np.where(qa == ka, 1.0, out)


def name_ceilings(
    prepared: PreparedQuery,
    records: list[Record],
    persons: list[bool],
    index: NameIndex,
    hit: set[str] | None,
) -> list[float]:
    """An upper bound of :func:`~tracewire.match.scoring.best_name` for each record
    (its names compared as persons' where ``persons`` says so), with the query's default
    :class:`~tracewire.match.names.NameParams`."""
    forms = prepared.forms
    columns: dict[tuple[str, str], int] = {}
    tokens: list[str] = []
    keys: list[str] = []
    # per compared name: (record position, name, weak, its words' columns)
    names: list[tuple[int, NameForm, bool, list[int]]] = []
    for r, record in enumerate(records):
        for c, weak in compared_names(forms, record, hit):
            cols = []
            for token, key in zip(c.tokens, c.keys, strict=True):
                col = columns.get((token, key))
                if col is None:
                    col = columns[token, key] = len(tokens)
                    tokens.append(token)
                    keys.append(key)
                cols.append(col)
            names.append((r, c, weak, cols))
    out = [0.0] * len(records)
    if not names:
        return out
    word_weight = np.array([index.weight(k) * (0.5 if len(k) == 1 else 1.0) for k in keys])
    flat = np.array([col for *_rest, cols in names for col in cols])
    starts = np.cumsum([0] + [len(cols) for *_rest, cols in names[:-1]])
    wc = word_weight[flat]
    total_c = np.add.reduceat(wc, starts)
    total_c = np.where(total_c == 0, 1.0, total_c)
    beta2 = np.array([0.5 if persons[r] else 0.25 for r, *_rest in names])
    is_person = np.array([persons[r] for r, *_rest in names])
    best = np.zeros(len(names))
    for q in forms:
        known = [index.known(k) for k in q.keys]
        wq = np.array(index.query_weights(q))
        total_q = float(wq.sum()) or 1.0
        bound = np.zeros(len(names))
        for person in (False, True):
            chosen = is_person == person
            if not chosen.any():
                continue
            sims = _word_ceilings(q, known, tokens, keys, person)
            # the pairs left above 0 (and not equal): token_similarity's own value
            for i, j in zip(*np.nonzero((sims > 0) & (sims < 0.95)), strict=True):
                sim, kind = token_similarity(
                    q.tokens[i], q.keys[i], tokens[j], keys[j], person, known[i]
                )
                sims[i, j] = 1.0 if kind == "initial" else sim
            per_pos = sims[:, flat]  # query words × name positions
            most_q = np.maximum.reduceat(per_pos, starts, axis=1)  # u_i per name
            most_c = per_pos.max(axis=0)  # v_j per position
            explained = np.minimum(1.0, (wq @ most_q) / total_q)
            covered = np.minimum(1.0, np.add.reduceat(most_c * wc, starts) / total_c)
            denom = beta2 * explained + covered
            f = np.where(
                denom > 0, (1 + beta2) * explained * covered / np.where(denom > 0, denom, 1), 0.0
            )
            lone_q = most_q.min(axis=0) == 0
            lone_c = np.minimum.reduceat(most_c, starts) == 0
            f = np.where(lone_q & lone_c, f * SUBSTITUTION_FACTOR, f)
            bound = np.where(chosen, f, bound)
        for n, (r, c, _weak, _cols) in enumerate(names):
            if bound[n] < 1.0:
                bound[n] = _other_methods(q, c, persons[r], bound[n])
        best = np.maximum(best, bound)
    for n, (r, _c, weak, _cols) in enumerate(names):
        b = float(best[n]) * (WEAK_ALIAS_FACTOR if weak else 1.0)
        if b > out[r]:
            out[r] = b
    return [b + MARGIN for b in out]


def _other_methods(q: NameForm, c: NameForm, person: bool, bound: float) -> float:
    """``bound`` raised to what the methods beside word pairs may score (see the module
    docstring)."""
    qk, ck = q.keys, c.keys
    joined = any(j in ck for j in q.joins) or any(j in qk for j in c.joins)
    if joined and len(qk) > 1 and len(ck) > 1:
        return 1.0  # joined neighbours: a comparison of other words
    if len(qk) != len(ck):
        qc, cc = q.compact, c.compact
        longest = max(len(qc), len(cc))
        budget = allowed_edits(min(len(qc), len(cc))) // 2
        if longest >= 6 and abs(len(qc) - len(cc)) <= budget:
            dist = OSA.distance(qc, cc, score_cutoff=budget)
            if dist <= budget:
                bound = max(bound, 0.95 - 0.5 * dist / longest)
    if not person:
        for one, many in ((q, c), (c, q)):
            if len(one.tokens) == 1 and one.tokens[0] == many.acronym:
                bound = max(bound, min(0.88, 0.6 + 0.05 * len(one.tokens[0])))
    if "abjad" in (q.script, c.script) and q.script != c.script:
        bound = max(bound, SKELETON_MOST)
    return bound
