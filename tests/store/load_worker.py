"""A process that opens a store and loads one version, for the concurrency tests.

Each worker is its own process with its own connections, as two ``tracewire lists load``
would be.
"""

from __future__ import annotations

import time
from typing import Any

from tracewire.model import Entity
from tracewire.sources.base import ParseResult
from tracewire.store import Store


def entities(dataset: str, names: list[str]) -> list[Entity]:
    """Persons whose FtM JSON names one shared dataset, so the blobs of two datasets'
    loads are the same rows (as for a list loaded under two names)."""
    out = []
    for name in names:
        e = Entity.make("Person", f"p-{name.lower()}", dataset, source_id=name)
        e.add("name", name)
        e.extra["datasets"] = ["shared"]
        out.append(e)
    return out


def load(
    url: str, dataset: str, sha: str, names: list[str], barrier: Any, out: Any, hold: float
) -> None:
    """Open the store and load when every worker is ready; put (dataset, sha, seq,
    created, error) on ``out``. ``hold``: seconds to keep the load's transaction open
    after its first writes, so loads that are not serialised overlap."""
    try:
        barrier.wait(60)
        store = Store(url)  # every worker opens (and may migrate) a fresh store at once
        write = Store._write_entities

        def slow_write(self: Store, conn: Any, vid: int, rows: Any) -> None:
            write(self, conn, vid, rows)
            time.sleep(hold)

        Store._write_entities = slow_write  # type: ignore[method-assign]
        result = ParseResult(dataset=dataset, format="test", entities=entities(dataset, names))
        barrier.wait(60)
        report = store.load(result, f"{dataset}.json", sha)
        out.put((dataset, sha, report.version.seq, report.created, None))
        store.close()
    except Exception as exc:  # noqa: BLE001 - reported to the test
        barrier.abort()
        out.put((dataset, sha, None, None, f"{type(exc).__name__}: {exc}"))
