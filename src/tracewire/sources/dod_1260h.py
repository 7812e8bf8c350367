"""US Department of Defense Section 1260H list of Chinese military companies.

DoD publishes the list as a PDF once a year (editions 2021-06-03, 2022-10-05, 2024-01-31,
2025-01-07, 2026-06-08). This parser reads the curated transcription OpenSanctions keeps
(``datasets/us/dod_chinese_milcorps/sanctions.csv``), one row per company per listing
period::

    Name, Clean Name, Alias, Previous Name, Parent Name, Note, Start date, End date, Source Url

``Name`` is the entry as printed ("Aerospace CH UAV Co., Ltd (S-SEA)*"), ``Clean Name`` the
name alone; it keys the entity (``us-dod-1260h-<clean name>``), so a company listed in
several editions is one ``Company`` with one ``Sanction`` per row (keyed on its start
date). ``Alias`` becomes ``weakAlias`` when it is a short all-caps acronym (AVIC, CSSC),
otherwise ``alias`` (Huawei, Qihoo 360). ``Parent Name`` gives an ``Ownership`` to the
listed parent, or to a stub ``Company`` when the parent is not itself listed. The printed
form is kept on the Sanction (``namesMentioned``); ``Note``, the DoD's justification, is its
``reason``. Every company gets ``country`` = ``cn``: the list designates Chinese military
companies, including their foreign subsidiaries (e.g. COSCO SHIPPING (North America) Inc.).
The file has no Chinese-script names. ``publisher_date`` is the latest edition date in it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from pathlib import Path

from tracewire.errors import ListFormatError
from tracewire.model import Entity, make_id
from tracewire.sources.base import ParseResult, read_head, read_text
from tracewire.sources.csv_records import iter_records

PREFIX = "us-dod-1260h"
DATASET = "us_dod_chinese_milcorps"
AUTHORITY = "US Department of Defense"
PROGRAM = "Section 1260H"
PROGRAM_ID = "US-DOD-1260H"
REQUIRED = ("Name", "Clean Name", "Start date", "End date")
SNIFF_COLUMNS = frozenset({"Name", "Clean Name", "Alias", "Parent Name", "Start date", "End date"})
_ACRONYM = re.compile(r"^[A-Z0-9&-]{2,8}$")
_TRAILING_PAREN = re.compile(r"^\((.*)[)\]]$")


def _header(head: bytes) -> set[str]:
    line = head.decode("utf-8-sig", errors="replace").split("\n", 1)[0].rstrip("\r")
    try:
        return {c.strip() for c in next(csv.reader(io.StringIO(line)))}
    except (StopIteration, csv.Error):
        return set()


def _alias_prop(alias: str) -> str:
    return "weakAlias" if _ACRONYM.match(alias) else "alias"


def _printed_names(entity: Entity, printed: str, clean: str) -> None:
    """Names in the printed entry beyond the clean name: "(formerly X)", "(also known as X)",
    a short form "(CH UAV)"; a printed entry of another shape is kept as an alias."""
    text = printed.strip().rstrip("*").strip()
    if text.endswith(")."):
        text = text[:-1]
    if text == clean:
        return
    known = {n.casefold() for n in entity.names}
    m = _TRAILING_PAREN.match(text[len(clean) :].strip()) if text.startswith(clean) else None
    if m is None:
        if text.casefold() not in known:
            entity.add("alias", text)
        return
    inner = m.group(1).strip()
    if inner.lower().startswith("formerly "):
        former = inner[9:].strip()
        previous = {n.casefold() for n in entity.get("previousName")}
        if re.sub(r"\s*\([^()]*\)$", "", former).casefold() not in previous:
            entity.add("previousName", former)
    elif inner.lower().startswith("also known as "):
        if inner[14:].strip().casefold() not in known:
            entity.add("alias", inner[14:].strip())
    elif inner.casefold() not in known:
        entity.add(_alias_prop(inner), inner)


class _Builder:
    def __init__(self, dataset: str, result: ParseResult) -> None:
        self.dataset = dataset
        self.result = result
        self.entities: dict[str, Entity] = {}
        self.parents: list[tuple[Entity, str]] = []
        self.dates: list[str] = []

    def make(self, schema: str, eid: str, source_id: str | None = None) -> Entity:
        if eid not in self.entities:
            self.entities[eid] = Entity.make(
                schema, id=eid, dataset=self.dataset, source_id=source_id
            )
        return self.entities[eid]

    def add_date(self, sanction: Entity, prop: str, value: str, path: Path, line: int) -> None:
        for bad in sanction.add(prop, value):
            self.result.warn(path, f"Sanction.{prop}: cannot read date {bad!r}", line)
            sanction.add("summary", f"{prop}: {bad}")
        if value and sanction.get(prop):
            self.dates.append(value)

    def row(self, path: Path, line: int, row: dict[str, str]) -> bool:
        clean = " ".join(row["Clean Name"].split()) or " ".join(row["Name"].split())
        if not clean:
            self.result.warn(path, "row has no name; skipped", line)
            self.result.count("records_skipped")
            return False
        company = self.make("Company", make_id(PREFIX, clean), clean)
        company.add("name", clean)
        company.add("country", "cn")
        alias = row.get("Alias", "")
        if alias and alias.casefold() != clean.casefold():
            company.add(_alias_prop(alias), alias)
        for former in row.get("Previous Name", "").split(";"):
            company.add("previousName", former.strip() or None)
        _printed_names(company, row["Name"], clean)
        if row.get("Parent Name"):
            self.parents.append((company, row["Parent Name"]))

        start = row["Start date"]
        sanction = self.make("Sanction", make_id(company.id, "sanction", start or line))
        sanction.add("entity", company.id, cleaned=True)
        sanction.add("authority", AUTHORITY)
        sanction.add("program", PROGRAM)
        sanction.add("programId", PROGRAM_ID)
        sanction.add("country", "us")
        sanction.add("namesMentioned", row["Name"])
        self.add_date(sanction, "startDate", start, path, line)
        self.add_date(sanction, "endDate", row["End date"], path, line)
        sanction.add("sourceUrl", row.get("Source Url") or None)
        sanction.add("reason", row.get("Note") or None)
        return True

    def link_parents(self) -> None:
        """Ownership from the listed parent to the company. The parent is found among the
        listed companies by its slug (so "Aviation Industry Corporation of China, Ltd." is
        "Aviation Industry Corporation of China Ltd."), with and without a trailing
        "(ACRONYM)"; otherwise it becomes a stub Company."""
        for company, parent_name in self.parents:
            parent_name = " ".join(parent_name.split())
            candidates = [parent_name, re.sub(r"\s*\([^()]*\)$", "", parent_name)]
            ids = [make_id(PREFIX, c) for c in candidates]
            parent_id = next((i for i in ids if i in self.entities), None)
            if parent_id is None:
                stub = self.make("Company", ids[-1])
                stub.add("name", candidates[-1])
                stub.add("country", "cn")
                stub.add("notes", "Parent company named in the Section 1260H list; not listed")
                parent_id = stub.id
                self.result.count("parent_stubs")
            if parent_id == company.id:
                continue
            link = self.make("Ownership", make_id(company.id, "parent", parent_id))
            link.add("owner", parent_id, cleaned=True)
            link.add("asset", company.id, cleaned=True)
            link.add("role", "Parent company")


class Dod1260hFormat:
    name = "us_dod_1260h"
    default_dataset = DATASET
    title = "US DoD Section 1260H Chinese military companies (OpenSanctions curated CSV)"

    def sniff(self, paths: Sequence[Path]) -> bool:
        for path in paths:
            if not _header(read_head(path, 2048)) >= SNIFF_COLUMNS:
                return False
        return bool(paths)

    def parse(self, paths: Sequence[Path], dataset: str) -> ParseResult:
        result = ParseResult(dataset=dataset, format=self.name)
        builder = _Builder(dataset, result)
        for path in paths:
            text = read_text(path)
            count = 0
            for rec in iter_records(path, result, REQUIRED, text=text):
                row = {k: (v or "").strip() for k, v in rec.row.items()}
                count += builder.row(path, rec.line, row)
            if count == 0:
                raise ListFormatError(path, "the file has no company rows", line=2)
            result.count(f"file:{path.name}", count)
            result.count("records", count)
        builder.link_parents()
        result.entities = list(builder.entities.values())
        result.publisher_date = max(builder.dates, default=None)
        return result


FORMATS: list[Dod1260hFormat] = [Dod1260hFormat()]
