"""``tracewire serve``: a socket per worker, and several workers answering and auditing."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tracewire.api.audit import AuditLog
from tracewire.api.keys import KeyRing
from tracewire.cli.demo import sample_path
from tracewire.cli.serve import WorkerSocket, listening_socket
from tracewire.ingest import load_paths
from tracewire.settings import database_url
from tracewire.store import Store

pytestmark = pytest.mark.skipif(
    not hasattr(socket, "SO_REUSEPORT"), reason="the system has no SO_REUSEPORT"
)


def test_each_worker_listens_on_its_own_socket_and_connections_spread() -> None:
    from multiprocessing.reduction import ForkingPickler  # what spawn uses for workers

    parent = listening_socket("127.0.0.1", 0, workers=2)
    assert isinstance(parent, WorkerSocket)
    workers = [ForkingPickler.loads(ForkingPickler.dumps(parent)) for _ in range(2)]
    try:
        port = parent.getsockname()[1]
        assert all(not isinstance(w, WorkerSocket) for w in workers)
        assert {w.getsockname()[1] for w in workers} == {port}
        for w in workers:
            w.listen(64)
            w.setblocking(False)
        clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(32)]
        accepted = [0, 0]
        for i, w in enumerate(workers):
            while True:
                try:
                    conn, _ = w.accept()
                except BlockingIOError:
                    break
                accepted[i] += 1
                assert conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
                conn.close()
        assert sum(accepted) == 32  # the parent's copy, bound but not listening, got none
        assert min(accepted) > 0  # the kernel spread them (all 32 on one: p = 2**-31)
        for c in clients:
            c.close()
    finally:
        for s in (parent, *workers):
            s.close()


def test_a_taken_port_is_refused_at_once() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(Exception, match="cannot listen"):
            listening_socket("127.0.0.1", taken.getsockname()[1], workers=2)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_two_workers_answer_and_audit_every_request(home: Path) -> None:
    store = Store(database_url(home))
    load_paths(store, [sample_path()], dataset="tracewire_sample")
    key = KeyRing(store.engine).create("serve-test", "screen")[0]
    port = _free_port()
    env = dict(os.environ, TRACEWIRE_HOME=str(home))
    # the server's output goes to a file: a pipe nobody reads while it runs could fill
    # and stop the server mid-request
    log_path = home.parent / "serve.log"
    with log_path.open("wb") as log_file:
        server = subprocess.Popen(
            [sys.executable, "-m", "tracewire.cli.main", "serve", "--port", str(port),
             "--workers", "2", "--log-level", "warning"],
            env=env, start_new_session=True, stderr=log_file,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        # polled until ready, with a deadline generous for a machine busy with other work
        deadline = time.monotonic() + 300
        while True:
            try:
                if httpx.get(f"{base}/readyz", timeout=10).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert server.poll() is None, log_path.read_text(errors="replace")
            assert time.monotonic() < deadline, "the server was not ready after 300 s"
            time.sleep(0.25)
        headers = {"Authorization": f"ApiKey {key}"}
        body = {"queries": {"q": {"schema": "Company", "properties": {"name": ["TSK Vektor"]}}}}

        def client(_: int) -> list[str]:
            with httpx.Client(base_url=base, headers=headers, timeout=120) as c:
                out = []
                for _ in range(10):
                    r = c.post("/match/default", json=body)
                    assert r.status_code == 200, r.text
                    out.append(r.headers["x-audit-id"])
                return out

        with ThreadPoolExecutor(16) as pool:
            ids = [i for chunk in pool.map(client, range(16)) for i in chunk]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=120)
    log = AuditLog(store.engine)
    assert len(set(ids)) == 160
    assert {r.id for r in log.iter_all()} >= {int(i) for i in ids}
    assert log.verify().ok
    store.close()


def test_workers_are_given_time_to_answer_the_supervisor(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """uvicorn 0.55 kills a worker that does not answer its ping within 5 s by default: a
    worker building the index on a busy machine was killed and restarted without end."""
    import uvicorn
    import uvicorn.supervisors
    from typer.testing import CliRunner

    from tracewire.cli.main import app

    seen: list[uvicorn.Config] = []

    class Supervisor:
        def __init__(self, config: uvicorn.Config, sockets: list[socket.socket]) -> None:
            seen.append(config)
            for sock in sockets:
                sock.close()

        def run(self) -> None:
            pass

    monkeypatch.setattr(uvicorn.supervisors, "Multiprocess", Supervisor)
    monkeypatch.setenv("TRACEWIRE_HOME", str(tmp_path / "home"))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = CliRunner().invoke(app, ["serve", "--no-auth", "--workers", "2", "--port", str(port)])
    assert result.exit_code == 0, result.output
    (config,) = seen
    if hasattr(config, "timeout_worker_healthcheck"):
        assert config.timeout_worker_healthcheck >= 60
