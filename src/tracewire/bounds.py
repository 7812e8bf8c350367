"""Bounds on hostile or absurd input: every limit tracewire enforces on what it is given.

One table, so the README, the API, the CLI and the batch readers agree. Each limit is
far above any real value and far below what would exhaust a host:

=========================  =======  ==========================================================
limit                      value    what happens beyond it
=========================  =======  ==========================================================
``MAX_NAME_CHARS``         500      a query name longer: refused (HTTP 422, batch error row,
                                    CLI exit 2)
``MAX_NAME_WORDS``         24       a query name of more words: refused (listed names have
                                    at most 23)
``MAX_WORD_CHARS``         100      a word (letters/digits without a break) longer: refused
``MAX_QUERY_NAMES``        20       a query (one party) with more names: refused
``TYPO_KEY_CHARS``         32       longer words are matched as written and by their
                                    spelling variants, without the typo (edit) search
``MAX_NEAR_KEYS``          2,000    most near (typo) keys one query gathers over its words
``MAX_CHAIN_DEPTH``        1,000    an ownership chain deeper: refused with an error naming it
``MAX_REPORTED_HOPS``      25       longest ownership path written out in a finding (longer
                                    ones keep their two ends and say how many links between)
``MAX_JSON_DEPTH``         64       JSON nested deeper (a case file, a request): refused
``MAX_CSV_COLUMNS``        1,000    a CSV row with more columns, or a JSON-lines row with more
                                    keys: refused naming file and line
``MAX_OFFSET``             10^9     largest paging offset an endpoint accepts (HTTP 422)
=========================  =======  ==========================================================

The request body limit (``TRACEWIRE_API_MAX_BODY``, 1 MiB by default) is a setting, see
:mod:`tracewire.settings`.
"""

from __future__ import annotations

import re
from typing import Any

from tracewire.errors import InputError

MAX_NAME_CHARS = 500
MAX_NAME_WORDS = 24
MAX_WORD_CHARS = 100
MAX_QUERY_NAMES = 20
TYPO_KEY_CHARS = 32
MAX_NEAR_KEYS = 2_000
MAX_CHAIN_DEPTH = 1_000
MAX_REPORTED_HOPS = 25
MAX_JSON_DEPTH = 64
MAX_CSV_COLUMNS = 1_000
MAX_OFFSET = 1_000_000_000

_WORD = re.compile(r"\w+")


class LimitError(InputError):
    """Input over one of the bounds above (HTTP 422)."""

    status = 422


def check_names(names: list[str]) -> None:
    """Refuse a query of over :data:`MAX_QUERY_NAMES` names, or a name over
    :data:`MAX_NAME_CHARS`, :data:`MAX_NAME_WORDS` or with a word over
    :data:`MAX_WORD_CHARS`; the message says which limit and by how much."""
    if len(names) > MAX_QUERY_NAMES:
        raise LimitError(
            f"a party may have at most {MAX_QUERY_NAMES} names (this one has {len(names):,})"
        )
    for name in names:
        if len(name) > MAX_NAME_CHARS:
            raise LimitError(
                f"a name may have at most {MAX_NAME_CHARS} characters (this one has {len(name):,})"
            )
        words = _WORD.findall(name)
        if len(words) > MAX_NAME_WORDS:
            raise LimitError(
                f"a name may have at most {MAX_NAME_WORDS} words (this one has {len(words):,})"
            )
        longest = max(map(len, words), default=0)
        if longest > MAX_WORD_CHARS:
            raise LimitError(
                f"a word of a name may have at most {MAX_WORD_CHARS} characters "
                f"(this name has one of {longest:,})"
            )


def check_utf8(raw: bytes, where: str) -> None:
    """Refuse bytes that are not UTF-8 text, naming the line and byte of the first bad one."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"{where}, line {line}: not UTF-8 text (byte {exc.start:,}); save the file as UTF-8"
        ) from None


def check_text(value: str) -> str:
    """Refuse text that cannot be stored: a lone UTF-16 surrogate (JSON's ``"\\ud800"``)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(
            f"character {exc.start + 1} is a lone surrogate ({value[exc.start]!a}), not text"
        ) from None
    return value


def json_depth(value: Any, limit: int = MAX_JSON_DEPTH) -> int:
    """How deep ``value`` (parsed JSON) nests, counted without recursion; stops counting
    past ``limit`` (so a hostile document costs no more than its size)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if not isinstance(item, dict | list):
            continue
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, depth + 1) for child in children)
    return deepest


def check_json_depth(value: Any, what: str) -> None:
    """Refuse parsed JSON nested deeper than :data:`MAX_JSON_DEPTH`."""
    if json_depth(value) > MAX_JSON_DEPTH:
        raise LimitError(f"{what}: JSON nested more than {MAX_JSON_DEPTH} levels deep")
