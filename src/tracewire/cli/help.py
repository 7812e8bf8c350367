"""Help text that shows flags as flags.

Typer 0.26 and later print a type after every option in ``--help``, flags included
(``--json <bool>``), as if they took a value, and show a repeatable option's type as a
Python annotation (``--list <list[Path]>``, ``PATHS <list[Path]>``). :func:`fix_option_types` makes a flag show
no type and a repeatable option its element's type (``--list <path>``), on whichever
Typer version is installed; older versions, which never showed either, are unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import typer.core

_LIST = re.compile(r"<list\[(.+)\]>")
_PATCHED = "_tracewire_flag_types"


def _shown_type(original: Callable[..., str | None]) -> Callable[..., str | None]:
    def display_type_rich(self: Any, ctx: Any) -> str | None:
        if getattr(self, "is_flag", False) and not getattr(self, "count", False):
            return None  # a flag takes no value
        shown = original(self, ctx)
        match = _LIST.fullmatch(shown) if isinstance(shown, str) else None
        if match is not None:
            inner = match.group(1)
            return f"<{inner.lower() if inner.isidentifier() else inner}>"
        return shown

    setattr(display_type_rich, _PATCHED, True)
    return display_type_rich


def fix_option_types() -> None:
    for name in ("TyperOption", "TyperArgument"):
        cls = getattr(typer.core, name, None)
        original = getattr(cls, "display_type_rich", None)
        if cls is None or original is None or getattr(original, _PATCHED, False):
            continue
        cls.display_type_rich = _shown_type(original)
