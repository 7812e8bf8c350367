"""The service's audit writer: group commit on one thread, and no answer without a record.

Requests hand their records to one writer thread, which commits every record waiting
in one transaction of the hash chain; a request is answered only once its record is
committed, and is refused (503) if it cannot be.
"""

from __future__ import annotations

import asyncio
import hashlib
import threading

import orjson
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from tests.api.conftest import company
from tracewire.api.audit import AuditLog
from tracewire.api.keys import ANONYMOUS, Principal
from tracewire.store import Store

WHO = Principal("k1", "writer-test", "screen")


@pytest.fixture
def log(store_url: str) -> AuditLog:
    return AuditLog(create_engine(store_url))


def test_concurrent_records_share_commits_and_keep_one_chain(log: AuditLog) -> None:
    async def burst() -> list[int]:
        return await asyncio.gather(
            *(log.record_async(WHO, f"/match/default?n={i}", 200, b"{}") for i in range(300))
        )

    ids = asyncio.run(burst())
    log.close()
    assert len(set(ids)) == 300
    assert log.written == 300 and log.commits < 300  # records waiting were committed together
    assert log.verify().ok and log.count() == 300
    by_id = {r.id: r for r in log.records(limit=1000)}
    for i, rid in enumerate(ids):  # each caller got the id of its own record
        assert by_id[rid].endpoint == f"/match/default?n={i}"


def test_each_commit_group_anchors_its_head_once(log: AuditLog) -> None:
    """The head is anchored per commit (one signed line per group), not per record."""

    async def burst() -> list[int]:
        return await asyncio.gather(
            *(log.record_async(WHO, f"/match/default?n={i}", 200, b"{}") for i in range(200))
        )

    ids = asyncio.run(burst())
    log.close()
    assert log.anchor.path is not None
    lines = [orjson.loads(line) for line in log.anchor.path.read_bytes().splitlines()]
    assert len(lines) == log.commits < 200
    assert max(line["id"] for line in lines) == max(ids)
    result = log.verify()
    assert result.ok and result.anchor is not None and result.anchor["unanchored"] == 0


def test_threads_and_other_writers_share_the_chain(log: AuditLog) -> None:
    """Records from threads (record()), from the event loop, and from a second writer
    on the same database (another worker process) interleave in one valid chain."""
    other = AuditLog(create_engine(str(log.engine.url)))
    errors: list[BaseException] = []

    def work(target: AuditLog, n: int) -> None:
        try:
            for i in range(n):
                target.record(WHO, f"/t/{i}", 200, b"{}")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(t, 25)) for t in (log, log, other, other)]
    for t in threads:
        t.start()

    async def more() -> None:
        await asyncio.gather(*(log.record_async(WHO, "/loop", 200, b"{}") for _ in range(50)))

    asyncio.run(more())
    for t in threads:
        t.join()
    log.close()
    other.close()
    assert not errors
    assert log.count() == 150 and log.verify().ok


def test_close_writes_what_is_queued_and_later_records_inline(log: AuditLog) -> None:
    futures = [log.submit(log.request_row(WHO, "/q", 200, b"{}")) for _ in range(50)]
    log.close()
    assert all(f.done() for f in futures)
    assert log.count() == 50
    assert log.record(WHO, "/after", 200, b"{}") > 0  # the writer is gone; written inline
    assert log.count() == 51 and log.verify().ok


def test_a_cancelled_request_still_gets_its_record(log: AuditLog) -> None:
    async def cancelled() -> None:
        task = asyncio.create_task(log.record_async(WHO, "/gone", 200, b"{}"))
        await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(cancelled())
    log.close()
    assert [r.endpoint for r in log.records()] == ["/gone"]


def test_a_failed_commit_fails_every_waiting_request(log: AuditLog) -> None:
    with log.engine.begin() as conn:
        conn.execute(text("DROP TABLE audit_log"))

    async def attempt() -> list[BaseException | int]:
        return await asyncio.gather(
            *(log.record_async(ANONYMOUS, "/x", 200, b"{}") for _ in range(5)),
            return_exceptions=True,
        )

    outcomes = asyncio.run(attempt())
    log.close()
    assert all(isinstance(o, Exception) for o in outcomes)


# -- through the service ---------------------------------------------------------------------
def test_every_answer_names_its_committed_record(service: TestClient, sample_store: Store) -> None:
    log = AuditLog(sample_store.engine)
    for name in ("TSK Vektor", "Kupol", "Nobody In Particular"):
        raw = orjson.dumps({"queries": {"q": company(name)}})
        response = service.post(
            "/match/default", content=raw, headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 200
        record = next(r for r in log.records() if r.id == int(response.headers["x-audit-id"]))
        assert record.request_sha256 == hashlib.sha256(raw).hexdigest()
        assert record.status == 200
        returned = [r["id"] for r in response.json()["responses"]["q"]["results"]]
        assert [r["id"] for r in record.results["q"]] == returned
    assert log.verify().ok


def test_no_answer_when_the_audit_log_cannot_be_written(
    service: TestClient, sample_store: Store
) -> None:
    with sample_store.engine.begin() as conn:
        conn.execute(text("DROP TABLE audit_log"))
    response = service.post("/match/default", json={"queries": {"q": company("TSK Vektor")}})
    assert response.status_code == 503
    assert "audit log" in response.json()["detail"]
    assert "responses" not in response.json()
