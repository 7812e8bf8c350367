"""Candidate retrieval: an inverted index over every name and identifier of the lists.

For each list entry the index keeps a prepared :class:`Record` (normalised names,
identifiers, dates, countries). Lookups go from a query's name tokens to entries:

- a token's fold key finds the entries holding a token with the same key (so every
  romanisation of a name finds every other);
- typos: each key of four letters or more is also filed under its one-letter
  deletions, so a query key within about two edits still meets it (SymSpell);
- spacing: each name's compact form (its keys joined) is a key too, so *Xia men* finds
  *Xiamen* and a Chinese name finds its other-script twin;
- identifiers: ``group:value`` keys (``tax:1831083343``) go straight to their entries.

Each hit adds the key's rarity weight to its entry; the best-scoring entries become
the candidates that :mod:`tracewire.match.scoring` then scores in full.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA

from tracewire.match.features import clean_countries, clean_dates, identifier_groups
from tracewire.match.names import allowed_edits
from tracewire.match.normalise import GENERIC_KEYS, NameForm, fold, normalise_name, skeleton
from tracewire.model import MATCHABLE_SCHEMATA, Entity

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


#: weight of a generic organisation word (a rare name part weighs about 8 to 10)
GENERIC_WEIGHT = 3.0


def person_flag(schema: str | None) -> bool | None:
    if schema == "Person":
        return True
    if schema in ("Organization", "Company", "PublicBody", "Vessel", "Airplane"):
        return False
    return None


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

    @classmethod
    def from_entity(cls, entity: Entity) -> Record:
        person = person_flag(entity.schema)
        vessel = entity.schema == "Vessel"
        names: list[tuple[NameForm, bool]] = []
        seen: set[tuple[str, ...]] = set()
        for prop in ("name", "alias", "previousName", "weakAlias"):
            for value in entity.get(prop):
                form = normalise_name(value, person, vessel)
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


def deletions(key: str) -> set[str]:
    return {key[:i] + key[i + 1 :] for i in range(len(key))}


class NameIndex:
    """Inverted index from name keys and identifiers to prepared list entries."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.records: list[Record] = []
        postings: dict[str, set[int]] = defaultdict(set)
        sanctions: dict[str, list[str]] = defaultdict(list)
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
                continue
            if entity.schema in MATCHABLE_SCHEMATA:
                parties.append(entity)
        for entity in screening_targets(parties, sanctions):
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
            keys = identifier_groups(
                [("cryptoWallets", k) for k in wallets.get(record.entity.id, [])]
            )
            for group, values in keys.items():
                record.ids.setdefault(group, set()).update(values)
                for value in values:
                    postings[f"#{group}:{value}"].add(rid)
        self.postings: dict[str, tuple[int, ...]] = {k: tuple(v) for k, v in postings.items()}
        self.schemas = [r.entity.schema for r in self.records]
        self.deletes: dict[str, list[str]] = defaultdict(list)
        for key in self.postings:
            if len(key) >= 4 and key[0] not in "~#%^":
                for variant in deletions(key):
                    self.deletes[variant].append(key)
        self.deletes = dict(self.deletes)
        total = max(1, len(self.records))
        self.max_weight = math.log((total + 1) / 0.5)
        self._weights = {
            k: max(0.3, math.log((total + 1) / (len(v) + 0.5))) for k, v in self.postings.items()
        }
        for key in GENERIC_KEYS:
            self._weights[key] = min(GENERIC_WEIGHT, self._weights.get(key, GENERIC_WEIGHT))

    def __len__(self) -> int:
        return len(self.records)

    def weight(self, key: str) -> float:
        """Rarity of a name key among all listed names (unknown keys are rare)."""
        return self._weights.get(key, self.max_weight)

    def similar_keys(self, key: str) -> list[str]:
        """Keys in the index within a plausible number of edits of ``key``."""
        if len(key) < 4:
            return []
        budget = allowed_edits(len(key))
        found: set[str] = set()
        variants = deletions(key) | {key}
        if budget >= 2:  # long words: two letters off on the query side too
            variants |= {v2 for v in list(variants) for v2 in deletions(v)}
        for variant in variants:
            for other in self.deletes.get(variant, ()):
                found.add(other)
            if variant in self.postings and variant != key:
                found.add(variant)
        found.discard(key)
        return [k for k in found if OSA.distance(key, k, score_cutoff=budget) <= budget]

    def candidates(
        self,
        forms: list[NameForm],
        ids: dict[str, set[str]],
        schema: str | None,
        limit: int,
        min_share: float = 0.5,
        keep: int = 3,
    ) -> tuple[list[int], set[str]]:
        """The best entries for a query, and every index key the query met."""
        allowed = COMPATIBLE.get(schema, MATCHABLE_SCHEMATA)
        scores: dict[int, float] = defaultdict(float)
        hit: set[str] = set()
        for group, values in ids.items():
            for value in values:
                for rid in self.postings.get(f"#{group}:{value}", ()):
                    scores[rid] += 100.0
        keys: set[str] = set()
        for form in forms:
            keys.update(form.keys)
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
                for rid in self.postings.get(compact, ()):
                    scores[rid] += weight
            if form.script == "abjad":
                for key in form.keys:
                    skel = "%" + skeleton(key)
                    hit.add(skel)
                    w = self.weight(skel) * 0.8
                    for rid in self.postings.get(skel, ()):
                        scores[rid] += w
        for key in keys:
            # each query word counts once per entry: its exact key, else its best near key
            hit.add(key)
            per_entry = dict.fromkeys(self.postings.get(key, ()), self.weight(key))
            for other in self.similar_keys(key):
                hit.add(other)
                w = self.weight(other) * 0.8
                for rid in self.postings.get(other, ()):
                    if per_entry.get(rid, 0.0) < w:
                        per_entry[rid] = w
            for rid, w in per_entry.items():
                scores[rid] += w
        items: Iterable[tuple[int, float]] = scores.items()
        if allowed is not MATCHABLE_SCHEMATA:
            schemas = self.schemas
            items = (item for item in items if schemas[item[0]] in allowed)
        best = heapq.nlargest(limit, items, key=lambda item: item[1])
        if not best:
            return [], hit
        # entries that share far less of the query's weight than the best are not worth
        # scoring in full (they cannot reach a match); keep a few for context
        floor = best[0][1] * min_share
        return [rid for n, (rid, s) in enumerate(best) if s >= floor or n < keep], hit
