"""The published JSON Schemas are the ones the models give (regenerate with
``python -m tracewire.network.schema_files``)."""

from __future__ import annotations

import json

from tracewire.network.schema_files import render, schema_files


def test_published_schemas_are_up_to_date() -> None:
    for path, schema in schema_files().items():
        assert path.exists(), f"{path.name} missing: python -m tracewire.network.schema_files"
        assert path.read_text(encoding="utf-8") == render(schema), (
            f"{path.name} is out of date: run python -m tracewire.network.schema_files"
        )


def test_case_schema_documents_the_format() -> None:
    schema = json.loads(render(next(iter(schema_files().values()))))
    assert schema["title"].startswith("tracewire case file")
    defs = schema["$defs"]
    roles = defs["Role"]["enum"]
    assert roles == ["seller", "buyer", "consignee", "end_user", "intermediary",
                     "freight_forwarder", "payer", "payee", "bank", "shipper", "notify_party"]  # fmt: skip
    assert {"hs_code", "description", "quantity", "unit_price", "value", "currency"} <= set(defs["GoodsLine"]["properties"])  # fmt: skip
    assert defs["Party"]["additionalProperties"] is False
