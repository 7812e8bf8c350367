"""Payment-message screening: recall per planted hit kind, false holds, throughput.

    .venv/bin/python -m bench.messages [--messages 100000] [--sample]

Loads every real list in ../shared/data (or, with ``--sample`` or without the shared
data, the embedded sample list and examples/payments/listed-banks.ftm.json), then
generates messages (pacs.008, pain.001, MT103, MT202COV) between fictional parties, and
plants in about 2 % of them, each, one hit of a kind:

- ``name_exact``: a listed party's name as listed, as the creditor;
- ``name_variant``: the same with a typo, its words reordered, or in capitals without
  punctuation (the matcher's recall for variants);
- ``bic_exact`` / ``bic_branch``: a listed SWIFT/BIC as the creditor agent, as given or
  as a branch (BIC8 + a branch code);
- ``country``: an intermediary bank in a comprehensively sanctioned country;
- ``mention``: a listed organisation named in the remittance text.

Throughput is given per CPU second of the screening thread (``time.thread_time``) as
well as per wall second, since a shared machine's wall time says more about its other
users than about the screening; the load average is printed with it.

A planted message counts as found when the verdict is hold or block and a hit of that
kind names the planted party (for ``country``: a block on the intermediary). A clean
message held or blocked is a false hold. Every message is parsed and screened in one
process on one core; the latency is per message (parse + screen).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import string
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import schwifty

from bench.speed import ALL_LISTS, RAW, percentile
from tracewire.ingest import load_paths
from tracewire.match import Screener
from tracewire.match.index import Record
from tracewire.messages.screening import MessageScreener, Verdict
from tracewire.store import Store

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src" / "tracewire" / "data" / "sample" / "tracewire_sample.ftm.json"
BANKS = ROOT / "examples" / "payments" / "listed-banks.ftm.json"
KINDS = ("name_exact", "name_variant", "bic_exact", "bic_branch", "country", "mention")
CLEAN_COUNTRIES = ["DE", "FR", "IT", "NL", "ES", "GB", "US", "JP", "CH", "SE", "PL", "AT",
                   "BE", "DK", "FI", "IE", "PT", "CZ", "CA", "AU", "CN", "TR", "AE", "IN"]  # fmt: skip
IBAN_BANKS = {"DE": ("37040044", 10), "NL": ("ABNA", 10), "AT": ("19043", 11)}
SYLLABLES = ["nor", "val", "ken", "dra", "lis", "mar", "tov", "ber", "qua", "sil", "fen", "rol",
             "dim", "cas", "pel", "wit", "hal", "gor", "lun", "vex", "tar", "bri", "sol", "mek"]  # fmt: skip
WORDS = ["Trading", "Logistics", "Textiles", "Components", "Foods", "Machinery", "Consulting",
         "Instruments", "Packaging", "Furniture", "Optics", "Plastics", "Paper", "Garden"]  # fmt: skip
FORMS = ["GmbH", "Ltd", "SARL", "S.p.A.", "B.V.", "LLC", "Inc.", "AB", "Oy", "S.A.", "AG"]
GOODS = ["spare parts", "office chairs", "textile rolls", "coffee beans", "printer toner",
         "garden tools", "packaging film", "consulting Q3", "freight charges", "software licence"]  # fmt: skip
SANCTIONED = [("IR", "Tehran"), ("KP", "Pyongyang"), ("CU", "Havana"), ("SY", "Damascus")]


def word(rng: random.Random, n: int = 3) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(n)).capitalize()


def company(rng: random.Random) -> str:
    return f"{word(rng)} {rng.choice(WORDS)} {rng.choice(FORMS)}"


def person(rng: random.Random) -> str:
    return f"{word(rng, 2)} {word(rng, 3)}"


def bic(rng: random.Random, country: str, listed8: set[str]) -> str:
    while True:
        code = "".join(rng.choice(string.ascii_uppercase) for _ in range(4)) + country + "2X"
        if code not in listed8:
            return code


def iban(rng: random.Random, country: str) -> str | None:
    spec = IBAN_BANKS.get(country)
    if spec is None:
        return None
    bank, digits = spec
    account = "".join(rng.choice(string.digits) for _ in range(digits))
    return str(schwifty.IBAN.generate(country, bank_code=bank, account_code=account).compact)


def xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mt_clean(text: str) -> str:
    """A name in the SWIFT X character set (MT free lines), upper case, 35 per line."""
    allowed = set(string.ascii_letters + string.digits + "/-?:().,'+ ")
    return "".join(ch if ch in allowed else " " for ch in text.upper())


@dataclass
class Plan:
    kind: str  # clean or one of KINDS
    debtor: str
    debtor_country: str
    creditor: str
    creditor_country: str
    creditor_bic: str
    debtor_bic: str
    remittance: str
    intermediary: tuple[str, str, str] | None = None  # (bic, name, country)
    entity_id: str | None = None


def pacs008(p: Plan, n: int, rng: random.Random) -> bytes:
    inter = ""
    if p.intermediary:
        b, name, country = p.intermediary
        inter = (f"<IntrmyAgt1><FinInstnId><BICFI>{b}</BICFI><Nm>{xml_escape(name)}</Nm>"
                 f"<PstlAdr><Ctry>{country}</Ctry></PstlAdr></FinInstnId></IntrmyAgt1>")  # fmt: skip
    dacct = iban(rng, p.debtor_country)
    dacct_xml = f"<DbtrAcct><Id><IBAN>{dacct}</IBAN></Id></DbtrAcct>" if dacct else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:'
        f'pacs.008.001.08"><FIToFICstmrCdtTrf><GrpHdr><MsgId>B{n}</MsgId><CreDtTm>2026-11-30T09:'
        "00:00</CreDtTm><NbOfTxs>1</NbOfTxs><SttlmInf><SttlmMtd>INDA</SttlmMtd></SttlmInf>"
        f"</GrpHdr><CdtTrfTxInf><PmtId><EndToEndId>E{n}</EndToEndId></PmtId>"
        f'<IntrBkSttlmAmt Ccy="EUR">{rng.randint(100, 90000)}.00</IntrBkSttlmAmt>'
        f"<ChrgBr>SHAR</ChrgBr><Dbtr><Nm>{xml_escape(p.debtor)}</Nm><PstlAdr><Ctry>"
        f"{p.debtor_country}</Ctry></PstlAdr></Dbtr>{dacct_xml}<DbtrAgt><FinInstnId><BICFI>"
        f"{p.debtor_bic}</BICFI></FinInstnId></DbtrAgt>{inter}<CdtrAgt><FinInstnId><BICFI>"
        f"{p.creditor_bic}</BICFI></FinInstnId></CdtrAgt><Cdtr><Nm>{xml_escape(p.creditor)}</Nm>"
        f"<PstlAdr><Ctry>{p.creditor_country}</Ctry></PstlAdr></Cdtr><RmtInf><Ustrd>"
        f"{xml_escape(p.remittance)}</Ustrd></RmtInf></CdtTrfTxInf></FIToFICstmrCdtTrf></Document>"
    ).encode()


def pain001(p: Plan, n: int, rng: random.Random) -> bytes:
    inter = ""
    if p.intermediary:
        b, name, country = p.intermediary
        inter = (f"<IntrmyAgt1><FinInstnId><BICFI>{b}</BICFI><Nm>{xml_escape(name)}</Nm>"
                 f"<PstlAdr><Ctry>{country}</Ctry></PstlAdr></FinInstnId></IntrmyAgt1>")  # fmt: skip
    return (
        '<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:'
        f'pain.001.001.09"><CstmrCdtTrfInitn><GrpHdr><MsgId>B{n}</MsgId><CreDtTm>2026-11-30T09:'
        f"00:00</CreDtTm><NbOfTxs>1</NbOfTxs><InitgPty><Nm>{xml_escape(p.debtor)}</Nm></InitgPty>"
        f"</GrpHdr><PmtInf><PmtInfId>P{n}</PmtInfId><PmtMtd>TRF</PmtMtd><Dbtr><Nm>"
        f"{xml_escape(p.debtor)}</Nm><PstlAdr><Ctry>{p.debtor_country}</Ctry></PstlAdr></Dbtr>"
        f"<DbtrAgt><FinInstnId><BICFI>{p.debtor_bic}</BICFI></FinInstnId></DbtrAgt><CdtTrfTxInf>"
        f'<PmtId><EndToEndId>E{n}</EndToEndId></PmtId><Amt><InstdAmt Ccy="USD">'
        f"{rng.randint(100, 90000)}.00</InstdAmt></Amt>{inter}<CdtrAgt><FinInstnId><BICFI>"
        f"{p.creditor_bic}</BICFI></FinInstnId></CdtrAgt><Cdtr><Nm>{xml_escape(p.creditor)}</Nm>"
        f"<PstlAdr><Ctry>{p.creditor_country}</Ctry></PstlAdr></Cdtr><RmtInf><Ustrd>"
        f"{xml_escape(p.remittance)}</Ustrd></RmtInf></CdtTrfTxInf></PmtInf></CstmrCdtTrfInitn>"
        "</Document>"
    ).encode()


def lines35(text: str, most: int) -> list[str]:
    words, out, line = mt_clean(text).split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > 35:
            out.append(line)
            line = w[:35]
        else:
            line = f"{line} {w}".strip()[:35]
    if line:
        out.append(line)
    return out[:most] or ["X"]


def mt103(p: Plan, n: int, rng: random.Random) -> bytes:
    creditor = lines35(p.creditor, 2) + [f"CITY {p.creditor_country}"]
    debtor = lines35(p.debtor, 2) + [f"TOWN {p.debtor_country}"]
    inter = f":56A:{p.intermediary[0]}\n" if p.intermediary else ""
    body = (
        f"{{1:F01{p.debtor_bic[:8]}AXXX0000000000}}{{2:I103{p.creditor_bic[:8]}XXXXN}}{{4:\n"
        f":20:B{n}\n:23B:CRED\n:32A:261130EUR{rng.randint(100, 90000)},00\n"
        ":50K:" + "\n".join(debtor) + f"\n:52A:{p.debtor_bic}\n{inter}:57A:{p.creditor_bic}\n"
        f":59:/{rng.randint(10**9, 10**10)}\n" + "\n".join(creditor) + "\n"
        ":70:" + "\n".join(lines35(p.remittance, 4)) + "\n:71A:SHA\n-}"
    )
    return body.encode("ascii")


def mt202cov(p: Plan, n: int, rng: random.Random) -> bytes:
    inter = f":56A:{p.intermediary[0]}\n" if p.intermediary else ""
    body = (
        f"{{1:F01{p.debtor_bic[:8]}AXXX0000000000}}{{2:I202{p.creditor_bic[:8]}XXXXN}}"
        f"{{3:{{119:COV}}}}{{4:\n:20:B{n}\n:21:R{n}\n:32A:261130USD{rng.randint(100, 90000)},00\n"
        f":52A:{p.debtor_bic}\n{inter}:58A:{p.creditor_bic}\n"
        ":50F:/" + str(rng.randint(10**9, 10**10)) + "\n1/" + lines35(p.debtor, 1)[0][:33]
        + f"\n3/{p.debtor_country}/TOWN\n:57A:{p.creditor_bic}\n"
        ":59F:/" + str(rng.randint(10**9, 10**10)) + "\n1/" + "\n1/".join(
            x[:33] for x in lines35(p.creditor, 2)) + f"\n3/{p.creditor_country}/CITY\n"
        ":70:" + "\n".join(lines35(p.remittance, 4)) + "\n-}"
    )  # fmt: skip
    return body.encode("ascii")


FORMATS = [(pacs008, 0.45), (mt103, 0.30), (pain001, 0.15), (mt202cov, 0.10)]


def variant(name: str, rng: random.Random) -> str:
    words = name.split()
    how = rng.randrange(3)
    if how == 0 and len(name) >= 8:  # one typo: two neighbouring letters swapped
        i = rng.randrange(2, len(name) - 2)
        if name[i].isalpha() and name[i + 1].isalpha():
            return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    if how == 1 and len(words) >= 2:  # words reordered
        return " ".join(words[1:] + words[:1])
    return "".join(
        ch for ch in name.upper() if ch.isalnum() or ch == " "
    )  # capitals, no punctuation


def listed_pools(screener: Screener) -> tuple[list[Record], list[Record], list[tuple[str, Record]]]:
    names, orgs, bics = [], [], []
    for record in screener.index.records:
        latin = [
            f for f, weak in record.names if not weak and f.script == "latin" and len(f.keys) >= 2
        ]
        if latin and len(record.entity.caption) <= 60:
            names.append(record)
            if record.entity.schema != "Person" and len(latin[0].keys) >= 2:
                orgs.append(record)
        for raw in record.entity.get("swiftBic"):
            code = "".join(ch for ch in raw.upper() if ch.isalnum())
            if len(code) in (8, 11) and code[4:6].isalpha():
                bics.append((code, record))
    return names, orgs, bics


def load_screener(sample: bool, cache: Path | None = None) -> tuple[Screener, str]:
    """The screener of every real list (or of the sample); with ``cache``, the store and
    the index are kept there and reused by the next run."""
    use_sample = sample or not RAW.exists()
    with tempfile.TemporaryDirectory() as tmp:
        folder = cache / ("sample" if use_sample else "all") if cache else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        store = Store(f"sqlite:///{folder}/bench.db")
        fresh = not store.current_versions()
        if use_sample:
            if fresh:
                load_paths(store, [SAMPLE], dataset="tracewire_sample")
                load_paths(store, [BANKS], dataset="example_banks")
            label = "embedded sample + example banks"
        else:
            if fresh:
                for rel in ALL_LISTS:
                    load_paths(store, [RAW / rel])
                load_paths(store, [BANKS], dataset="example_banks")
            label = f"{len(ALL_LISTS)} real lists + example banks"
        screener = Screener.from_store(store, cache_dir=folder / "index" if cache else None)
        store.close()
    return screener, label


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--rate", type=float, default=0.02, help="share of each planted kind")
    parser.add_argument("--sample", action="store_true", help="screen against the sample list")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--cache", type=Path, help="keep the loaded lists and index here")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    t0 = time.perf_counter()
    screener, label = load_screener(args.sample, args.cache)
    ms = MessageScreener(screener)
    setup_s = time.perf_counter() - t0
    names, orgs, bics = listed_pools(screener)
    if not bics:
        sys.exit("no listed SWIFT/BIC codes in the lists loaded")
    listed8 = {code[:8] for code, _ in bics}

    def plan(kind: str) -> Plan:
        dc, cc = rng.choice(CLEAN_COUNTRIES), rng.choice(CLEAN_COUNTRIES)
        debtor = company(rng) if rng.random() < 0.7 else person(rng)
        p = Plan("clean", debtor, dc, company(rng) if rng.random() < 0.8 else person(rng), cc,
                 bic(rng, cc, listed8), bic(rng, dc, listed8),
                 f"Invoice {rng.randint(1000, 99999)} {rng.choice(GOODS)}")  # fmt: skip
        p.kind = kind
        if kind in ("name_exact", "name_variant"):
            record = rng.choice(names)
            primary = record.entity.caption
            p.creditor = primary if kind == "name_exact" else variant(primary, rng)
            p.entity_id = record.entity.id
        elif kind in ("bic_exact", "bic_branch"):
            code, record = rng.choice(bics)
            if kind == "bic_branch":
                code = code[:8] + rng.choice(["001", "A1B", "MOW", "SPB"])
            p.creditor_bic = code
            p.entity_id = record.entity.id
        elif kind == "country":
            country, town = rng.choice(SANCTIONED)
            p.intermediary = (bic(rng, country, listed8), f"{word(rng)} Bank {town}", country)
        elif kind == "mention":
            record = rng.choice(orgs)
            p.remittance = f"Order {rng.randint(10, 999)} for {record.entity.caption}"
            p.entity_id = record.entity.id
        return p

    kinds: list[str] = []
    for _ in range(args.messages):
        r = rng.random()
        kinds.append(KINDS[int(r / args.rate)] if r < args.rate * len(KINDS) else "clean")
    generated = []
    for n, kind in enumerate(kinds):
        p = plan(kind)
        fmt = rng.choices([f for f, _ in FORMATS], [w for _, w in FORMATS])[0]
        generated.append((p, fmt.__name__, fmt(p, n, rng)))
    for _p, _f, data in generated[:200]:  # warm caches, as a running service would be
        ms.screen_bytes(data)
    latencies: list[float] = []
    cpu: list[float] = []
    found: Counter[str] = Counter()
    planted: Counter[str] = Counter()
    false_holds: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    start = time.perf_counter()
    cpu_start = time.thread_time()
    for p, fmt_name, data in generated:
        t, c = time.perf_counter(), time.thread_time()
        v = ms.screen_bytes(data, fmt_name)
        latencies.append(time.perf_counter() - t)
        cpu.append(time.thread_time() - c)
        if v.error:
            errors[f"{fmt_name}: {v.error[:80]}"] += 1
        planted[p.kind] += 1
        if p.kind == "clean":
            if v.verdict != "pass":
                reason = next(h for h in v.hits if h.action != "note")
                false_holds[f"{reason.kind}:{reason.action}"] += 1
        elif hit_found(p, v):
            found[p.kind] += 1
    total = time.perf_counter() - start
    cpu_total = time.thread_time() - cpu_start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"lists: {label}; {len(screener):,} entities screened, {len(bics):,} listed BICs")
    print(f"setup (load lists, build index and automaton): {setup_s:.1f} s\n")
    print(f"{'hit kind':<16} {'planted':>8} {'found':>8} {'recall':>8}")
    print("-" * 43)
    for kind in KINDS:
        n = planted[kind]
        print(f"{kind:<16} {n:>8,} {found[kind]:>8,} {found[kind] / n if n else 0:>8.2%}")
    clean = planted["clean"]
    held = sum(false_holds.values())
    print(f"\n{'measure':<36} {'value':>12}")
    print("-" * 49)
    rows = [
        ("messages", f"{len(generated):,}"),
        ("clean messages", f"{clean:,}"),
        ("false holds per 1,000 clean", f"{held / clean * 1000 if clean else 0:.2f}"),
        ("messages per CPU second (1 core)", f"{len(generated) / cpu_total:,.0f}"),
        ("p50 CPU time per message (ms)", f"{percentile(cpu, 0.5) * 1000:.2f}"),
        ("p99 CPU time per message (ms)", f"{percentile(cpu, 0.99) * 1000:.2f}"),
        ("messages per wall second", f"{len(generated) / total:,.0f}"),
        ("p50 wall latency (ms)", f"{percentile(latencies, 0.5) * 1000:.2f}"),
        ("p99 wall latency (ms)", f"{percentile(latencies, 0.99) * 1000:.2f}"),
        ("machine load average (1 min)", f"{os.getloadavg()[0]:.1f}"),
        ("unreadable generated messages", f"{sum(errors.values()):,}"),
        ("peak memory (MB)", f"{rss:,.0f}"),
    ]
    for label_, value in rows:
        print(f"{label_:<36} {value:>12}")
    if false_holds:
        print(
            "\nfalse holds by first reason: "
            + ", ".join(f"{k} {v}" for k, v in false_holds.most_common())
        )
    for err, count in errors.most_common(3):
        print(f"unreadable: {count} × {err}")


def hit_found(p: Plan, v: Verdict) -> bool:
    if v.verdict == "pass":
        return False
    if p.kind == "country":
        return v.verdict == "block" and any(
            h.kind == "country"
            and h.action == "block"
            and (h.role or "").startswith("intermediary")
            for h in v.hits
        )
    want = {"name_exact": "name", "name_variant": "name", "bic_exact": "bic", "bic_branch": "bic",
            "mention": "mention"}[p.kind]  # fmt: skip
    return any(h.kind == want and (h.party or {}).get("id") == p.entity_id for h in v.hits)


if __name__ == "__main__":
    main()
