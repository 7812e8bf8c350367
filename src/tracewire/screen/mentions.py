"""Listed parties mentioned in free text: documents, and the free text of payments.

An Aho-Corasick automaton (pyahocorasick) holds the fold keys of every listed name (the
matcher's normalisation: case, diacritics, Cyrillic and Han to Latin, legal forms out,
romanisation variants folded), as whole-word sequences. The text is cut into words, each
word normalised the same way, so a name is found whatever its case, script, hyphens or
line breaks. Each span found is then:

1. weighed by its rarity: a name whose words are all common words of the language
   (wordfreq: "United", "Gold", "Vector", "Trading House") counts only where the text
   writes it as a name (capitalised) and in full; a one-word name must be an uncommon
   word, capitalised, of four letters or more;
2. scored by the matcher against the listed entries (the same score and explanation as
   ``tracewire match``), and kept when that entry matches (score ≥ threshold).

A span inside a longer span kept is dropped (*TSK Vektor* inside *Redlepus TSK Vektor
Industrial*); the same span may name several entries (one party on several lists).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import ahocorasick

from tracewire.match import Query, Screener
from tracewire.match.normalise import (
    ABBREVIATIONS,
    GENERIC_KEYS,
    LEGAL_PHRASES,
    LEGAL_WORDS,
    NUMBER_WORDS,
    SPLIT,
    fold,
    normalise_name,
    to_latin,
)

WORD = re.compile(r"[^\W_]+", re.UNICODE)
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
#: a word at or above this Zipf frequency (≈ once per million words) is a common word
COMMON_ZIPF = 3.0
#: fold keys of the words of legal forms (Latin, and Russian ones romanised)
LEGAL_KEYS = frozenset(fold(w) for w in LEGAL_WORDS) | frozenset(
    fold(w) for phrase, _kind in LEGAL_PHRASES for w in phrase.split()
)
#: spans scored per text at most (a text naming thousands of common names is cut short)
MAX_CANDIDATES = 5000
#: a listed name's words keyed as a text's words are, for names of up to this many words
MAX_SURFACE_WORDS = 12


@lru_cache(maxsize=100_000)
def word_zipf(word: str) -> float:
    """How common a word is in the language of its script (English, Russian; German and
    French too for Latin words)."""
    from wordfreq import zipf_frequency  # 0.3 s to import: only when a text is scanned

    w = word.lower()
    if CYRILLIC.search(w):
        return zipf_frequency(w, "ru")
    return max(zipf_frequency(w, lang) for lang in ("en", "de", "fr"))


@lru_cache(maxsize=50_000)
def legal_form_only(text: str) -> bool:
    """Whether a span is only legal-form words (*Aktsionernoe Obshchestvo*, *Open Joint
    Stock Company*): the normaliser then keeps the words, having nothing else left."""
    words = SPLIT.sub(" ", to_latin(text)).split()
    if words and all(fold(w) in LEGAL_KEYS for w in words):  # "Публичное Акционерное"
        return True
    form = normalise_name(text, False)
    return bool(form.org_types) and len(form.tokens) == len(words)


@lru_cache(maxsize=200_000)
def word_keys(word: str) -> tuple[str, ...]:
    """The fold keys of one word of text (a Han word may give several)."""
    out = []
    for part in SPLIT.split(to_latin(word)):
        if part:
            part = NUMBER_WORDS.get(part, ABBREVIATIONS.get(part, part))
            out.append(fold(part))
    return tuple(out)


def text_keys(text: str) -> tuple[str, ...]:
    """The fold keys of a text's words, each word keyed alone (:func:`word_keys`)."""
    return tuple(k for m in WORD.finditer(text) for k in word_keys(m.group(0)))


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    text: str
    entity_id: str
    caption: str
    dataset: str
    schema: str
    score: float
    #: share of the listed name's words the span holds
    completeness: float
    #: the least common word of the span, as a Zipf frequency (lower is rarer)
    rarity: float
    explanation: dict[str, Any] = field(default_factory=dict)
    sanctions: list[str] = field(default_factory=list)
    page: int | None = None
    #: the legal effects of the party's listings, strongest first (tracewire.sources.effects)
    effects: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """One mention per listed entry: the span's place and text with the entry
        (``POST /scan``'s ``mentions``, kept for the clients that read it)."""
        return {
            "start": self.start,
            "end": self.end,
            "page": self.page,
            "text": self.text,
            **self.entry_dict(),
        }

    def entry_dict(self) -> dict[str, Any]:
        """The listed entry a span names, as a span's ``entries`` give it
        (:func:`spans_to_dicts`): the party, score, completeness, rarity and why."""
        return {
            "party": {
                "id": self.entity_id,
                "caption": self.caption,
                "dataset": self.dataset,
                "schema": self.schema,
                "sanctions": self.sanctions,
                "effects": self.effects,
            },
            "score": round(self.score, 4),
            "completeness": round(self.completeness, 3),
            "rarity_zipf": round(self.rarity, 2),
            "explanation": self.explanation,
        }


def by_span(mentions: list[Mention]) -> list[list[Mention]]:
    """Mentions grouped by the span of text they are at, in the text's order: one span
    names one party, which several lists may hold as several entries (OFAC, the EU, the
    UK and the UN each listing *Almaz-Antey*); each group is best score first."""
    groups: dict[tuple[int, int], list[Mention]] = {}
    for m in mentions:
        groups.setdefault((m.start, m.end), []).append(m)
    return [
        sorted(group, key=lambda m: (-m.score, m.entity_id))
        for _span, group in sorted(groups.items())
    ]


def spans_to_dicts(mentions: list[Mention]) -> list[dict[str, Any]]:
    """The JSON of a text's mentions, one object per span of text (``scan --json``'s
    ``spans``, ``POST /scan``'s ``spans``): ``start``, ``end``, ``page``, ``text``, and
    ``entries``, every listed entry the span names, best score first, each with its
    ``party``, ``score``, ``completeness``, ``rarity_zipf`` and ``explanation``
    (:meth:`Mention.entry_dict`), as the table, the HTML report and the web page show
    them: a row per span."""
    return [
        {
            "start": group[0].start,
            "end": group[0].end,
            "page": group[0].page,
            "text": group[0].text,
            "entries": [m.entry_dict() for m in group],
        }
        for group in by_span(mentions)
    ]


class MentionFinder:
    """Finds the listed parties a text names; built once per screener (list version)."""

    def __init__(self, screener: Screener) -> None:
        self.screener = screener
        word_zipf("warm"), word_zipf("тёплый")  # load the word lists now, not on a first hit
        self.automaton = ahocorasick.Automaton()
        #: automaton key → [(record index, words of the listed name)]
        entries: dict[str, list[tuple[int, int]]] = {}
        for rid, record in enumerate(screener.index.records):
            person = record.entity.schema == "Person"
            for form, _weak in record.names:
                keys = form.keys
                if not keys or form.script == "han" and len(keys) > 6:
                    continue
                readings = [keys]
                if form.script != "han":
                    # the name's words keyed one by one, as a text's words are: the
                    # matcher's keys come from the whole name (legal forms out, terms and
                    # places canonical: IRKUTSK AVIATION PLANT → irkut aviation plant,
                    # AL KAYALI → alkaiali), which no word of a text is keyed to alone
                    surface = text_keys(form.original)
                    if surface and surface != keys and len(surface) <= MAX_SURFACE_WORDS:
                        readings.append(surface)
                for full in readings:
                    variants = {full}
                    if person and 3 <= len(full) <= 4:  # first and last name, no middle
                        variants.add((full[0], full[-1]))
                        variants.add((full[-1], full[0]))
                        variants.add((full[1], full[0]))  # "YAMSHCHIKOV, Artem Mikhailovich"
                    for variant in variants:
                        if person and len(variant) < 2:
                            continue  # a one-word person name is not a mention
                        key = " " + " ".join(variant) + " "
                        entries.setdefault(key, []).append((rid, len(full)))
        for key, value in entries.items():
            self.automaton.add_word(key, (key, tuple(value)))
        if entries:
            self.automaton.make_automaton()
        self.size = len(entries)

    # -- text side ---------------------------------------------------------------------

    def _words(self, text: str) -> tuple[str, list[tuple[int, int, str]]]:
        """The normalised text (" k1 k2 … ") and, per key, its word's (start, end, word)."""
        parts = [" "]
        spans: list[tuple[int, int, str]] = []
        for m in WORD.finditer(text):
            word = m.group(0)
            keys = word_keys(word)
            if keys:
                start, end = m.span()
                for key in keys:
                    parts.append(key + " ")
                    spans.append((start, end, word))
        return "".join(parts), spans

    def find(self, text: str, pages: list[int] | None = None) -> list[Mention]:
        """Every listed party named in ``text``; ``pages`` are the offsets where pages
        start (page numbers are 1-based)."""
        if not self.size or not text:
            return []
        norm, spans = self._words(text)
        # char offset of each key in ``norm`` → key index
        starts = []
        pos = 1
        for word in norm[1:].split(" ")[: len(spans)]:
            starts.append(pos)
            pos += len(word) + 1
        candidates: dict[tuple[int, int], set[tuple[int, int]]] = {}
        for end, (key, entries) in self.automaton.iter(norm):
            begin = end - len(key) + 2  # the first letter of the first word
            first = bisect_right(starts, begin) - 1
            count = key.count(" ") - 1
            last = first + count - 1
            candidates.setdefault((first, last), set()).update(entries)
            if len(candidates) >= MAX_CANDIDATES:
                break
        kept: list[Mention] = []
        for (first, last), entries in candidates.items():
            start, end = spans[first][0], spans[last][1]
            surface = text[start:end]
            words = [spans[i][2] for i in range(first, last + 1)]
            full = max(size for _rid, size in entries)
            completeness = min(1.0, (last - first + 1) / full) if full else 1.0
            if not self._distinctive(words, norm, spans, first, last, completeness):
                continue
            kept.extend(self._score(surface, start, end, entries, completeness, words))
        kept.sort(key=lambda m: (-(m.end - m.start), -m.score, m.start))
        chosen: list[Mention] = []
        for m in kept:
            clash = False
            for c in chosen:
                inside = c.start <= m.start and m.end <= c.end
                # the same span may name one party on several lists: each is kept
                if inside and (c.start, c.end) != (m.start, m.end):
                    clash = True
                    break
                if c.entity_id == m.entity_id and c.start < m.end and m.start < c.end:
                    clash = True
                    break
            if not clash:
                chosen.append(m)
        if pages is not None:
            for m in chosen:
                m.page = bisect_right(pages, m.start) + 1
        chosen.sort(key=lambda m: (m.start, -m.score))
        return chosen

    def _distinctive(
        self,
        words: list[str],
        norm: str,
        spans: list[tuple[int, int, str]],
        first: int,
        last: int,
        completeness: float,
    ) -> bool:
        keys = [k for w in words for k in word_keys(w)]
        if all(k in GENERIC_KEYS for k in keys):
            return False
        rare = [w for w in words if word_zipf(w) < COMMON_ZIPF]
        capitalised = all(w[:1].isupper() or w[:1].isdigit() for w in words)
        if len(words) == 1:
            w = words[0]
            return bool(rare) and capitalised and len(w) >= 4
        if rare:
            return True
        return capitalised and completeness >= 1.0

    @lru_cache(maxsize=20_000)  # noqa: B019 - one finder per list version, kept for its life
    def _results(self, surface: str) -> tuple[Any, ...]:
        return tuple(self.screener.match(Query(names=[surface]), limit=10, min_score=0.5))

    def _score(
        self,
        surface: str,
        start: int,
        end: int,
        entries: set[tuple[int, int]],
        completeness: float,
        words: list[str],
    ) -> list[Mention]:
        """A mention per listed entry the span matches (one party may be on several
        lists; entries of the same name found only by the matcher count too)."""
        clean = " ".join(surface.split())
        if legal_form_only(clean):
            return []
        ids = {self.screener.index.records[rid].entity.id for rid, _ in entries}
        results = self._results(clean)
        if not any(r.entity.id in ids and r.match for r in results):
            return []
        best = max(r.score for r in results if r.entity.id in ids and r.match)
        out = []
        for r in results:
            if r.match and (r.entity.id in ids or r.score >= best):
                out.append(
                    Mention(
                        start=start,
                        end=end,
                        text=surface,
                        entity_id=r.entity.id,
                        caption=r.entity.caption,
                        dataset=r.entity.dataset,
                        schema=r.entity.schema,
                        score=r.score,
                        completeness=completeness,
                        rarity=min(word_zipf(w) for w in words),
                        explanation=r.explanations(),
                        sanctions=list(r.sanctions),
                        effects=list(r.effects),
                    )
                )
        return out
