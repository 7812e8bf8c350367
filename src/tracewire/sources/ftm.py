"""FollowTheMoney JSON lines: OpenSanctions datasets, Aleph exports, tracewire's own export.

Records are kept exactly as given (values are not re-cleaned), so export gives back
the same records: the round trip is lossless.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import orjson

from tracewire.errors import InputError, ListFormatError
from tracewire.model import Entity
from tracewire.sources.base import ParseResult, read_head, read_text


class FtmJsonFormat:
    name = "ftm"
    default_dataset = "ftm"
    title = "FollowTheMoney JSON lines (OpenSanctions datasets, tracewire exports)"

    def sniff(self, paths: Sequence[Path]) -> bool:
        for path in paths:
            head = read_head(path, 65536).lstrip()
            if not head.startswith(b"{"):
                return False
            first = head.split(b"\n", 1)[0]
            try:
                data = orjson.loads(first)
            except orjson.JSONDecodeError:
                return False
            if not (isinstance(data, dict) and "schema" in data and "id" in data):
                return False
        return bool(paths)

    def parse(self, paths: Sequence[Path], dataset: str) -> ParseResult:
        result = ParseResult(dataset=dataset, format=self.name)
        for path in paths:
            text = read_text(path, "utf-8")
            for lineno, line in enumerate(text.splitlines(), start=1):
                if not line.strip():
                    continue
                try:
                    data = orjson.loads(line)
                except orjson.JSONDecodeError as exc:
                    raise ListFormatError(path, f"invalid JSON: {exc}", line=lineno) from exc
                if not isinstance(data, dict):
                    raise ListFormatError(path, "a line is not a JSON object", line=lineno)
                try:
                    entity = Entity.from_ftm(data, dataset)
                except InputError as exc:
                    raise ListFormatError(path, str(exc), line=lineno) from exc
                result.entities.append(entity)
                result.count(path.name)
        return result


FORMATS = [FtmJsonFormat()]
