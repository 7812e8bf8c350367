"""The published JSON Schemas of the case and findings files, generated from the models.

``python -m tracewire.network.schema_files`` rewrites ``tracewire/data/case.schema.json``
and ``tracewire/data/findings.schema.json``; ``tests/network/test_schema_files.py`` fails
when a model changed and the files were not regenerated.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any


def schema_files() -> dict[Path, dict[str, Any]]:
    """Path of each published schema → the schema the models give today."""
    from tracewire.network.case import case_json_schema
    from tracewire.report.findings_json import findings_json_schema

    data = Path(str(resources.files("tracewire") / "data"))
    return {
        data / "case.schema.json": case_json_schema(),
        data / "findings.schema.json": findings_json_schema(),
    }


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_schemas() -> list[Path]:
    written = []
    for path, schema in schema_files().items():
        path.write_text(render(schema), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_schemas():
        print(f"wrote {path}")
