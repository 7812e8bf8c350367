"""tracewire: screen parties against the official sanctions and export-control lists.

The library is the product; the ``tracewire`` command is a thin shell over it::

    from tracewire import Store, load_paths
    store = Store("sqlite:///tracewire.db")
    load_paths(store, [Path("sdn.csv"), Path("add.csv"), Path("alt.csv")])

The names below are imported on first use (PEP 562), so that ``import tracewire`` (and
``tracewire --help``) does not load followthemoney's model and the store.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from tracewire._compiled import install as _install_compiled

# before any matcher module is imported: compiled modules only when built from these
# very sources (see tracewire._compiled)
_install_compiled()

if TYPE_CHECKING:
    from tracewire.errors import ListFormatError, TracewireError
    from tracewire.ingest import load_paths
    from tracewire.model import Entity
    from tracewire.store import Store, diff_versions

__version__ = "0.1.0"
__all__ = ["Entity", "ListFormatError", "Store", "TracewireError", "diff_versions", "load_paths"]

_LAZY = {
    "Entity": "tracewire.model",
    "ListFormatError": "tracewire.errors",
    "Store": "tracewire.store",
    "TracewireError": "tracewire.errors",
    "diff_versions": "tracewire.store",
    "load_paths": "tracewire.ingest",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'tracewire' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
