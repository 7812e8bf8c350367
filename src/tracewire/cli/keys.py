"""``tracewire keys``: create, list and revoke the HTTP service's API keys."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from tracewire.api.keys import KeyRing
from tracewire.cli.context import console, emit_json, err_console, state, user_errors

app = typer.Typer(
    help="API keys of the HTTP service (tracewire serve), stored hashed in the store.",
    no_args_is_help=True,
)
JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


def _ring() -> KeyRing:
    return KeyRing(state.store.engine)


@app.command("create")
def create(
    name: Annotated[str, typer.Argument(help="Who or what uses the key, e.g. onboarding-app.")],
    scope: Annotated[
        str | None,
        typer.Option(
            help="read (search, entities, catalog) < screen (+ match) < admin. "
            "Default: screen, or what the user's role needs."
        ),
    ] = None,
    user: Annotated[
        str | None,
        typer.Option(help="The user (tracewire users add) the key acts as, with their role."),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Create a key. It is printed once; only its salted hash is stored."""
    with user_errors():
        key, info = _ring().create(name, scope, user)
    if json:
        emit_json(info.to_dict() | {"key": key})
        return
    err_console.print(
        f"created key [bold]{info.name}[/] (id {info.key_id}, scope {info.scope}"
        + (f", user {info.user}" if info.user else "")
        + "); "
        "it is shown only now — send it as 'Authorization: ApiKey <key>':"
    )
    print(key)


@app.command("list")
def list_keys(json: JsonOpt = False) -> None:
    """Every key ever created, revoked ones too (never the keys themselves)."""
    with user_errors():
        keys = _ring().all_keys()
    if json:
        emit_json([k.to_dict() for k in keys])
        return
    if not keys:
        console.print("No API keys yet: tracewire keys create NAME --scope screen")
        return
    table = Table()
    for col in ("id", "name", "scope", "user", "created", "revoked"):
        table.add_column(col)
    for k in keys:
        table.add_row(
            k.key_id,
            k.name,
            k.scope,
            k.user or "",
            k.created_at.isoformat(timespec="seconds"),
            k.revoked_at.isoformat(timespec="seconds") if k.revoked_at else "",
        )
    console.print(table)


@app.command("revoke")
def revoke(
    name_or_id: Annotated[str, typer.Argument(help="The key's name or id (see keys list).")],
    json: JsonOpt = False,
) -> None:
    """Revoke a key; a running service refuses it within seconds."""
    with user_errors():
        revoked = _ring().revoke(name_or_id)
    if json:
        emit_json([k.to_dict() for k in revoked])
        return
    for k in revoked:
        console.print(f"revoked key [bold]{k.name}[/] (id {k.key_id})")
