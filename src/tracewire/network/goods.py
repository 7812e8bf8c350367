"""Goods: HS codes against the Common High Priority List, and descriptions against codes.

**CHPL.** The Common High Priority List (BIS with the EU, UK and Japan, Feb 2024 [C1]
[A3]) names 50 HS-6 subheadings in tiers 1, 2, 3.A, 3.B, 4.A and 4.B; tier 1 is of
highest concern. National 8- and 10-digit codes match on their first 6 digits
(:func:`chpl_item`). The table is ``data/evasion/chpl.csv``.

**Descriptions.** ``data/evasion/goods_categories.yml`` lists kinds of goods, the words
that describe them and the HS headings they are declared under. Two checks use it (red
flag R19, goods mis-described or misclassified [G5][G7]):

- :func:`code_mismatch`: a line's description (or its ``declared_as`` or
  ``technical_description``) names a kind of goods that its HS code does not belong to
  (GNSS modules declared under 8418, refrigerators); a text that names such a component
  is a mismatch even when it also names the code's kind ("refrigeration unit, two-stroke
  engine, propeller flange" under 8418).
  A code that belongs to no known kind is not flagged: absence of evidence is not a
  mismatch.
- :func:`document_mismatches`: the same goods (same ``item``) in the documents of one
  deal (transactions joined by ``related``) are described as different kinds or declared
  under different HS headings: the contract says engines, the shipment says
  "industrial refrigeration units" under 8418.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tracewire.errors import InputError
from tracewire.network.case import Case, GoodsLine, Transaction
from tracewire.network.reference import ChplItem, data_path, read_yaml, reference


def chpl_item(hs_code: str | None) -> ChplItem | None:
    """The CHPL entry for an HS code of 6 or more digits (matched on its first 6)."""
    if not hs_code or len(hs_code) < 6:
        return None
    return reference().chpl.get(hs_code[:6])


#: classifications that say the goods are not on a control list
NOT_CONTROLLED = frozenset({"ear99", "none", "not controlled", "not listed", "n/a", "no"})


def controlled(line: GoodsLine) -> str | None:
    """Why a goods line is controlled for export: its HS code is on the CHPL, or it is
    declared under a control-list classification (not EAR99); None when neither."""
    item = chpl_item(line.hs_code)
    if item is not None:
        return f"CHPL tier {item.tier} (HS {item.hs6})"
    klass = (line.export_control or "").strip()
    if klass and klass.lower() not in NOT_CONTROLLED:
        return f"declared export-control classification {klass}"
    return None


@dataclass(frozen=True)
class GoodsCategory:
    key: str
    label: str
    keywords: tuple[str, ...]
    hs: tuple[str, ...]
    pattern: re.Pattern[str]

    def covers(self, hs_code: str) -> bool:
        return any(hs_code.startswith(prefix) for prefix in self.hs)


def _keyword_regex(word: str) -> str:
    word = word.strip().lower()
    if not word.isascii():
        return re.escape(word.rstrip("*"))
    if word.endswith("*"):
        return r"\b" + re.escape(word[:-1])
    return r"\b" + re.escape(word) + r"(?:s|es)?\b"


class GoodsTable:
    """The kinds of goods of a categories file, and the words that describe them."""

    def __init__(self, categories: list[GoodsCategory]) -> None:
        self.categories = categories
        self._described: dict[str, dict[str, str]] = {}
        self._coded: dict[str, list[str]] = {}

    @classmethod
    def load(cls, path: Path | None = None) -> GoodsTable:
        path = path or data_path("goods_categories.yml")
        data = read_yaml(path)
        cats = []
        for key, spec in (data.get("categories") or {}).items():
            if not isinstance(spec, dict) or not spec.get("keywords") or not spec.get("hs"):
                raise InputError(f"{path}: categories.{key}: needs 'keywords' and 'hs' lists")
            keywords = tuple(str(k) for k in spec["keywords"])
            hs = tuple(str(h) for h in spec["hs"])
            if not all(re.fullmatch(r"\d{2,6}", h) for h in hs):
                raise InputError(f"{path}: categories.{key}.hs: HS prefixes are 2-6 digits")
            regex = "|".join(_keyword_regex(k) for k in keywords)
            cats.append(
                GoodsCategory(key, str(spec.get("label", key)), keywords, hs, re.compile(regex))
            )
        return cls(cats)

    def described(self, text: str) -> dict[str, str]:
        """Kinds of goods a description names: category key → the words that named it."""
        cached = self._described.get(text)
        if cached is not None:
            return cached
        low = text.lower()
        out = {}
        for cat in self.categories:
            m = cat.pattern.search(low)
            if m:
                out[cat.key] = m.group(0)
        if len(self._described) < 100_000:
            self._described[text] = out
        return out

    def coded(self, hs_code: str) -> list[str]:
        """Kinds of goods an HS code belongs to."""
        cached = self._coded.get(hs_code)
        if cached is None:
            cached = self._coded[hs_code] = [c.key for c in self.categories if c.covers(hs_code)]
        return cached

    def label(self, key: str) -> str:
        return next((c.label for c in self.categories if c.key == key), key)

    def expected_codes(self, key: str) -> tuple[str, ...]:
        return next((c.hs for c in self.categories if c.key == key), ())


@cache
def goods_table() -> GoodsTable:
    return GoodsTable.load()


@dataclass(frozen=True)
class LineRef:
    """A goods line and where it is in the case file."""

    txn: Transaction
    txn_index: int
    line: GoodsLine
    line_index: int

    @property
    def path(self) -> str:
        return f"transactions[{self.txn_index}].goods[{self.line_index}]"


def goods_lines(case: Case) -> Iterator[LineRef]:
    for i, txn in enumerate(case.transactions):
        for j, line in enumerate(txn.goods):
            yield LineRef(txn, i, line, j)


#: the goods line's texts checked against its code, in order
LINE_TEXTS = ("description", "declared_as", "technical_description")


@dataclass(frozen=True)
class CodeMismatch:
    ref: LineRef
    described: dict[str, str]  # category → words, of the kinds the code is not
    coded: list[str]
    field: str = "description"  # the text of the line that named them


def code_mismatch(
    ref: LineRef, table: GoodsTable, field: str = "description"
) -> CodeMismatch | None:
    """A text of the line (``field``) names a kind of goods that the declared code's kind of
    goods is not: any such component is a mismatch, whatever else the text names ("a
    refrigeration unit" beside "two-stroke engine" under a refrigeration code)."""
    code = ref.line.hs_code
    text = getattr(ref.line, field)
    if not code or not text:
        return None
    coded = table.coded(code)
    if not coded:
        return None
    foreign = {k: w for k, w in table.described(text).items() if k not in coded}
    if not foreign:
        return None
    return CodeMismatch(ref, foreign, coded, field)


def code_mismatches(ref: LineRef, table: GoodsTable) -> list[CodeMismatch]:
    """:func:`code_mismatch` for each of the line's texts (description, declared as, found)."""
    return [m for f in LINE_TEXTS if (m := code_mismatch(ref, table, f)) is not None]


@dataclass(frozen=True)
class DocumentMismatch:
    item: str
    refs: tuple[LineRef, ...]
    kinds: dict[str, list[str]]  # line path → kinds of goods described there
    headings: dict[str, str]  # line path → HS heading (4 digits)


def deal_groups(case: Case) -> list[list[int]]:
    """Transaction indexes grouped into deals by their ``related`` links (both ways)."""
    index = {t.id: i for i, t in enumerate(case.transactions)}
    parent = list(range(len(case.transactions)))
    size = [1] * len(parent)

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, txn in enumerate(case.transactions):
        for rel in txn.related:
            j = index.get(rel)
            if j is None:
                continue
            a, b = find(i), find(j)
            if a != b:
                if size[a] < size[b]:
                    a, b = b, a
                parent[b] = a
                size[a] += size[b]
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(case.transactions)):
        groups[find(i)].append(i)
    return list(groups.values())


def document_mismatches(
    case: Case, table: GoodsTable, groups: list[list[int]] | None = None
) -> list[DocumentMismatch]:
    """Goods (same ``item`` within one deal) described or coded differently across documents."""
    out = []
    for group in deal_groups(case) if groups is None else groups:
        by_item: dict[str, list[LineRef]] = defaultdict(list)
        for i in group:
            txn = case.transactions[i]
            for j, line in enumerate(txn.goods):
                if line.item:
                    by_item[line.item].append(LineRef(txn, i, line, j))
        for item, refs in sorted(by_item.items()):
            if len(refs) < 2:
                continue
            kinds = {r.path: sorted(table.described(r.line.description)) for r in refs}
            headings = {r.path: r.line.hs_code[:4] for r in refs if r.line.hs_code}
            described = [set(k) for k in kinds.values() if k]
            kinds_disagree = any(not (a & b) for a in described for b in described)
            codes_disagree = len(set(headings.values())) > 1
            if kinds_disagree or codes_disagree:
                out.append(DocumentMismatch(item, tuple(refs), kinds, headings))
    return out
