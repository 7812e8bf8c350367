"""Investigation throughput on generated cases of 1,000 to 100,000 transactions.

    .venv/bin/python -m bench.investigate [--sizes 1000 10000 100000] [--lists sample|real]

Generates a case (FICTIONAL, seeded): a few thousand parties, most of them ordinary
traders and a few spelt like the designated parties of the sample list, some sharing
addresses; invoices, shipments, contracts and payments with 1-3 goods lines drawn from
CHPL and ordinary HS codes; amendments, third-party payers and company records here and
there. Then validates it, investigates it against the embedded sample list (or, with
``--lists real``, every real list in ../shared/data loaded into a temporary store), and
writes the findings JSON and the HTML report. Prints one row per size: time of each
stage, transactions per second end to end, findings, output size and peak memory.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tracewire.match import Screener
from tracewire.model import Entity
from tracewire.network.case_load import parse_case
from tracewire.network.investigate import gc_paused, investigate
from tracewire.network.lists import ListData
from tracewire.network.redflags import RuleSet
from tracewire.report.findings_json import findings_document, write_findings_json
from tracewire.report.investigation_html import render_html

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src" / "tracewire" / "data" / "sample" / "tracewire_sample.ftm.json"

#: (HS code, description, typical unit price in USD)
GOODS = [
    ("8542.31.00", "Microcontrollers", 4.0), ("8526.91.20", "GNSS receiver modules", 60.0),
    ("8807.30.00", "Parts of unmanned aircraft", 900.0), ("8482.10.10", "Ball bearings", 3.0),
    ("8532.24.00", "Multilayer ceramic capacitors", 0.05), ("8504.40.90", "Static converters", 40.0),
    ("8418.69.00", "Industrial refrigeration units", 5000.0), ("8471.30.00", "Laptop computers", 700.0),
    ("6109.10.00", "Cotton T-shirts", 3.0), ("9403.30.00", "Office furniture", 150.0),
    ("8708.99.97", "Vehicle parts", 25.0), ("3926.90.97", "Plastic fittings", 1.0),
    ("0805.10.20", "Fresh oranges", 0.8), ("8517.62.00", "Network switches", 300.0),
]  # fmt: skip
COUNTRIES = ["cn", "hk", "tr", "ae", "kz", "kg", "am", "de", "it", "in", "rs", "ru", "by", "us"]
CURRENCY = {"cn": "CNY", "hk": "HKD", "tr": "TRY", "ae": "AED", "kz": "KZT", "kg": "KGS",
            "am": "AMD", "de": "EUR", "it": "EUR", "in": "INR", "rs": "RSD", "ru": "RUB",
            "by": "BYN", "us": "USD"}  # fmt: skip
LISTED_SPELLINGS = [("TKS Vector LLC", "ru"), ("AO IEMZ Kupol", "ru"),
                    ("Redlepus Vector Industry Shenzhen Co Ltd", "cn")]  # fmt: skip
SYLLABLES = ["an", "bel", "cor", "dan", "el", "fen", "gar", "hol", "ir", "jun", "kel", "lor",
             "mar", "nor", "or", "pel", "quan", "ros", "sen", "tor", "ul", "ver", "wen", "zor"]  # fmt: skip
FORMS = ["Trading LLC", "Co., Ltd", "GmbH", "Logistics LLC", "Import Export FZE", "JSC"]


def _name(rng: random.Random) -> str:
    word = "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()
    return f"{word} {rng.choice(['Industrial', 'Components', 'Technik', 'Global', 'Supply'])} {rng.choice(FORMS)}"  # fmt: skip


def generate_case(n_txn: int, seed: int = 7) -> dict[str, Any]:
    """A FICTIONAL case of ``n_txn`` transactions (a dict in the case JSON format)."""
    rng = random.Random(seed)
    n_parties = max(60, n_txn // 25)
    parties = []
    for i in range(n_parties):
        country = rng.choice(COUNTRIES)
        street = rng.randint(1, 400)
        p: dict[str, Any] = {"id": f"p{i}", "name": _name(rng), "kind": "company", "country": country,
                             "address": f"{street} {rng.choice(SYLLABLES).capitalize()}ova Street, Building {rng.randint(1, 9)}, "
                                        f"{rng.choice(['Almaty', 'Istanbul', 'Dubai', 'Shenzhen', 'Hamburg', 'Moscow'])}"}  # fmt: skip
        if rng.random() < 0.3:
            p["incorporation_date"] = f"{rng.randint(2005, 2024)}-{rng.randint(1, 12):02d}-01"
        parties.append(p)
    for i, (name, country) in enumerate(LISTED_SPELLINGS):
        parties[i * 7]["name"], parties[i * 7]["country"] = name, country
    txns: list[dict[str, Any]] = []
    for t in range(n_txn):
        kind = rng.choices(["invoice", "shipment", "contract", "payment"], [5, 3, 1, 1])[0]
        seller, buyer = rng.sample(parties, 2)
        date = f"{rng.randint(2022, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        txn: dict[str, Any] = {"id": f"T{t}", "type": kind, "date": date,
                               "parties": {"seller": seller["id"], "buyer": buyer["id"]}}  # fmt: skip
        if kind == "payment" and txns:
            rel = txns[rng.randrange(len(txns))]
            payer = rng.choice(parties) if rng.random() < 0.1 else buyer
            txn["related"] = [rel["id"]]
            txn["parties"] = {}
            txn["payment"] = {"currency": rng.choice(["USD", "EUR", CURRENCY[seller["country"]], "CNY"]),
                              "amount": round(rng.uniform(1e3, 5e5), 2), "payer": payer["id"],
                              "payee": seller["id"], "bank_country": rng.choice(COUNTRIES)}  # fmt: skip
        else:
            currency = rng.choice(["USD", CURRENCY[seller["country"]]])
            txn["goods"] = []
            for _ in range(rng.randint(1, 3)):
                hs, desc, price = rng.choice(GOODS)
                hs = hs + rng.choice(["", "00"])
                factor = 4.0 if rng.random() < 0.01 else rng.uniform(0.8, 1.25)
                txn["goods"].append({"hs_code": hs, "description": desc, "quantity": rng.randint(1, 500),
                                     "unit": "pcs", "unit_price": round(price * factor, 2), "currency": currency})  # fmt: skip
            txn["route"] = {"origin": seller["country"], "destination": buyer["country"]}
            if rng.random() < 0.2:
                txn["route"]["transit"] = [rng.choice(["kz", "kg", "am", "ge", "tr"])]
            if kind == "shipment" and rng.random() < 0.03:
                txn["amendments"] = [{"date": date, "field": "consignee", "old": "previous consignee", "new": buyer["name"]}]  # fmt: skip
        txns.append(txn)
    records = []
    for i, p in enumerate(rng.sample(parties, max(5, n_parties // 20))):
        owners = rng.sample(parties, 2)
        records.append({"id": f"R{i}", "party": p["id"], "owners": [
            {"name": o["name"], "ref": o["id"], "percentage": rng.choice([10, 25, 30, 50])} for o in owners
            if o["id"] != p["id"]]})  # fmt: skip
    return {"format": "tracewire-case/1", "id": f"bench-{n_txn}", "fictional": True,
            "title": f"FICTIONAL generated case, {n_txn:,} transactions",
            "parties": parties, "transactions": txns, "company_records": records}  # fmt: skip


def lists(kind: str) -> tuple[ListData, Screener]:
    if kind == "sample":
        with open(SAMPLE, encoding="utf-8") as fh:
            ents = [Entity.from_ftm(json.loads(row)) for row in fh]
        return ListData.from_entities(ents, {"tracewire_sample": 1}, ["tracewire_sample v1"]), Screener.from_entities(ents)  # fmt: skip
    from bench.speed import ALL_LISTS, RAW, TRIMMED_OK
    from tracewire.ingest import load_paths
    from tracewire.store import Store

    store = Store(f"sqlite:///{tempfile.mkdtemp()}/bench.db")
    load_paths(store, [RAW / p for p in ALL_LISTS if (RAW / p).exists()], policy=TRIMMED_OK)
    return ListData.from_store(store), Screener.from_store(store)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    ap.add_argument("--lists", choices=["sample", "real"], default="sample")
    args = ap.parse_args()
    t = time.perf_counter()
    data, screener = lists(args.lists)
    print(f"lists: {', '.join(data.labels[:6])} ({len(data.things):,} parties, "
          f"{time.perf_counter() - t:.1f} s)", file=sys.stderr)  # fmt: skip
    rules = RuleSet.load()
    head = ("transactions", "parties", "validate s", "screen s", "network s", "rules s",
            "verdicts s", "json s", "html s", "total s", "txn/s", "findings", "json MB", "peak MB")  # fmt: skip
    print(" | ".join(head))
    print(" | ".join("---" for _ in head))
    for n in args.sizes:
        raw = generate_case(n)
        t0 = time.perf_counter()
        case = parse_case(raw)
        t_val = time.perf_counter() - t0
        inv = investigate(case, data, screener, rules)
        with gc_paused(), tempfile.TemporaryFile("w+", encoding="utf-8") as fh:  # as the CLI does
            t1 = time.perf_counter()
            doc = findings_document(inv)
            write_findings_json(doc, fh, indent=None)
            json_bytes = fh.tell()
            t_json = time.perf_counter() - t1
            t2 = time.perf_counter()
            render_html(doc)
            t_html = time.perf_counter() - t2
        total = time.perf_counter() - t0
        tm = inv.timings
        row = (f"{n:,}", f"{len(case.parties):,}", f"{t_val:.1f}", f"{tm['screening']:.1f}",
               f"{tm['network']:.1f}", f"{tm['rules']:.1f}", f"{tm['verdicts']:.1f}",
               f"{t_json:.1f}", f"{t_html:.1f}", f"{total:.1f}", f"{n / total:,.0f}",
               f"{len(inv.findings):,}", f"{json_bytes / 1e6:.1f}", f"{peak_mb():,.0f}")  # fmt: skip
        print(" | ".join(row), flush=True)


if __name__ == "__main__":
    main()
