"""Hostile input, repeated (issue 12): every attack must get a clear error, none a crash.

    .venv/bin/python -m bench.abuse

Runs the attacks of the hardening review against a fresh store holding the bundled sample
list: long names, deep ownership chains and deeply nested JSON, malformed bodies, headers
and paging values over HTTP, role and scope mix-ups, script links in rules files, damaged
list files. For each kind it prints how many were tried, how many got a clear error (a
4xx answer, exit code 2, a located message or a warning), how many crashed (a 500, a
traceback, a RecursionError or MemoryError), how many were lost (accepted without a word,
or a bad answer such as a script link), and the worst time and memory of one attempt
(CPU time; peak memory allocated, by tracemalloc).
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import re
import sys
import tempfile
import time
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from tracewire.bounds import MAX_CHAIN_DEPTH, MAX_REPORTED_HOPS
from tracewire.cli.demo import sample_path
from tracewire.match import Screener
from tracewire.sources.registry import plan_loads

#: the designated person the sample list holds; the top of every generated chain
CHAIN_TOP = "Artem Mikhaylovich Yamshchikov"


def deep_chain_case(depth: int) -> dict[str, Any]:
    """A case of ``depth`` companies, each owning all of the next, the first owned by a
    designated person: an ownership chain ``depth`` companies deep."""
    parties = [
        {"id": f"p{i}", "name": f"Chain Holding {i}", "kind": "company", "country": "CY"}
        for i in range(depth)
    ]
    records = []
    for i in range(depth):
        owner: dict[str, Any] = (
            {"name": f"Chain Holding {i - 1}", "ref": f"p{i - 1}", "kind": "company"}
            if i
            else {"name": CHAIN_TOP, "kind": "person", "country": "RU"}
        )
        records.append({"id": f"r{i}", "party": f"p{i}", "owners": [owner | {"percentage": 100}]})
    return {
        "format": "tracewire-case/1",
        "id": f"chain-{depth}",
        "parties": parties,
        "company_records": records,
        "transactions": [
            {
                "id": "t1",
                "type": "invoice",
                "date": "2024-01-01",
                "parties": {"seller": "p0", "buyer": f"p{depth - 1}"},
            }
        ],
    }


def nested_json(depth: int) -> str:
    """A case whose description is a list nested ``depth`` deep."""
    return '{"id": "deep", "description": ' + "[" * depth + "]" * depth + "}"


# -- the attacks ------------------------------------------------------------------------


@dataclass
class Outcome:
    kind: str  # "clear", "crash" or "lost"
    note: str = ""


@dataclass
class Tally:
    tried: int = 0
    clear: int = 0
    crash: int = 0
    lost: int = 0
    worst_ms: float = 0.0
    worst_mb: float = 0.0
    notes: list[str] = field(default_factory=list)


def http_refused(answer: Any, *codes: int) -> Outcome:
    """A clear refusal: one of ``codes`` (any 4xx when none given) with a JSON detail."""
    if answer.status_code >= 500:
        return Outcome("crash", f"{answer.status_code} {answer.text[:80]}")
    ok = answer.status_code in codes if codes else 400 <= answer.status_code < 500
    if ok and "detail" in answer.json():
        return Outcome("clear")
    return Outcome("lost", f"{answer.status_code} {answer.text[:80]}")


def cli_refused(result: Any) -> Outcome:
    if result.exit_code == 2 and "error" in result.output:
        return Outcome("clear")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return Outcome("crash", f"{type(result.exception).__name__}: {result.exception}"[:100])
    return Outcome("lost", f"exit {result.exit_code}: {result.output[:80]}")


def raises_clearly(action: Callable[[], Any], error: type[Exception], text: str) -> Outcome:
    try:
        action()
    except error as exc:
        return Outcome("clear") if text in str(exc) else Outcome("lost", str(exc)[:100])
    except Exception as exc:  # noqa: BLE001 - what the bench counts as a crash
        return Outcome("crash", f"{type(exc).__name__}: {exc}"[:100])
    return Outcome("lost", "accepted without a word")


#: where an unreadable message's error points: a line or an XPath of local names
MESSAGE_PLACE = re.compile(r"^(line \d+|[A-Za-z]\w*(\[\d+\])?(/|$))")


def message_held(answer: Any) -> Outcome:
    """An unreadable message: 200 with verdict ``hold`` and an error naming its place, the
    secret file's text nowhere in the answer."""
    if answer.status_code >= 500:
        return Outcome("crash", f"{answer.status_code} {answer.text[:80]}")
    if "SECRET" in answer.text:
        return Outcome("lost", "the entity or include was read")
    if answer.status_code != 200:
        return Outcome("lost", f"{answer.status_code} {answer.text[:80]}")
    data = answer.json()
    hit = (data.get("hits") or [{}])[0]
    if data.get("verdict") == "hold" and data.get("error") and MESSAGE_PLACE.match(hit.get("path") or ""):  # fmt: skip
        return Outcome("clear")
    return Outcome("lost", f"{data.get('verdict')}: {data.get('error')!r} at {hit.get('path')!r}")


def cli_held(result: Any) -> Outcome:
    """``screen-message --json`` on an unreadable file: a hold naming its place."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return Outcome("crash", f"{type(result.exception).__name__}: {result.exception}"[:100])
    try:
        (message,) = json.loads(result.stdout)["messages"]
    except (ValueError, KeyError) as exc:
        return Outcome("lost", f"exit {result.exit_code}: {exc}: {result.output[:80]}")
    if "SECRET" in result.output:
        return Outcome("lost", "the entity was read")
    hit = (message.get("hits") or [{}])[0]
    if message["verdict"] == "hold" and message.get("error") and MESSAGE_PLACE.match(hit.get("path") or ""):  # fmt: skip
        return Outcome("clear")
    return Outcome("lost", f"{message['verdict']}: {message.get('error')!r}")


class Attacks:
    """Every attack, against one temporary store holding the sample list."""

    def __init__(self, home: Path) -> None:
        from fastapi.testclient import TestClient

        from tracewire.api import ServiceConfig, create_app
        from tracewire.api.keys import KeyRing
        from tracewire.ingest import load_paths
        from tracewire.settings import database_url
        from tracewire.store import Store
        from tracewire.workflow.roles import Users

        os.environ["TRACEWIRE_HOME"] = str(home)
        os.environ["TRACEWIRE_OFFLINE"] = "1"
        self.home = home
        self.store = Store(database_url(home))
        load_paths(self.store, [sample_path()], dataset="tracewire_sample")
        config = ServiceConfig(home=home, database_url=self.store.url, reload_seconds=0)
        self.open = TestClient(create_app(config.with_changes(auth=False)), raise_server_exceptions=False)  # fmt: skip
        self.secured = TestClient(create_app(config), raise_server_exceptions=False)
        self.open.__enter__()
        self.secured.__enter__()
        users = Users(self.store.engine)
        users.add("vic", "admin")
        self.ring = KeyRing(self.store.engine)
        self.demoted_key = self.ring.create("vic-admin", "admin", user="vic")[0]
        users.set_role("vic", "viewer")

    def close(self) -> None:
        self.open.__exit__(None, None, None)
        self.secured.__exit__(None, None, None)
        self.store.close()

    def cli(self, *args: str) -> Any:
        from typer.testing import CliRunner

        from tracewire.cli.main import app

        return CliRunner().invoke(app, list(args))

    def file(self, name: str, data: bytes | str) -> Path:
        path = self.home / name
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        return path

    # -- one method per kind; each yields (label, attempt) --------------------------------
    def long_names(self) -> Iterator[tuple[str, Callable[[], Outcome]]]:
        names = {
            "1,000-letter word": "a" * 1000,
            "200,000-letter word": "a" * 200_000,
            "600 characters": " ".join(["ivan"] * 120),
            "25 words": " ".join(["ivan"] * 25),
        }
        for label, name in names.items():
            body = {"queries": {"q": {"schema": "Person", "properties": {"name": [name]}}}}
            yield f"/match {label}", lambda b=body: http_refused(self.open.post("/match/default", json=b), 422)  # type: ignore[misc]  # fmt: skip
            if len(name) < 8_000:  # longer URLs never reach the service (414 from the server)
                yield f"/search {label}", lambda n=name: http_refused(self.open.get("/search/default", params={"q": n}), 422)  # type: ignore[misc]  # fmt: skip
            yield f"CLI match {label}", lambda n=name: cli_refused(self.cli("match", n))  # type: ignore[misc]
            row = orjson.dumps({"id": "x", "name": name})
            yield f"/screen row {label}", lambda r=row: self._error_row("/screen", r)  # type: ignore[misc]
            yield f"/portfolio/import row {label}", lambda r=row: self._error_row("/portfolio/import?screen=false", r)  # type: ignore[misc]  # fmt: skip
        many = {"queries": {"q": {"schema": "Person", "properties": {"name": [f"Ivan {i}" for i in range(30)]}}}}  # fmt: skip
        yield (
            "/match 30 names",
            lambda: http_refused(self.open.post("/match/default", json=many), 422),
        )

    def _error_row(self, path: str, row: bytes) -> Outcome:
        answer = self.open.post(path, content=row, headers={"Content-Type": "application/x-ndjson"})
        if answer.status_code >= 500:
            return Outcome("crash", answer.text[:80])
        text = answer.text
        return Outcome("clear") if "at most" in text else Outcome("lost", text[:80])

    def deep_input(self) -> Iterator[tuple[str, Callable[[], Outcome]]]:
        chain = orjson.dumps(deep_chain_case(2_000))
        json_type = {"Content-Type": "application/json"}
        yield "/screen/transactions 2,000-deep chain", lambda: http_refused(self.open.post("/screen/transactions", content=chain, headers=json_type), 422)  # fmt: skip
        nested = nested_json(100_000)
        yield "/screen/transactions 100,000-deep JSON", lambda: http_refused(self.open.post("/screen/transactions", content=nested, headers=json_type), 422)  # fmt: skip
        deep = self.file("chain10000.json", orjson.dumps(deep_chain_case(10_000)))
        yield "CLI investigate 10,000-deep chain", lambda: cli_refused(self.cli("investigate", str(deep), "--list", str(sample_path())))  # fmt: skip
        nest = self.file("nested.json", nested)
        yield "CLI investigate 100,000-deep JSON", lambda: cli_refused(self.cli("investigate", str(nest), "--list", str(sample_path())))  # fmt: skip

        def bounded_chain() -> Outcome:
            answer = self.open.post("/screen/transactions", content=orjson.dumps(deep_chain_case(MAX_CHAIN_DEPTH)), headers=json_type)  # fmt: skip
            if answer.status_code != 200:
                return Outcome("crash" if answer.status_code >= 500 else "lost", answer.text[:80])
            longest = max(len(p) for f in answer.json()["findings"] if f["rule"] == "ownership" for v in f["data"].values() for p in v["paths"])  # fmt: skip
            return Outcome("clear") if longest <= MAX_REPORTED_HOPS else Outcome("lost", f"a path of {longest}")  # fmt: skip

        yield f"/screen/transactions {MAX_CHAIN_DEPTH:,}-deep chain (allowed)", bounded_chain

    def http_bodies(self) -> Iterator[tuple[str, Callable[[], Outcome]]]:
        latin1 = "id,name\n1,Müller GmbH\n".encode("latin-1")
        csv_type = {"Content-Type": "text/csv"}
        yield "/portfolio/import Latin-1 CSV", lambda: http_refused(self.open.post("/portfolio/import", content=latin1, headers=csv_type), 400)  # fmt: skip
        yield "/screen Latin-1 CSV", lambda: http_refused(self.open.post("/screen", content=latin1, headers=csv_type), 400)  # fmt: skip
        yield "/screen binary body", lambda: http_refused(self.open.post("/screen", content=bytes(range(256)) * 4, headers=csv_type), 400)  # fmt: skip

        def bad_header() -> Outcome:
            answer = self.open.post("/screen", content=b"id,nom\n1,x\n", headers=csv_type)
            out = http_refused(answer, 400)
            return Outcome("lost", "names a server path") if "/tmp" in answer.text else out

        yield "/screen header without name", bad_header
        surrogate = b'{"parties": [{"id": "x", "name": "\\ud800"}]}'
        yield "/portfolio lone surrogate", lambda: http_refused(self.open.post("/portfolio", content=surrogate, headers={"Content-Type": "application/json"}), 422)  # fmt: skip
        for path in ("/portfolio", "/alerts"):
            for offset in ("1e23", str(2**63), str(2**64), "-1"):
                yield f"{path}?offset={offset}", lambda p=path, o=offset: http_refused(self.open.get(p, params={"offset": o}), 422)  # type: ignore[misc]  # fmt: skip

        def docs_off() -> Outcome:
            answer = self.open.get("/docs")
            sniff = self.open.get("/healthz").headers.get("x-content-type-options")
            if answer.status_code == 404 and sniff == "nosniff":
                return Outcome("clear")
            return Outcome("lost", f"/docs {answer.status_code}, nosniff {sniff!r}")

        yield "/docs from a CDN, nosniff", docs_off

    def roles(self) -> Iterator[tuple[str, Callable[[], Outcome]]]:
        headers = {"Authorization": f"ApiKey {self.demoted_key}"}
        for method, path in (("GET", "/users"), ("POST", "/admin/reload"), ("POST", "/users")):
            yield f"viewer's admin key: {method} {path}", lambda m=method, p=path: http_refused(self.secured.request(m, p, headers=headers, json={"name": "eve", "role": "admin"}), 403)  # type: ignore[misc]  # fmt: skip
        from tracewire.errors import InputError

        yield "keys create: admin scope for a viewer", lambda: raises_clearly(lambda: self.ring.create("vic-2", "admin", user="vic"), InputError, "at most")  # fmt: skip

    def script_links(self) -> Iterator[tuple[str, Callable[[], Outcome]]]:
        for url in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<b>x</b>"):
            rules = self.file("rules.yml", f"format: tracewire-redflags/1\nsources: {{X: {{title: t, url: {json.dumps(url)}}}}}\n")  # fmt: skip
            case = self.file("case.json", orjson.dumps(deep_chain_case(2)))
            yield f"rules file url {url.strip()[:20]}", lambda r=rules, c=case: cli_refused(self.cli("investigate", str(c), "--rules", str(r), "--list", str(sample_path())))  # type: ignore[misc]  # fmt: skip

        def report() -> Outcome:
            from tracewire.network import ListData, investigate, parse_case
            from tracewire.report.findings_json import CitationOut, findings_document
            from tracewire.report.investigation_html import render_html

            entities = [e for _fmt, files in plan_loads([sample_path()]) for e in _fmt.parse(files, "s").entities]  # fmt: skip
            inv = investigate(parse_case(deep_chain_case(2)), ListData.from_entities(entities, {"s": 1}), Screener.from_entities(entities))  # fmt: skip
            doc = findings_document(inv)
            for key in doc.citations:
                doc.citations[key] = CitationOut(title="t", url="javascript:alert(1)")
            html = render_html(doc)
            return Outcome("lost", "a javascript: link") if 'href="javascript' in html else Outcome("clear")  # fmt: skip

        yield "report citation javascript: URL", report

    def list_files(self) -> Iterator[tuple[str, Callable[[], Outcome]]]:
        from tracewire.errors import ListFormatError

        def parse(path: Path) -> Any:
            return [fmt.parse(files, "x") for fmt, files in plan_loads([path])]

        ods = io.BytesIO()
        with zipfile.ZipFile(ods, "w") as zf:
            zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)  # fmt: skip
            zf.writestr("content.xml", "<x>" + "y" * 50_000 + "</x>", zipfile.ZIP_DEFLATED)
        cut = self.file("UK_Sanctions_List.ods", ods.getvalue()[: len(ods.getvalue()) // 2])
        yield "truncated .ods", lambda: raises_clearly(lambda: parse(cut), ListFormatError, "damaged")  # fmt: skip
        secret = self.file("secret.txt", "SECRET")
        xxe = self.file("un.xml", UN_XXE.replace("{secret}", str(secret)))

        def un_xxe() -> Outcome:
            (result,) = parse(xxe)
            names = " ".join(n for e in result.entities for n in e.get("name"))
            if "SECRET" in names:
                return Outcome("lost", "the entity was read")
            warned = any("external entity" in str(w) for w in result.warnings)
            return Outcome("clear") if warned else Outcome("lost", "dropped without a word")

        yield "UN XML external entity", un_xxe
        wide = self.file("wide.csv", ",".join(["name", "schema", *(f"c{i}" for i in range(100_000))]) + "\nAcme,Company\n")  # fmt: skip
        yield "100,000-column CSV list", lambda: raises_clearly(lambda: parse(wide), ListFormatError, "columns")  # fmt: skip
        yield "CLI screen 100,000-column CSV", lambda: cli_refused(self.cli("screen", str(wide), "--list", str(sample_path()), "-o", str(self.home / "out.jsonl")))  # fmt: skip

        def screen_wide() -> Outcome:
            answer = self.open.post("/screen", content=wide.read_bytes(), headers={"Content-Type": "text/csv"})  # fmt: skip
            out = http_refused(answer, 400)
            return Outcome("lost", "names a server path") if "/tmp" in answer.text else out

        yield "/screen 100,000-column CSV", screen_wide

    def messages(self) -> Iterator[tuple[str, Callable[[], Outcome]]]:
        """Hostile payment messages to ``POST /screen/message`` and ``screen-message``: an
        unreadable message must be a hold naming its line or XPath, never a pass."""
        examples = Path(__file__).resolve().parents[1] / "examples" / "payments" / "messages"
        pacs = (examples / "pacs008-clean.xml").read_bytes()
        mt103 = (examples / "mt103-creditor-free-lines.txt").read_bytes()
        secret = self.file("secret-msg.txt", "SECRET")
        self.open.post("/screen/message", content=pacs)  # builds the message screener once
        attacks: dict[str, bytes] = {
            "billion laughs": MESSAGE_BOMB.encode(),
            "billion laughs in UTF-16": MESSAGE_BOMB.replace("UTF-8", "UTF-16").encode("utf-16"),
            "external entity (file)": MESSAGE_XXE.replace("{url}", f"file://{secret}").encode(),
            "external entity (http)": MESSAGE_XXE.replace(
                "{url}", "http://127.0.0.1:9/x"
            ).encode(),  # fmt: skip
            "parameter entity": b'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p"> %p;]>\n<Document/>',  # fmt: skip
            "XInclude of a file": pacs.replace(
                b"<Nm>",
                f'<Nm><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file://{secret}" parse="text"/>'.encode(),
                1,
            ),  # fmt: skip
            "100,000-deep XML": b"<Document>"
            + b"<a>" * 100_000
            + b"</a>" * 100_000
            + b"</Document>",  # fmt: skip
            "truncated XML": pacs[: len(pacs) // 2],
            "truncated MT103 (example)": (examples / "broken-truncated-mt103.txt").read_bytes(),
            "MT103 cut before -}": mt103[: mt103.rindex(b"-}")],
            "MT103 cut in half": mt103[: len(mt103) // 2],
            "MT103 in UTF-16": mt103.decode().encode("utf-16"),
            "MT103 with Latin-1 letters": mt103.replace(
                b"\n:59:", "\n:59:/M\u00fcller\n".encode("latin-1"), 1
            ),  # fmt: skip
            "XML Latin-1 declared UTF-8": pacs.replace(
                b"<Nm>", "<Nm>M\u00fcller ".encode("latin-1"), 1
            ),  # fmt: skip
            "XML unknown encoding": pacs.replace(b'encoding="UTF-8"', b'encoding="x-bogus"', 1),
            "binary bytes": bytes(range(256)) * 8,
        }
        for label, body in attacks.items():
            yield f"/screen/message {label}", lambda b=body: message_held(self.open.post("/screen/message", content=b))  # type: ignore[misc]  # fmt: skip
        for label in ("billion laughs", "external entity (file)", "MT103 cut before -}"):
            path = self.file("attack-message.bin", attacks[label])
            yield f"CLI screen-message {label}", lambda p=path: cli_held(self.cli("screen-message", str(p), "--json", "--list", str(sample_path())))  # type: ignore[misc]  # fmt: skip
        big = b"<Document>" + b" " * (21 * 1024 * 1024) + b"</Document>"
        yield "/screen/message 21 MB", lambda: http_refused(self.open.post("/screen/message", content=big), 413)  # fmt: skip


UN_XXE = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE CONSOLIDATED_LIST [ <!ENTITY xxe SYSTEM "file://{secret}"> ]>
<CONSOLIDATED_LIST dateGenerated="2024-01-02T00:00:00Z"><INDIVIDUALS><INDIVIDUAL>
<DATAID>1</DATAID><FIRST_NAME>JOSE &xxe;</FIRST_NAME><UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE>
<REFERENCE_NUMBER>QDi.900</REFERENCE_NUMBER></INDIVIDUAL></INDIVIDUALS><ENTITIES/>
</CONSOLIDATED_LIST>
"""
MESSAGE_BOMB = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE Document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08"><FIToFICstmrCdtTrf>
<GrpHdr><MsgId>&f;</MsgId></GrpHdr></FIToFICstmrCdtTrf></Document>
"""
MESSAGE_XXE = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE Document [<!ENTITY x SYSTEM "{url}">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08"><FIToFICstmrCdtTrf>
<GrpHdr><MsgId>&x;</MsgId></GrpHdr></FIToFICstmrCdtTrf></Document>
"""

KINDS = {
    "long names (12.1)": "long_names",
    "deep chains and JSON (12.2)": "deep_input",
    "HTTP bodies, paging, headers (12.8, 12.11)": "http_bodies",
    "role and scope (12.10)": "roles",
    "script links (12.9)": "script_links",
    "list files (12.11)": "list_files",
    "payment messages (12.8)": "messages",
}


def attempt(action: Callable[[], Outcome]) -> tuple[Outcome, float, float]:
    """Run one attack: its outcome, CPU milliseconds and peak megabytes allocated."""
    tracemalloc.start()
    t = time.process_time()
    try:
        outcome = action()
    except Exception as exc:  # noqa: BLE001 - an attack that escapes is a crash
        outcome = Outcome("crash", f"{type(exc).__name__}: {exc}"[:100])
    ms = (time.process_time() - t) * 1000
    mb = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return outcome, ms, mb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", help="run only the kinds whose title contains this text")
    args = parser.parse_args()
    kinds = {k: m for k, m in KINDS.items() if not args.only or args.only.lower() in k.lower()}
    logging.disable(logging.CRITICAL)  # the service logs each refusal; the table says it
    with tempfile.TemporaryDirectory() as tmp:
        attacks = Attacks(Path(tmp))
        tallies: dict[str, Tally] = {}
        try:
            for kind, method in kinds.items():
                tally = tallies[kind] = Tally()
                for label, action in getattr(attacks, method)():
                    outcome, ms, mb = attempt(action)
                    tally.tried += 1
                    setattr(tally, outcome.kind, getattr(tally, outcome.kind) + 1)
                    tally.worst_ms, tally.worst_mb = (
                        max(tally.worst_ms, ms),
                        max(tally.worst_mb, mb),
                    )
                    if outcome.kind != "clear":
                        tally.notes.append(f"{outcome.kind}: {label}: {outcome.note}")
                    elif ms > 1000:
                        tally.notes.append(f"slow ({ms / 1000:.1f} s, {mb:.0f} MB): {label}")
        finally:
            attacks.close()
    head = f"{'attack':<44} {'tried':>5} {'clear':>6} {'crash':>6} {'lost':>5} {'worst ms':>9} {'worst MB':>9}"  # fmt: skip
    print(head)
    print("-" * len(head))
    for kind, t in tallies.items():
        print(f"{kind:<44} {t.tried:>5} {t.clear:>6} {t.crash:>6} {t.lost:>5} {t.worst_ms:>9.0f} {t.worst_mb:>9.1f}")  # fmt: skip
    total = Tally(*(sum(getattr(t, k) for t in tallies.values()) for k in ("tried", "clear", "crash", "lost")))  # fmt: skip
    worst_ms = max(t.worst_ms for t in tallies.values())
    worst_mb = max(t.worst_mb for t in tallies.values())
    print("-" * len(head))
    print(f"{'all':<44} {total.tried:>5} {total.clear:>6} {total.crash:>6} {total.lost:>5} {worst_ms:>9.0f} {worst_mb:>9.1f}")  # fmt: skip
    for t in tallies.values():
        for note in t.notes:
            print("  " + note)
    if total.crash or total.lost:
        sys.exit(1)


if __name__ == "__main__":
    main()
