"""External entities in a list's XML: never loaded, never dropped without a word.

The XML parsers run with ``resolve_entities=False`` and ``no_network=True``, so an
entity declared ``SYSTEM "file:///…"`` or ``PUBLIC … "http://…"`` is never fetched (no
file disclosure, no request). A value that uses it then reads as empty; the publishers'
files declare none, so such a declaration means the file was altered, and the load
says so with a warning naming the entity and the line.
"""

from __future__ import annotations

import re
from pathlib import Path

from tracewire.sources.base import ParseResult, read_head

#: an entity declaration with an external identifier, in the DOCTYPE's internal subset
_EXTERNAL = re.compile(
    rb"<!ENTITY\s+(%\s+)?([^\s>]+)\s+(?:SYSTEM|PUBLIC\s+(?:\"[^\"]*\"|'[^']*'))\s+"
    rb"(\"[^\"]*\"|'[^']*')",
    re.S,
)
#: how much of a file's start is searched (the DOCTYPE comes before the first element)
HEAD_BYTES = 1 << 16


def warn_external_entities(path: Path, result: ParseResult) -> None:
    """Warn, for each external entity ``path`` declares, that it was not loaded."""
    head = read_head(path, HEAD_BYTES)
    doctype = head.find(b"<!DOCTYPE")
    if doctype < 0:
        return
    for match in _EXTERNAL.finditer(head, doctype):
        name = match.group(2).decode("utf-8", "replace")
        target = match.group(3)[1:-1].decode("utf-8", "replace")[:120]
        line = head.count(b"\n", 0, match.start()) + 1
        kind = "parameter entity" if match.group(1) else "entity"
        result.warn(
            path,
            f"external {kind} {name!r} ({target}) not loaded: tracewire never reads files "
            "or URLs an XML file points to; values that use it are left empty",
            line,
        )
