"""Build: the matcher's hot modules compiled to C with mypyc, when that can be done.

Everything else about the package is in pyproject.toml. The modules in
``tracewire._compiled.HOT`` (the name comparison a query makes per list name) are
compiled with mypyc into one extension (``tracewire._hot__mypyc`` and a small shim per
module); they stay plain Python source too, and :mod:`tracewire._compiled` decides at
import which of the two runs:

- ``TRACEWIRE_PURE=1`` at build time compiles nothing (and at run time imports the
  ``.py`` files whatever is built);
- a build that cannot compile (no mypyc, no C compiler, no Python headers, a mypyc
  error) warns, removes what it built of the extension and installs pure Python;
- a successful build writes ``tracewire/_compiled.json``: the compiled modules and a
  SHA-256 of each source file their code was built from. An editable install whose
  sources were edited after the build imports the ``.py`` files (with a warning) until
  it is built again (``pip install -e .``, which ``scripts/test`` runs).
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import json
import os
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
SRC = ROOT / "src"
PACKAGE = "tracewire"
#: kept in step with tracewire._compiled (read here from the source: the package itself
#: cannot be imported before its dependencies are installed)
MANIFEST = "_compiled.json"
GROUP = "tracewire._hot"


def _hot_modules() -> list[str]:
    """``tracewire._compiled.HOT``, read from the source file."""
    tree = ast.parse((SRC / PACKAGE / "_compiled.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and target.id == "HOT":
                return [str(m) for m in ast.literal_eval(node.value)]
    raise RuntimeError("tracewire/_compiled.py defines no HOT")


def _module_path(module: str) -> Path:
    return SRC / (module.replace(".", "/") + ".py")


def _is_module(name: str) -> bool:
    base = SRC / name.replace(".", "/")
    return base.with_suffix(".py").exists() or (base / "__init__.py").exists()


def _imports(module: str) -> set[str]:
    """The ``tracewire`` modules that ``module`` imports, as written in its source (a
    package's ``__init__`` only when names are imported from the package itself)."""
    path = _module_path(module)
    if not path.exists():
        path = SRC / module.replace(".", "/") / "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == PACKAGE)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] != PACKAGE:
                continue
            for alias in node.names:  # "from a.b import c": c a module, or a name of a.b
                sub = f"{node.module}.{alias.name}"
                found.add(sub if _is_module(sub) else node.module)
    return {name for name in found if _is_module(name)}


def _source_files(hot: list[str]) -> list[str]:
    """The source files the compiled code depends on: the hot modules and every
    ``tracewire`` module they import, directly or not (mypyc compiles against their
    types and constants), as paths relative to ``src``."""
    seen: set[str] = set()
    todo = list(hot)
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        todo.extend(_imports(module) - seen)
    files = set()
    for module in seen:
        path = _module_path(module)
        if not path.exists():
            path = SRC / module.replace(".", "/") / "__init__.py"
        files.add(path.relative_to(SRC).as_posix())
    return sorted(files)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


#: the setup commands that build the package (pip's PEP 517/660 hooks run bdist_wheel or
#: editable_wheel); the others (egg_info, dist_info: metadata) leave the extension a
#: placeholder rather than run mypyc for nothing
BUILD_COMMANDS = ("bdist_wheel", "editable_wheel", "build", "build_ext", "install", "develop")


def _builds() -> bool:
    return any(arg in BUILD_COMMANDS for arg in sys.argv[1:])


def _editable_build(command: build_ext) -> bool:
    """Whether this is an editable install's build. Its ``build_ext`` is finalized before
    setuptools marks it editable, so the command that setuptools' PEP 660 hook runs is
    read too."""
    return bool(getattr(command, "editable_mode", False)) or "editable_wheel" in sys.argv


def _inplace_build_current() -> bool:
    """Whether the compiled modules beside the sources (an editable install's) were built
    from these very sources, for this Python, of the modules in ``HOT`` today: the check
    :func:`tracewire._compiled.verified` makes at import, loaded from its file (the
    package cannot be imported before its dependencies are installed)."""
    name = "_tracewire_compiled_check"
    spec = importlib.util.spec_from_file_location(name, SRC / PACKAGE / "_compiled.py")
    if spec is None or spec.loader is None:
        return False
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    try:
        spec.loader.exec_module(module)
        status = module.verified(SRC / PACKAGE, dict(os.environ))
    except Exception:  # noqa: BLE001 - any doubt: compile again
        return False
    finally:
        sys.modules.pop(name, None)
    return bool(status.compiled) and list(status.modules) == _hot_modules()


class OptionalBuildExt(build_ext):
    """``build_ext`` that falls back to pure Python on any failure, and records what it
    compiled (``tracewire/_compiled.json``) when it succeeds."""

    extensions: list[Extension]
    #: an editable install whose in-place build is current: nothing built, nothing removed
    keep_inplace = False

    def finalize_options(self) -> None:
        # compiled here, when the build runs, not when setup.py is read (pip reads it
        # more than once an install)
        if self.distribution.ext_modules == [PLACEHOLDER] and _builds():
            pure = os.environ.get("TRACEWIRE_PURE") == "1"
            if not pure and _editable_build(self) and _inplace_build_current():
                # an editable reinstall (scripts/test runs one each time) keeps a build
                # made from these very sources instead of compiling them again
                print("tracewire's compiled modules were built from these sources: kept")
                self.keep_inplace = True
                self.distribution.ext_modules = []
            else:
                self.distribution.ext_modules = [] if pure else _mypycify()
        super().finalize_options()

    def run(self) -> None:
        if self.keep_inplace:
            return
        for target in self._targets():  # an earlier build's, true of it only
            (target / MANIFEST).unlink(missing_ok=True)
        if not self.extensions:
            return
        try:
            super().run()
        except Exception as exc:  # noqa: BLE001 - any failure: install pure Python
            self._give_up(exc)
            return
        self._write_manifest()

    def _targets(self) -> list[Path]:
        """Where the package's built files go: the build folder, and the source folder
        too for an in-place (editable) build."""
        out = [Path(self.build_lib) / PACKAGE]
        if self.inplace or getattr(self, "editable_mode", False):
            out.append(SRC / PACKAGE)
        return out

    def _give_up(self, exc: BaseException) -> None:
        print(
            f"WARNING: tracewire's compiled modules could not be built ({exc!r}); "
            "installing pure Python (the same results, slower matching)",
            file=sys.stderr,
        )
        for ext in self.extensions:  # a partial build must not be imported
            relative = Path(self.get_ext_filename(ext.name))
            for base in (Path(self.build_lib), SRC):
                (base / relative).unlink(missing_ok=True)
        for target in self._targets():
            (target / MANIFEST).unlink(missing_ok=True)
        self.extensions = []  # nothing of them is installed

    def _write_manifest(self) -> None:
        hot = _hot_modules()
        manifest = {
            "group": GROUP + "__mypyc",
            "modules": hot,
            "python": sys.implementation.cache_tag,
            "sources": {rel: _digest(SRC / rel) for rel in _source_files(hot)},
        }
        text = json.dumps(manifest, indent=1, sort_keys=True) + "\n"
        for target in self._targets():
            target.mkdir(parents=True, exist_ok=True)
            part = target / (MANIFEST + ".part")
            part.write_text(text, encoding="utf-8")
            part.replace(target / MANIFEST)


def _mypycify() -> list[Extension]:
    """The extensions of the hot modules (mypyc writes their C code into ``build``), or
    none when mypyc cannot compile them."""
    hot = _hot_modules()
    cwd = os.getcwd()
    try:
        from mypyc.build import mypycify

        os.chdir(ROOT)  # mypyc takes paths relative to the project
        return list(
            mypycify(
                [str(_module_path(m).relative_to(ROOT)) for m in hot],
                opt_level="3",
                group_name=GROUP,
            )
        )
    except (Exception, SystemExit) as exc:  # noqa: BLE001 - mypyc missing or refusing
        print(
            f"WARNING: mypyc could not compile tracewire's hot modules ({exc!r}); "
            "installing pure Python (the same results, slower matching)",
            file=sys.stderr,
        )
        return []
    finally:
        os.chdir(cwd)


#: a stand-in that makes the distribution one with extensions (a platform wheel); the
#: real ones replace it when they are built (OptionalBuildExt.run)
PLACEHOLDER = Extension(GROUP + "__mypyc", sources=[])

setup(ext_modules=[PLACEHOLDER], cmdclass={"build_ext": OptionalBuildExt})
