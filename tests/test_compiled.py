"""The matcher's compiled modules (mypyc, built by setup.py; see tracewire._compiled):
used under CI, never when stale, and scoring exactly as the source does."""

from __future__ import annotations

import hashlib
import importlib.machinery
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import required_in_ci
from tracewire import _compiled
from tracewire._compiled import HOT, MANIFEST, SourceFinder, verified

SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]
PACKAGE_DIR = Path(_compiled.__file__).resolve().parent


def _require_compiled() -> _compiled.Status:
    found = _compiled.status()
    if not found.compiled:
        required_in_ci(f"the matcher runs as pure Python: {found.reason}")
    return found


def test_the_compiled_modules_are_the_ones_imported() -> None:
    found = _require_compiled()
    assert found.modules == HOT
    in_use = _compiled.compiled_in_use()
    assert all(in_use.values()), f"loaded from source: {[m for m, c in in_use.items() if not c]}"


def _fake_build(tmp_path: Path) -> Path:
    """A package ``tracewire`` in ``tmp_path/src`` with one "compiled" module: a source
    file, an extension file beside it (not a real one: never imported here) and a
    manifest holding the source's hash."""
    package = tmp_path / "src" / "tracewire"
    (package / "match").mkdir(parents=True)
    source = package / "match" / "names.py"
    source.write_text("X = 1\n", encoding="utf-8")
    (package / "match" / f"names{SUFFIX}").write_bytes(b"not a library")
    (package / f"_hot__mypyc{SUFFIX}").write_bytes(b"not a library")
    manifest = {
        "group": "tracewire._hot__mypyc",
        "modules": ["tracewire.match.names"],
        "python": sys.implementation.cache_tag,
        "sources": {"tracewire/match/names.py": hashlib.sha256(source.read_bytes()).hexdigest()},
    }
    (package / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return package


def test_a_build_of_the_current_sources_is_verified(tmp_path: Path) -> None:
    package = _fake_build(tmp_path)
    found = verified(package, environ={})
    assert found.compiled, found.reason
    assert found.modules == ("tracewire.match.names",)


def test_an_edited_source_turns_the_compiled_modules_off(tmp_path: Path) -> None:
    package = _fake_build(tmp_path)
    (package / "match" / "names.py").write_text("X = 2\n", encoding="utf-8")
    found = verified(package, environ={})
    assert not found.compiled
    assert "tracewire/match/names.py" in found.reason


@pytest.mark.parametrize(
    "damage", ["no manifest", "no extension", "no shared library", "other python", "pure"]
)
def test_anything_amiss_means_source(tmp_path: Path, damage: str) -> None:
    package = _fake_build(tmp_path)
    environ: dict[str, str] = {}
    if damage == "no manifest":
        (package / MANIFEST).unlink()
    elif damage == "no extension":
        (package / "match" / f"names{SUFFIX}").unlink()
    elif damage == "no shared library":
        (package / f"_hot__mypyc{SUFFIX}").unlink()
    elif damage == "other python":
        manifest = json.loads((package / MANIFEST).read_text(encoding="utf-8"))
        manifest["python"] = "cpython-30"
        (package / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    else:
        environ["TRACEWIRE_PURE"] = "1"
    assert not verified(package, environ=environ).compiled


def test_the_finder_takes_the_source_of_a_module_with_an_extension(tmp_path: Path) -> None:
    package = _fake_build(tmp_path)
    (package / "match" / "plain.py").write_text("Y = 1\n", encoding="utf-8")
    finder = SourceFinder("tracewire", package)
    spec = finder.find_spec("tracewire.match.names", [str(package / "match")])
    assert spec is not None and spec.origin == str(package / "match" / "names.py")
    # a module with no extension is left to the usual import
    assert finder.find_spec("tracewire.match.plain", [str(package / "match")]) is None
    assert finder.find_spec("other.names", [str(package / "match")]) is None


def _run(code: str, root: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != "TRACEWIRE_PURE"}
    environ.update(env)
    environ["PYTHONPATH"] = os.pathsep.join([str(root), environ.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        env=environ,
        check=True,
        cwd=root,
    )


WHICH = """
    import tracewire, tracewire.match.names as names
    print(tracewire.__file__)
    print(names.__file__)
"""


def test_an_edited_copy_of_the_package_imports_its_sources(tmp_path: Path) -> None:
    """End to end, on a copy of the installed package: the build as installed runs
    compiled; after an edit to a compiled module's source, its source runs (with a
    warning), until the build is made again; TRACEWIRE_PURE=1 runs the source."""
    _require_compiled()
    copy = tmp_path / "tracewire"
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    out = _run(WHICH, tmp_path).stdout.split()
    assert out[0] == str(copy / "__init__.py")
    assert out[1].endswith(SUFFIX)
    pure = _run(WHICH, tmp_path, TRACEWIRE_PURE="1")
    assert pure.stdout.split()[1] == str(copy / "match" / "names.py")
    assert "pure Python" not in pure.stderr
    with open(copy / "match" / "variants.py", "a", encoding="utf-8") as fh:
        fh.write("\n# edited after the build\n")
    stale = _run(WHICH, tmp_path)
    assert stale.stdout.split()[1] == str(copy / "match" / "names.py")
    assert "source edited since the build: tracewire/match/variants.py" in stale.stderr


SCREEN = """
    import json
    from tracewire import _compiled
    from tracewire.match import Query, Screener
    from tracewire.match.names import NameParams
    from tracewire.model import Entity

    def entity(schema, eid, *names):
        e = Entity.make(schema, eid, "test")
        e.add("name", list(names))
        return e

    screener = Screener.from_entities([
        entity("Person", "ivanov", "IVANOV, Aleksandr Sergeyevich"),
        entity("Person", "wang", "WANG, Chen"),
        entity("Person", "abd", "ABD AL-RAHMAN, Muhammad"),
        entity("LegalEntity", "hlc", "Hao Li Chen"),
        entity("Company", "tsk", "TSK VEKTOR, OOO", "Vektor TSK LLC"),
        entity("Company", "ship", "Sovcomflot 23 Shipping Ltd"),
        entity("Company", "slay", "Slaywah Trading GmbH"),
        entity("Organization", "qaida", "Al Qaida"),
    ])
    out = [_compiled.status().compiled]
    queries = [
        ("Aleksandr Ivanov", "Person"), ("Alexandr Ivanow", None), ("Chen Zhang", "Person"),
        ("Mohammed Abdul Rahman", "Person"), ("محمد عبد الرحمن", None), ("TKS Vector LLC", None),
        ("Sovcomflot 24 Shipping", None), ("Slay Wah Trading AG", None), ("Alqaida", None),
        ("Hao Li-Chen", "Person"), ("Ivan Wang", "Person"),
    ]
    for params in (NameParams(), NameParams(typo_budget=1.5, extra_list=0.5)):
        for name, schema in queries:
            for r in screener.match(Query(names=[name], schema=schema), limit=8, params=params):
                out.append([name, r.entity.id, repr(r.score), r.explanations()])
    print(json.dumps(out))
"""


def test_compiled_and_source_score_alike() -> None:
    """The same queries scored by the compiled modules and by their source: the same
    results, to the last bit (bench.same_results checks this on every real list)."""
    _require_compiled()
    root = PACKAGE_DIR.parent
    compiled = json.loads(_run(SCREEN, root).stdout)
    source = json.loads(_run(SCREEN, root, TRACEWIRE_PURE="1").stdout)
    assert compiled[0] is True and source[0] is False
    assert len(compiled) > 20
    assert compiled[1:] == source[1:]


PICKLE = """
    import pickle, sys
    from pathlib import Path
    from tracewire import _compiled
    from tracewire.match import Query, Screener
    from tracewire.match.names import NameParams
    from tracewire.match.scoring import PreparedQuery
    from tracewire.model import Entity

    e = Entity.make("Person", "ivanov", "test")
    e.add("name", ["IVANOV, Aleksandr Sergeyevich"])
    query = Query(names=["Alexandr Ivanow"], schema="Person")
    params = NameParams(typo_budget=1.5, family_keys=frozenset({"ivanov"}))
    made = (
        Screener.from_entities([e]).match(query, min_score=0.1),
        PreparedQuery.prepare(query, params),
        params,
    )
    path = Path(sys.argv[2])
    if sys.argv[1] == "dump":
        path.write_bytes(pickle.dumps(made))
    else:
        read = pickle.loads(path.read_bytes())
        assert made[0] and [r.to_dict() for r in read[0]] == [r.to_dict() for r in made[0]]
        assert read[0][0].name == made[0][0].name
        assert read[1].forms == made[1].forms and read[1].params == made[1].params
        assert read[2] == made[2]
    print(_compiled.status().compiled)
"""


@pytest.mark.parametrize("compiled_writes", [True, False])
def test_compiled_and_source_read_each_others_pickles(
    tmp_path: Path, compiled_writes: bool
) -> None:
    """Results pickled by one build are read by the other (a worker process or a Dask
    worker may run the other build)."""
    _require_compiled()
    root = PACKAGE_DIR.parent
    path = str(tmp_path / "made.pickle")
    compiled: dict[str, str] = {}
    source = {"TRACEWIRE_PURE": "1"}
    writer, reader = (compiled, source) if compiled_writes else (source, compiled)
    assert _run(PICKLE, root, "dump", path, **writer).stdout.strip() == str(compiled_writes)
    read = _run(PICKLE, root, "load", path, **reader)
    assert read.stdout.strip() == str(not compiled_writes)
