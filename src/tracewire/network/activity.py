"""Lines of business and the goods that fit them (red flag R9), from ``nace_hs.yml``.

A party's line of business is its NACE Rev. 2 code (``activity``) and its declared
``business`` text, read together. :meth:`ActivityTable.fit` says which HS codes plausibly fit
it: the most specific entry on the code's path (class, group, division, section), or
the entries whose keywords the text names; ``None`` when nothing is known (no verdict).
The file's header documents the format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tracewire.errors import InputError
from tracewire.network.reference import data_path, read_yaml

ANY = "any"


@dataclass(frozen=True)
class Activity:
    key: str
    label: str
    prefixes: tuple[str, ...]  # HS prefixes; ("any",) for every kind of goods
    pattern: re.Pattern[str] | None

    @property
    def any(self) -> bool:
        return ANY in self.prefixes


@dataclass(frozen=True)
class Fit:
    """What fits a party's line of business, and how it was known."""

    activities: tuple[Activity, ...]
    how: str  # "NACE C26.11" / "business text 'bakery'"
    prefixes: frozenset[str]

    @property
    def any(self) -> bool:
        return any(a.any for a in self.activities)

    @property
    def label(self) -> str:
        return "; ".join(f"{a.key} {a.label}" for a in self.activities)

    def fits(self, hs_code: str) -> bool:
        return self.any or any(hs_code.startswith(p) for p in self.prefixes)


def _expand(item: str, where: str) -> list[str]:
    """``"8432-8437"`` → each heading; ``"01-24"`` → each chapter; else the prefix itself."""
    item = str(item).strip()
    if item == ANY:
        return [ANY]
    m = re.fullmatch(r"(\d{2}|\d{4})-(\d{2}|\d{4})", item)
    if m:
        lo, hi = m.groups()
        if len(lo) != len(hi) or int(lo) > int(hi):
            raise InputError(f"{where}: bad range {item!r}")
        return [f"{n:0{len(lo)}d}" for n in range(int(lo), int(hi) + 1)]
    if not re.fullmatch(r"\d{2,6}", item):
        raise InputError(f"{where}: {item!r} is not an HS chapter, heading or subheading")
    return [item]


def keyword_pattern(words: list[str]) -> re.Pattern[str] | None:
    """One case-insensitive pattern for a data file's keywords (convention in its header)."""
    return re.compile("|".join(map(_word_regex, words)), re.IGNORECASE) if words else None


def _word_regex(word: str) -> str:
    word = word.strip().lower()
    star = word.endswith("*")
    core = re.escape(word.rstrip("*"))
    if re.search(r"[\u3000-\u9fff]", word):  # CJK: no word boundaries inside a run
        return core
    if not word.isascii():
        return rf"\b{core}" + ("" if star else r"\b")
    return rf"\b{core}" + ("" if star else r"(?:s|es)?\b")


def _division_keys(key: str, where: str) -> list[str]:
    m = re.fullmatch(r"(\d{2})-(\d{2})", key)
    if m:
        lo, hi = int(m.group(1)), int(m.group(2))
        if lo > hi:
            raise InputError(f"{where}: bad range {key!r}")
        return [f"{n:02d}" for n in range(lo, hi + 1)]
    if not re.fullmatch(r"[A-U]|\d{2}(\.\d{1,2})?", key):
        raise InputError(f"{where}: {key!r} is not a NACE section, division, group or class")
    return [key]


class ActivityTable:
    def __init__(
        self,
        entries: dict[str, Activity],
        sections: dict[str, str],
        any_business: frozenset[str],
    ) -> None:
        self.entries = entries  # NACE key ("C", "26", "46.5") → activity
        self.sections = sections  # division ("26") → section letter ("C")
        self.any_business = any_business
        self.with_keywords = list(dict.fromkeys(a for a in entries.values() if a.pattern))

    @classmethod
    def load(cls, path: Path | None = None) -> ActivityTable:
        path = path or data_path("nace_hs.yml")
        data = read_yaml(path)
        sections: dict[str, str] = {}
        for letter, span in (data.get("sections") or {}).items():
            for div in _division_keys(str(span), f"{path}: sections.{letter}"):
                sections[div] = str(letter)
        entries: dict[str, Activity] = {}
        for key, spec in (data.get("activities") or {}).items():
            where = f"{path}: activities.{key}"
            if not isinstance(spec, dict) or "label" not in spec or "hs" not in spec:
                raise InputError(f"{where}: needs 'label' and 'hs'")
            prefixes = tuple(p for item in spec["hs"] or [] for p in _expand(item, where))
            words = [str(w) for w in spec.get("keywords") or []]
            pattern = keyword_pattern(words)
            activity = Activity(str(key), str(spec["label"]), prefixes, pattern)
            for k in _division_keys(str(key), where):
                entries[k] = activity
        any_business = frozenset(
            p
            for item in data.get("any_business") or []
            for p in _expand(item, f"{path}: any_business")  # fmt: skip
        )
        return cls(entries, sections, any_business)

    def _path(self, code: str) -> list[str]:
        """``"C26.11"`` → ``["26.11", "26.1", "26", "C"]`` (most specific first)."""
        code = code.strip().upper()
        letter = code[0] if code[:1].isalpha() else None
        digits = code[1:] if letter else code
        out = []
        if digits:
            division, _, rest = digits.partition(".")
            out += [f"{division}.{rest[:n]}" for n in range(len(rest), 0, -1)] + [division]
            letter = letter or self.sections.get(division)
        if letter:
            out.append(letter)
        return out

    def _fit(self, activities: list[Activity], how: str) -> Fit:
        prefixes = {p for a in activities for p in a.prefixes} | self.any_business
        return Fit(tuple(activities), how, frozenset(prefixes))

    def for_code(self, code: str) -> Fit | None:
        for key in self._path(code):
            if key in self.entries:
                return self._fit([self.entries[key]], f"NACE {code}")
        return None

    def for_text(self, text: str) -> Fit | None:
        found: list[tuple[Activity, str]] = []
        for a in self.with_keywords:
            assert a.pattern is not None
            m = a.pattern.search(text)
            if m:
                found.append((a, m.group(0)))
        if not found:
            return None
        words = ", ".join(f"'{w}'" for w in dict.fromkeys(w for _a, w in found))
        return self._fit([a for a, _w in found], f"declared business {words}")

    def fit(self, activity: str | None, business: str | None) -> Fit | None:
        """What fits: the NACE code's entry and the declared business text together (the
        goods fit if they fit either), or whichever of the two is known."""
        by_code = self.for_code(activity) if activity else None
        by_text = self.for_text(business) if business else None
        if by_code is None or by_text is None:
            return by_code or by_text
        activities = list(dict.fromkeys(by_code.activities + by_text.activities))
        return self._fit(activities, f"{by_code.how}; {by_text.how}")


@cache
def activity_table() -> ActivityTable:
    return ActivityTable.load()
