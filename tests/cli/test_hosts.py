"""Two ``tracewire serve`` processes (standing in for two hosts) on one PostgreSQL store.

Both answer concurrent ``/match`` and ``/screen`` requests; a list loaded by a third
process (``tracewire lists load``) is served by both within a bounded time, woken by the
load's NOTIFY (their poll is set to an hour, so nothing else could explain it); and the
audit chain the two write at once stays one unbroken chain, with exactly one record per
answered request.

The hosts share their index builds through the store (``$TRACEWIRE_INDEX_KEY``): each
index the two serve is stored once, signed, built by one of them.

Robust to a loaded machine: readiness and the new version are polled for, with generous
deadlines, and nothing is timed.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from tests.store.test_notify import SAMPLE, sample_v2
from tracewire.api.audit import AuditLog
from tracewire.api.keys import KeyRing
from tracewire.cli.demo import sample_path
from tracewire.ingest import load_paths
from tracewire.store import Store
from tracewire.store.schema import index_blobs

CLIENTS = 8  # per server
#: seconds a server may take to start, and the servers to serve a new version, when busy
READY_S = 300
RELOAD_S = 180
NEW_PARTY = "Nordlicht Praezisionsteile GmbH"
LISTED = "TSK Vektor"
INDEX_KEY = "hosts-test-index-key-0123456789"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def match_body(name: str) -> dict[str, object]:
    return {"queries": {"q": {"schema": "Company", "properties": {"name": [name]}}}}


class Host:
    """One ``tracewire serve`` process with a data folder of its own (its index cache and
    its audit anchor, as on a host of its own), on the shared store."""

    def __init__(self, name: str, root: Path, url: str) -> None:
        self.home = root / name
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = dict(
            os.environ,
            TRACEWIRE_HOME=str(self.home),
            TRACEWIRE_DATABASE_URL=url,
            TRACEWIRE_OFFLINE="1",
            TRACEWIRE_API_RELOAD_SECONDS="3600",  # only the load's NOTIFY can wake it
            TRACEWIRE_INDEX_KEY=INDEX_KEY,  # one host builds each index, the other loads it
        )
        self.log = (root / f"{name}.log").open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tracewire.cli.main", "serve", "--port", str(self.port),
             "--log-level", "warning"],
            env=env, start_new_session=True, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip

    def output(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text(errors="replace")[-4000:]

    def wait_ready(self) -> None:
        deadline = time.monotonic() + READY_S
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"{self.base} exited:\n{self.output()}"
            try:
                if httpx.get(f"{self.base}/readyz", timeout=10).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        pytest.fail(f"{self.base} not ready after {READY_S} s:\n{self.output()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=120)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)
        self.log.close()


class Clients:
    """``CLIENTS`` threads per host, each alternating ``/match`` and ``/screen`` until
    stopped; counts what was answered and keeps the audit ids ``/match`` returned."""

    def __init__(self, hosts: list[Host], key: str) -> None:
        self.headers = {"Authorization": f"ApiKey {key}"}
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.answered: Counter[str] = Counter()
        self.failures: list[str] = []
        self.match_ids: list[int] = []
        self.threads = [
            threading.Thread(target=self._run, args=(host, i), daemon=True)
            for host in hosts
            for i in range(CLIENTS)
        ]

    def _run(self, host: Host, i: int) -> None:
        names = [LISTED, "Maria Garcia", NEW_PARTY, "Acme Trading Ltd"]
        batch = f"id,name,schema\n1,{LISTED},Company\n2,Jean Dupont,Person\n".encode()
        with httpx.Client(base_url=host.base, headers=self.headers, timeout=120) as client:
            n = i
            while not self.stop.is_set():
                n += 1
                try:
                    if n % 2:
                        r = client.post("/match/default", json=match_body(names[n % 4]))
                        endpoint = "/match/default"
                    else:
                        r = client.post(
                            "/screen", content=batch, headers={"content-type": "text/csv"}
                        )
                        endpoint = "/screen"
                        if r.status_code == 200:
                            assert len(r.text.splitlines()) == 2, r.text
                except (httpx.HTTPError, AssertionError) as exc:
                    with self.lock:
                        self.failures.append(f"{host.base}: {exc!r}")
                    continue
                with self.lock:
                    if r.status_code != 200:
                        self.failures.append(f"{host.base}{endpoint}: {r.status_code} {r.text}")
                        continue
                    self.answered[endpoint] += 1
                    if endpoint == "/match/default":
                        self.match_ids.append(int(r.headers["x-audit-id"]))
                time.sleep(0.02)  # a busy but not saturating load: the reload must get CPU too

    def total(self) -> int:
        with self.lock:
            return sum(self.answered.values())


def serves_new_version(host: Host, headers: dict[str, str]) -> tuple[bool, int]:
    """Whether ``host`` screens against version 2 of the sample list (the new party
    matches, and the answer names version 2); and the answer's audit id."""
    r = httpx.post(
        f"{host.base}/match/default", json=match_body(NEW_PARTY), headers=headers, timeout=120
    )
    assert r.status_code == 200, r.text
    data = r.json()
    versions = {v["dataset"]: v["version"] for v in data["lists"]}
    hits = [x["id"] for x in data["responses"]["q"]["results"] if x["match"]]
    new = versions[SAMPLE] == 2
    assert new == ("tw-test-nordlicht" in hits), data  # never a half-built index
    return new, int(r.headers["x-audit-id"])


def test_two_servers_on_one_postgresql_reload_and_keep_one_audit_chain(
    postgres_url: str, tmp_path: Path
) -> None:
    store = Store(postgres_url)
    load_paths(store, [sample_path()], dataset=SAMPLE)
    key = KeyRing(store.engine).create("hosts-test", "screen")[0]
    headers = {"Authorization": f"ApiKey {key}"}
    hosts = [Host(name, tmp_path, postgres_url) for name in ("host-a", "host-b")]
    clients = Clients(hosts, key)
    probes = 0
    probe_ids: list[int] = []
    try:
        for host in hosts:
            host.wait_ready()
        assert all(serves_new_version(h, headers)[0] is False for h in hosts)
        probes += len(hosts)
        for t in clients.threads:
            t.start()
        deadline = time.monotonic() + READY_S
        while clients.total() < 4 * CLIENTS and time.monotonic() < deadline:
            time.sleep(0.2)
        assert clients.total() >= 4 * CLIENTS, clients.failures[:5]

        env = dict(os.environ, TRACEWIRE_HOME=str(tmp_path / "loader"),
                   TRACEWIRE_DATABASE_URL=postgres_url, TRACEWIRE_OFFLINE="1")  # fmt: skip
        loaded = subprocess.run(
            [sys.executable, "-m", "tracewire.cli.main", "lists", "load",
             str(sample_v2(tmp_path)), "--dataset", SAMPLE, "--json"],
            env=env, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert loaded.returncode == 0, loaded.stdout + loaded.stderr

        pending = list(hosts)
        deadline = time.monotonic() + RELOAD_S
        while pending and time.monotonic() < deadline:
            for host in list(pending):
                new, rid = serves_new_version(host, headers)
                probes += 1
                probe_ids.append(rid)
                if new:
                    pending.remove(host)
            time.sleep(0.5)
        assert not pending, [f"{h.base} still serves version 1:\n{h.output()}" for h in pending]
        # the clients go on against the new index on both for a moment
        settled = clients.total() + 4 * CLIENTS
        deadline = time.monotonic() + READY_S
        while clients.total() < settled and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        clients.stop.set()
        for t in clients.threads:
            t.join(timeout=180)
        for host in hosts:
            host.stop()

    assert not clients.failures, clients.failures[:5]
    # both versions' indexes were built by a host and stored for the other (one row each)
    with store.engine.connect() as conn:
        built_by = conn.execute(select(index_blobs.c.built_by)).scalars().all()
    pids = {f"{socket.gethostname()}:{h.process.pid}" for h in hosts}
    assert len(built_by) == 2 and set(built_by) <= pids, (built_by, pids)
    assert clients.answered["/match/default"] > CLIENTS and clients.answered["/screen"] > CLIENTS
    answered = clients.total() + probes
    audit = AuditLog(store.engine)
    requests = audit.count(kind="request")
    assert requests == answered, f"{requests} request records for {answered} answered requests"
    by_endpoint = Counter(r.endpoint for r in audit.iter_all() if r.kind == "request")
    assert by_endpoint["/screen"] == clients.answered["/screen"]
    assert by_endpoint["/match/default"] == clients.answered["/match/default"] + probes
    ids = clients.match_ids + probe_ids
    assert len(set(ids)) == len(ids)
    # one chain, checked against each host's own anchor (both hosts' heads are in it)
    for host in hosts:
        check = AuditLog(store.engine, home=host.home).verify()
        assert check.ok, check.to_dict()
        assert check.anchor is not None and check.anchor["lines"] > 0
        assert check.head is not None and check.head.records == audit.count()
    store.close()
