"""Load time and peak memory of every real list in ../shared/data.

    .venv/bin/python -m bench.load_lists [--only NAME]

Each list loads in a fresh subprocess into a fresh SQLite store (parse + atomic write),
so its peak RSS is its own. Prints one table row per list.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RAW = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "raw"

#: (label, paths under RAW, dataset or None for the format's default)
LISTS: list[tuple[str, list[str], str | None]] = [
    ("OFAC SDN 2024-05-03 (sdn.csv)", ["ofac_sdn_2024-05-03/sdn.csv"], None),
    (
        "OFAC SDN 2024 + add/alt 2026",
        [
            "ofac_sdn_2024-05-03/sdn.csv",
            "ofac_sdn_add_alt_2026/add.csv",
            "ofac_sdn_add_alt_2026/alt.csv",
        ],
        None,
    ),
    ("OFAC SDN full set 2021-07", ["ofac_sdn_fullset_2021-07"], None),
    ("OFAC consolidated 2025-12", ["ofac_consolidated_nonsdn_2025-12"], None),
    ("OFAC advanced XML 2020-03", ["ofac_cons_advanced_xml_2020-03/cons_advanced.xml"], None),
    ("UN SC 2026-02-27", ["un_sc_consolidated_2026-02-27/UN_consolidated.xml"], None),
    ("UN SC 2022-09-15", ["un_sc_consolidated_2022-09-15/un.xml"], None),
    ("UK FCDO ODS 2025-08", ["uk_fcdo_sanctions_list_2025-08"], None),
    ("UK list (derived) 2026-05", ["uk_sanctions_list_derived_2026-05"], None),
    ("EU journal (OpenSanctions)", ["eu_journal_sanctions_opensanctions/consolidated"], None),
    ("US CSL 2023-11 (partial)", ["us_csl_2023-11_partial/csl.csv"], None),
    ("US CSL 2025-06 sample", ["us_csl_2025-06_sample/consolidated.csv"], None),
    ("BIS Denied Persons 2023-11", ["bis_denied_persons_2023-11/dpl.txt"], None),
    ("DoD 1260H (OpenSanctions)", ["opensanctions_us_dod_1260h/sanctions.csv"], None),
    ("OpenSanctions FtM (ZALA)", ["opensanctions_ftm_fixtures/zala/entities.ftm.json"], "zala"),
]

CHILD = """
import json, resource, sys, time
from pathlib import Path
from tracewire.ingest import load_paths
from tracewire.store.history import LoadPolicy
from tracewire.store import Store
paths = [Path(p) for p in json.loads(sys.argv[1])]
dataset = sys.argv[2] or None
store = Store(sys.argv[3])
t0 = time.perf_counter()
reports = load_paths(store, paths, dataset=dataset, policy=LoadPolicy(allow_truncated=True))
elapsed = time.perf_counter() - t0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({
    "seconds": elapsed, "rss_mb": rss,
    "entities": sum(r.version.entity_count for r in reports),
    "warnings": sum(len(r.version.warnings) for r in reports),
    "formats": sorted({r.version.format for r in reports}),
}))
"""


def run_one(paths: list[Path], dataset: str | None) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        proc = subprocess.run(
            [sys.executable, "-c", CHILD, json.dumps([str(p) for p in paths]), dataset or "", url],
            capture_output=True,
            text=True,
            check=False,
        )
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr else "failed"}
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", help="run the lists whose label contains this text")
    args = parser.parse_args()
    if not RAW.exists():
        sys.exit(f"no shared data at {RAW}")
    print(f"{'list':<32} {'format':<18} {'entities':>9} {'warn':>5} {'load s':>7} {'peak MB':>8}")
    print("-" * 84)
    t0 = time.perf_counter()
    for label, rel, dataset in LISTS:
        if args.only and args.only.lower() not in label.lower():
            continue
        paths = [RAW / r for r in rel]
        if not all(p.exists() for p in paths):
            print(f"{label:<32} (missing)")
            continue
        r = run_one(paths, dataset)
        if "error" in r:
            print(f"{label:<32} ERROR {r['error']}")
            continue
        fmt = ",".join(r["formats"])  # type: ignore[arg-type]
        print(
            f"{label:<32} {fmt:<18} {r['entities']:>9,} {r['warnings']:>5} "
            f"{r['seconds']:>7.2f} {r['rss_mb']:>8.0f}"
        )
    print(f"\ntotal wall time {time.perf_counter() - t0:.1f} s (one process per list, 1 core each)")


if __name__ == "__main__":
    main()
