"""The entity: one party, list entry or relationship, in FollowTheMoney's vocabulary.

tracewire keeps entities as FollowTheMoney (FtM) does in its JSON form: a schema name
and a mapping of property names to lists of string values. Property names and value
types come from FtM's own schema model, so data from OpenSanctions and Aleph load
without translation, and every list we parse exports as valid FtM.

Name kinds map to FtM properties: the primary name is ``name``, a strong alias
``alias``, a weak ("low quality") alias ``weakAlias``, a former name ``previousName``.
Birth dates use FtM's prefix dates, whose length is their precision (``1970``,
``1970-05``, ``1970-05-01``). Sanctions and relationships are entities of their own
(``Sanction``, ``Ownership``, ``Directorship``, ``Family``, ``UnknownLink``), linked by id.

Beyond FtM, an entity records which ``dataset`` it came from and ``source_id``, the
publisher's own identifier for the row (OFAC ent_num, UN reference number, ...).
Other top-level keys of an imported FtM record (``referents``, ``first_seen``,
``target``, ...) are kept verbatim in ``extra`` so an FtM round trip is lossless.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import orjson
from followthemoney import model as ftm_model
from followthemoney.exc import InvalidData
from followthemoney.property import Property
from followthemoney.schema import Schema
from normality import slugify

from tracewire.errors import InputError

# Schemas a screening query can be matched against.
MATCHABLE_SCHEMATA = frozenset(
    {"Person", "Organization", "Company", "LegalEntity", "Vessel", "Airplane", "PublicBody"}
)
NAME_PROPS = ("name", "alias", "weakAlias", "previousName")


@cache
def get_schema(name: str) -> Schema:
    schema = ftm_model.get(name)
    if schema is None:
        raise InputError(f"Unknown FollowTheMoney schema: {name!r}")
    return schema


def make_id(*parts: str | int | None) -> str:
    """A stable, readable entity id from a dataset prefix and publisher ids."""
    slugs = [slugify(str(p), sep="-") for p in parts if p is not None and str(p).strip()]
    text = "-".join(s for s in slugs if s)
    if not text:
        raise InputError("Cannot make an entity id from empty parts")
    if len(text) > 120:
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
        text = f"{text[:100]}-{digest}"
    return text


@dataclass(slots=True)
class Entity:
    id: str
    schema: str
    dataset: str
    source_id: str | None = None
    properties: dict[str, list[str]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    # -- construction -------------------------------------------------------------------
    @classmethod
    def make(cls, schema: str, id: str, dataset: str, source_id: str | int | None = None) -> Entity:
        get_schema(schema)
        sid = None if source_id is None else str(source_id)
        return cls(id=id, schema=schema, dataset=dataset, source_id=sid)

    @property
    def schema_obj(self) -> Schema:
        return get_schema(self.schema)

    def _prop(self, prop: str) -> Property:
        p = self.schema_obj.get(prop)
        if p is None:
            raise InputError(f"Schema {self.schema} has no property {prop!r}")
        return p

    def add(
        self,
        prop: str,
        values: str | int | float | Iterable[str | None] | None,
        cleaned: bool = False,
        fuzzy: bool = False,
        format: str | None = None,
    ) -> list[str]:
        """Add values to a property, cleaning them with FtM's type for it.

        Returns the values that were rejected by cleaning (e.g. an unknown country), so a
        parser can record a warning instead of silently losing data.
        """
        p = self._prop(prop)
        if values is None:
            return []
        items: Iterable[Any] = [values] if isinstance(values, str | int | float) else values
        rejected: list[str] = []
        for raw in items:
            if raw is None:
                continue
            text = str(raw).strip()
            if not text:
                continue
            if cleaned:
                value: str | None = text
            else:
                try:
                    value = p.type.clean(text, fuzzy=fuzzy, format=format)
                except InvalidData:
                    value = None
            if value is None:
                rejected.append(text)
                continue
            bucket = self.properties.setdefault(prop, [])
            if value not in bucket:
                bucket.append(value)
        return rejected

    def set(self, prop: str, values: str | Iterable[str] | None) -> None:
        self.properties.pop(prop, None)
        self.add(prop, values)

    # -- reading ------------------------------------------------------------------------
    def get(self, prop: str) -> list[str]:
        return self.properties.get(prop, [])

    def first(self, prop: str) -> str | None:
        values = self.properties.get(prop)
        return values[0] if values else None

    @property
    def names(self) -> list[str]:
        out: list[str] = []
        for prop in NAME_PROPS:
            out.extend(self.properties.get(prop, []))
        return out

    @property
    def caption(self) -> str:
        """A display name: the source's caption, else the first Latin-script name."""
        given = self.extra.get("caption")
        if isinstance(given, str) and given:
            return given
        for prop in self.schema_obj.caption:
            values = self.properties.get(prop)
            if values:
                latin = [v for v in values if v.isascii()]
                return (latin or values)[0]
        return self.schema_obj.label

    @property
    def matchable(self) -> bool:
        return self.schema in MATCHABLE_SCHEMATA

    def edge_refs(self) -> Iterator[tuple[str, str]]:
        """(property, entity id) for every property that points at another entity."""
        for prop, values in self.properties.items():
            p = self.schema_obj.get(prop)
            if p is not None and p.type.name == "entity":
                for v in values:
                    yield prop, v

    # -- FtM JSON -----------------------------------------------------------------------
    def to_ftm(self) -> dict[str, Any]:
        data: dict[str, Any] = dict(self.extra)
        data["id"] = self.id
        data["schema"] = self.schema
        data["properties"] = {k: list(v) for k, v in self.properties.items() if v}
        if "datasets" not in data:
            data["datasets"] = [self.dataset]
        if self.source_id is not None:
            data["source_id"] = self.source_id
        return data

    @classmethod
    def from_ftm(cls, data: dict[str, Any], dataset: str | None = None) -> Entity:
        """Build from an FtM JSON record without altering any value (lossless)."""
        try:
            eid = data["id"]
            schema = data["schema"]
        except KeyError as exc:
            raise InputError(f"FtM record lacks {exc.args[0]!r}") from exc
        if not isinstance(eid, str) or not eid:
            raise InputError("FtM record has an empty or non-text id")
        get_schema(schema)
        props_in = data.get("properties") or {}
        if not isinstance(props_in, dict):
            raise InputError(f"FtM record {eid}: 'properties' is not an object")
        props: dict[str, list[str]] = {}
        for key, values in props_in.items():
            if isinstance(values, str):
                values = [values]
            if not isinstance(values, list):
                raise InputError(f"FtM record {eid}: property {key!r} is not a list")
            props[key] = [str(v) for v in values]
        extra = {
            k: v for k, v in data.items() if k not in ("id", "schema", "properties", "source_id")
        }
        datasets = extra.get("datasets") or []
        ds = dataset or (datasets[0] if datasets else "default")
        sid = data.get("source_id")
        return cls(
            id=eid,
            schema=schema,
            dataset=ds,
            source_id=None if sid is None else str(sid),
            properties=props,
            extra=extra,
        )

    def to_json(self) -> bytes:
        return orjson.dumps(self.to_ftm(), option=orjson.OPT_SORT_KEYS)

    def content_hash(self) -> str:
        """sha256 of the canonical JSON: equal for equal content, whatever the order."""
        data = self.to_ftm()
        data["properties"] = {k: sorted(v) for k, v in data["properties"].items()}
        return hashlib.sha256(orjson.dumps(data, option=orjson.OPT_SORT_KEYS)).hexdigest()

    def merge(self, other: Entity) -> None:
        """Add all property values of ``other`` (same id) to this entity."""
        for prop, values in other.properties.items():
            bucket = self.properties.setdefault(prop, [])
            for v in values:
                if v not in bucket:
                    bucket.append(v)
