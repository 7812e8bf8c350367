"""The screening universe of the accuracy benchmark: the real lists, loaded by tracewire.

Every list in ``../shared/data/raw`` that a screener would hold is parsed with tracewire's
own parsers into a throw-away SQLite store (``tracewire.ingest``), and its matchable
entities (Person, Organization, Company, LegalEntity, Vessel, Airplane, PublicBody) are
read back with ``store.entities(dataset)``. A list whose parser is not registered yet is
tried with the parser modules that exist in ``tracewire.sources`` but are not in the
registry (reported as such), and skipped with a message when nothing reads it. The
generic ``custom_csv`` format never counts as a parser for a publisher's list: it would
accept a foreign CSV and load nonsense.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tracewire.ingest import load_set
from tracewire.match.index import screening_targets
from tracewire.model import Entity
from tracewire.sources.base import ListFormat
from tracewire.sources.registry import expand_paths, formats, plan_loads
from tracewire.store import Store
from tracewire.store.history import LoadPolicy

RAW = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "raw"

#: formats that read anything tabular and so must not stand in for a publisher's parser
GENERIC_FORMATS = frozenset({"custom_csv"})


@dataclass(frozen=True, slots=True)
class ListSpec:
    label: str
    paths: tuple[str, ...]


#: the 2023 CSL file is a trimmed subset whose last record is cut off: load it all the same
TRIMMED_OK = LoadPolicy(allow_truncated=True)

#: the lists a screener holds: the newest version of each, no superseded snapshots
LISTS: tuple[ListSpec, ...] = (
    ListSpec(
        "OFAC SDN 2024-05 + add/alt 2026",
        (
            "ofac_sdn_2024-05-03/sdn.csv",
            "ofac_sdn_add_alt_2026/add.csv",
            "ofac_sdn_add_alt_2026/alt.csv",
        ),
    ),
    ListSpec("OFAC consolidated (non-SDN) 2025-12", ("ofac_consolidated_nonsdn_2025-12",)),
    ListSpec(
        "UN SC consolidated 2026-02-27", ("un_sc_consolidated_2026-02-27/UN_consolidated.xml",)
    ),
    ListSpec("UK sanctions list (derived) 2026-05", ("uk_sanctions_list_derived_2026-05",)),
    ListSpec("EU journal (OpenSanctions)", ("eu_journal_sanctions_opensanctions/consolidated",)),
    ListSpec("US CSL 2023-11 (partial)", ("us_csl_2023-11_partial/csl.csv",)),
    ListSpec("BIS Denied Persons 2023-11", ("bis_denied_persons_2023-11/dpl.txt",)),
    ListSpec("DoD 1260H (OpenSanctions)", ("opensanctions_us_dod_1260h/sanctions.csv",)),
)

Say = Callable[[str], None]


def _stderr(msg: str) -> None:
    print(msg, file=sys.stderr)


@dataclass
class Universe:
    """The matchable entities of every list that loaded, and what did not load."""

    entities: list[Entity] = field(default_factory=list)
    #: every record of the loaded lists (sanctions and links too), as a Screener gets them
    records: list[Entity] = field(default_factory=list)
    loaded: list[tuple[str, str, int]] = field(default_factory=list)  # label, how, count
    skipped: list[tuple[str, str]] = field(default_factory=list)  # label, why
    seconds: float = 0.0

    def by_id(self) -> dict[str, Entity]:
        return {e.id: e for e in self.entities}


def _unregistered_formats() -> list[ListFormat]:
    """Formats of parser modules in tracewire.sources that the registry does not list yet."""
    import tracewire.sources as pkg

    known = set(formats())
    out: list[ListFormat] = []
    for info in pkgutil.iter_modules(pkg.__path__):
        try:
            module = importlib.import_module(f"tracewire.sources.{info.name}")
        except Exception:  # noqa: BLE001 - a half-written module must not stop the bench
            continue
        for fmt in getattr(module, "FORMATS", None) or []:
            if getattr(fmt, "name", None) and fmt.name not in known:
                known.add(fmt.name)
                out.append(fmt)
    return out


def _registry_plans(paths: Sequence[Path]) -> list[tuple[ListFormat, list[Path]]] | None:
    try:
        plans = plan_loads(paths)
    except Exception:  # noqa: BLE001 - unknown format, or a folder of mixed files
        return None
    if any(fmt.name in GENERIC_FORMATS for fmt, _ in plans):
        return None
    return plans


def _fallback_plan(
    paths: Sequence[Path], extra: list[ListFormat]
) -> tuple[ListFormat, list[Path]] | None:
    files = expand_paths(paths)
    for fmt in extra:
        try:
            if fmt.sniff(files):
                return fmt, files
        except Exception:  # noqa: BLE001
            continue
    return None


def load_universe(
    store_dir: Path | None = None,
    lists: Sequence[ListSpec] = LISTS,
    registry_only: bool = False,
    say: Say = _stderr,
) -> Universe:
    """Parse every list into a fresh store and return its matchable entities."""
    started = time.perf_counter()
    tmp = None
    if store_dir is None:
        tmp = tempfile.TemporaryDirectory(prefix="tracewire-bench-")
        store_dir = Path(tmp.name)
    store_dir.mkdir(parents=True, exist_ok=True)
    store = Store(f"sqlite:///{store_dir / 'lists.db'}")
    extra = [] if registry_only else _unregistered_formats()
    uni = Universe()
    try:
        for spec in lists:
            paths = [RAW / p for p in spec.paths]
            if not all(p.exists() for p in paths):
                uni.skipped.append((spec.label, "files not present"))
                say(f"skip {spec.label}: files not present")
                continue
            plans = _registry_plans(paths)
            how = "registry"
            if plans is None:
                fb = None if registry_only else _fallback_plan(paths, extra)
                if fb is None:
                    uni.skipped.append((spec.label, "no parser reads it yet"))
                    say(f"skip {spec.label}: no registered parser reads it yet")
                    continue
                plans = [fb]
                how = f"unregistered module ({fb[0].name})"
            datasets: list[str] = []
            try:
                for fmt, files in plans:
                    report = load_set(store, fmt, files, policy=TRIMMED_OK)
                    datasets.append(report.version.dataset)
            except Exception as exc:  # noqa: BLE001 - a failing parser skips its list
                uni.skipped.append((spec.label, f"parser failed: {exc}"))
                say(f"skip {spec.label}: parser failed: {str(exc)[:200]}")
                continue
            count = 0
            for ds in dict.fromkeys(datasets):
                for entity in store.entities(ds):
                    uni.records.append(entity)
                    count += entity.matchable and bool(entity.names)
            uni.loaded.append((spec.label, how, count))
            say(f"loaded {spec.label}: {count} matchable entities ({how})")
    finally:
        store.close()
        if tmp is not None:
            tmp.cleanup()
    # queries come only from parties the lists sanction, not from owners or links they name
    sanctioned: dict[str, list[str]] = {}
    for e in uni.records:
        if e.schema == "Sanction":
            for target in e.get("entity"):
                sanctioned.setdefault(target, []).append(e.dataset)
    parties = [e for e in uni.records if e.matchable and e.names]
    uni.entities = screening_targets(parties, sanctioned)
    uni.entities.sort(key=lambda e: e.id)
    uni.seconds = time.perf_counter() - started
    return uni
