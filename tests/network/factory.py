"""Build small cases and list entities in one line each, for the network tests.

``case(parties=[party("a", "Alpha Ltd", country="cn")], transactions=[txn("t1", seller="a")])``
gives a validated :class:`~tracewire.network.case.Case`; ``company(...)``, ``sanction(...)``
and ``owns(...)`` give FtM list entities; ``run(case, entities)`` investigates.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import tracewire
from tracewire.match import Screener
from tracewire.model import Entity
from tracewire.network.case import Case
from tracewire.network.case_load import parse_case
from tracewire.network.investigate import Investigation, investigate
from tracewire.network.lists import ListData

SAMPLE = Path(tracewire.__file__).parent / "data" / "sample" / "tracewire_sample.ftm.json"


def party(pid: str, name: str, **fields: Any) -> dict[str, Any]:
    return {"id": pid, "name": name, "kind": fields.pop("kind", "company"), **fields}


def txn(tid: str, type: str = "invoice", date: str = "2024-03-01", **fields: Any) -> dict[str, Any]:
    """A transaction; role keywords (seller="a", buyer="b", ...) go into ``parties``."""
    roles = {}
    for role in ("seller", "buyer", "consignee", "end_user", "intermediary",
                 "freight_forwarder", "payer", "payee", "bank"):  # fmt: skip
        if role in fields:
            roles[role] = fields.pop(role)
    return {"id": tid, "type": type, "date": date, "parties": roles, **fields}


def line(hs: str, description: str = "", **fields: Any) -> dict[str, Any]:
    return {"hs_code": hs, "description": description, **fields}


def case(**data: Any) -> Case:
    return parse_case({"id": data.pop("id", "test-case"), **data})


def company(eid: str, name: str, dataset: str = "test", **props: Any) -> Entity:
    e = Entity.make("Company", eid, dataset)
    e.add("name", name)
    for k, v in props.items():
        e.add(k, v)
    return e


def person(eid: str, name: str, dataset: str = "test", **props: Any) -> Entity:
    e = Entity.make("Person", eid, dataset)
    e.add("name", name)
    for k, v in props.items():
        e.add(k, v)
    return e


def sanction(target: str, authority: str = "US Office of Foreign Assets Control",
             program: str = "RUSSIA-EO14024", dataset: str = "test") -> Entity:  # fmt: skip
    e = Entity.make("Sanction", f"{target}-sanction-{program}-{authority[:4]}", dataset)
    e.add("entity", target)
    e.add("authority", authority)
    e.add("programId", program)
    return e


def owns(owner: str, asset: str, pct: str | None = None, dataset: str = "test") -> Entity:
    e = Entity.make("Ownership", f"{owner}-owns-{asset}", dataset)
    e.add("owner", owner)
    e.add("asset", asset)
    if pct is not None:
        e.add("percentage", pct)
    return e


def sample_entities() -> list[Entity]:
    with open(SAMPLE, encoding="utf-8") as fh:
        return [Entity.from_ftm(json.loads(row)) for row in fh]


def run(c: Case, entities: list[Entity] | None = None, **kwargs: Any) -> Investigation:
    ents = entities or []
    data = ListData.from_entities(ents, {e.dataset: 1 for e in ents})
    screener = Screener.from_entities(ents) if ents else None
    return investigate(c, data, screener, **kwargs)


def rules_hit(inv: Investigation, rule: str) -> list[Any]:
    return [f for f in inv.findings if f.rule == rule]
