"""Building the entities of a UK list: designated targets, their sanctions, linked parties.

The UK lists give one row per name, so a target is assembled from many rows: the
first row of a Unique ID (FCDO) or Group ID (OFSI) makes the entity, later rows add
to it. :class:`UkTargets` keeps the entities of one load in order (target, then its
sanction and links), checks every value against FollowTheMoney's types, and turns a
rejected value or a value the schema has no place for into a warning instead of
dropping it (such values are kept in ``notes``).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from followthemoney.types import registry

from tracewire.errors import ListFormatError
from tracewire.model import Entity, get_schema, make_id
from tracewire.sources.base import ParseResult, read_text
from tracewire.sources.uk_values import SCHEMA_BY_TYPE, clean_number, clean_text

#: a property the target's schema lacks → the one to use instead
PROPERTY_FALLBACK: dict[str, str] = {
    "nationality": "country",
    "citizenship": "country",
    "kppCode": "registrationNumber",
    "bikCode": "registrationNumber",
    "imoNumber": "registrationNumber",
    "innCode": "registrationNumber",
    "ogrnCode": "registrationNumber",
    "okpoCode": "registrationNumber",
    "uscCode": "registrationNumber",
    "taxNumber": "registrationNumber",
    "vatCode": "registrationNumber",
    "leiCode": "registrationNumber",
    "bvdId": "registrationNumber",
    "swiftBic": "registrationNumber",
}

_WORDS = re.compile(r"\w+")
#: value types whose cleaning is memoised per load
MEMO_TYPES = frozenset({"country", "date"})


def _name_key(name: str) -> str:
    return " ".join(_WORDS.findall(name.casefold()))


def _label(prop: str) -> str:
    for name in ("Person", "Company", "Vessel"):
        found = get_schema(name).get(prop)
        if found is not None:
            return str(found.label)
    return prop


def csv_rows(path: Path, result: ParseResult | None = None) -> Iterator[tuple[int, list[str]]]:
    """(first line number, cells) for each CSV record; ListFormatError names the line.

    With ``result``: a last record shorter than the longest, at a file end without a line
    end, marks the result cut short (:meth:`ParseResult.cut_short`)."""
    text = read_text(path)  # raises for an empty file or an undecodable byte
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ListFormatError(path, "NUL byte in a text file (binary data?)", line=line)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    widest, last = 0, 0
    try:
        for row in reader:
            yield start, row
            widest, last = max(widest, len(row)), len(row)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ListFormatError(path, f"broken CSV: {exc}", line=start) from exc
    if result is not None and last < widest and not text.endswith(("\n", "\r")):
        line = text.rstrip("\r\n").count("\n") + 1
        result.cut_short(path, "the file ends inside this record: it looks cut short", line)


def header_index(row: list[str]) -> dict[str, int]:
    """Header cells, trimmed and lower-cased, → column position."""
    return {" ".join(h.split()).lower(): i for i, h in enumerate(row) if h.strip()}


def column_names(index: dict[str, int]) -> list[str]:
    """Column name by position ("" for a column without a header)."""
    names = [""] * (max(index.values()) + 1)
    for col, i in index.items():
        names[i] = col
    return names


def row_cells(names: list[str], row: list[str]) -> dict[str, str]:
    """The row's non-empty cells by column name (most cells of a UK list row are empty)."""
    return {c: v for c, v in zip(names, row, strict=False) if c and v and not v.isspace()}


def check_width(result: ParseResult, path: Path, line: int, row: list[str], width: int) -> None:
    """Warn for a row with fewer cells than the header, or with text beyond its last column."""
    if len(row) < width or any(c.strip() for c in row[width:]):
        result.warn(path, f"row has {len(row)} cells where the header has {width}", line)


#: a row's cell by (lower-case) column name; "" when the column is absent
Cell = Callable[[str], str]


def cell_getter(index: dict[str, int], row: list[str]) -> Cell:
    def cell(col: str) -> str:
        i = index.get(col)
        return row[i] if i is not None and i < len(row) else ""

    return cell


class UkTargets:
    """The entities of one UK list load, built row by row."""

    def __init__(self, result: ParseResult, prefix: str, authority: str) -> None:
        self.result = result
        self.dataset = result.dataset
        self.prefix = prefix
        self.authority = authority
        self.targets: dict[str, Entity] = {}
        self._first_line: dict[str, int] = {}
        self.order: list[Entity] = []
        self._by_id: dict[str, Entity] = {}
        self._memo: dict[tuple[str, str], str | None] = {}
        self._sanctions: dict[tuple[str, str], Entity] = {}
        self._seen: set[tuple[str, ...]] = set()

    # -- entities ----------------------------------------------------------------------
    def _emit(self, entity: Entity) -> Entity:
        self._by_id[entity.id] = entity
        self.order.append(entity)
        return entity

    def target(self, source_id: str, kind: str, path: Path, line: int) -> Entity:
        """The target with this publisher id, made on first sight."""
        schema = SCHEMA_BY_TYPE.get(kind.strip().lower())
        entity = self.targets.get(source_id)
        if entity is not None:
            if schema is not None and schema != entity.schema:
                self.result.warn(
                    path,
                    f"{source_id}: type {kind!r} differs from earlier rows; kept {entity.schema}",
                    line,
                )
            return entity
        if schema is None:
            self.result.warn(
                path, f"{source_id}: unknown designation type {kind!r}; made a LegalEntity", line
            )
            schema = "LegalEntity"
        entity = Entity.make(
            schema, id=make_id(self.prefix, source_id), dataset=self.dataset, source_id=source_id
        )
        self.targets[source_id] = entity
        self._first_line[source_id] = line
        return self._emit(entity)

    def sanction(
        self,
        entity: Entity,
        program: str | None,
        program_id: str | None,
        authority_id: str | None = None,
    ) -> Entity:
        """The Sanction of ``entity`` under this program, made on first sight."""
        key = (entity.id, program_id or program or self.prefix)
        found = self._sanctions.get(key)
        if found is not None:
            return found
        sid = make_id(entity.id, "sanction", key[1])
        sanction = Entity.make("Sanction", id=sid, dataset=self.dataset, source_id=entity.source_id)
        self._sanctions[key] = sanction
        # values known to be clean: skip FtM's cleaning, which dominates load time
        sanction.add("entity", entity.id, cleaned=True)
        sanction.add("authority", self.authority, cleaned=True)
        sanction.add("country", "gb", cleaned=True)
        sanction.add("program", program, cleaned=True)
        sanction.add("programId", program_id, cleaned=True)
        sanction.add("authorityId", authority_id, cleaned=True)
        return self._emit(sanction)

    def link(self, entity: Entity, other_name: str, role: str, entity_is_subject: bool) -> None:
        """An UnknownLink between ``entity`` and a party known only by name (a parent
        company, a ship's owner), which becomes a LegalEntity with only a name."""
        other_id = make_id(self.prefix, "named", other_name)
        other = self._by_id.get(other_id)
        if other is None:
            other = Entity.make("LegalEntity", id=other_id, dataset=self.dataset)
            other.add("name", other_name)
            self._emit(other)
        subject, obj = (entity, other) if entity_is_subject else (other, entity)
        link_id = make_id(self.prefix, "link", subject.id, role, obj.id)
        if link_id in self._by_id:
            return
        link = Entity.make("UnknownLink", id=link_id, dataset=self.dataset)
        link.add("subject", subject.id)
        link.add("object", obj.id)
        link.add("role", role)
        self._emit(link)

    # -- values ------------------------------------------------------------------------
    def grouped_rows(
        self,
        path: Path,
        rows: Iterable[tuple[int, list[str]]],
        names: list[str],
        id_column: str,
        type_column: str,
    ) -> Iterator[tuple[int, dict[str, str], Entity, dict[str, str]]]:
        """(line, cells, target, cells not seen before for that target) for each row of a
        layout that prints one row per name, grouped by the target's id column."""
        for line, row in rows:
            cells = row_cells(names, row)
            if not cells:
                continue
            self.result.count("rows")
            check_width(self.result, path, line, row, len(names))
            key = clean_text(cells.get(id_column))
            if not key:
                label = id_column.title().replace(" Id", " ID")
                self.result.warn(path, f"row without a {label} skipped", line)
                continue
            entity = self.target(key, clean_text(cells.get(type_column)), path, line)
            # a designation's facts repeat on each of its rows: read each value once
            new = {c: v for c, v in cells.items() if self.first_time(key, c, v)}
            yield line, cells, entity, new

    def first_time(self, *key: str) -> bool:
        """True the first time this key (e.g. target id, "name", the name cells) is seen.

        The UK files repeat a designation's facts on each of its rows; reading each
        once keeps a 50,000-row file fast."""
        if key in self._seen:
            return False
        self._seen.add(key)
        return True

    def clean(self, type_name: str, value: str) -> str | None:
        """FollowTheMoney's cleaning of a value of this type, memoised for the load."""
        key = (type_name, value)
        if key not in self._memo:
            self._memo[key] = registry.get(type_name).clean(value)
        return self._memo[key]

    def add(
        self,
        entity: Entity,
        prop: str,
        values: str | Iterable[str] | None,
        path: Path,
        line: int | None,
    ) -> None:
        """Add cleaned values; warn for rejected ones and for a property the schema lacks."""
        items = [values] if isinstance(values, str) else list(values or [])
        items = [v.strip() for v in items if v and v.strip()]
        if not items:
            return
        schema = entity.schema_obj
        target = prop
        if schema.get(prop) is None:
            fallback = PROPERTY_FALLBACK.get(prop)
            if fallback is not None and schema.get(fallback) is not None:
                target = fallback
            else:
                label = _label(prop)
                for value in items:
                    self.result.warn(
                        path,
                        f"{entity.source_id}: a {entity.schema} has no {prop}; {value!r} kept in notes",
                        line,
                    )
                    entity.add("notes", f"{label}: {value}")
                return
        p = schema.properties[target]
        if p.type.name == "identifier":
            items = [clean_number(v) for v in items]
        if p.format is not None:
            for value in items:
                if entity.add(target, value, format=p.format):
                    keep = "registrationNumber" if schema.get("registrationNumber") else "notes"
                    entity.add(keep, value)
                    self.result.warn(
                        path,
                        f"{entity.source_id}: {target} {value!r} fails the {p.format} check; "
                        f"kept as {keep}",
                        line,
                    )
            return
        if p.type.name in MEMO_TYPES:  # few distinct values, costly to clean: clean each once
            cleaned: list[str] = []
            for value in items:
                found = self.clean(p.type.name, value)
                if found is None:
                    self.result.warn(
                        path, f"{entity.source_id}: {target} value {value!r} rejected", line
                    )
                else:
                    cleaned.append(found)
            entity.add(target, cleaned, cleaned=True)
            return
        for value in entity.add(target, items):
            self.result.warn(path, f"{entity.source_id}: {target} value {value!r} rejected", line)

    def add_name(
        self,
        entity: Entity,
        prop: str | None,
        name: str,
        path: Path,
        line: int | None,
        kind: str = "",
    ) -> None:
        if not name:
            return
        if prop is None:
            self.result.warn(
                path,
                f"{entity.source_id}: unknown name type {kind!r}; {name!r} kept as alias",
                line,
            )
            prop = "alias"
        entity.add(prop, name)

    def add_person_parts(self, entity: Entity, given: list[str], last: str) -> None:
        """firstName (Name 1), middleName (Names 2–5), lastName (Name 6) of a primary name."""
        if entity.schema != "Person":
            return
        given = [g for g in given if g]
        if given:
            entity.add("firstName", given[0])
        if len(given) > 1:
            entity.add("middleName", " ".join(given[1:]))
        if last:
            entity.add("lastName", last)

    # -- end ---------------------------------------------------------------------------
    def _resolve_named(self) -> None:
        """A party named in a link that is itself designated in this list (one target
        has that name) is linked directly; its name-only entity is dropped."""
        by_name: dict[str, set[str]] = {}
        for entity in self.targets.values():
            for name in entity.names:
                by_name.setdefault(_name_key(name), set()).add(entity.id)
        replace: dict[str, str] = {}
        for entity in self.order:
            if entity.source_id is None and entity.schema == "LegalEntity":
                found = by_name.get(_name_key(entity.first("name") or ""), set())
                if len(found) == 1:
                    replace[entity.id] = next(iter(found))
        if not replace:
            return
        kept: list[Entity] = []
        for entity in self.order:
            if entity.id in replace:
                continue
            if entity.schema == "UnknownLink":
                subject = replace.get(entity.first("subject") or "", entity.first("subject"))
                obj = replace.get(entity.first("object") or "", entity.first("object"))
                entity.properties["subject"] = [subject or ""]
                entity.properties["object"] = [obj or ""]
                entity.id = make_id(self.prefix, "link", subject, entity.first("role"), obj)
            kept.append(entity)
        self.order = kept

    def finish(self, path: Path | str) -> None:
        """Check every target has a name, then hand the entities to the result."""
        self._resolve_named()
        for uid, entity in self.targets.items():
            if entity.get("name"):
                continue
            line = self._first_line.get(uid)
            for prop in ("alias", "weakAlias", "previousName"):
                if entity.get(prop):
                    entity.add("name", entity.get(prop)[0])
                    self.result.warn(
                        path,
                        f"{uid}: no primary name; used the {prop} {entity.get(prop)[0]!r}",
                        line,
                    )
                    break
            else:
                self.result.warn(path, f"{uid}: the designation has no name", line)
        self.result.entities.extend(self.order)
