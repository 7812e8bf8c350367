"""One entry point for every message format: the format is told from the bytes."""

from __future__ import annotations

from tracewire.messages.iso20022 import looks_like_xml, parse_iso20022
from tracewire.messages.model import MessageError, PaymentMessage
from tracewire.messages.swift_mt import looks_like_mt, parse_mt


def parse_message(data: bytes | str) -> PaymentMessage:
    """An ISO 20022 XML message or a SWIFT MT message; MessageError when it cannot be read."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not data.strip():
        raise MessageError("empty message", "line 1")
    if looks_like_xml(data):
        return parse_iso20022(data)
    head = data[:64].decode("ascii", errors="replace")
    if looks_like_mt(head):
        return parse_mt(data)
    raise MessageError(
        "neither ISO 20022 XML (starting with '<') nor SWIFT MT (starting with '{1:' or ':20:')",
        "line 1",
    )
