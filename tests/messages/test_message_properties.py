"""Property-based fuzzing of the payment-message parsers (issue 12, item 8).

Whatever bytes or text a filter is given (random, or an example message mutated or cut),
screening never raises, and a message that cannot be read is never ``pass``: it is
``hold`` with one error hit naming the line or the XPath where reading failed.

Example counts are small and derandomized, so this runs in seconds and the same way
every time; raise ``TRACEWIRE_FUZZ_EXAMPLES`` to dig deeper.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracewire.messages.model import MessageError
from tracewire.messages.parse import parse_message
from tracewire.messages.screening import MessageScreener

EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "examples" / "payments" / "messages"
EXAMPLES = {p.name: p.read_bytes() for p in sorted(EXAMPLES_DIR.iterdir())}
READABLE = {name: data for name, data in EXAMPLES.items() if not name.startswith("broken-")}
MT = {name: data for name, data in READABLE.items() if name.startswith("mt")}

FUZZ = settings(
    max_examples=int(os.environ.get("TRACEWIRE_FUZZ_EXAMPLES", "50")),
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
#: "line 12", or an XPath of local names ("Document/FIToFICstmrCdtTrf/GrpHdr")
PLACE = re.compile(r"line \d+|[A-Za-z]\w*(\[\d+\])?(/|$)")
#: bytes the parsers treat specially: markup, MT block and field marks, line breaks
MARKS = b"<>/{}:-&;\"'=!?[]\n\r\t 0123456789AZaz\x00\xff"


def check(ms: MessageScreener, data: bytes | str) -> None:
    """Screen ``data``; if the parser refuses it, the verdict must be a located hold."""
    try:
        parse_message(data)
        error: MessageError | None = None
    except MessageError as exc:
        error = exc
    verdict = ms.screen_bytes(data, "fuzz")  # never raises
    assert verdict.verdict in ("pass", "hold", "block")
    if error is None:
        assert verdict.error is None
        return
    assert verdict.verdict == "hold", (data[:200], error)
    assert verdict.error == str(error)
    hit = verdict.hits[0]
    assert hit.kind == "error" and hit.action == "hold"
    assert hit.path is not None and PLACE.match(hit.path), (hit.path, str(error))
    assert hit.path in verdict.error


@st.composite
def mutated(draw: st.DrawFn, pool: dict[str, bytes]) -> bytes:
    """An example message with a few bytes deleted, inserted or replaced."""
    data = bytearray(pool[draw(st.sampled_from(sorted(pool)))])
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, max(0, len(data) - 1)))
        op = draw(st.sampled_from(("delete", "insert", "replace")))
        if op == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8) | st.sampled_from(MARKS).map(bytes))  # fmt: skip
        elif data:
            data[at] = draw(st.sampled_from(MARKS))
    return bytes(data)


@FUZZ
@given(data=st.binary(max_size=600))
def test_any_bytes_are_screened_or_held(message_screener: MessageScreener, data: bytes) -> None:
    check(message_screener, data)


@FUZZ
@given(
    head=st.sampled_from(["", "<", "<?xml version='1.0'?>", "{1:", "{4:\n", ":20:", "\ufeff<"]),
    text=st.text(max_size=300),
)
def test_any_text_is_screened_or_held(
    message_screener: MessageScreener, head: str, text: str
) -> None:
    check(message_screener, head + text)


@FUZZ
@given(data=mutated(EXAMPLES))
def test_mutated_examples_are_screened_or_held(
    message_screener: MessageScreener, data: bytes
) -> None:
    check(message_screener, data)


@FUZZ
@given(name=st.sampled_from(sorted(READABLE)), cut=st.floats(0.0, 1.0, exclude_max=True))
def test_a_cut_message_is_screened_or_held(
    message_screener: MessageScreener, name: str, cut: float
) -> None:
    data = READABLE[name]
    check(message_screener, data[: int(len(data) * cut)])


@FUZZ
@given(name=st.sampled_from(sorted(MT)), cut=st.floats(0.0, 1.0, exclude_max=True))
def test_a_cut_mt_message_is_never_read(
    message_screener: MessageScreener, name: str, cut: float
) -> None:
    """An MT message with headers that lost its end (before the closing ``-}``) is not
    taken for a shorter message: it is held, naming a line."""
    data = MT[name]
    end = data.rindex(b"-}")
    piece = data[: int(end * cut)]
    with pytest.raises(MessageError):
        parse_message(piece)
    check(message_screener, piece)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "latin-1", "cp1252", "utf-32"])
@pytest.mark.parametrize("name", sorted(READABLE))
def test_a_message_in_another_encoding_is_read_or_held(
    message_screener: MessageScreener, name: str, encoding: str
) -> None:
    text = READABLE[name].decode("utf-8")
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        pytest.skip(f"{name} has characters {encoding} cannot hold")
    check(message_screener, data)
