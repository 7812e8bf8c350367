"""The audit chain's cost: group-committed writes with and without the anchor, and verify.

    .venv/bin/python -m bench.audit_chain [--records 20000] [--clients 64]

Writes ``--records`` service audit records through the service's writer
(:class:`tracewire.api.audit.AuditLog`), ``--clients`` at a time from the event loop (as
concurrent requests do), into a fresh SQLite store: once with the head anchored after
each commit (the default) and once without an anchor (the anchor file's cost), then
times ``verify`` over the whole chain. Uses a throwaway key and folder. Prints a table.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine

from tracewire.api.audit import AuditLog
from tracewire.api.keys import Principal
from tracewire.workflow.anchor import Anchor

WHO = Principal("k1", "bench", "screen")
BODY = b'{"queries": {"q": {"schema": "Company", "properties": {"name": ["TKS Vector"]}}}}'


def _write(log: AuditLog, records: int, clients: int) -> float:
    async def client(n: int) -> None:
        for i in range(n):
            await log.record_async(WHO, f"/match/default?i={i}", 200, BODY, results={"q": []})

    async def run() -> None:
        per = records // clients
        await asyncio.gather(*(client(per) for _ in range(clients)))

    started = time.perf_counter()
    asyncio.run(run())
    log.close()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20000)
    parser.add_argument("--clients", type=int, default=64)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["TRACEWIRE_AUDIT_KEY_FILE"] = str(Path(tmp) / "audit.key")
        for label, anchored in (("anchored", True), ("no anchor", False)):
            db = Path(tmp) / f"{label.replace(' ', '_')}.db"
            engine = create_engine(f"sqlite:///{db}")
            log = AuditLog(engine, anchor=None if anchored else Anchor(None))
            seconds = _write(log, args.records, args.clients)
            lines = 0
            if log.anchor.path is not None:
                lines = len(log.anchor.path.read_bytes().splitlines())
            started = time.perf_counter()
            result = log.verify(require_anchor=anchored)
            verify = time.perf_counter() - started
            assert result.ok, result.problem
            rows.append((label, log.written, log.commits, lines, seconds, verify))
            engine.dispose()
    print(f"{'':10} {'records':>8} {'commits':>8} {'anchor lines':>12} "
          f"{'records/s':>10} {'verify s':>9}")  # fmt: skip
    for label, written, commits, lines, seconds, verify in rows:
        print(f"{label:10} {written:>8,} {commits:>8,} {lines:>12,} "
              f"{written / seconds:>10,.0f} {verify:>9.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
