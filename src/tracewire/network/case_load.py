"""Reading a case file: decode, validate against the models, check the references.

Every problem is reported at once, each with its JSON path
(``transactions[2].goods[0].hs_code: HS code '84A8' is not 2 to 12 digits``); a file
that is not JSON gets the line and column of the syntax error.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from tracewire.bounds import MAX_CHAIN_DEPTH, MAX_JSON_DEPTH, json_depth
from tracewire.errors import InputError
from tracewire.network.case import Case, Director, Owner


class CaseFormatError(InputError):
    """A case file is not valid; ``issues`` holds (JSON path, message) for every problem."""

    def __init__(self, path: str, issues: list[tuple[str, str]]) -> None:
        self.path = path
        self.issues = issues
        lines = "\n".join(f"  {where}: {msg}" for where, msg in issues[:50])
        more = f"\n  ... and {len(issues) - 50} more" if len(issues) > 50 else ""
        count = f"{len(issues)} problem{'s' if len(issues) != 1 else ''}"
        super().__init__(f"{path}: {count} in the case file:\n{lines}{more}")


def json_path(loc: tuple[int | str, ...]) -> str:
    """``("transactions", 2, "goods", 0, "hs_code")`` → ``transactions[2].goods[0].hs_code``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def check_references(case: Case) -> list[tuple[str, str]]:
    """Unique ids, and every party / record / transaction reference resolves."""
    issues: list[tuple[str, str]] = []
    parties: set[str] = set()
    for i, party in enumerate(case.parties):
        if party.id in parties:
            issues.append((f"parties[{i}].id", f"duplicate party id {party.id!r}"))
        parties.add(party.id)
    records: set[str] = set()
    for i, rec in enumerate(case.company_records):
        if rec.id in records:
            issues.append((f"company_records[{i}].id", f"duplicate record id {rec.id!r}"))
        records.add(rec.id)
    txns: set[str] = set()
    for i, txn in enumerate(case.transactions):
        if txn.id in txns:
            issues.append((f"transactions[{i}].id", f"duplicate transaction id {txn.id!r}"))
        txns.add(txn.id)

    def need(where: str, ref: str | None, known: set[str], what: str) -> None:
        if ref is not None and ref not in known:
            issues.append((where, f"unknown {what} {ref!r}"))

    for i, txn in enumerate(case.transactions):
        for role, pids in txn.parties.items():
            for j, pid in enumerate(pids):
                need(f"transactions[{i}].parties.{role.value}[{j}]", pid, parties, "party id")
        for j, rel in enumerate(txn.related):
            need(f"transactions[{i}].related[{j}]", rel, txns, "transaction id")
        if txn.payment is not None:
            for key in ("payer", "payee", "bank"):
                ref = getattr(txn.payment, key)
                need(f"transactions[{i}].payment.{key}", ref, parties, "party id")
    parties_or_records = parties | records
    for i, rec in enumerate(case.company_records):
        need(f"company_records[{i}].party", rec.party, parties, "party id")
        if rec.party is None and not rec.name:
            issues.append((f"company_records[{i}]", "a record needs 'party' or 'name'"))
        people: list[tuple[str, int, Owner | Director]] = [
            *(("owners", j, o) for j, o in enumerate(rec.owners)),
            *(("directors", j, d) for j, d in enumerate(rec.directors)),
        ]
        for key, j, person in people:
            where = f"company_records[{i}].{key}[{j}].ref"
            need(where, person.ref, parties_or_records, "party or record id")
        known = [o.percentage for o in rec.owners if o.percentage is not None and not o.former]
        if sum(known) > 100.0001:
            issues.append((f"company_records[{i}].owners", f"percentages of the current owners add up to {sum(known):g} (> 100)"))  # fmt: skip
        for j, o in enumerate(rec.owners):
            if o.since and o.until and o.until < o.since:
                issues.append((f"company_records[{i}].owners[{j}].until", f"{o.until} is before since {o.since}"))  # fmt: skip
        if rec.dormant_from and rec.dormant_until and rec.dormant_until < rec.dormant_from:
            issues.append((f"company_records[{i}].dormant_until", f"{rec.dormant_until} is before dormant_from {rec.dormant_from}"))  # fmt: skip
    depth, where = ownership_depth(case)
    if depth > MAX_CHAIN_DEPTH:
        issues.append((where, f"an ownership chain {depth:,} companies deep ends here; "
                       f"tracewire follows at most {MAX_CHAIN_DEPTH:,}"))  # fmt: skip
    return issues


def ownership_depth(case: Case) -> tuple[int, str]:
    """The longest chain of owners in the company records (owner → company → ...; a loop
    counts once round), and the JSON path of the record at its end. Linear: each company
    is measured once, without recursion."""
    node_of = {rec.id: rec.party or rec.id for rec in case.company_records}
    owners: dict[str, list[str]] = {}
    where: dict[str, str] = {}
    for i, rec in enumerate(case.company_records):
        asset = node_of[rec.id]
        where.setdefault(asset, f"company_records[{i}]")
        refs = [node_of.get(o.ref, o.ref) for o in rec.owners if o.ref is not None]
        owners.setdefault(asset, []).extend(refs)
    depth: dict[str, int] = {}
    deepest, at = 0, "company_records"
    for start in owners:
        if start in depth:
            continue
        # depth-first with an explicit stack; a node on the stack met again is a loop
        stack: list[tuple[str, int]] = [(start, 0)]
        on_stack = {start}
        while stack:
            node, i = stack[-1]
            ups = owners.get(node, [])
            if i < len(ups):
                stack[-1] = (node, i + 1)
                up = ups[i]
                if up not in depth and up not in on_stack:
                    stack.append((up, 0))
                    on_stack.add(up)
                continue
            stack.pop()
            on_stack.discard(node)
            depth[node] = 1 + max((depth.get(u, 0) for u in ups), default=0)
            if depth[node] > deepest and node in where:
                deepest, at = depth[node], where[node]
    return deepest, at


def parse_case(data: Any, path: str = "<case>") -> Case:
    """Validate a decoded JSON document; raise :class:`CaseFormatError` listing every problem."""
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        issues = []
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            msg = err["msg"].removeprefix("Value error, ")
            if loc and loc[-1] == "[key]":  # a dict key, e.g. an unknown role name
                loc = loc[:-1]
                msg = "not allowed here: " + msg
            where = json_path(loc)
            if err["type"] == "extra_forbidden":
                msg = "unknown field (see case.schema.json for the fields)"
            elif err["type"] not in ("missing",) and "input" in err:
                shown = json.dumps(err["input"], ensure_ascii=False, default=str)
                msg += f" (got {shown[:60]})"
            issues.append((where, msg))
        raise CaseFormatError(path, issues) from None
    issues = check_references(case)
    if issues:
        raise CaseFormatError(path, issues)
    return case


def load_case(path: Path) -> Case:
    """Read and validate a case JSON file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such case file") from None
    except UnicodeDecodeError as exc:
        raise CaseFormatError(str(path), [("(file)", f"not UTF-8 text ({exc.reason})")]) from None
    return parse_case(decode_case(text, str(path)), str(path))


def decode_case(text: str | bytes, path: str) -> Any:
    """Decode a case's JSON; bad syntax or nesting deeper than any case needs is a
    :class:`CaseFormatError` (never a RecursionError)."""
    too_deep = CaseFormatError(
        path, [("(file)", f"JSON nested more than {MAX_JSON_DEPTH} levels deep")]
    )
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CaseFormatError(
            path, [(f"line {exc.lineno}, column {exc.colno}", f"invalid JSON: {exc.msg}")]
        ) from None
    except RecursionError:
        raise too_deep from None
    if json_depth(data) > MAX_JSON_DEPTH:
        raise too_deep
    return data
