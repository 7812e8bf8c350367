"""Comparison keys for names, to tell whether a generated name is a listed one.

A negative query must not be a listed name, and a deviation must really change the
name, so both checks compare *keys*: the name folded to lower-case ASCII, punctuation
dropped, tokens sorted (word order does not make a different name). The *core* key
also drops legal forms and noise words, so "Vektor LLC" and "OOO Vektor Group" share a
core. :class:`ListedNames` answers "is this listed?" for the whole universe, including
"is every token of this name part of one listed name?" (a subset is no safe negative).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from normality import normalize

from bench.legal_forms import FORM_TOKENS, find_form
from tracewire.model import Entity

#: words that add nothing to a company's identity
NOISE_WORDS: frozenset[str] = frozenset(
    {
        "trading", "group", "international", "holding", "holdings", "industries", "global",
        "enterprises", "enterprise", "the", "of", "and", "company", "co", "mv", "m", "v",
        "mt", "vessel", "mr", "mrs", "dr", "general", "sheikh", "haji", "shaikh",
    }
)  # fmt: skip

#: words that mark a name as an organisation's (lists type some persons as LegalEntity)
ORG_WORDS: frozenset[str] = frozenset(
    {
        "company", "corporation", "corp", "commission", "committee", "group", "ministry",
        "bank", "industries", "industrial", "industry", "institute", "organization",
        "organisation", "army", "front", "movement", "plant", "factory", "association",
        "center", "centre", "bureau", "agency", "university", "trading", "services",
        "airlines", "shipping", "brigade", "foundation", "council", "department", "office",
        "enterprise", "enterprises", "holding", "holdings", "technology", "technologies",
        "engineering", "systems", "international", "union", "works", "fund", "party",
        "battalion", "network", "academy", "laboratory", "research", "design", "production",
        "concern", "service", "directorate", "authority", "force", "forces", "guard", "corps",
    }
)  # fmt: skip

_NONWORD = re.compile(r"[^\w]+", re.UNICODE)


@lru_cache(maxsize=200_000)
def tokens(name: str) -> tuple[str, ...]:
    """Lower-case ASCII tokens of a name (any script is latinised first)."""
    text = normalize(name, lowercase=True, ascii=True) or ""
    return tuple(t for t in _NONWORD.split(text) if t)


def key(name: str) -> str:
    return " ".join(sorted(tokens(name)))


def core_tokens(name: str) -> tuple[str, ...]:
    return tuple(t for t in tokens(name) if t not in FORM_TOKENS and t not in NOISE_WORDS)


def core_key(name: str) -> str:
    return " ".join(sorted(core_tokens(name)))


def script_of(text: str) -> str:
    """The first non-Latin script in ``text`` (CYRILLIC, ARABIC, CJK...) or LATIN."""
    for ch in text:
        if ch.isalpha():
            label = unicodedata.name(ch, "")
            if not label.startswith("LATIN"):
                return label.split(" ")[0]
    return "LATIN"


def looks_like_org(name: str) -> bool:
    """Has a legal form or an organisation word (persons are sometimes LegalEntity)."""
    return find_form(name) is not None or any(t in ORG_WORDS for t in tokens(name))


def schema_family(schema: str) -> str:
    if schema in ("Person", "Vessel", "Airplane"):
        return schema
    return "Organization"


class ListedNames:
    """Every name of the universe, by key, core key and token."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.keys: dict[str, set[str]] = defaultdict(set)
        self.cores: dict[str, set[str]] = defaultdict(set)
        self._postings: dict[str, set[int]] = defaultdict(set)
        self._token_sets: list[frozenset[str]] = []
        self._owners: list[str] = []
        self.doc_freq: dict[str, int] = defaultdict(int)
        for entity in entities:
            seen: set[str] = set()
            for name in entity.names:
                self.keys[key(name)].add(entity.id)
                core = core_tokens(name)
                if core:
                    self.cores[" ".join(sorted(core))].add(entity.id)
                    idx = len(self._token_sets)
                    self._token_sets.append(frozenset(core))
                    self._owners.append(entity.id)
                    for tok in core:
                        self._postings[tok].add(idx)
                seen.update(tokens(name))
            for tok in seen:
                self.doc_freq[tok] += 1

    def is_listed(self, name: str) -> bool:
        """Same tokens as a listed name, or the same core (legal forms, noise aside)."""
        core = core_key(name)
        return key(name) in self.keys or (bool(core) and core in self.cores)

    def _containing(self, core: set[str]) -> set[int]:
        postings = sorted((self._postings.get(t, set()) for t in core), key=len)
        if not postings or not postings[0]:
            return set()
        common = set(postings[0])
        for p in postings[1:]:
            common &= p
            if not common:
                break
        return common

    def within_listed(self, name: str) -> bool:
        """Every core token of ``name`` occurs in one single listed name."""
        core = set(core_tokens(name))
        return not core or bool(self._containing(core))

    def homonyms(self, name: str) -> set[str]:
        """Ids of entities with a name that has all the words of ``name`` (two or more),
        or the same words: a query made from ``name`` cannot tell them apart by name."""
        out = set(self.keys.get(key(name), set()))
        core = set(core_tokens(name))
        if len(core) >= 2:
            out.update(self._owners[i] for i in self._containing(core))
        return out

    def rarest(self, name: str) -> str | None:
        """The core token of ``name`` that the fewest listed entities use."""
        core = [t for t in core_tokens(name) if len(t) > 2 and not t.isdigit()]
        if not core:
            return None
        return min(core, key=lambda t: (self.doc_freq.get(t, 0), t))
