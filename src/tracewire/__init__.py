"""tracewire: screen parties against the official sanctions and export-control lists.

The library is the product; the ``tracewire`` command is a thin shell over it::

    from tracewire import Store, load_paths
    store = Store("sqlite:///tracewire.db")
    load_paths(store, [Path("sdn.csv"), Path("add.csv"), Path("alt.csv")])
"""

from tracewire.errors import ListFormatError, TracewireError
from tracewire.ingest import load_paths
from tracewire.model import Entity
from tracewire.store import Store, diff_versions

__version__ = "0.1.0"
__all__ = ["Entity", "ListFormatError", "Store", "TracewireError", "diff_versions", "load_paths"]
