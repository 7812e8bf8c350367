"""OFAC's legacy CSV files: the SDN list and the Consolidated (non-SDN) list.

Each list is a set of headerless cp1252 CSV files (CRLF, ``-0-`` for an empty field, a
0x1A byte at the end), joined on the first column, OFAC's ``ent_num``:

================  =================  =================================================
SDN list          Consolidated       columns
================  =================  =================================================
``sdn.csv``       ``cons_prim.csv``  ent_num, name, type, programs, title, call sign,
                                     vessel type, tonnage, GRT, flag, owner, remarks
``add.csv``       ``cons_add.csv``   ent_num, add_num, address, city/state/postal code,
                                     country, remarks
``alt.csv``       ``cons_alt.csv``   ent_num, alt_num, type (aka/fka/nka), name, remarks
``sdn_comments``  ``cons_comments``  ent_num, the rest of a remarks text cut off at
                                     1,000 characters
================  =================  =================================================

``parse`` takes any subset holding the primary file. A primary, address or alias file
without the closing 0x1A byte is cut short (``ParseResult.incomplete``), which the load
refuses. Rows of the other files whose
ent_num has no primary row cannot be placed: one warning per file gives their count
and example lines. Each entry becomes a Person / LegalEntity (Company when its target
type or a company-only identifier says so) / Vessel / Airplane with id
``make_id("ofac", ent_num)`` (ent_nums are unique across both lists), one ``Sanction``
(authority, program codes, listing facts from the remarks), and ``UnknownLink`` /
``Ownership`` entities for ``Linked To:`` remarks and vessel owners (see
:mod:`tracewire.sources.ofac_remarks` and :mod:`tracewire.sources.ofac_links`).
Aliases: ``aka``/``nka`` → ``alias``, ``fka`` → ``previousName``; the low-quality
a.k.a.s OFAC keeps in the remarks → ``weakAlias``. A person's ``LAST, First`` name is
kept whole as ``name`` and split at the first comma into ``lastName``/``firstName``;
the Title column becomes ``position``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tracewire.errors import ListFormatError
from tracewire.model import Entity, make_id
from tracewire.sources.base import ParseResult
from tracewire.sources.ofac_csv_files import (
    Row,
    has_end_marker,
    not_ofac,
    read_rows,
    sniff_role,
)
from tracewire.sources.ofac_links import NameIndex, Pending, resolve_links
from tracewire.sources.ofac_remarks import NO_COUNTRY, add_clean, apply_remarks, split_facts

AUTHORITY = "US Office of Foreign Assets Control"
DETAILS_URL = "https://sanctionssearch.ofac.treas.gov/Details.aspx?id={}"
SCHEMATA = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane", None: "LegalEntity"}
ALT_PROPS = {"aka": "alias", "nka": "alias", "fka": "previousName"}
REMARKS_LIMIT = 1000
NO_END_MARKER = "no 0x1A byte at the end, which closes every file OFAC publishes"
_PROGRAM_SPLIT = re.compile(r"\]\s*\[|;")


@dataclass(frozen=True)
class _Spec:
    name: str
    default_dataset: str
    title: str
    code: str  # "sdn" or "cons": also the file-name family
    files: dict[str, str]  # role -> usual file name
    #: the Sanction's first ``provisions``: which list, hence the legal effect
    #: (``tracewire.sources.effects``): SDN entries are blocked, non-SDN ones are not
    listing: str = "Blocked (SDN List)"


def entity_id(ent_num: str) -> str:
    """``make_id("ofac", ent_num)``, spelt out: ent_nums are digits, so it is this string."""
    return f"ofac-{ent_num}"


def _family(path: Path) -> str:
    return "cons" if path.name.lower().startswith("cons") else "sdn"


class OfacCsvFormat:
    """One of OFAC's two legacy CSV file sets (SDN or Consolidated)."""

    #: OFAC numbers new entries upwards, so a lower newest ent_num is an older file (the
    #: files state no date); see ``tracewire.store.history``
    record_numbers_grow = True

    def __init__(self, spec: _Spec) -> None:
        self.spec = spec
        self.name = spec.name
        self.default_dataset = spec.default_dataset
        self.title = spec.title

    def sniff(self, paths: Sequence[Path]) -> bool:
        if not paths:
            return False
        return all(_family(p) == self.spec.code and sniff_role(p) for p in paths)

    def _roles(self, paths: Sequence[Path]) -> dict[str, Path]:
        roles: dict[str, Path] = {}
        for path in paths:
            role = sniff_role(path)
            if role is None:
                raise not_ofac(path)
            if role in roles:
                message = f"two {role} files given ({roles[role].name} and {path.name})"
                raise ListFormatError(path, message)
            roles[role] = path
        if "primary" not in roles:
            given = ", ".join(p.name for p in roles.values())
            primary = self.spec.files["primary"]
            message = f"the primary file {primary} is needed to load {given}"
            raise ListFormatError(next(iter(roles.values())), message)
        return roles

    def parse(self, paths: Sequence[Path], dataset: str) -> ParseResult:
        roles = self._roles(paths)
        result = ParseResult(dataset=dataset, format=self.name)
        for role, path in roles.items():
            if has_end_marker(path):
                continue
            if role == "comments":  # overflow text only: a warning is enough
                result.warn(path, f"{NO_END_MARKER}; some remarks may be missing")
            else:
                result.cut_short(path, f"{NO_END_MARKER}: the file looks cut short")
        loader = _Loader(self.spec, dataset, result)
        loader.load_primary(roles["primary"], roles.get("comments"))
        if "add" in roles:
            loader.load_addresses(roles["add"])
        if "alt" in roles:
            loader.load_aliases(roles["alt"])
        resolve_links(loader.pending, loader.index, result)
        return result


class _Loader:
    def __init__(self, spec: _Spec, dataset: str, result: ParseResult) -> None:
        self.spec = spec
        self.dataset = dataset
        self.result = result
        self.targets: dict[str, Entity] = {}
        self.sanctions: dict[str, Entity] = {}
        self.index = NameIndex()
        self.pending: list[Pending] = []  # resolved once every name is known

    # -- the primary file ----------------------------------------------------------------
    def load_primary(self, path: Path, comments_path: Path | None) -> None:
        rows = read_rows(path, "primary")
        self.result.count(path.name, len(rows))
        known = {row[0] for _, row in rows}
        comments = self._comments(comments_path, known) if comments_path else {}
        for line, row in rows:
            ent = str(row[0])
            remarks = row[11]
            if ent in comments:
                remarks = self._join_comment(path, line, ent, remarks, comments[ent])
            self._entry(path, line, row, remarks)

    def _comments(self, path: Path, known: set[str | None]) -> dict[str, str]:
        rows = read_rows(path, "comments")
        self.result.count(path.name, len(rows))
        out: dict[str, str] = {}
        orphans: list[tuple[int, str]] = []
        for line, (ent, text) in rows:
            if ent not in known:
                orphans.append((line, str(ent)))
            elif text:
                out[str(ent)] = out.get(str(ent), "") + text
        self._orphans(path, orphans)
        return out

    def _join_comment(self, path: Path, line: int, ent: str, remarks: str | None, more: str) -> str:
        if remarks is not None and len(remarks) >= REMARKS_LIMIT:
            return remarks + more
        more = more.strip()
        self.result.warn(
            path,
            f"ent_num {ent}: remarks are not cut off at {REMARKS_LIMIT} characters, so its "
            "comment may come from another version of the list; both are kept",
            line,
        )
        return f"{remarks.strip().rstrip('.')}; {more}" if remarks else more

    def _entry(self, path: Path, line: int, row: Row, remarks: str | None) -> None:
        ent, name, kind, programs, title = str(row[0]), row[1], row[2], row[3], row[4]
        warn = self.result.warn
        dataset = self.dataset
        schema = SCHEMATA.get(kind.lower() if kind else None)
        if schema is None:
            warn(path, f"ent_num {ent}: unknown SDN_Type {kind!r}, read as an entity", line)
            schema = "LegalEntity"
        eid = entity_id(ent)
        entity = self.targets.get(eid)
        if entity is None:
            entity = Entity.make(schema, id=eid, dataset=dataset, source_id=ent)
            self.targets[eid] = entity
            sanction = Entity.make("Sanction", f"{eid}-sanction-{self.spec.code}", dataset)
            self.sanctions[eid] = sanction
            # values built here are clean already (and cleaning 15,000 URLs costs a second)
            sanction.properties.update(
                entity=[eid],
                authority=[AUTHORITY],
                authorityId=[ent],
                country=["us"],
                sourceUrl=[DETAILS_URL.format(ent)],
                provisions=[self.spec.listing],
            )
            self.result.entities.extend((entity, sanction))
        else:
            warn(path, f"ent_num {ent} appears again; both rows are merged", line)
            sanction = self.sanctions[eid]
        if name is None:
            warn(path, f"ent_num {ent} has no name", line)
        else:
            add_clean(entity, "name", name)
            self.index.add_primary(name, eid)
            if schema == "Person" and "," in name:
                last, first = name.split(",", 1)
                add_clean(entity, "lastName", last)
                add_clean(entity, "firstName", first)
        codes = [c.strip(" []") for c in _PROGRAM_SPLIT.split(programs or "") if c.strip(" []")]
        if not codes:
            warn(path, f"ent_num {ent} names no sanctions program", line)
        add_clean(sanction, "program", codes)
        add_clean(sanction, "programId", codes)
        if title:
            for part in split_facts(title):
                self._put(path, line, entity, "position" if schema == "Person" else "notes", part)
        self._vessel_columns(path, line, entity, row)
        if remarks:
            skip = frozenset([title, *split_facts(title)] if title else [])  # repeated titles
            facts = apply_remarks(remarks, entity, sanction, skip)
            for problem in facts.problems:
                warn(path, f"ent_num {ent}: {problem}", line)
            for target in facts.links:
                self.pending.append(Pending("link", entity, target, path.name, line))
            for target in facts.operators:
                self.pending.append(Pending("operator", entity, target, path.name, line))
            for currency, address in facts.wallets:
                wallet = Entity.make(
                    "CryptoWallet", make_id(entity.id, "wallet", address), self.dataset, ent
                )
                wallet.add("publicKey", address, cleaned=True)
                wallet.add("currencySymbol", currency, cleaned=True)
                wallet.add("holder", entity.id, cleaned=True)
                self.result.entities.append(wallet)

    def _vessel_columns(self, path: Path, line: int, entity: Entity, row: Row) -> None:
        call_sign, vessel_type, tonnage, grt, flag, owner = row[5:11]
        for prop, value in (
            ("callSign", call_sign),
            ("type", vessel_type),
            ("tonnage", tonnage.replace(",", "") if tonnage else None),
            ("grossRegisteredTonnage", grt.replace(",", "") if grt else None),
            ("flag", None if flag is None or flag.lower() in NO_COUNTRY else flag),
        ):
            if value is not None:
                if prop in entity.schema_obj.properties:
                    self._put(path, line, entity, prop, value)
                else:
                    add_clean(entity, "notes", f"{prop}: {value}")
        if owner:
            self.pending.append(Pending("owner", entity, owner, path.name, line))

    def _put(self, path: Path, line: int, entity: Entity, prop: str, value: str) -> None:
        rejected = add_clean(entity, prop, value)
        if rejected:
            self.result.warn(
                path, f"ent_num {entity.source_id}: cannot read {prop} {value!r}", line
            )
            add_clean(entity, "notes", f"{prop}: {value}")

    # -- addresses and aliases -----------------------------------------------------------
    def load_addresses(self, path: Path) -> None:
        rows = read_rows(path, "add")
        self.result.count(path.name, len(rows))
        orphans: list[tuple[int, str]] = []
        for line, (ent, _num, street, city, country, remark) in rows:
            entity = self.targets.get(entity_id(str(ent)))
            if entity is None:
                orphans.append((line, str(ent)))
                continue
            parts = [p for p in (street, city, country) if p]
            if parts:
                add_clean(entity, "address", ", ".join(parts))
            if country and country.lower() not in NO_COUNTRY:
                self._put(path, line, entity, "country", country.removeprefix("Region: "))
            if remark:
                add_clean(entity, "notes", f"Address remark: {remark}")
        self._orphans(path, orphans)

    def load_aliases(self, path: Path) -> None:
        rows = read_rows(path, "alt")
        self.result.count(path.name, len(rows))
        orphans: list[tuple[int, str]] = []
        for line, (ent, _num, kind, name, remark) in rows:
            entity = self.targets.get(entity_id(str(ent)))
            if entity is None:
                orphans.append((line, str(ent)))
                continue
            if name is None:
                self.result.warn(path, f"ent_num {ent}: alias row without a name", line)
                continue
            prop = ALT_PROPS.get((kind or "").lower())
            if prop is None:
                self.result.warn(
                    path, f"ent_num {ent}: unknown alias type {kind!r}, read as aka", line
                )
                prop = "alias"
            add_clean(entity, prop, name)
            self.index.add_alias(name, entity.id)
            if remark:
                add_clean(entity, "notes", f"{name}: {remark}")
        self._orphans(path, orphans)

    def _orphans(self, path: Path, orphans: list[tuple[int, str]]) -> None:
        if not orphans:
            return
        self.result.count(f"orphans:{path.name}", len(orphans))
        examples = ", ".join(f"line {line} (ent_num {ent})" for line, ent in orphans[:5])
        primary = self.spec.files["primary"]
        self.result.warn(
            path,
            f"{len(orphans)} row(s) name an ent_num that is not in {primary} "
            f"({len({ent for _, ent in orphans})} distinct), so they are not loaded "
            f"(another version of the list?); e.g. {examples}",
            orphans[0][0],
        )


FORMATS: list[OfacCsvFormat] = [
    OfacCsvFormat(
        _Spec(
            name="ofac_sdn_csv",
            default_dataset="us_ofac_sdn",
            title="US OFAC SDN list, legacy CSV (sdn.csv + add.csv, alt.csv, sdn_comments.csv)",
            code="sdn",
            files={
                "primary": "sdn.csv",
                "add": "add.csv",
                "alt": "alt.csv",
                "comments": "sdn_comments.csv",
            },
        )
    ),
    OfacCsvFormat(
        _Spec(
            name="ofac_cons_csv",
            default_dataset="us_ofac_cons",
            title="US OFAC Consolidated (non-SDN) list, legacy CSV (cons_prim.csv + cons_*.csv)",
            code="cons",
            listing="Non-SDN (Consolidated Sanctions List)",
            files={
                "primary": "cons_prim.csv",
                "add": "cons_add.csv",
                "alt": "cons_alt.csv",
                "comments": "cons_comments.csv",
            },
        )
    ),
]
