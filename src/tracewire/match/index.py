"""Candidate retrieval: an inverted index over every name and identifier of the lists.

For each list entry the index keeps a prepared :class:`Record` (normalised names,
identifiers, dates, countries). Lookups go from a query's name tokens to entries:

- a token's fold key finds the entries holding a token with the same key (so every
  romanisation of a name finds every other);
- typos: each key of four letters or more is also filed under its one-letter
  deletions (of five to nine letters under its two-letter deletions too), so a query
  key one or two edits off still meets it (SymSpell: deletions on both sides); a query
  word no list knows (most likely misspelt) gets the wider search, and is also looked
  up with one letter less before folding, for typos that break a fold (*Jrarah*);
- spacing: each name's compact form (its keys joined) is a key too, so *Xia men* finds
  *Xiamen* and a Chinese name finds its other-script twin;
- identifiers: ``group:value`` keys (``tax:1831083343``) go straight to their entries.

Each hit adds the key's rarity weight to its entry (a near key a little less, and no
more than the query word itself weighs); the best-scoring entries become the candidates
that :mod:`tracewire.match.scoring` then scores in full. No entry is dropped that its
retrieval evidence lets reach the alert threshold (:func:`name_bound`), however much
better another entry was retrieved; two letters swapped in a short word (TKS / TSK)
meet too.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from string import ascii_lowercase

import numpy as np
from rapidfuzz.distance import OSA

from tracewire._compiled import interpreted
from tracewire.bounds import MAX_NEAR_KEYS, TYPO_KEY_CHARS
from tracewire.match.eastasian import syllable_word
from tracewire.match.features import clean_countries, clean_dates, identifier_groups
from tracewire.match.names import (
    DROPPED_LEFT,
    abd_left_out,
    allowed_edits,
    misspelt_edits,
    within_slips,
    word_weights,
)
from tracewire.match.normalise import (
    GENERIC_WEIGHT,
    WEIGHT_CAPS,
    NameForm,
    abjad_skeletons,
    fold,
    misspelt_generic,
    normalise_name,
    readings,
    skeleton,
)
from tracewire.match.orgwords import organisation_form
from tracewire.match.romanisations import SURNAMES, same_surname
from tracewire.model import MATCHABLE_SCHEMATA, Entity
from tracewire.sources.effects import classify, strongest_first

COUNTRY_PROPS = ("country", "nationality", "citizenship", "jurisdiction", "flag", "mainCountry")
PERSONISH = frozenset({"Person", "LegalEntity"})
ORGISH = frozenset({"Organization", "Company", "LegalEntity", "PublicBody"})
COMPATIBLE: dict[str | None, frozenset[str]] = {
    None: MATCHABLE_SCHEMATA,
    "Person": PERSONISH,
    "Organization": ORGISH,
    "Company": ORGISH,
    "LegalEntity": PERSONISH | ORGISH,
    "Vessel": frozenset({"Vessel"}),
    "Airplane": frozenset({"Airplane"}),
}


def _surname_keys() -> dict[str, tuple[str, ...]]:
    out: dict[str, set[str]] = defaultdict(set)
    for row in SURNAMES:
        for a in row:
            out[fold(a)].update(fold(b) for b in row if same_surname(a, b))
    return {key: tuple(sorted(others)) for key, others in out.items()}


#: fold key of a family name's spelling → those of its other spellings (.romanisations)
SURNAME_KEYS = _surname_keys()
#: query words whose near keys are kept (:meth:`NameIndex.similar_keys`)
SIMILAR_CACHE = 50_000
#: listed names whose word weights are kept (:meth:`NameIndex.name_weights`)
NAME_WEIGHTS_CACHE = 200_000
#: most near keys kept for one query word (the closest first)
NEAR_KEYS_PER_WORD = 200
#: how often building an index reports its progress, in screened parties
PROGRESS_EVERY = 500
#: a word split in two (:meth:`NameIndex._split_keys`) meets the entries of its rarer
#: part when that part has this many letters or more
SPLIT_PART_CHARS = 4


def person_flag(schema: str | None) -> bool | None:
    if schema == "Person":
        return True
    if schema in ("Organization", "Company", "PublicBody", "Vessel", "Airplane"):
        return False
    return None


@interpreted  # pickled in every index file: a plain class (tracewire._compiled)
@dataclass(slots=True)
class Record:
    """A list entry prepared for matching."""

    entity: Entity
    names: list[tuple[NameForm, bool]]  # (name, is weak alias)
    ids: dict[str, set[str]]
    birth_dates: list[str]
    countries: set[str]
    gender: list[str]
    sanctions: list[str] = field(default_factory=list)
    #: the legal effects of the entry's listings, strongest first (tracewire.sources.effects)
    effects: list[str] = field(default_factory=list)

    def organisation_words(self) -> bool:
        """Whether a name of the entry carries a word only organisations carry
        (:mod:`.orgwords`)."""
        return any(organisation_form(form) for form, _weak in self.names)

    @property
    def org_types(self) -> set[str]:
        """The legal-form classes of the entry's names (``llc``, ``jsc``…)."""
        return {t for form, _weak in self.names for t in form.org_types}

    @classmethod
    def from_entity(cls, entity: Entity) -> Record:
        person = person_flag(entity.schema)
        vessel = entity.schema == "Vessel"
        names: list[tuple[NameForm, bool]] = []
        seen: set[tuple[str, ...]] = set()
        for prop in ("name", "alias", "previousName", "weakAlias"):
            for value in entity.get(prop):
                for text in (value, *readings(value)):
                    form = normalise_name(text, person, vessel)
                    if form.keys and form.keys not in seen:
                        seen.add(form.keys)
                        names.append((form, prop == "weakAlias"))
        id_pairs: list[tuple[str, str]] = []
        for prop, values in entity.properties.items():
            id_pairs.extend((prop, v) for v in values)
        countries: list[str] = []
        for prop in COUNTRY_PROPS:
            countries.extend(entity.get(prop))
        return cls(
            entity=entity,
            names=names,
            ids=identifier_groups(id_pairs),
            birth_dates=clean_dates(entity.get("birthDate")),
            countries=clean_countries(countries),
            gender=entity.get("gender"),
        )


def screening_targets(parties: list[Entity], sanctions: dict[str, list[str]]) -> list[Entity]:
    """The parties a screening can hit: those a list sanctions (a Sanction points at them,
    or an FtM record says ``"target": true``). Parties named only as an owner, operator or
    link stay out of the index. A dataset that marks no target at all (a plain blocklist)
    is taken as a list of targets."""
    marked = {e.dataset for e in parties if e.id in sanctions or e.extra.get("target") is True}
    return [
        e
        for e in parties
        if e.dataset not in marked or e.id in sanctions or e.extra.get("target") is True
    ]


#: the longest word read as East Asian syllables to be joined or split (three syllables)
SYLLABLE_CHARS = 18


@lru_cache(maxsize=50_000)
def _syllable_splits(token: str) -> tuple[tuple[str, str], ...]:
    """The ways ``token`` (a run of pinyin or Cantonese syllables: *guorong*) splits into
    two words that are each such a run (*guo* / *rong*), as their fold keys."""
    if not 4 <= len(token) <= SYLLABLE_CHARS or not syllable_word(token):
        return ()
    return tuple(
        (fold(token[:cut]), fold(token[cut:]))
        for cut in range(1, len(token))
        if syllable_word(token[:cut]) and syllable_word(token[cut:])
    )


def syllable_keys(form: NameForm) -> tuple[list[tuple[str, int, int]], list[tuple[str, str, int]]]:
    """A name's East Asian given names written otherwise than the list writes them: two
    neighbouring syllable words the list may write as one (*Guo Rong* / *Guorong*, *Xi
    Jinping* / *Xijinping*), as (the joined word's key, the first word's place, the
    second's); and one word the list may write as two (*Guorong* / *Guo Rong*), as (the
    first part's key, the second's, the word's place). Only words that read as syllables
    (:func:`~tracewire.match.eastasian.syllable_word`)."""
    joins: list[tuple[str, int, int]] = []
    splits: list[tuple[str, str, int]] = []
    tokens = form.tokens
    for i, token in enumerate(tokens):
        if len(token) > SYLLABLE_CHARS or not syllable_word(token):
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if nxt and len(token + nxt) <= SYLLABLE_CHARS and syllable_word(nxt):
            joins.append((fold(token + nxt), i, i + 1))
        splits.extend((a, b, i) for a, b in _syllable_splits(token))
    return joins, splits


def abd_keys(key: str) -> tuple[str, ...]:
    """The key an *Abd* name key pairs with written alone (``abdhanif`` → ``hanif``), or
    the other way round (:func:`~tracewire.match.names.abd_left_out`)."""
    other = key[3:] if key.startswith("abd") else "abd" + key
    return (other,) if abd_left_out(key, other) else ()


def key_splits(key: str) -> list[tuple[str, str]]:
    """Each way of cutting a key in two parts of two letters or more
    (:meth:`NameIndex.similar_keys`: a word other lists write as two)."""
    return [(key[:cut], key[cut:]) for cut in range(2, len(key) - 1)]


def syllable_lookup_keys(form: NameForm) -> set[str]:
    """Every key :func:`syllable_keys` may look up for a name."""
    joins, splits = syllable_keys(form)
    return {joined for joined, _i, _j in joins} | {k for a, b, _i in splits for k in (a, b)}


def deletions(key: str) -> set[str]:
    return {key[:i] + key[i + 1 :] for i in range(len(key))}


def letter_replaced(key: str) -> set[str]:
    """``key`` with one letter after the first replaced by another (*ong* / *onr*)."""
    return {key[:i] + ch + key[i + 1 :] for i in range(1, len(key)) for ch in ascii_lowercase} - {
        key
    }


def transpositions(key: str) -> set[str]:
    """``key`` with two neighbouring letters swapped (TKS / TSK)."""
    return {key[:i] + key[i + 1] + key[i] + key[i + 2 :] for i in range(len(key) - 1)} - {key}


#: the most the other features add to a name score (birth date 0.06, country 0.02,
#: legal form 0.01; see :mod:`tracewire.match.scoring`)
FEATURE_HEADROOM = 0.09
#: entries kept only for context (their retrieval evidence cannot reach the floor) are
#: at most ``limit`` × this ÷ the query's words: all ``limit`` for names of up to 8 words
#: (every ordinary name: nothing changes), a third for the 24 words allowed, so that a
#: long name of common words, each meeting thousands of entries, stays within its time
#: bound (the cost of scoring grows with the words × the entries). Entries whose
#: evidence may reach the floor are never dropped.
CONTEXT_WORDS = 8
#: an entry met this way may score by another method than word pairs (an identifier,
#: the compact form, initials, consonant skeletons): never pruned by its name bound
EXEMPT = 1e6


def _distinct(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` (sorted, the same dtype) by a sort: for the few hundred
    entries a query meets, a tenth of the time of numpy 2's hashed unique."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def _gather(
    hits: list[np.ndarray],
    gains: list[float],
    bounds: list[float],
    rids: np.ndarray,
    weight: float,
    bound: float = EXEMPT,
) -> None:
    """Add a key's entries (``rids``), its ``weight`` and the query name weight it can
    explain (``bound``; :data:`EXEMPT`: another method may score) to a query's hits.
    (A function of the module, not a closure in :meth:`NameIndex.candidates`: mypyc
    compiles none in a method of a plain class.)"""
    if len(rids):
        hits.append(rids)
        gains.append(weight)
        bounds.append(bound)


def _near_order(item: tuple[float, str, str]) -> tuple[float, str, str]:
    """The order near keys are counted in: heaviest first, then by the keys."""
    return (-item[0], item[1], item[2])


def name_bound(explained: np.ndarray, headroom: float = FEATURE_HEADROOM) -> np.ndarray:
    """The highest score a share ``explained`` of the query's name weight allows: the
    persons' F1 of :func:`~tracewire.match.names.compare_names` with the list name fully
    covered (the organisations' F0.5 is never higher), plus what the other features may
    add (``headroom``: at most :data:`FEATURE_HEADROOM`)."""
    e = np.minimum(explained, 1.0)
    return 1.5 * e / (0.5 * e + 1.0) + headroom


@interpreted  # pickled, and keeps its caches in __dict__: a plain class
class NameIndex:
    """Inverted index from name keys and identifiers to prepared list entries."""

    def __init__(
        self, entities: Iterable[Entity], progress: Callable[[int, int], None] | None = None
    ) -> None:
        """The index of ``entities`` (list parties, their sanctions and wallets); building
        it calls ``progress(done, total)`` now and then, counted in screened parties."""
        self.records: list[Record] = []
        postings: dict[str, set[int]] = defaultdict(set)
        sanctions: dict[str, list[str]] = defaultdict(list)
        listings: dict[str, list[Entity]] = defaultdict(list)
        wallets: dict[str, list[str]] = defaultdict(list)
        parties: list[Entity] = []
        for entity in entities:
            if entity.schema == "CryptoWallet":
                for holder in entity.get("holder"):
                    wallets[holder].extend(entity.get("publicKey"))
                continue
            if entity.schema == "Sanction":
                label = (
                    ", ".join(entity.get("authority") or entity.get("program")) or entity.dataset
                )
                for target in entity.get("entity"):
                    sanctions[target].append(label)
                    listings[target].append(entity)
                continue
            if entity.schema in MATCHABLE_SCHEMATA:
                parties.append(entity)
        targets = screening_targets(parties, sanctions)
        for done, entity in enumerate(targets):
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done, len(targets))
            record = Record.from_entity(entity)
            if not record.names:
                continue
            rid = len(self.records)
            self.records.append(record)
            for form, _weak in record.names:
                for key in form.keys:
                    postings[key].add(rid)
                    postings["%" + skeleton(key)].add(rid)
                if len(form.keys) > 1 and len(form.compact) >= 6:
                    postings["~" + form.compact].add(rid)
                if record.entity.schema != "Person" and 2 <= len(form.acronym) <= 8:
                    postings["^" + form.acronym].add(rid)
            for group, values in record.ids.items():
                for value in values:
                    postings[f"#{group}:{value}"].add(rid)
        for rid, record in enumerate(self.records):
            record.sanctions = sorted(set(sanctions.get(record.entity.id, [])))
            topics = record.entity.get("topics")
            record.effects = list(
                strongest_first(
                    classify(s, topics).effect for s in listings.get(record.entity.id, [])
                )
            )
            keys = identifier_groups(
                [("cryptoWallets", k) for k in wallets.get(record.entity.id, [])]
            )
            for group, values in keys.items():
                record.ids.setdefault(group, set()).update(values)
                for value in values:
                    postings[f"#{group}:{value}"].add(rid)
        # (a Mapping, not a dict, to the compiled code: a PartIndex's mappings raise
        # Missing, which compiled dict operations would not ask them)
        self.postings: Mapping[str, tuple[int, ...]] = {k: tuple(v) for k, v in postings.items()}
        #: the schema each entry is screened as: a LegalEntity whose name carries a legal
        #: form (JANE SHANG CO., LIMITED) or an organisation's word (SHAHID KARIMI
        #: INDUSTRIES, .orgwords) is an organisation, which a person never matches
        self.schemas = [
            "Organization"
            if r.entity.schema == "LegalEntity" and (r.org_types or r.organisation_words())
            else r.entity.schema
            for r in self.records
        ]
        # the postings again as one array and each key's slice of it: a query adds a
        # key's weight to all its entries in one step (common words list thousands)
        self._spans: dict[str, tuple[int, int]] = {}
        flat: list[int] = []
        for key, rids in self.postings.items():
            self._spans[key] = (len(flat), len(flat) + len(rids))
            flat.extend(rids)
        self._flat = np.array(flat, dtype=np.int32)
        #: distinct name words of each entry (the fewer, the closer an equal hit)
        self.sizes = [len({k for form, _ in r.names for k in form.keys}) for r in self.records]
        self._sizes = np.array(self.sizes, dtype=np.int32)
        schema_arr = np.array(self.schemas, dtype=object)
        #: per query schema, the entries it may meet
        self._allowed = {
            schema: np.isin(schema_arr, sorted(allowed)) if len(schema_arr) else np.zeros(0, bool)
            for schema, allowed in COMPATIBLE.items()
        }
        #: keys a name of the entry holds more than once ("Mohamed Omar Mohamed"): times
        self.repeats: dict[tuple[int, str], int] = {}
        for rid, record in enumerate(self.records):
            for form, _weak in record.names:
                if len(set(form.keys)) < len(form.keys):
                    for key in set(form.keys):
                        n = form.keys.count(key)
                        if n > self.repeats.get((rid, key), 1):
                            self.repeats[rid, key] = n
        # SymSpell: keys by their one-letter deletions, and (five to nine letters) by their
        # two-letter deletions, so that a key two edits off still meets its variant (longer
        # keys are many and rarely misspelt twice in a way only these would find)
        deletes: dict[str, list[str]] = defaultdict(list)
        deletes2: dict[str, list[str]] = defaultdict(list)
        for key in self.postings:
            if len(key) >= 4 and key[0] not in "~#%^":
                ones = deletions(key)
                for variant in ones:
                    deletes[variant].append(key)
                if 5 <= len(key) <= 9:
                    for variant in {v2 for v in ones for v2 in deletions(v)}:
                        deletes2[variant].append(key)
        self.deletes: Mapping[str, tuple[str, ...]] = {k: tuple(v) for k, v in deletes.items()}
        self.deletes2: Mapping[str, tuple[str, ...]] = {k: tuple(v) for k, v in deletes2.items()}
        total = max(1, len(self.records))
        self.max_weight = math.log((total + 1) / 0.5)
        self._weights = {
            k: max(0.3, math.log((total + 1) / (len(v) + 0.5))) for k, v in self.postings.items()
        }
        for key, cap in WEIGHT_CAPS.items():  # generic words, an organisation's kind
            self._weights[key] = min(cap, self._weights.get(key, cap))
        if progress is not None:
            progress(len(targets), len(targets))

    def _posting(self, key: str) -> np.ndarray:
        """The entries holding ``key``, as an array (a view, not a copy)."""
        span = self._spans.get(key)
        return self._flat[span[0] : span[1]] if span is not None else self._flat[:0]

    def __len__(self) -> int:
        return len(self.records)

    def weight(self, key: str) -> float:
        """Rarity of a name key among all listed names (unknown keys are rare)."""
        return self._weights.get(key, self.max_weight)

    def known(self, key: str) -> bool:
        """Whether a fold key is a word of some listed name."""
        return key in self.postings

    def holders(self, key: str) -> int:
        """How many entries hold a key (0: none)."""
        rids = self.postings.get(key)
        return 0 if rids is None else len(rids)

    def similar_keys(self, key: str, token: str = "") -> list[str]:
        """Keys in the index that :func:`~tracewire.match.names.token_similarity` could
        pair with the query word ``token`` (fold key ``key``): one or two edits by its
        length, a second edit only as a slip with the first letter kept, more for a key
        no listed name has (most likely misspelt); a three-letter key only gains a
        letter (SONG / SOG). Answers are kept for the words queries repeat.

        The search costs the cube of the key's length, so it is bounded: a key over
        :data:`~tracewire.bounds.TYPO_KEY_CHARS` letters gets none, and a word keeps at
        most :data:`NEAR_KEYS_PER_WORD` near keys, the closest first."""
        if key in self.postings:
            token = ""  # the written form only matters for a word no list knows
        cache = self.__dict__.setdefault("_similar", {})
        found = cache.get((key, token))
        if found is None:
            found = self._similar_keys(key, token)
            # another romanisation of the same family name (Wong / Huang, Pak / Park)
            found += [k for k in SURNAME_KEYS.get(key, ()) if k in self.postings and k not in found]
            found += [k for k in self._split_keys(key) if k not in found]
            found += [k for k in self._abd_keys(key) if k not in found]
            if len(cache) >= SIMILAR_CACHE:
                cache.clear()
            cache[key, token] = found
        return found

    def _split_keys(self, key: str) -> list[str]:
        """A word other lists write as two (*Aliasghar* / *Ali Asghar*, *Almadani* /
        *Al Madani*): for each split of ``key`` into two listed keys, the rarer part (of
        :data:`SPLIT_PART_CHARS` letters or more), whose entries then count as meeting
        the whole word. Without it the entries holding the two parts were met by the
        query's other words only, and their bound kept them out."""
        out: list[str] = []
        for head, tail in key_splits(key):
            heads, tails = self.holders(head), self.holders(tail)
            if not heads or not tails:
                continue
            rarer = head if heads <= tails else tail
            if len(rarer) >= SPLIT_PART_CHARS and rarer not in out:
                out.append(rarer)
        return out

    def _abd_keys(self, key: str) -> list[str]:
        """The listed key of the name an *Abd* name governs, or of that name with *Abd*
        (``abdhanif`` / ``hanif``): a person's pair by
        :func:`~tracewire.match.names.abd_left_out`, whose entries would otherwise be met
        by the query's other words only (and their bound keep them out)."""
        return [other for other in abd_keys(key) if other in self.postings]

    def name_weights(self, keys: tuple[str, ...]) -> tuple[float, ...]:
        """The weight of each word of a listed name as the name comparison counts it (an
        initial: half of its rarity); kept per name, as every query meeting the name asks."""
        cache = self.__dict__.setdefault("_name_weights", {})
        found: tuple[float, ...] | None = cache.get(keys)
        if found is None:
            found = word_weights(keys, self.weight)
            if len(cache) >= NAME_WEIGHTS_CACHE:
                cache.clear()
            cache[keys] = found
        return found

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state.pop("_similar", None)  # caches, not part of the index
        state.pop("_name_weights", None)
        return state

    def _similar_keys(self, key: str, token: str) -> list[str]:
        if len(key) < 3 or len(key) > TYPO_KEY_CHARS:
            return []
        if len(token) > TYPO_KEY_CHARS:
            token = ""
        known = key in self.postings
        allowed = allowed_edits(len(key)) if len(key) > 3 else 1
        # the most any pair may take: a misspelt key may meet a longer listed one
        budget = allowed if known else max(allowed, misspelt_edits(len(key) + 1))
        if len(key) == 3:
            found = {k for k in self.deletes.get(key, ()) if len(k) == 4 and k[0] == key[0]}
            if len(token) >= 4:
                # a misspelt word of four letters or more whose key has three ("Yonr" /
                # "onr") has the written word's budget: a letter after the first replaced
                # ("Yong" / "ong"; three-letter keys have no deletions in the index)
                found.update(k for k in letter_replaced(key) if k in self.postings)
        else:
            ones = deletions(key)
            # one edit: a letter more, less or other on either side (deletions meet)
            found = {v for v in ones if v in self.postings}
            found.update(self.deletes.get(key, ()))
            for variant in ones:
                found.update(self.deletes.get(variant, ()))
            if budget >= 2:
                twos = {v2 for v in ones for v2 in deletions(v)}
                found.update(v for v in twos if v in self.postings)
                for variant in twos:
                    found.update(self.deletes.get(variant, ()))
                if not known:
                    # a misspelt word: two letters off on the list side too, for two
                    # letters replaced (a word the lists know needs no such search)
                    found.update(self.deletes2.get(key, ()))
                    for variant in ones | twos:
                        found.update(self.deletes2.get(variant, ()))
        found.discard(key)
        out = []
        size = len(key)
        for other in found:
            limit = allowed
            if not known and key[0] == other[0] and size >= 4 and len(other) >= 4:
                limit = max(allowed, misspelt_edits(max(size, len(other))))
            if abs(len(other) - size) > limit:
                continue
            dist = OSA.distance(key, other, score_cutoff=limit)
            if dist > limit:
                continue
            if dist >= 2 and (
                key[0] != other[0] or not within_slips(key, other, limit, dist > allowed)
            ):
                continue
            out.append(other)
        if not known and len(token) >= 4:
            # a typo may break a fold ("Jrarah" keeps the "j" that "Jarrah" folds away):
            # the written word with one letter less, folded, may be a listed key, or one
            # more letter off it ("Acnhij" → "achij" → "aci" ~ "acim"); or with two
            # neighbouring letters swapped back ("Kohlin" / "Kholin": "kohlin" / "holin",
            # "Ysain" / "Yasin": "isain" / "asin")
            seen = set(out)
            for swapped in sorted(transpositions(token)):
                near = fold(swapped)
                if near != key and near not in seen and near in self.postings:
                    seen.add(near)
                    out.append(near)
            for shorter in deletions(token):
                near = fold(shorter)
                others = [near] if near in self.postings else []
                if len(token) >= 5:
                    others.extend(
                        o
                        for o in self.deletes.get(near, ())
                        if o[0] == key[0] and OSA.distance(near, o, score_cutoff=1) <= 1
                    )
                for other in others:
                    if other != key and other not in seen:
                        seen.add(other)
                        out.append(other)
        out.sort()  # one order every run, so a query's capped near keys are always the same
        if len(out) > NEAR_KEYS_PER_WORD:
            # the closest first (then in the order above); no lambda: mypyc compiles no
            # closure in a method of a plain class
            by_distance = sorted([(OSA.distance(key, other), other) for other in out])
            out = [other for _dist, other in by_distance[:NEAR_KEYS_PER_WORD]]
        return out

    def query_weights(self, form: NameForm) -> list[float]:
        """Each query word's weight as the name comparison counts it (an initial half its
        rarity; a misspelt generic word no more than a generic one)."""
        out = []
        for key, token in zip(form.keys, form.tokens, strict=True):
            w = self.weight(key) * (0.5 if len(key) == 1 else 1.0)
            if key not in self.postings and misspelt_generic(token):
                w = min(w, GENERIC_WEIGHT)
            out.append(w)
        return out

    def candidates(
        self,
        forms: list[NameForm],
        ids: dict[str, set[str]],
        schema: str | None,
        limit: int,
        min_share: float = 0.5,
        keep: int = 3,
        floor: float | None = 0.8,
        headroom: float = FEATURE_HEADROOM,
    ) -> tuple[list[int], set[str]]:
        """The best entries for a query, and every index key the query met.

        Each key the query meets adds its weight to every entry holding it; the weights
        are gathered as (entries, weight) pairs and summed per entry in one pass, in the
        order they were found (so the sums do not depend on how they are computed).

        Of the ``limit`` best-retrieved entries, every one whose retrieval evidence lets
        it reach ``floor`` (the alert threshold) is kept: the query words that met it
        bound how much of the query name it can explain, and so its score
        (:func:`name_bound`; ``headroom``: what the query's other features may add).
        Those that cannot are kept only for context: the entries
        within ``min_share`` of the best retrieval weight, and the ``keep`` best.
        ``floor`` None keeps all ``limit``."""
        n = len(self)
        hits: list[np.ndarray] = []
        gains: list[float] = []
        # per hit, the query name weight it can explain (EXEMPT: another method may score)
        bounds: list[float] = []

        hit: set[str] = set()
        for group, values in ids.items():
            for value in values:
                _gather(hits, gains, bounds, self._posting(f"#{group}:{value}"), 100.0)
        keys: dict[str, str] = {}
        #: per query key, the most name weight its words carry in one query name
        explains: dict[str, float] = {}
        smallest = math.inf  # the lightest query name's total weight
        for form in forms:
            keys.update(zip(form.keys, form.tokens, strict=True))
            qw = self.query_weights(form)
            total = sum(qw)
            if len(qw) >= 3 and person_flag(schema) is not False:
                # a person's middle name the list leaves out weighs less in the name's
                # score (names.left_out_share): so it may in the bound
                total -= DROPPED_LEFT * max(qw)
            smallest = min(smallest, total)
            per: dict[str, float] = defaultdict(float)
            for key, w in zip(form.keys, qw, strict=True):
                per[key] += w
            for key, w in per.items():
                explains[key] = max(explains.get(key, 0.0), w)
            # (key, weight): the same letters split otherwise, and initials
            compacts = [("~" + form.compact, self.max_weight)] if len(form.compact) >= 6 else []
            if len(form.keys) == 1:  # one word: maybe a name others write in parts
                compacts.append(("~" + form.keys[0], self.max_weight))
                if schema != "Person" and 3 <= len(form.tokens[0]) <= 8:
                    initials = "^" + form.tokens[0]  # ... or the initials of one
                    compacts.append((initials, self.weight(initials) * 0.5))
            elif schema != "Person" and 3 <= len(form.acronym) <= 8:
                short = fold(form.acronym)  # the list may print only the initials
                compacts.append((short, self.weight(short) * 0.5))
            for compact, weight in compacts:
                hit.add(compact)
                _gather(hits, gains, bounds, self._posting(compact), weight)
            if form.script == "abjad":
                for skel in abjad_skeletons(form):
                    hit.add(skel)
                    _gather(hits, gains, bounds, self._posting(skel), self.weight(skel) * 0.8)
            # a given name the list writes joined or apart (Guo Rong / Guorong), weighing
            # no more than the query's words as written: two rare fragments of a common
            # syllable (Yo'ng: yo, ng) outranked the entries holding the query's own words
            joins, splits = syllable_keys(form)
            for joined, i, j in joins:
                if joined in self.postings and joined not in keys:
                    hit.add(joined)
                    weight = min(
                        self.weight(joined),
                        self.weight(form.keys[i]) + self.weight(form.keys[j]),
                    )
                    _gather(hits, gains, bounds, self._posting(joined), weight, qw[i] + qw[j])
            for first, second, i in splits:
                if first in self.postings and second in self.postings:
                    hit.update((first, second))
                    both = np.intersect1d(self._posting(first), self._posting(second))
                    if form.keys[i] in self.postings:
                        # the word counts once: not again where the entry holds it whole
                        # (KIM, Song Hun / KIM, So'ng-hun met Kim Song Su's song twice)
                        both = np.setdiff1d(both, self._posting(form.keys[i]))
                    weight = min(
                        self.weight(first) + self.weight(second),
                        self.max_weight,
                        self.weight(form.keys[i]),
                    )
                    _gather(hits, gains, bounds, both, weight, qw[i])
        # each query word counts once per entry: its exact key, else its best near key;
        # and each listed key once, for the query word that meets it first (exact first):
        # "Mhamed" and "Mohamed" do not both score on one listed "Momhamed"
        near: list[tuple[float, str, str]] = []  # (weight, query key, listed key)
        for key, token in keys.items():
            hit.add(key)
            w = self.weight(key)
            _gather(hits, gains, bounds, self._posting(key), w, explains[key])
            similar = self.similar_keys(key, token)
            if len(token) == 3 or len(key) == 3:
                # two letters swapped in a short word (an acronym): TKS / TSK, whose
                # fold keys may differ more ("tsk" folds to "ck")
                swapped = {fold(t) for t in transpositions(token)} | transpositions(key)
                similar = similar + sorted(
                    k for k in swapped if k in self.postings and k != key and k not in similar
                )
            similar = similar[: max(0, MAX_NEAR_KEYS - len(near))]
            hit.update(similar)
            # a word the lists know is no rarer for a near listed word being rare; a
            # misspelt word's near words are guesses, none rarer than the likeliest (most
            # common) one: the query's other words decide
            cap = w if key in self.postings else min((self.weight(o) for o in similar), default=0.0)
            near.extend((min(self.weight(o), cap) * 0.8, key, o) for o in similar)
        near.sort(key=_near_order)  # the same order every run
        reach = Counter(other for _w, _key, other in near)
        claimed: dict[tuple[int, str], int] = {}  # (entry, listed key): times met
        # per query key: the entries its exact key or one of its near keys already scored
        done: dict[str, np.ndarray] = {}
        repeats = self.repeats
        for w, key, other in near:
            blocked = done.get(key)
            if blocked is None:
                blocked = done[key] = np.zeros(n, dtype=bool)
                blocked[self._posting(key)] = True
            rids = self._posting(other)
            rids = rids[~blocked[rids]]
            if not len(rids):
                continue
            if reach[other] > 1 or other in keys:
                # a listed key another query word may meet too: count who met it
                kept = []
                for rid in rids.tolist():
                    times = claimed.get((rid, other), 1 if other in keys else 0)
                    if times and times >= repeats.get((rid, other), 1):
                        continue
                    claimed[rid, other] = times + 1
                    kept.append(rid)
                rids = np.array(kept, dtype=np.int32)
            blocked[rids] = True
            _gather(hits, gains, bounds, rids, w, explains[key])
        if not hits:
            return [], hit
        every = np.concatenate(hits)
        sizes = [len(h) for h in hits]
        scores = np.bincount(every, weights=np.repeat(np.array(gains), sizes), minlength=n)
        # the entries met: a sort of the few met, or a scan of all when many were (what
        # np.unique and np.flatnonzero give, several times faster: numpy 2's hashed
        # unique and flatnonzero of floats cost 100 to 400 µs a query)
        touched = _distinct(every) if len(every) * 8 < n else np.flatnonzero(scores != 0)
        allowed = self._allowed.get(schema)
        if allowed is not None:
            touched = touched[allowed[touched]]
        if not len(touched):
            return [], hit
        sums = scores[touched]
        if len(touched) > limit:
            # the limit-th best score; every entry above it is in, and equal scores at
            # the cut go to the entries with the fewest distinct name words (the
            # closest), then the one listed first: a query gets one set
            cut = np.partition(sums, len(sums) - limit)[len(sums) - limit]
            above = touched[sums > cut]
            tied = touched[sums == cut]
            tied = tied[np.lexsort((tied, self._sizes[tied]))][: limit - len(above)]
            touched = np.concatenate((above, tied))
            sums = scores[touched]
        order = np.lexsort((touched, self._sizes[touched], -sums))
        best = touched[order]
        ranked = sums[order]
        # entries that share far less of the query's weight than the best are not worth
        # scoring in full unless their evidence lets them reach the floor; keep a few for
        # context
        context = ranked >= ranked[0] * min_share
        context[:keep] = True
        if floor is None:
            return best.tolist(), hit
        words = max((len(form.keys) for form in forms), default=1)
        room = max(keep, limit * CONTEXT_WORDS // max(words, 1))  # context-only entries
        if not context.all() or int(context.sum()) > room:
            explained = np.bincount(every, weights=np.repeat(np.array(bounds), sizes), minlength=n)[
                best
            ]
            reaching = name_bound(explained / max(smallest, 1e-9), headroom) >= floor
            only = context & ~reaching  # in ranking order: the best-retrieved are kept
            only[np.flatnonzero(only)[room:]] = False
            context = only | reaching
        return best[context].tolist(), hit


class Missing(Exception):
    """A :class:`PartIndex` was asked about a key it was not given (the lookup is made
    again with it)."""

    def __init__(self, kind: str, key: str) -> None:
        super().__init__(f"{kind} {key!r}")
        self.kind = kind
        self.key = key


@interpreted  # a plain class, as NameIndex
class PartIndex(NameIndex):
    """The part of a larger index that one lookup meets (the portfolio's, read from the
    database: :class:`tracewire.workflow.portfolio_index.Slice`): only the entries and keys
    read for it, answering :meth:`candidates` as the whole index of ``total`` entries
    would. Asking about a key not read raises :class:`Missing`.

    ``counts``: the whole index's number of entries per key read (asking it about another
    key raises); ``deletes``, ``deletes2``: the keys under each variant read (the same);
    ``arrays``: per key, the part's entries holding it (sorted); ``repeats``: (entry,
    key) → how often the entry's name holds the key, when more than once; ``sizes``: each
    entry's number of distinct name words; ``allowed``: per query schema, the entries it
    may meet.

    It is defined here, beside :class:`NameIndex`, because the compiled build checks an
    index's class exactly: a subclass defined elsewhere would be refused."""

    def __init__(
        self,
        total: int,
        counts: Mapping[str, int],
        deletes: Mapping[str, tuple[str, ...]],
        deletes2: Mapping[str, tuple[str, ...]],
        arrays: dict[str, np.ndarray],
        repeats: dict[tuple[int, str], int],
        sizes: np.ndarray,
        allowed: dict[str | None, np.ndarray],
    ) -> None:
        self.records = []  # not kept: candidates() takes only the number of entries
        self.counts = counts
        # NameIndex asks its postings only whether a key is there
        self.postings = counts  # type: ignore[assignment]
        self.deletes = deletes
        self.deletes2 = deletes2
        self._arrays = arrays
        self.repeats = repeats
        self._sizes = sizes
        self.sizes = sizes.tolist()
        self._allowed = allowed
        self.total = max(1, total)
        self.max_weight = math.log((self.total + 1) / 0.5)

    def __len__(self) -> int:
        return len(self.sizes)

    def _posting(self, key: str) -> np.ndarray:
        arr = self._arrays.get(key)
        if arr is not None:
            return arr
        if self.counts.get(key) == 0:
            return np.zeros(0, dtype=np.int32)
        raise Missing("posting", key)

    def weight(self, key: str) -> float:
        count = self.counts.get(key)
        if count is None:
            raise Missing("count", key)
        w = max(0.3, math.log((self.total + 1) / (count + 0.5))) if count else None
        cap = WEIGHT_CAPS.get(key)
        if cap is not None:  # as the whole index weighs it (NameIndex)
            return min(cap, w if w is not None else cap)
        return w if w is not None else self.max_weight

    def known(self, key: str) -> bool:
        return key in self.counts

    def holders(self, key: str) -> int:
        return self.counts.get(key, 0)
