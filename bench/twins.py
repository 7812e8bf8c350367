"""Twins: one party listed on several lists (or twice on one), under different ids.

An alert on a twin of the expected entity is neither a hit nor a false alert, so twins
are found generously, by any of:

* the same name (tokens in any order), persons and organisations alike: lists type some
  persons as LegalEntity (BIS, parts of the CSL);
* for organisations, the same name once legal forms and noise words are set aside
  ("GAZPROM DOBYCHA NOYABRSK, OOO" = "Gazprom Dobycha Noyabrsk LLC"), with two or more
  words left, or one word of six letters or more shared by at most six records;
* for persons, names of as many words and at least 88% alike (rapidfuzz token-sort
  ratio, compared within blocks sharing the first four letters of a longer word: "SELEZNYOV, Valery
  Sergeyevich" = "Valery Sergeevich SELEZNEV"), or 80% with the same full birth date;
* (weak aliases such as "Abu Ali" never make twins);
* a shared strong identifier (IMO, INN, OGRN, LEI, USCC, SWIFT/BIC, tax or registration
  number of six characters or more).

Two records whose birth years are both known and disjoint are never twins.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from itertools import combinations

from rapidfuzz import fuzz

from bench.name_keys import core_tokens, key, schema_family, script_of, tokens
from tracewire.model import Entity

STRONG_IDS = (
    "imoNumber", "innCode", "ogrnCode", "leiCode", "uscCode", "swiftBic", "taxNumber",
    "registrationNumber",
)  # fmt: skip
MAX_GROUP = 50  # a name shared by more records than this is a common name, not a party
SINGLE_WORD_GROUP = 6  # the same for a one-word organisation name ("RADIOTESTER")
MAX_BLOCK = 400  # person spellings compared pairwise per block (first letters of a word)


def _years(entity: Entity) -> set[str]:
    return {d[:4] for d in entity.get("birthDate")}


def _kind(entity: Entity) -> str:
    family = schema_family(entity.schema)
    return "party" if family in ("Person", "Organization") else family


def find_twins(
    entities: Iterable[Entity], usable: Callable[[str], bool] = lambda _: True
) -> dict[str, set[str]]:
    """Entity id -> ids of the other records of the same party."""
    groups: dict[tuple[str, str], set[str]] = defaultdict(set)
    by_id: dict[str, Entity] = {}
    births: dict[str, list[str]] = defaultdict(list)
    spellings: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for entity in entities:
        by_id[entity.id] = entity
        kind = _kind(entity)
        org = schema_family(entity.schema) == "Organization"
        for name in entity.get("name") + entity.get("alias") + entity.get("previousName"):
            if not usable(name):
                continue
            toks = tokens(name)
            if len(toks) >= 2 or (kind != "party" and toks and len(toks[0]) > 3):
                groups[(kind, key(name))].add(entity.id)
            core = core_tokens(name)
            if org and (len(core) >= 2 or (len(core) == 1 and len(core[0]) >= 6)):
                groups[("core", " ".join(sorted(core)))].add(entity.id)
            if entity.schema == "Person" and script_of(name) == "LATIN" and len(toks) >= 2:
                for block in {t[:4] for t in toks if len(t) >= 5}:
                    spellings[f"{len(toks)}:{block}"].append((entity.id, " ".join(toks)))
        for prop in STRONG_IDS:
            for value in entity.get(prop):
                norm = "".join(ch for ch in value.upper() if ch.isalnum())
                if len(norm) >= 6:
                    groups[("id", norm)].add(entity.id)
        if entity.schema == "Person":
            for date in entity.get("birthDate"):
                if len(date) == 10:
                    births[date].append(entity.id)

    twins: dict[str, set[str]] = defaultdict(set)

    def link(a: str, b: str) -> None:
        ya, yb = _years(by_id[a]), _years(by_id[b])
        if a != b and (not ya or not yb or ya & yb):
            twins[a].add(b)
            twins[b].add(a)

    for (kind, value), ids in groups.items():
        limit = MAX_GROUP if kind != "core" or " " in value else SINGLE_WORD_GROUP
        if 2 <= len(ids) <= limit:
            for a, b in combinations(sorted(ids), 2):
                link(a, b)
    for names in spellings.values():
        if len(names) > MAX_BLOCK:
            continue
        for (a, x), (b, y) in combinations(names, 2):
            if a != b and b not in twins.get(a, ()) and fuzz.token_sort_ratio(x, y) >= 88:
                link(a, b)
    for born in births.values():
        if not 2 <= len(born) <= MAX_GROUP:
            continue
        latin = {
            i: [" ".join(tokens(n)) for n in by_id[i].names if script_of(n) == "LATIN"]
            for i in born
        }
        for a, b in combinations(sorted(set(born)), 2):
            if b in twins.get(a, ()):
                continue
            if any(fuzz.token_sort_ratio(x, y) >= 80 for x in latin[a] for y in latin[b]):
                link(a, b)
    return twins
