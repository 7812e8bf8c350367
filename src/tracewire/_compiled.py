"""Which matcher modules run compiled, and a guard against a stale compiled build.

The build (``setup.py``) compiles the modules in :data:`HOT` with mypyc, when it can,
into C extensions that sit beside their ``.py`` files; Python prefers an extension to a
source file of the same module. It writes :data:`MANIFEST` beside this file: the
modules compiled and a SHA-256 of every source file their compiled code was built from
(the modules and the ``tracewire`` modules they import). The compiled code and the
source are one program either way: the results do not depend on which runs.

:func:`install` (called first thing by ``tracewire/__init__.py``) puts a finder in front
of the import system that makes every ``tracewire`` module with an extension beside it
import from its ``.py`` file instead, unless the compiled build is :func:`verified`:

- ``TRACEWIRE_PURE=1`` in the environment: source files, always (no warning);
- an extension with no manifest (built by hand, left by an older build), a manifest
  for another Python, an extension of the manifest missing, or its shared library
  failing to load: source files, with a warning;
- a source file edited since the build (its hash differs): source files for all the
  compiled modules, with a warning naming the file. Compiled modules call each other
  directly, so one stale module taints the group: it is all or none. A developer's
  editable install is rebuilt by ``pip install -e .`` (``scripts/test`` runs it).

:func:`status` says which it was; ``tests/test_compiled.py`` requires the compiled
modules under ``CI=true``.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TypeVar

T = TypeVar("T")

#: the modules the build compiles (setup.py reads this list from this file): the name
#: comparison a query makes with each candidate's names, and what it calls per word pair
HOT = (
    "tracewire.match.names",
    "tracewire.match.scoring",
    "tracewire.match.combine",
    "tracewire.match.romanisations",
    "tracewire.match.variants",
    "tracewire.match.eastasian",
    # a query's own preparation (NameForm, pickled in index files, stays an ordinary
    # Python class: :func:`interpreted`)
    "tracewire.match.normalise",
    "tracewire.match.orgterms",
    # retrieval (NameIndex stays an ordinary class too; compiled code checks its class
    # exactly, so its one subclass, PartIndex, is defined in the same module)
    "tracewire.match.index",
)
#: what the build wrote (beside this file)
MANIFEST = "_compiled.json"
PACKAGE_DIR = Path(__file__).resolve().parent


def interpreted(cls: T) -> T:
    """Keep ``cls`` an ordinary Python class in a compiled module (mypyc makes a class it
    does not know the decorators of a plain class; its methods are compiled all the same).

    For the classes an index file pickles (:class:`~tracewire.match.normalise.NameForm`,
    :class:`~tracewire.match.index.Record`, :class:`~tracewire.match.index.NameIndex`):
    their instances keep a ``__dict__`` or slots and pickle exactly as the pure-Python
    classes do, so compiled and pure processes read each other's index files (a native
    class pickles otherwise), and the index keeps its caches as attributes."""
    return cls


@dataclass(frozen=True)
class Status:
    """Whether the compiled modules are used, and why not when they are not."""

    compiled: bool
    #: the modules compiled (the manifest's), empty without one
    modules: tuple[str, ...]
    #: why the source files are imported ("" when compiled)
    reason: str


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _extension_of(module: str, package_dir: Path) -> Path | None:
    """The extension file beside the ``.py`` of ``module`` (a ``tracewire`` module), if
    there is one."""
    relative = module.split(".")[1:]
    if not relative:
        return None
    folder = package_dir.joinpath(*relative[:-1])
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        candidate = folder / (relative[-1] + suffix)
        if candidate.exists():
            return candidate
    return None


def stale_sources(manifest: dict[str, object], src_dir: Path) -> list[str]:
    """The source files (relative to ``src_dir``, the folder holding the ``tracewire``
    package) whose content differs from what the build compiled, or that are gone."""
    sources = manifest.get("sources")
    if not isinstance(sources, dict):
        return ["(no source hashes in the manifest)"]
    out = []
    for relative, digest in sorted(sources.items()):
        path = src_dir / relative
        if not path.is_file() or _digest(path) != digest:
            out.append(str(relative))
    return out


def verified(package_dir: Path = PACKAGE_DIR, environ: dict[str, str] | None = None) -> Status:
    """Whether the compiled modules beside the package's sources may be imported."""
    env = os.environ if environ is None else environ
    if env.get("TRACEWIRE_PURE") == "1":
        return Status(False, (), "TRACEWIRE_PURE=1")
    path = package_dir / MANIFEST
    if not path.exists():
        return Status(False, (), "not compiled (no manifest)")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        modules = tuple(str(m) for m in manifest["modules"])
        group = str(manifest["group"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return Status(False, (), f"unreadable manifest {path}: {exc}")
    if manifest.get("python") != sys.implementation.cache_tag:
        return Status(False, modules, f"built for {manifest.get('python')}")
    missing = [m for m in modules if _extension_of(m, package_dir) is None]
    if missing:
        return Status(False, modules, f"no compiled extension for {', '.join(missing)}")
    stale = stale_sources(manifest, package_dir.parent)
    if stale:
        return Status(
            False,
            modules,
            f"source edited since the build: {', '.join(stale)} "
            "(rebuild with `pip install -e .` or scripts/test)",
        )
    if _extension_of(group, package_dir) is None:
        return Status(False, modules, f"no shared library {group}")
    return Status(True, modules, "")


class SourceFinder(importlib.abc.MetaPathFinder):
    """Imports the ``.py`` file of each module of a package that has an extension
    beside it (the compiled build not being verified)."""

    def __init__(self, package: str, package_dir: Path) -> None:
        self.package = package
        self.package_dir = package_dir

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if not fullname.startswith(self.package + ".") or path is None:
            return None
        name = fullname.rpartition(".")[2]
        for entry in path:
            folder = Path(entry)
            source = folder / (name + ".py")
            if not source.is_file():
                continue
            if not any(
                (folder / (name + suffix)).exists()
                for suffix in importlib.machinery.EXTENSION_SUFFIXES
            ):
                return None  # no extension: the usual import finds the source
            return importlib.util.spec_from_file_location(fullname, source)
        return None


_STATUS: list[Status] = []


def install(package_dir: Path = PACKAGE_DIR) -> Status:
    """Decide once per process whether the compiled modules run (:func:`verified`);
    when they do not, make every ``tracewire`` module import from its source."""
    if _STATUS:
        return _STATUS[0]
    found = verified(package_dir)
    if found.compiled:
        try:  # the one library all compiled modules live in must load here
            importlib.import_module(str(_group_name(package_dir)))
        except ImportError as exc:
            found = Status(False, found.modules, f"compiled library does not load: {exc}")
    if not found.compiled:
        sys.meta_path.insert(0, SourceFinder(package_dir.name, package_dir))
        noisy = found.reason != "TRACEWIRE_PURE=1" and (
            found.modules or any(_extension_of(m, package_dir) for m in HOT)
        )
        if noisy:
            warnings.warn(
                f"tracewire runs its matcher as pure Python (slower): {found.reason}",
                RuntimeWarning,
                stacklevel=3,
            )
    _STATUS.append(found)
    return found


def _group_name(package_dir: Path) -> str:
    manifest = json.loads((package_dir / MANIFEST).read_text(encoding="utf-8"))
    return str(manifest["group"])


def status() -> Status:
    """What :func:`install` decided for this process."""
    return install()


def compiled_in_use() -> dict[str, bool]:
    """Per module of :data:`HOT` (imported here), whether it was loaded from an
    extension."""
    out = {}
    for module in HOT:
        origin = getattr(importlib.import_module(module), "__file__", "") or ""
        out[module] = origin.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))
    return out
