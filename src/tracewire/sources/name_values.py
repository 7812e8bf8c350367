"""Tidying name values that a publisher printed several to a cell.

Some lists print several names in one value ("X; (c) Y; (d) Z"), mark a former name in
the text ("Agha Jan Alizai (formerly listed as)"), or leave a legal form alone as an alias
("ООО"). :func:`tidy_names` splits, moves and drops such values on a parsed entity, so
that each name value is one name.
"""

from __future__ import annotations

import re

from tracewire.model import Entity

#: a legal form alone is not a name
BARE_LEGAL_FORMS = frozenset(
    [
        "ооо",
        "ао",
        "пао",
        "зао",
        "оао",
        "ooo",
        "ao",
        "pao",
        "zao",
        "oao",
        "llc",
        "jsc",
        "ojsc",
        "cjsc",
        "ltd",
        "inc",
        "co",
        "有限公司",
        "股份有限公司",
    ]
)
_ENUMERATOR = re.compile(r"^\s*\(?[a-z]\)\s*")
_FORMERLY = re.compile(r"\s*\(formerly listed as\)\s*$", re.IGNORECASE)


def _parts(value: str) -> list[str]:
    out = []
    for part in value.split(";"):
        part = _ENUMERATOR.sub("", part).strip(" ,;")
        if part:
            out.append(part)
    return out


def tidy_names(entity: Entity) -> None:
    """Split ``;``-joined names, move "(formerly listed as)" names to ``previousName``,
    drop bare legal forms. The first part of a split primary name stays the name."""
    for prop in ("name", "alias", "weakAlias", "previousName"):
        values = entity.properties.get(prop)
        if not values:
            continue
        kept: list[str] = []
        for value in values:
            for n, part in enumerate(_parts(value)):
                if part.casefold() in BARE_LEGAL_FORMS:
                    continue
                target = prop
                if _FORMERLY.search(part):
                    part, target = _FORMERLY.sub("", part), "previousName"
                elif prop == "name" and n > 0:
                    target = "alias"
                if target == prop:
                    if part not in kept:
                        kept.append(part)
                else:
                    entity.add(target, part, cleaned=True)
        if kept:
            entity.properties[prop] = kept
        elif prop != "name":
            entity.properties.pop(prop, None)
