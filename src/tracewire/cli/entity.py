"""``tracewire entity ID``: one entity with all its data, sanctions, links and provenance."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from followthemoney import registry
from rich.panel import Panel
from rich.table import Table

from tracewire.cli.context import console, emit_json, state, user_errors
from tracewire.model import Entity
from tracewire.sources.effects import classify

RELATION_LABELS = {
    "Ownership": "owns / owned by",
    "Directorship": "director of / directed by",
    "Family": "family",
    "UnknownLink": "linked to",
    "Associate": "associate",
}


def entity_report(entity_id: str) -> list[dict[str, Any]]:
    store = state.store
    out = []
    for entity, version in store.get_entity(entity_id):
        sanctions, links = [], []
        for other, prop in store.referencing(entity.id):
            if other.schema == "Sanction":
                legal = classify(other, entity.get("topics"))
                sanctions.append(other.to_ftm() | {"effect": legal.to_dict()})
            else:
                ends = {p: v for p, v in other.edge_refs() if v != entity.id}
                linked = [
                    {"id": target, "caption": _caption(target), "via": p}
                    for p, target in ends.items()
                ]
                links.append({"relation": other.to_ftm(), "role": prop, "other": linked})
        out.append(
            {
                "entity": entity.to_ftm(),
                "caption": entity.caption,
                "sanctions": sanctions,
                "links": links,
                "provenance": version.to_dict(),
            }
        )
    return out


def _caption(entity_id: str) -> str:
    try:
        return state.store.get_entity(entity_id)[0][0].caption
    except Exception:  # noqa: BLE001 - a dangling reference shows its id
        return entity_id


def show_entity(
    entity_id: Annotated[str, typer.Argument(help="Entity id, e.g. ofac-12345.")],
    json: Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")] = False,
) -> None:
    """Show one entity: names, identifiers, sanctions, links and where it came from."""
    with user_errors():
        reports = entity_report(entity_id)
    if json:
        emit_json(reports)
        return
    for rep in reports:
        e = Entity.from_ftm(rep["entity"])
        prov = rep["provenance"]
        table = Table(show_header=False, box=None, padding=(0, 1))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        for prop, values in sorted(e.properties.items()):
            p = e.schema_obj.get(prop)
            if p is not None and p.type.name == "country":
                values = [f"{v} ({registry.country.caption(v) or v})" for v in values]
            table.add_row(p.label if p else prop, "\n".join(values))
        for s in rep["sanctions"]:
            sp = s["properties"]
            text = "; ".join(
                filter(
                    None,
                    [
                        ", ".join(sp.get("authority", [])),
                        ", ".join(sp.get("programId", []) or sp.get("program", [])),
                        "listed " + ", ".join(sp["listingDate"]) if sp.get("listingDate") else "",
                        f"{s['effect']['label']}: {s['effect']['verdict']}",
                    ],
                )
            )
            table.add_row("Sanction", text)
        for link in rep["links"]:
            schema = link["relation"]["schema"]
            for other in link["other"]:
                label = RELATION_LABELS.get(schema, schema)
                table.add_row("Link", f"{label}: {other['caption']} [dim]({other['id']})[/]")
        table.add_row(
            "Source",
            f"{prov['dataset']} version {prov['version']} · {prov['source']}"
            + (f" · published {prov['publisher_date']}" if prov["publisher_date"] else "")
            + f" · loaded {prov['loaded_at'][:16]} · sha256 {prov['sha256'][:12]}",
        )
        title = f"[bold]{rep['caption']}[/] · {e.schema} · {e.id}"
        if e.source_id:
            title += f" · source id {e.source_id}"
        console.print(Panel(table, title=title, title_align="left"))


def register(app: typer.Typer) -> None:
    """Add ``tracewire entity`` to ``app``."""
    app.command("entity")(show_entity)
