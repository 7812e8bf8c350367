"""Property tests of the whole API against its own OpenAPI schema (schemathesis).

schemathesis turns ``/openapi.json`` into hypothesis strategies: requests that follow
the schema, and requests that break it (wrong types, missing fields, out-of-range
parameters). Every answer is checked: never a server error, and a status code, content
type and body that the schema documents. A few examples per operation and mode keep the
test to seconds; it is skipped when schemathesis is not installed.

(schemathesis' own pytest plugin does not load under pytest 9, so the strategies are
driven with hypothesis directly.)
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable

schemathesis = pytest.importorskip("schemathesis")
from schemathesis import checks as core_checks  # noqa: E402
from schemathesis.generation import GenerationMode  # noqa: E402
from schemathesis.specs.openapi import checks as openapi_checks  # noqa: E402

CHECKS = [
    core_checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_schema_conformance,
]
EXAMPLES = 10


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_api_answers_within_its_schema(service: TestClient, mode: GenerationMode) -> None:
    api = schemathesis.openapi.from_dict(service.get("/openapi.json").json())
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) >= 8
    tested_negative = 0
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],  # bounded: no open-ended shrinking
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: Any) -> None:
            kwargs = case.as_transport_kwargs(base_url="http://testserver")
            if not kwargs.get("cookies"):
                kwargs.pop("cookies", None)
            if isinstance(kwargs.get("data"), bytes | str):
                kwargs["content"] = kwargs.pop("data")
            try:
                response = service.request(**kwargs)
            except httpx.InvalidURL:
                return  # the client cannot even send it (e.g. a query string too long)
            case.validate_response(response, checks=CHECKS)

        try:
            check()
        except Unsatisfiable:
            # nothing about this operation can be invalid (e.g. /healthz takes no input)
            assert mode is GenerationMode.NEGATIVE
            tested_negative -= 1
        tested_negative += mode is GenerationMode.NEGATIVE
    if mode is GenerationMode.NEGATIVE:
        assert tested_negative >= 4  # match, search, entities, ... took invalid input
