"""The case format as a folder of CSV files, for bulk exports from ERP and banking systems.

A folder holds one CSV file (UTF-8, header row) per kind of record; only
``parties.csv`` is required. Empty cells are absent values; ``;`` separates the items
of list cells; identifiers are ``TYPE:VALUE;...`` as in the screening files.

=====================  ===========================================================
file                   columns
=====================  ===========================================================
``parties.csv``        id, name, aliases, kind, country, address, identifiers,
                       incorporation_date, phone, email, website, business,
                       activity, description, registration_text, bic, due_diligence_*,
                       notes
``history.csv``        party, period, hs_code, description, quantity, value,
                       currency, note
``transactions.csv``   id, type, date, reference, related, seller, buyer, consignee,
                       end_user, intermediary, freight_forwarder, payer, payee, bank,
                       payment_currency, payment_amount, payment_date, payment_payer,
                       payment_payee, payment_bank, payment_bank_country,
                       payment_payer_bank_bic, payment_payee_bank_bic,
                       payment_method, payment_mcc, payment_merchant, route_origin,
                       route_transit, route_destination, route_mode,
                       port_of_loading, port_of_discharge, delivery,
                       due_diligence_*, notes
``goods.csv``          transaction, item, hs_code, description, quantity, unit,
                       unit_price, value, currency, origin_country, packaging,
                       declared_as, technical_description
``amendments.csv``     transaction, date, field, old, new, note
``company_records.csv`` id, party, name, country, registration_number,
                       registration_authority, incorporation_date, addresses,
                       identifiers, source, date, status, dormant_from,
                       dormant_until, registration_text
``owners.csv``         record, name, ref, kind, country, percentage, identifiers,
                       since, until
``directors.csv``      record, name, ref, role, country, since
=====================  ===========================================================

``due_diligence_*`` stands for the columns ``due_diligence_end_use``,
``due_diligence_end_user``, ``due_diligence_end_user_statement``,
``due_diligence_ownership``, ``due_diligence_installation``,
``due_diligence_training``, ``due_diligence_maintenance`` and ``due_diligence_note``
(the fields of the JSON ``due_diligence`` object). Only ``parties.csv`` is required, and
every column but ``id`` and ``name`` may be left out.

The folder is turned into the JSON form and validated by the same models, so the rules
are the same; an error names the CSV file, line and column instead of the JSON path.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from tracewire.bounds import MAX_CSV_COLUMNS
from tracewire.errors import InputError
from tracewire.network.case import Case, Role
from tracewire.network.case_load import CaseFormatError, parse_case

ROLE_COLUMNS = [r.value for r in Role]
NUMBERS = {"quantity", "unit_price", "value", "amount", "percentage"}
DUE_DILIGENCE = "due_diligence_"


def _record(row: dict[str, str], list_column: str) -> dict[str, Any]:
    """A party or company record from its CSV row: ``list_column`` and ``identifiers`` are
    ``;``-separated; numeric columns become numbers; empty cells are left out."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if key == list_column:
            out[key] = _split(value)
        elif key == "identifiers":
            out[key] = _ids(value)
        elif key.startswith(DUE_DILIGENCE):
            _put(out.setdefault("due_diligence", {}), key.removeprefix(DUE_DILIGENCE), value)
        else:
            _put(out, key, value)
    if not out.get("due_diligence", True):
        del out["due_diligence"]
    return out


def _rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            columns = len(reader.fieldnames or ())
            if columns > MAX_CSV_COLUMNS:
                raise InputError(
                    f"{path}, line 1: the header has {columns:,} columns; "
                    f"a case file may have at most {MAX_CSV_COLUMNS:,}"
                )
            out = []
            for row in reader:
                if None in row:
                    raise InputError(f"{path}, line {reader.line_num}: more cells than columns")
                clean = {k.strip(): (v or "").strip() for k, v in row.items() if k}
                out.append((reader.line_num, clean))
            return out
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason})") from None
    except csv.Error as exc:
        raise InputError(f"{path}: broken CSV ({exc})") from None


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()]


def _ids(value: str) -> dict[str, str]:
    out = {}
    for item in _split(value):
        kind, _, val = item.partition(":")
        out[kind.strip().lower()] = val.strip()
    return out


def _put(target: dict[str, Any], key: str, value: str) -> None:
    if value == "":
        return
    if key in NUMBERS:
        try:
            target[key] = float(value.replace(",", ""))
            return
        except ValueError:
            pass
    target[key] = value


class _Lines:
    """JSON path prefix → "file, line N", to translate validation errors."""

    def __init__(self) -> None:
        self.where: dict[str, str] = {}

    def add(self, path: str, file: Path, line: int) -> None:
        self.where[path] = f"{file.name}, line {line}"

    def translate(self, issue_path: str) -> str:
        best = max(
            (p for p in self.where if issue_path == p or issue_path.startswith((p + ".", p + "["))),
            key=len,
            default=None,
        )
        if best is None:
            return issue_path
        rest = issue_path[len(best) :].lstrip(".")
        return f"{self.where[best]}" + (f": {rest}" if rest else "")


def load_case_folder(folder: Path) -> Case:
    """Read and validate a case folder of CSV files."""
    parties_csv = folder / "parties.csv"
    if not parties_csv.exists():
        raise InputError(f"{folder}: a case folder needs parties.csv (see the README)")
    lines = _Lines()
    data: dict[str, Any] = {"id": folder.name, "parties": [], "transactions": [], "company_records": []}  # fmt: skip
    for line, row in _rows(parties_csv):
        party = _record(row, "aliases")
        lines.add(f"parties[{len(data['parties'])}]", parties_csv, line)
        data["parties"].append(party)

    by_id = {str(p.get("id")): (i, p) for i, p in enumerate(data["parties"])}
    path = folder / "history.csv"
    if path.exists():
        for line, row in _rows(path):
            pid = row.pop("party", "")
            if pid not in by_id:
                raise CaseFormatError(str(path), [(f"line {line}: party", f"unknown party id {pid!r}")])  # fmt: skip
            pi, party = by_id[pid]
            entry: dict[str, Any] = {}
            for k, v in row.items():
                _put(entry, k, v)
            bucket = party.setdefault("history", [])
            lines.add(f"parties[{pi}].history[{len(bucket)}]", path, line)
            bucket.append(entry)

    txns: dict[str, dict[str, Any]] = {}
    path = folder / "transactions.csv"
    if path.exists():
        for line, row in _rows(path):
            txn: dict[str, Any] = {"parties": {}}
            payment: dict[str, Any] = {}
            route: dict[str, Any] = {}
            diligence: dict[str, Any] = {}
            for key, value in row.items():
                if key in ROLE_COLUMNS:
                    if value:
                        txn["parties"][key] = _split(value)
                elif key.startswith("payment_"):
                    _put(payment, key.removeprefix("payment_"), value)
                elif key.startswith(DUE_DILIGENCE):
                    _put(diligence, key.removeprefix(DUE_DILIGENCE), value)
                elif key in ("route_origin", "route_destination", "route_mode"):
                    _put(route, key.removeprefix("route_"), value)
                elif key == "route_transit":
                    route["transit"] = _split(value)
                elif key in ("port_of_loading", "port_of_discharge"):
                    _put(route, key, value)
                elif key == "related":
                    txn[key] = _split(value)
                else:
                    _put(txn, key, value)
            if payment:
                txn["payment"] = payment
            if diligence:
                txn["due_diligence"] = diligence
            if any(v for v in route.values()):
                txn["route"] = route
            lines.add(f"transactions[{len(data['transactions'])}]", path, line)
            data["transactions"].append(txn)
            if "id" in txn:
                txns[str(txn["id"])] = txn
    index = {str(t.get("id")): i for i, t in enumerate(data["transactions"])}
    for name, key in (("goods.csv", "goods"), ("amendments.csv", "amendments")):
        path = folder / name
        if not path.exists():
            continue
        for line, row in _rows(path):
            tid = row.pop("transaction", "")
            if tid not in txns:
                raise CaseFormatError(str(path), [(f"line {line}: transaction", f"unknown transaction id {tid!r}")])  # fmt: skip
            item: dict[str, Any] = {}
            for k, v in row.items():
                _put(item, k, v)
            bucket = txns[tid].setdefault(key, [])
            lines.add(f"transactions[{index[tid]}].{key}[{len(bucket)}]", path, line)
            bucket.append(item)

    records: dict[str, dict[str, Any]] = {}
    path = folder / "company_records.csv"
    if path.exists():
        for line, row in _rows(path):
            rec = _record(row, "addresses")
            lines.add(f"company_records[{len(data['company_records'])}]", path, line)
            data["company_records"].append(rec)
            records[str(rec.get("id"))] = rec
    rindex = {str(r.get("id")): i for i, r in enumerate(data["company_records"])}
    for name, key in (("owners.csv", "owners"), ("directors.csv", "directors")):
        path = folder / name
        if not path.exists():
            continue
        for line, row in _rows(path):
            rid = row.pop("record", "")
            if rid not in records:
                raise CaseFormatError(str(path), [(f"line {line}: record", f"unknown company record id {rid!r}")])  # fmt: skip
            person: dict[str, Any] = {}
            for k, v in row.items():
                if k == "identifiers":
                    person[k] = _ids(v)
                else:
                    _put(person, k, v)
            bucket = records[rid].setdefault(key, [])
            lines.add(f"company_records[{rindex[rid]}].{key}[{len(bucket)}]", path, line)
            bucket.append(person)
    try:
        return parse_case(data, str(folder))
    except CaseFormatError as exc:
        issues = [(lines.translate(where), msg) for where, msg in exc.issues]
        raise CaseFormatError(str(folder), issues) from None
