"""Steering a dataset's versions: naming one, making another current, and the checks a new
version passes before it becomes current.

A dataset's current version is its newest. :func:`make_current` (``lists use``) makes an
older or newer stored version current by storing it again as the next version: the same
entities (their stored JSON is shared, nothing is copied but the version's rows), the same
sha256, publisher's date and counts, and a ``source`` saying which version it restores
(:func:`restored_from`), under the store's load lock and recorded as pending a portfolio
rescreen, as a load is. The history stays append-only, and everything that follows the
current version (the diff, the portfolio rescreen, the service's index) sees the change as
it sees a load.

:func:`check_new_version` refuses, before anything is written, a parse result that is

- **cut short**: the parser found that the file's own completeness signals fail
  (:attr:`ParseResult.incomplete`); ``allow_truncated`` overrides;
- **older** than the current version: an earlier publisher's date, or, for files without
  one whose record numbers only grow (OFAC's ``ent_num``), a lower newest record number;
  ``force`` overrides;
- **much smaller**: it would remove more than :data:`SHRINK_LIMIT` of the current
  version's entities; ``allow_shrink`` overrides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import insert, literal, select

from tracewire.errors import InputError, LoadRefusedError, StoreError, UnknownVersionError
from tracewire.sources.base import ParseResult
from tracewire.store.notify import announce
from tracewire.store.schema import pending_rescreens, refs, version_entities, versions
from tracewire.store.store import LoadReport, Store, VersionInfo

#: a new version may remove at most this share of the current version's entities
SHRINK_LIMIT = 0.20
_RESTORED = re.compile(r"^restored version (\d+): ")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class LoadPolicy:
    """Which of :func:`check_new_version`'s refusals to override."""

    force: bool = False  # load a file older than the current version
    allow_shrink: bool = False  # load a file that removes more than SHRINK_LIMIT
    allow_truncated: bool = False  # load a file whose completeness signals fail


def restored_from(version: VersionInfo) -> int | None:
    """The version that ``version`` restores (made by ``lists use``), or None."""
    found = _RESTORED.match(version.source)
    return int(found.group(1)) if found else None


def resolve_version(store: Store, dataset: str, ref: str | int | None) -> VersionInfo:
    """A version named by number (``2``; ``-1`` is the newest), by date (``2024-05-03``:
    the newest version published that day, else the newest loaded that day), or the
    current version when ``ref`` is None."""
    if ref is None:
        return store.version(dataset)
    text = str(ref).strip()
    if text.lstrip("-").isdigit():
        return store.version(dataset, int(text))
    if not _DATE.match(text):
        raise InputError(
            f"{text!r} is not a version of {dataset!r}: give its number (e.g. 2) "
            "or its date (YYYY-MM-DD, the publisher's or the load's)"
        )
    all_versions = store.versions(dataset)
    published = [v for v in all_versions if (v.publisher_date or "")[:10] == text]
    loaded = [v for v in all_versions if v.loaded_at.date().isoformat() == text]
    found = published or loaded
    if found:
        return found[-1]
    dates = ", ".join(
        f"{v.seq}: {v.publisher_date or v.loaded_at.date().isoformat()}" for v in all_versions
    )
    raise UnknownVersionError(
        f"Dataset {dataset!r} has no version published or loaded on {text} (versions {dates})"
    )


def make_current(store: Store, version: VersionInfo) -> LoadReport:
    """Make ``version`` its dataset's current version again (see the module's notes).

    ``created`` is False when the current version already holds the same files."""
    current = store.version(version.dataset)
    if current.sha256 == version.sha256:
        return LoadReport(current, created=False)
    with store.engine.connect() as conn:
        store._lock_loads(conn)  # numbered and written as a load is, never beside one
        latest = conn.execute(
            select(versions)
            .where(versions.c.dataset == version.dataset)
            .order_by(versions.c.seq.desc())
            .limit(1)
        ).one()
        if latest.sha256 == version.sha256:  # another process made it current meanwhile
            conn.rollback()
            return LoadReport(store._version(latest), created=False)
        seq = latest.seq + 1
        row = conn.execute(select(versions).where(versions.c.id == version.id)).one()
        values = {k: v for k, v in row._mapping.items() if k != "id"}
        source = _RESTORED.sub("", version.source)
        now = datetime.now(UTC)
        values |= {
            "seq": seq,
            "source": f"restored version {version.seq}: {source}",
            "loaded_at": now,
        }
        pk = conn.execute(insert(versions).values(**values)).inserted_primary_key
        if pk is None:
            raise StoreError("the database returned no id for the new version")
        vid = int(pk[0])
        conn.execute(
            insert(pending_rescreens).values(
                version_id=vid, dataset=version.dataset, seq=seq, created_at=now
            )
        )
        ve = version_entities.c
        conn.execute(
            insert(version_entities).from_select(
                ["version_id", "entity_id", "schema", "source_id", "caption", "hash"],
                select(
                    literal(vid), ve.entity_id, ve.schema, ve.source_id, ve.caption, ve.hash
                ).where(ve.version_id == version.id),
            )
        )
        conn.execute(
            insert(refs).from_select(
                ["version_id", "entity_id", "prop", "target_id"],
                select(literal(vid), refs.c.entity_id, refs.c.prop, refs.c.target_id).where(
                    refs.c.version_id == version.id
                ),
            )
        )
        new = conn.execute(select(versions).where(versions.c.id == vid)).one()
        announce(conn)  # every service sharing the store reloads once this commits
        conn.commit()
    return LoadReport(store._version(new), created=True)


def _entity_ids(store: Store, version: VersionInfo) -> list[tuple[str, str | None]]:
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(version_entities.c.entity_id, version_entities.c.source_id).where(
                version_entities.c.version_id == version.id
            )
        )
        return [(r[0], r[1]) for r in rows]


def _newest_number(source_ids: list[str | None]) -> int | None:
    numbers = [int(s) for s in source_ids if s and s.isdigit()]
    return max(numbers, default=None)


def check_new_version(
    store: Store,
    result: ParseResult,
    label: str,
    policy: LoadPolicy,
    numbers_grow: bool = False,
) -> None:
    """Refuse (LoadRefusedError) a parse result that is cut short, older than the current
    version or much smaller than it, unless ``policy`` allows it; see the module's notes.

    ``numbers_grow``: the format's record numbers (``source_id``) only grow from one
    edition to the next, so a lower newest number means an older file."""
    problems: list[str] = []
    if result.incomplete and not policy.allow_truncated:
        for w in result.incomplete:
            problems.append(f"{w} (load it anyway with --allow-truncated)")
    try:
        current: VersionInfo | None = store.version(result.dataset)
    except StoreError:
        current = None
    if current is not None:
        cur_ids = _entity_ids(store, current) if not (policy.force and policy.allow_shrink) else []
        if not policy.force:
            older = _older(result, current, cur_ids, numbers_grow)
            if older:
                problems.append(f"{older} (load it anyway with --force)")
        if not policy.allow_shrink and cur_ids:
            new_ids = {e.id for e in result.entities}
            lost = sum(1 for eid, _ in cur_ids if eid not in new_ids)
            share = lost / len(cur_ids)
            if share > SHRINK_LIMIT:
                problems.append(
                    f"it would remove {lost:,} of the {len(cur_ids):,} entities of the current "
                    f"version {current.seq} ({share:.0%}; at most {SHRINK_LIMIT:.0%} may go "
                    "without --allow-shrink): a cut or wrong file?"
                )
    if problems:
        lines = "\n".join(f"  - {p}" for p in problems)
        raise LoadRefusedError(
            f"{label}: not loaded into {result.dataset!r} (its stored versions are "
            f"unchanged):\n{lines}"
        )


def _older(
    result: ParseResult,
    current: VersionInfo,
    cur_ids: list[tuple[str, str | None]],
    numbers_grow: bool,
) -> str | None:
    """Why the result is an older edition than ``current``, or None."""
    new_date, cur_date = result.publisher_date, current.publisher_date
    if new_date and cur_date:
        if new_date[:10] < cur_date[:10]:
            return (
                f"it was published {new_date[:10]}, before the current version "
                f"{current.seq} (published {cur_date[:10]}): an older edition of the list"
            )
        return None
    if numbers_grow and current.format == result.format:
        new_max = _newest_number([e.source_id for e in result.entities])
        cur_max = _newest_number([sid for _, sid in cur_ids])
        if new_max is not None and cur_max is not None and new_max < cur_max:
            return (
                f"its newest entry is number {new_max}, older than the current version "
                f"{current.seq}'s newest ({cur_max}): an older edition of the list (the "
                "files state no publisher's date)"
            )
    return None
