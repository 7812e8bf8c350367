"""Payment-message screening: recall per planted hit kind, false holds, throughput.

    .venv/bin/python -m bench.messages [--messages 100000] [--distinct N]
        [--counterparties 20000] [--sample] [--cache DIR] [--check 2000] [--firms N]
        [--save FILE | --compare FILE] [--misses] [--api N] [--no-settle]

Loads every real list in ../shared/data (or, with ``--sample`` or without the shared
data, the embedded sample list and examples/payments/listed-banks.ftm.json), then
generates messages (pacs.008, pain.001, MT103, MT202COV) between fictional parties, and
plants in about 2 % of them, each, one hit of a kind:

- ``name_exact``: a listed party's name as listed, as the creditor (in MT lines
  transliterated to ASCII and cut every 35 characters, or 33 after ``1/`` in 59F, inside
  a word where the cut falls, as banks' systems write a long name over lines 1-2);
- ``name_variant``: the same with a typo, its words reordered, or in capitals without
  punctuation (the matcher's recall for variants);
- ``bic_exact`` / ``bic_branch``: a listed SWIFT/BIC as the creditor agent, as given or
  as a branch (BIC8 + a branch code);
- ``country``: an intermediary bank in a comprehensively sanctioned country;
- ``mention``: a listed organisation named in the remittance text.

Two streams are screened, each from a cold name cache: one where every clean party is
new (``--distinct`` messages, the matcher's cost on every name), and one of
``--messages`` where clean parties are drawn from ``--counterparties`` fictional
counterparties with Zipf weights, as a bank's customers and their suppliers recur (the
share of name screenings the cache answered is printed with it). A quarter of the
made-up companies have names longer than an MT line, so that false holds count the
readings of full lines too.

The index and the message screener are built with the garbage collector paused and then
settled out of its full passes (``tracewire.memory.settle``), as the service builds its
snapshot; ``--no-settle`` measures as before session 13, when each full pass of the
collector scanned the whole index now and then.

Throughput is given per CPU second of the screening thread (``time.thread_time``) as
well as per wall second, since a shared machine's wall time says more about its other
users than about the screening; the load average is printed with it.

A planted message counts as found when the verdict is hold or block and a hit of that
kind names the planted party (for ``country``: a block on the intermediary). A clean
message held or blocked is a false hold. Every message is parsed and screened in one
process on one core; the latency is per message (parse + screen).

``--firms N`` then screens N clean messages whose creditor is a firm that writes its
legal form first, of real words (*AO Vostok*, *AS "Sfera"*, *AB Kontakt Logistik*), and
prints how many are held, and how many of those by a listed person or vessel: a
customer's name with a two-letter legal form is also read as a person's and a vessel's
(the form may be a name's word: *KU JA HYONG*), which must not make *AO Sfera* the
vessel *SIERRA*. Its words are those of many listed Russian firms' names (*Kristall*,
*Vega*), so holds by listed organisations are expected there.

``--check N`` screens the first N messages of each stream again without the name cache
and stops with an error unless every verdict and hit is the same; ``--save`` and
``--compare`` keep and compare the distinct stream's verdicts between two versions of
the code (same seed: a longer run starts with the same messages). ``--api N`` then
starts ``tracewire serve`` (one worker, API keys and the audit log on) on the same lists
and sends N messages of each stream to ``POST /screen/message`` from one client (the
time from the server's start to ready, the latency of the first message after it, and
then of the first naming a place in brackets, an Arabic and a Han name, whose first
screening loads the matcher's tables for them, are printed with it).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import signal
import string
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import schwifty
from normality import ascii_text

from bench.speed import ALL_LISTS, RAW, TRIMMED_OK, percentile
from tracewire.ingest import load_paths
from tracewire.match import Screener
from tracewire.match.index import Record
from tracewire.memory import gc_paused, settle
from tracewire.messages.screening import MessageScreener, Verdict
from tracewire.screen.mentions import MentionFinder
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
#: creditors whose first screening in a process loads a table of the matcher's (rigour's
#: territories, the Arabic and Han readings): sent first to a fresh server (``--api``)
FIRST_USE = (("a place in brackets", "Lunmar Textiles Ltd (Hong Kong)"),
             ("an Arabic name", "شركة النور للتجارة"), ("a Han name", "北京光明科技有限公司"))  # fmt: skip
SANCTIONED = [("IR", "Tehran"), ("KP", "Pyongyang"), ("CU", "Havana"), ("SY", "Damascus")]


def word(rng: random.Random, n: int = 3) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(n)).capitalize()


def company(rng: random.Random) -> str:
    """A made-up company; one in four with a long name (over a 35-character MT line)."""
    if rng.random() < 0.25:
        return f"{word(rng)} {word(rng)} {rng.choice(WORDS)} and {rng.choice(WORDS)} {rng.choice(FORMS)}"
    return f"{word(rng)} {rng.choice(WORDS)} {rng.choice(FORMS)}"


#: words of real firms' names (Russian ones romanised), for ``--firms``
FIRM_WORDS = ["Vostok", "Sever", "Zapad", "Volga", "Ural", "Sibir", "Neva", "Baltika", "Energiya",
              "Progress", "Kristall", "Mayak", "Zvezda", "Rubin", "Granit", "Signal", "Impuls",
              "Start", "Orion", "Atlant", "Titan", "Alfa", "Gamma", "Vega", "Soyuz", "Rassvet",
              "Yantar", "Format", "Resurs", "Standart", "Profil", "Optima", "Garant", "Region",
              "Lider", "Partner", "Kontinent", "Stroytekh", "Promservis", "Neftegaz", "Agroprom",
              "Transservis", "Tekhnologii", "Avtomatika", "Elektro", "Sfera", "Gorizont", "Kaskad",
              "Polyus", "Arktika", "Fakel", "Teplo", "Svet", "Kapital", "Ekspert", "Sistemy",
              "Logistik", "Tsentr", "Kontakt", "Forum"]  # fmt: skip
#: legal forms written before the name (Russia, the Baltic states, Sweden, Finland)
FIRST_FORMS = ["AO", "AO", "AO", "AS", "AB", "OY", "SA"]


def firm_with_form_first(rng: random.Random, words: list[str]) -> str:
    """A firm's name as written where the legal form comes first (*AO Vostok*, *AS Sfera
    Logistik*, *AB "Kontakt"*), of real words: a customer's name that the message
    screener also reads as a person's and a vessel's (the form may be a name's word)."""
    head = rng.choice(FIRST_FORMS)
    first = rng.choice(FIRM_WORDS) if rng.random() < 0.5 else rng.choice(words)
    shape = rng.random()
    if shape < 0.4:
        return f"{head} {first}"
    if shape < 0.7:
        return f'{head} "{first}"'
    return f"{head} {first} {rng.choice(FIRM_WORDS + WORDS)}"


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
    """A name in the SWIFT X character set (MT free lines), upper case: transliterated to
    ASCII as a bank's system does, then what is still outside the set is a space."""
    allowed = set(string.ascii_letters + string.digits + "/-?:().,'+ ")
    ascii_ = ascii_text(text) or ""
    return " ".join("".join(ch if ch in allowed else " " for ch in ascii_.upper()).split())


def wrap_name(text: str, width: int, most: int) -> list[str]:
    """A name as banks write it in MT party lines: cut every ``width`` characters, inside
    a word where the cut falls (a long name runs over lines 1-2 without a separator)."""
    clean = mt_clean(text) or "X"
    return [clean[i : i + width] for i in range(0, len(clean), width)][:most]


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
    creditor = wrap_name(p.creditor, 35, 2) + [f"CITY {p.creditor_country}"]
    debtor = wrap_name(p.debtor, 35, 2) + [f"TOWN {p.debtor_country}"]
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
        ":50F:/" + str(rng.randint(10**9, 10**10)) + "\n1/" + "\n1/".join(wrap_name(p.debtor, 33, 2))
        + f"\n3/{p.debtor_country}/TOWN\n:57A:{p.creditor_bic}\n"
        ":59F:/" + str(rng.randint(10**9, 10**10)) + "\n1/" + "\n1/".join(
            wrap_name(p.creditor, 33, 2)) + f"\n3/{p.creditor_country}/CITY\n"
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
                    load_paths(store, [RAW / rel], policy=TRIMMED_OK)
                load_paths(store, [BANKS], dataset="example_banks")
            label = f"{len(ALL_LISTS)} real lists + example banks"
        screener = Screener.from_store(store, cache_dir=folder / "index" if cache else None)
        store.close()
    return screener, label


@dataclass
class Pools:
    names: list[Record]
    orgs: list[Record]
    bics: list[tuple[str, Record]]
    listed8: set[str]


class Counterparties:
    """Who clean parties are: each one new (``size`` None), or drawn from a fixed set of
    ``size`` counterparties with Zipf weights (the i-th most frequent is paid 1/i as often
    as the first), as a bank's customers and their suppliers repeat in a real stream."""

    def __init__(self, rng: random.Random, listed8: set[str], size: int | None) -> None:
        self.rng = rng
        self.listed8 = listed8
        self.size = size
        self.parties: list[tuple[str, str, str]] = []
        self.weights: list[float] = []
        if size:
            self.parties = [self.new() for _ in range(size)]
            total = 0.0
            for i in range(size):
                total += 1 / (i + 1)
                self.weights.append(total)

    def new(self) -> tuple[str, str, str]:
        rng = self.rng
        country = rng.choice(CLEAN_COUNTRIES)
        name = company(rng) if rng.random() < 0.75 else person(rng)
        return name, country, bic(rng, country, self.listed8)

    def draw(self) -> tuple[str, str, str]:
        if not self.size:
            return self.new()
        return self.rng.choices(self.parties, cum_weights=self.weights)[0]


def wrapped(name: str) -> bool:
    """Whether an MT free-line field (35 characters a line) wraps this name in a word."""
    text = mt_clean(name)
    return len(text) > 35 and text[34] != " " and text[35] != " "


def make_stream(
    rng: random.Random, n: int, rate: float, pools: Pools, parties: Counterparties
) -> list[tuple[Plan, str, bytes]]:
    """``n`` messages; in about ``rate`` of them, each, a planted hit of one kind."""

    def plan(kind: str) -> Plan:
        debtor, dc, dbic = parties.draw()
        creditor, cc, cbic = parties.draw()
        remittance = f"Invoice {rng.randint(1000, 99999)} {rng.choice(GOODS)}"
        p = Plan(kind, debtor, dc, creditor, cc, cbic, dbic, remittance)
        if kind in ("name_exact", "name_variant"):
            record = rng.choice(pools.names)
            primary = record.entity.caption
            p.creditor = primary if kind == "name_exact" else variant(primary, rng)
            p.entity_id = record.entity.id
        elif kind in ("bic_exact", "bic_branch"):
            code, record = rng.choice(pools.bics)
            if kind == "bic_branch":
                code = code[:8] + rng.choice(["001", "A1B", "MOW", "SPB"])
            p.creditor_bic = code
            p.entity_id = record.entity.id
        elif kind == "country":
            country, town = rng.choice(SANCTIONED)
            p.intermediary = (bic(rng, country, pools.listed8), f"{word(rng)} Bank {town}", country)
        elif kind == "mention":
            record = rng.choice(pools.orgs)
            p.remittance = f"Order {rng.randint(10, 999)} for {record.entity.caption}"
            p.entity_id = record.entity.id
        return p

    out = []
    for i in range(n):
        r = rng.random()
        kind = KINDS[int(r / rate)] if r < rate * len(KINDS) else "clean"
        p = plan(kind)
        fmt = rng.choices([f for f, _ in FORMATS], [w for _, w in FORMATS])[0]
        out.append((p, fmt.__name__, fmt(p, i, rng)))
    return out


def signature(v: Verdict) -> list[Any]:
    """What a verdict decides: the verdict and each hit's kind, action, place, score and
    party (to compare two versions of the code on the same messages)."""
    return [v.verdict] + sorted(
        [h.kind, h.action, h.role or "", h.path or "", h.value, round(h.score, 6),
         (h.party or {}).get("id", "")]
        for h in v.hits
    )  # fmt: skip


@dataclass
class Run:
    verdicts: list[Verdict]
    latencies: list[float]
    cpu: list[float]
    wall_s: float
    cpu_s: float
    names_looked_up: int
    names_cached: int


def screen_stream(ms: MessageScreener, stream: list[tuple[Plan, str, bytes]]) -> Run:
    """Every message parsed and screened in turn, on this thread (one core)."""
    latencies: list[float] = []
    cpu: list[float] = []
    verdicts: list[Verdict] = []
    looked0, cached0 = ms.stats["names"], ms.stats["cached"]
    start, cpu_start = time.perf_counter(), time.thread_time()
    for _p, fmt_name, data in stream:
        t, c = time.perf_counter(), time.thread_time()
        verdicts.append(ms.screen_bytes(data, fmt_name))
        latencies.append(time.perf_counter() - t)
        cpu.append(time.thread_time() - c)
    return Run(
        verdicts,
        latencies,
        cpu,
        time.perf_counter() - start,
        time.thread_time() - cpu_start,
        ms.stats["names"] - looked0,
        ms.stats["cached"] - cached0,
    )


def throughput_rows(title: str, run: Run) -> list[tuple[str, str]]:
    n = len(run.verdicts)
    looked = run.names_looked_up
    return [
        (f"[{title}] messages", f"{n:,}"),
        ("  name screenings answered from the cache", f"{run.names_cached / looked if looked else 0:.1%}"),
        ("  messages per CPU second (1 core)", f"{n / run.cpu_s:,.0f}"),
        ("  p50 / p99 CPU time per message (ms)",
         f"{percentile(run.cpu, 0.5) * 1000:.2f} / {percentile(run.cpu, 0.99) * 1000:.2f}"),
        ("  messages per wall second", f"{n / run.wall_s:,.0f}"),
        ("  p50 / p99 wall latency (ms)",
         f"{percentile(run.latencies, 0.5) * 1000:.2f} / {percentile(run.latencies, 0.99) * 1000:.2f}"),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument(
        "--distinct",
        type=int,
        default=None,
        help="messages of the all-distinct stream (default: --messages)",
    )
    parser.add_argument(
        "--counterparties",
        type=int,
        default=20_000,
        help="size of the set clean parties repeat from in the repeating stream",
    )
    parser.add_argument("--rate", type=float, default=0.02, help="share of each planted kind")
    parser.add_argument("--sample", action="store_true", help="screen against the sample list")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--cache", type=Path, help="keep the loaded lists and index here")
    parser.add_argument(
        "--check",
        type=int,
        default=2000,
        help="messages of each stream screened again without the name cache and compared",
    )
    parser.add_argument("--save", type=Path, help="write the distinct stream's verdicts here")
    parser.add_argument(
        "--compare", type=Path, help="compare the distinct stream's verdicts with a --save file"
    )
    parser.add_argument("--misses", action="store_true", help="print each missed planted hit")
    parser.add_argument(
        "--firms",
        type=int,
        default=0,
        help="then screen this many clean messages to firms with their legal form first",
    )
    parser.add_argument(
        "--api", type=int, default=0, help="then POST this many messages to /screen/message"
    )
    parser.add_argument(
        "--no-settle",
        dest="settle",
        action="store_false",
        help="leave the index in the collector's full passes (before session 13; the "
        "service settles it)",
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)
    t0 = time.perf_counter()
    if args.settle:
        # as the service builds a snapshot (api.live_index): no collection while the
        # index and the message screener are built, then both settled out of the full
        # passes of the collector (tracewire.memory)
        with gc_paused():
            screener, label = load_screener(args.sample, args.cache)
            ms = MessageScreener(screener)
            settle()
    else:
        screener, label = load_screener(args.sample, args.cache)
        ms = MessageScreener(screener)
    setup_s = time.perf_counter() - t0
    names, orgs, bics = listed_pools(screener)
    if not bics:
        sys.exit("no listed SWIFT/BIC codes in the lists loaded")
    pools = Pools(names, orgs, bics, {code[:8] for code, _ in bics})
    n_distinct = args.messages if args.distinct is None else args.distinct
    distinct = make_stream(
        rng, n_distinct, args.rate, pools, Counterparties(rng, pools.listed8, None)
    )
    repeating = make_stream(
        rng,
        args.messages,
        args.rate,
        pools,
        Counterparties(rng, pools.listed8, args.counterparties),
    )
    for _p, _f, data in make_stream(random.Random(args.seed + 1), 200, args.rate, pools,
                                    Counterparties(rng, pools.listed8, None)):  # fmt: skip
        ms.screen_bytes(data)  # warm the code paths, as a running service would be
    ms.clear_cache()
    run_d = screen_stream(ms, distinct)
    ms.clear_cache()
    run_r = screen_stream(ms, repeating)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    found: Counter[str] = Counter()
    planted: Counter[str] = Counter()
    false_holds: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    misses: list[str] = []
    for (p, fmt_name, _data), v in zip(
        distinct + repeating, run_d.verdicts + run_r.verdicts, strict=True
    ):
        if v.error:
            errors[f"{fmt_name}: {v.error[:80]}"] += 1
        planted[p.kind] += 1
        if p.kind == "clean":
            if v.verdict != "pass":
                reason = next(h for h in v.hits if h.action != "note")
                false_holds[f"{reason.kind}:{reason.action}"] += 1
        elif hit_found(p, v):
            found[p.kind] += 1
        else:
            misses.append(f"{p.kind} {fmt_name} {p.entity_id}: {p.creditor!r} / {p.creditor_bic} "
                          f"/ {p.remittance!r} -> {v.verdict} "
                          f"{[(h.kind, h.value, (h.party or {}).get('id')) for h in v.hits]}")  # fmt: skip
    print(f"lists: {label}; {len(screener):,} entities screened, {len(bics):,} listed BICs")
    print(f"setup (load lists, build index and automaton): {setup_s:.1f} s")
    print(
        f"recall and false holds over both streams ({len(distinct) + len(repeating):,} messages)\n"
    )
    print(f"{'hit kind':<16} {'planted':>8} {'found':>8} {'recall':>8}")
    print("-" * 43)
    for kind in KINDS:
        n = planted[kind]
        print(f"{kind:<16} {n:>8,} {found[kind]:>8,} {found[kind] / n if n else 0:>8.2%}")
    exact = [p for p, _f, _d in distinct + repeating if p.kind == "name_exact"]
    wrap = sum(1 for p in exact if wrapped(p.creditor))
    print(f"(name_exact: {wrap} of {len(exact)} names wrapped within a word in MT free lines)")
    clean = planted["clean"]
    held = sum(false_holds.values())
    print(f"\n{'measure':<44} {'value':>14}")
    print("-" * 59)
    rows = [
        ("clean messages", f"{clean:,}"),
        ("false holds per 1,000 clean", f"{held / clean * 1000 if clean else 0:.2f}"),
        *throughput_rows("all parties distinct", run_d),
        *throughput_rows(f"repeating: {args.counterparties:,} counterparties, Zipf", run_r),
        ("index settled (gc.freeze, as the service)", "yes" if args.settle else "no"),
        ("machine load average (1 min)", f"{os.getloadavg()[0]:.1f}"),
        ("unreadable generated messages", f"{sum(errors.values()):,}"),
        ("peak memory (MB)", f"{rss:,.0f}"),
    ]
    for label_, value in rows:
        print(f"{label_:<44} {value:>14}")
    if false_holds:
        print(
            "\nfalse holds by first reason: "
            + ", ".join(f"{k} {v}" for k, v in false_holds.most_common())
        )
    for err, count in errors.most_common(3):
        print(f"unreadable: {count} × {err}")
    if args.misses:
        print("\nmissed planted hits:")
        for line in misses:
            print("  " + line)
    if args.firms:
        firms_check(ms, args.firms, pools, args.seed + 2)
    if args.check:
        check(screener, ms.mentions, distinct, run_d, repeating, run_r, args.check)
    if args.save:
        with open(args.save, "w", encoding="utf-8") as out:
            for v in run_d.verdicts:
                out.write(json.dumps(signature(v)) + "\n")
    if args.compare:
        compare(args.compare, distinct, run_d)
    if args.api:
        api_latency(args.cache, args.sample, distinct, repeating, args.api)


def firms_check(ms: MessageScreener, n: int, pools: Pools, seed: int) -> None:
    """``n`` clean messages whose creditor is a firm with its legal form first, of real
    words (:func:`firm_with_form_first`), screened from a cold name cache: how many are
    held, and how many of those by a listed person or vessel."""
    from wordfreq import top_n_list

    rng = random.Random(seed)
    words = sorted(
        {
            w.capitalize()
            for lang in ("en", "ru", "sv", "fi", "lt", "lv", "de", "pl")
            for w in (ascii_text(x) or "" for x in top_n_list(lang, 4000)[300:])
            if w.isalpha() and len(w) >= 4
        }
    )
    parties = Counterparties(rng, pools.listed8, None)
    held = by_person_or_vessel = 0
    examples: Counter[str] = Counter()
    ms.clear_cache()
    for i in range(n):
        debtor, dc, dbic = parties.draw()
        _name, cc, cbic = parties.draw()
        creditor = firm_with_form_first(rng, words)
        p = Plan("clean", debtor, dc, creditor, cc, cbic, dbic, f"Invoice {i} spare parts")
        fmt = rng.choices([f for f, _ in FORMATS], [w for _, w in FORMATS])[0]
        v = ms.screen_bytes(fmt(p, i, rng), fmt.__name__)
        if v.verdict == "pass":
            continue
        held += 1
        names = [h for h in v.hits if h.kind == "name" and h.action != "note"]
        if any((h.party or {}).get("schema") in ("Person", "Vessel") for h in names):
            by_person_or_vessel += 1
            h = next(h for h in names if (h.party or {}).get("schema") in ("Person", "Vessel"))
            examples[f"{creditor!r} -> {(h.party or {}).get('caption')!r}"] += 1
    print(
        f"\nclean messages to a firm with its legal form first (AO Vostok…): {n:,}; held "
        f"{held:,} ({held / n * 1000:.1f} per 1,000), by a listed person or vessel "
        f"{by_person_or_vessel:,} ({by_person_or_vessel / n * 1000:.1f} per 1,000)"
    )
    for example, count in examples.most_common(10):
        print(f"  {count} × {example}")


def check(
    screener: Screener,
    mentions: MentionFinder,
    distinct: list[tuple[Plan, str, bytes]],
    run_d: Run,
    repeating: list[tuple[Plan, str, bytes]],
    run_r: Run,
    n: int,
) -> None:
    """The first ``n`` messages of each stream screened again by a screener without the
    name cache: every verdict must be the same."""
    plain = MessageScreener(screener, mentions, cache_size=0)
    differ = 0
    for stream, run in ((distinct, run_d), (repeating, run_r)):
        for (_p, fmt_name, data), v in zip(stream[:n], run.verdicts[:n], strict=True):
            if signature(plain.screen_bytes(data, fmt_name)) != signature(v):
                differ += 1
    print(f"\nsame verdicts and hits without the name cache: {2 * n - differ:,} of {2 * n:,}")
    if differ:
        sys.exit("the name cache changed verdicts")


def compare(path: Path, distinct: list[tuple[Plan, str, bytes]], run_d: Run) -> None:
    saved = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    if len(saved) > len(run_d.verdicts):
        sys.exit(f"{path}: {len(saved)} verdicts, this run only {len(run_d.verdicts)}")
    # a longer run with the same seed starts with the same messages
    differ = [i for i, v in enumerate(run_d.verdicts[: len(saved)]) if signature(v) != saved[i]]
    print(f"same verdicts and hits as {path}: {len(saved) - len(differ):,} of {len(saved):,}")
    for i in differ[:20]:
        p = distinct[i][0]
        print(f"  message {i} ({p.kind}, {distinct[i][1]}): was {saved[i]}")
        print(f"  {' ' * len(str(i))}           now {signature(run_d.verdicts[i])}")


def api_latency(
    cache: Path | None,
    sample: bool,
    distinct: list[tuple[Plan, str, bytes]],
    repeating: list[tuple[Plan, str, bytes]],
    n: int,
) -> None:
    """``POST /screen/message`` on a real server (``tracewire serve``, one worker, API keys
    and the audit log on): ``n`` messages of each stream sent one after another by one
    client; latency as the client sees it, and the server's CPU time per request."""
    import httpx

    from bench.load_api import free_port, server_usage, start_server, wait_ready
    from tracewire.api.keys import KeyRing

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        folder = cache / ("sample" if sample or not RAW.exists() else "all") if cache else None
        if folder is not None and (folder / "bench.db").exists():
            shutil.copy(folder / "bench.db", home / "tracewire.db")
            if (folder / "index").exists():
                shutil.copytree(folder / "index", home / "index")
        else:
            load_screener(sample, home)
            (home / ("sample" if sample or not RAW.exists() else "all") / "bench.db").rename(
                home / "tracewire.db"
            )
        store = Store(f"sqlite:///{home / 'tracewire.db'}")
        key = KeyRing(store.engine).create("bench", "screen")[0]
        store.close()
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        started = time.perf_counter()
        server = start_server(home, port, 1)
        rows = []
        try:
            wait_ready(base, server)
            ready_s = time.perf_counter() - started
            headers = {"Authorization": f"ApiKey {key}"}
            with httpx.Client(base_url=base, headers=headers, timeout=600) as client:
                t = time.perf_counter()
                client.post("/screen/message", content=distinct[-1][2])
                first_ms = (time.perf_counter() - t) * 1000
                firsts = []  # what the matcher loads on first use: warmed with the index?
                for i, (_what, name) in enumerate(FIRST_USE):
                    p = Plan("clean", "Hans Meyer", "DE", name, "DE", "DEUTDEFF", "COBADEFF",
                             "Invoice 1")  # fmt: skip
                    t = time.perf_counter()
                    client.post("/screen/message", content=pacs008(p, i, random.Random(i)))
                    firsts.append((time.perf_counter() - t) * 1000)
                for _p, _f, data in distinct[-50:-1]:  # warm the code paths
                    client.post("/screen/message", content=data)
                for title, stream in (("all parties distinct", distinct),
                                      ("repeating counterparties", repeating)):  # fmt: skip
                    latencies: list[float] = []
                    errors = 0
                    cpu0, _ = server_usage(server.pid)
                    for _p, _f, data in stream[:n]:
                        kind = "application/xml" if data.startswith(b"<") else "text/plain"
                        t = time.perf_counter()
                        r = client.post("/screen/message", content=data,
                                        headers={"Content-Type": kind})  # fmt: skip
                        latencies.append(time.perf_counter() - t)
                        errors += r.status_code != 200 or "verdict" not in r.json()
                    cpu1, rss = server_usage(server.pid)
                    rows.append((title, len(latencies), errors, latencies,
                                 (cpu1 - cpu0) * 1000 / max(1, len(latencies)), rss))  # fmt: skip
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    print(f"\nPOST /screen/message, 1 client, 1 worker (load average {os.getloadavg()[0]:.1f})")
    print(
        f"server start to ready (index loaded): {ready_s:.1f} s; the first message after "
        f"it answered in {first_ms:,.0f} ms"
    )
    print(
        "then the first message naming "
        + ", ".join(
            f"{what} {ms:,.0f} ms" for (what, _n), ms in zip(FIRST_USE, firsts, strict=True)
        )
    )
    header = (f"{'stream':<26} {'requests':>8} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} "
              f"{'p99 ms':>7} {'server cpu ms/req':>17}")  # fmt: skip
    print(header)
    print("-" * len(header))
    for title, count, errors, lat, cpu_ms, _rss in rows:
        print(f"{title:<26} {count:>8,} {errors:>6} {percentile(lat, 0.5) * 1000:>7.2f} "
              f"{percentile(lat, 0.95) * 1000:>7.2f} {percentile(lat, 0.99) * 1000:>7.2f} "
              f"{cpu_ms:>17.2f}")  # fmt: skip


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
