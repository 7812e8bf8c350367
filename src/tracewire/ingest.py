"""Loading list files into the store: detect the format, parse, store a new version.

This is the library call behind ``tracewire lists load`` and ``lists update``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

from tracewire.sources.base import ListFormat
from tracewire.sources.registry import dataset_for, plan_loads
from tracewire.store import LoadReport, Store
from tracewire.store.history import LoadPolicy, check_new_version

Progress = Callable[[str], None]


def digest_files(paths: Sequence[Path]) -> str:
    """sha256 of one file, or of the sorted (name, sha256) pairs of a set of files."""
    hashes = []
    for path in sorted(paths, key=lambda p: p.name):
        h = hashlib.sha256()
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        hashes.append((path.name, h.hexdigest()))
    if len(hashes) == 1:
        return hashes[0][1]
    outer = hashlib.sha256()
    for name, digest in hashes:
        outer.update(f"{name}\0{digest}\n".encode())
    return outer.hexdigest()


def load_set(
    store: Store,
    fmt: ListFormat,
    files: Sequence[Path],
    dataset: str | None = None,
    source: str | None = None,
    policy: LoadPolicy = LoadPolicy(),
) -> LoadReport:
    """Parse one set of files with ``fmt`` and store it as a version (no-op if unchanged).

    Bytes the dataset already holds load nothing: the report names that version, and the
    current one (``current``) when it is another. A file cut short, older or much smaller
    than the current version is refused (LoadRefusedError) unless ``policy`` allows it
    (:func:`tracewire.store.history.check_new_version`)."""
    name = dataset or dataset_for(fmt, files)
    digest = digest_files(files)
    existing = store.find_sha(name, digest)
    if existing is not None:
        current = store.version(name)
        return LoadReport(existing, created=False, current=current)
    result = fmt.parse(list(files), name)
    label = source or ", ".join(str(f) for f in files)
    numbers_grow = bool(getattr(fmt, "record_numbers_grow", False))
    check_new_version(store, result, label, policy, numbers_grow)
    return store.load(result, label, digest)


def load_paths(
    store: Store,
    paths: Sequence[Path],
    dataset: str | None = None,
    format_name: str | None = None,
    progress: Progress | None = None,
    policy: LoadPolicy = LoadPolicy(),
) -> list[LoadReport]:
    """Load every list found in ``paths``; each set is its own atomic version."""
    reports = []
    for fmt, files in plan_loads(paths, format_name):
        if progress is not None:
            progress(f"{fmt.name}: {', '.join(f.name for f in files)}")
        reports.append(load_set(store, fmt, files, dataset, policy=policy))
    return reports
