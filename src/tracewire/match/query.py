"""What a screening query is: a name plus whatever else is known about the party."""

from __future__ import annotations

from dataclasses import dataclass, field

from tracewire.bounds import check_names
from tracewire.errors import InputError
from tracewire.model import Entity, get_schema
from tracewire.model.identifiers import parse_identifiers

QUERY_SCHEMATA = ("Person", "Organization", "Company", "LegalEntity", "Vessel", "Airplane")


def split_values(value: str | None) -> list[str]:
    """The values of a ``;``-separated field of the CLI or a batch file."""
    return [x.strip() for x in (value or "").split(";") if x.strip()]


@dataclass(slots=True)
class Query:
    """A party to screen. Only ``names`` is required; the rest strengthens or weakens hits."""

    names: list[str]
    #: Person, Organization, Company, LegalEntity, Vessel, Airplane; None = any
    schema: str | None = None
    birth_dates: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    gender: str | None = None
    #: (FtM property, value), e.g. ("innCode", "1831083343")
    identifiers: list[tuple[str, str]] = field(default_factory=list)
    id: str | None = None

    def __post_init__(self) -> None:
        self.names = [n.strip() for n in self.names if n and n.strip()]
        if not self.names:
            raise InputError("a query needs a name")
        check_names(self.names)
        if self.schema is not None:
            if self.schema not in QUERY_SCHEMATA:
                raise InputError(
                    f"unknown schema {self.schema!r} (use one of {', '.join(QUERY_SCHEMATA)})"
                )
            get_schema(self.schema)

    @classmethod
    def from_entity(cls, entity: Entity) -> Query:
        """A query from an FtM entity (e.g. a yente /match request body)."""
        countries = (
            entity.get("country")
            + entity.get("nationality")
            + entity.get("citizenship")
            + entity.get("jurisdiction")
        )
        identifiers: list[tuple[str, str]] = []
        for prop, values in entity.properties.items():
            p = entity.schema_obj.get(prop)
            if p is not None and p.type.name == "identifier":
                identifiers.extend((prop, v) for v in values)
        names = list(entity.names)
        parts = [
            " ".join(entity.get(p))
            for p in ("firstName", "secondName", "middleName", "fatherName", "lastName")
        ]
        composed = " ".join(p for p in parts if p)
        if composed and composed not in names:  # yente queries may give only name parts
            names.append(composed)
        return cls(
            names=names,
            schema=entity.schema if entity.schema in QUERY_SCHEMATA else None,
            birth_dates=entity.get("birthDate"),
            countries=countries,
            gender=entity.first("gender"),
            identifiers=identifiers,
            id=entity.id,
        )

    @classmethod
    def from_fields(
        cls,
        name: str,
        schema: str | None = None,
        birth_date: str | None = None,
        country: str | None = None,
        identifiers: str | None = None,
        gender: str | None = None,
        id: str | None = None,
    ) -> Query:
        """A query from the flat fields of the CLI and of batch files (``;``-separated)."""
        return cls(
            names=[name],
            schema=schema or None,
            birth_dates=split_values(birth_date),
            countries=split_values(country),
            gender=(gender or "").strip().lower() or None,
            identifiers=parse_identifiers(identifiers or ""),
            id=id,
        )
