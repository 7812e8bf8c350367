"""The versioned store: every load of every list, with provenance and diffs."""

from tracewire.store.diff import Diff, EntityChange, diff_versions
from tracewire.store.store import LoadReport, Store, VersionInfo

__all__ = ["Diff", "EntityChange", "LoadReport", "Store", "VersionInfo", "diff_versions"]
