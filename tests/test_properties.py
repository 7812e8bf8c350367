"""Property-based fuzzing (issue 12, item 8): the batch readers and the case loader take
any input and either read it or raise a located tracewire error, never anything else.

Small example counts keep this to seconds; raise ``TRACEWIRE_FUZZ_EXAMPLES`` to dig deeper.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracewire.errors import TracewireError
from tracewire.network.case_load import CaseFormatError, decode_case, parse_case
from tracewire.screen.batch import read_rows, row_to_query

EXAMPLES = int(os.environ.get("TRACEWIRE_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
EXAMPLE_CASE = Path(__file__).resolve().parents[1] / "examples" / "garpiya" / "case.json"

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
cells = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)


def read_all(path: Path) -> None:
    """Read every row and make its query, as ``screen`` does; only tracewire errors."""
    try:
        for line, row in read_rows(path):
            with contextlib.suppress(TracewireError):  # an error row: the run goes on
                row_to_query(row, line)
    except TracewireError:
        pass  # the file as a whole is refused, with a message


@FUZZ
@given(
    header=st.lists(cells, min_size=1, max_size=6),
    rows=st.lists(st.lists(cells, max_size=7), max_size=6),
)
def test_any_csv_is_read_or_refused(
    tmp_path: Path, header: list[str], rows: list[list[str]]
) -> None:
    if "name" not in header and header:
        header[0] = "name"
    text = "\n".join(",".join(json.dumps(c) if "," in c else c for c in r) for r in [header, *rows])
    path = tmp_path / "in.csv"
    path.write_text(text, encoding="utf-8")
    read_all(path)


@FUZZ
@given(lines=st.lists(json_values | st.text(max_size=30), max_size=8))
def test_any_json_lines_are_read_or_refused(tmp_path: Path, lines: list[Any]) -> None:
    path = tmp_path / "in.jsonl"
    body = "\n".join(v if isinstance(v, str) else json.dumps(v) for v in lines)
    path.write_text(body, encoding="utf-8", errors="surrogatepass")
    read_all(path)


@FUZZ
@given(data=json_values)
def test_any_json_is_a_case_or_a_case_error(data: Any) -> None:
    with contextlib.suppress(CaseFormatError):
        parse_case(data)


@FUZZ
@given(text=st.text(max_size=200))
def test_any_text_decodes_as_json_or_a_case_error(text: str) -> None:
    with contextlib.suppress(CaseFormatError):
        decode_case(text, "<fuzz>")


@FUZZ
@given(path=st.lists(st.integers(0, 50), min_size=1, max_size=4), value=json_values)
def test_a_case_with_any_field_replaced_is_read_or_located(path: list[int], value: Any) -> None:
    """Replace one nested value of the example case by any JSON value: the loader accepts
    it or names every problem, never crashes."""
    data = json.loads(EXAMPLE_CASE.read_text(encoding="utf-8"))
    node: Any = data
    for step in path[:-1]:
        children = list(node.values()) if isinstance(node, dict) else node
        if not isinstance(children, list) or not children:
            break
        child = children[step % len(children)]
        if not isinstance(child, dict | list):
            break
        node = child
    if isinstance(node, dict) and node:
        node[sorted(node)[path[-1] % len(node)]] = value
    elif isinstance(node, list) and node:
        node[path[-1] % len(node)] = value
    try:
        parse_case(data)
    except CaseFormatError as exc:
        assert exc.issues and all(where and message for where, message in exc.issues)
