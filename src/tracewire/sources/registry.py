"""Which parser reads which file: the registry of list formats and format detection."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from tracewire.errors import InputError, UnknownFormatError
from tracewire.sources.base import ListFormat

#: parser modules, most specific first; each exports ``FORMATS``
SOURCE_MODULES: tuple[str, ...] = (
    "tracewire.sources.ofac_csv",
    "tracewire.sources.un",
    "tracewire.sources.bis_dpl",
    "tracewire.sources.us_csl",
    "tracewire.sources.dod_1260h",
    "tracewire.sources.eu_fsf",
    "tracewire.sources.eu_journal",
    "tracewire.sources.uk",
    "tracewire.sources.ofac_xml",
    "tracewire.sources.ftm",
    "tracewire.sources.custom_csv",
)

#: formats whose publishers split one list over several files that load as one version
MULTI_FILE_FORMATS: frozenset[str] = frozenset(
    {"eu_journal_csv", "ofac_sdn_csv", "ofac_cons_csv", "uk_fcdo_derived"}
)

#: file names that sit beside list files but are not lists
IGNORED_SUFFIXES = (".md", ".sha256", ".sig", ".asc")


@cache
def formats() -> dict[str, ListFormat]:
    out: dict[str, ListFormat] = {}
    for module_name in SOURCE_MODULES:
        module = importlib.import_module(module_name)
        for fmt in module.FORMATS:
            out[fmt.name] = fmt
    return out


def get_format(name: str) -> ListFormat:
    try:
        return formats()[name]
    except KeyError:
        known = ", ".join(formats())
        raise InputError(f"Unknown list format {name!r} (known: {known})") from None


def dataset_for(fmt: ListFormat, files: Sequence[Path]) -> str:
    """The dataset a set of files belongs to, when the user names none.

    A format whose files can hold either of two lists (OFAC's advanced XML: SDN or
    consolidated) decides from the files with a ``dataset_for`` method.
    """
    decide = getattr(fmt, "dataset_for", None)
    return str(decide(files)) if callable(decide) else fmt.default_dataset


def expand_paths(paths: Sequence[Path]) -> list[Path]:
    """Files named, and the files inside folders named (recursively, sorted)."""
    out: list[Path] = []
    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and not p.name.lower().endswith(IGNORED_SUFFIXES)
            )
            if not found:
                raise InputError(f"{path}: the folder holds no list files")
            out.extend(found)
        else:
            out.append(path)
    return out


def detect(paths: Sequence[Path]) -> ListFormat:
    """The format that reads all of these files, or UnknownFormatError naming the file."""
    for fmt in formats().values():
        try:
            if fmt.sniff(paths):
                return fmt
        except OSError:
            continue
    name = paths[0] if len(paths) == 1 else ", ".join(p.name for p in paths)
    raise UnknownFormatError(
        name,
        "not a list format tracewire knows; use --format with one of: " + ", ".join(formats()),
    )


def plan_loads(
    paths: Sequence[Path], format_name: str | None = None
) -> list[tuple[ListFormat, list[Path]]]:
    """Split the paths into loads: one per file, or one per set for multi-file formats."""
    files = expand_paths(paths)
    if format_name:
        fmt = get_format(format_name)
        if fmt.name in MULTI_FILE_FORMATS:
            return [(fmt, files)]
        return [(fmt, [f]) for f in files]
    if len(files) > 1:
        for fmt in formats().values():
            if fmt.name in MULTI_FILE_FORMATS and fmt.sniff(files):
                return [(fmt, files)]
    plans: list[tuple[ListFormat, list[Path]]] = []
    groups: dict[str, list[Path]] = {}
    for f in files:
        fmt = detect([f])
        if fmt.name in MULTI_FILE_FORMATS:
            groups.setdefault(fmt.name, []).append(f)
        else:
            plans.append((fmt, [f]))
    for name, group in groups.items():
        plans.append((get_format(name), group))
    return plans
