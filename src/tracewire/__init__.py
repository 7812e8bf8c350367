"""tracewire: screen parties against the official sanctions and export-control lists.

The library is the product; the ``tracewire`` command is a thin shell over it::

    from tracewire import Store, load_paths
    store = Store("sqlite:///tracewire.db")
    load_paths(store, [Path("sdn.csv"), Path("add.csv"), Path("alt.csv")])
"""

from tracewire._compiled import install as _install_compiled

# before any matcher module is imported: compiled modules only when built from these
# very sources (see tracewire._compiled)
_install_compiled()

from tracewire.errors import ListFormatError, TracewireError  # noqa: E402
from tracewire.ingest import load_paths  # noqa: E402
from tracewire.model import Entity  # noqa: E402
from tracewire.store import Store, diff_versions  # noqa: E402

__version__ = "0.1.0"
__all__ = ["Entity", "ListFormatError", "Store", "TracewireError", "diff_versions", "load_paths"]
