"""``tracewire portfolio | alerts | audit | users``: the analyst workflow from the command line.

The CLI acts as ``--as NAME`` (default: $TRACEWIRE_USER, else the login name). A name that
is a user (``tracewire users add``) acts with that user's role; any other name acts as
admin, since whoever runs the CLI has the database in hand anyway.
"""

from __future__ import annotations

import getpass
import os
import sys
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path
from typing import Annotated

import orjson
import typer
from rich.table import Table

from tracewire.cli.context import (
    console,
    counting_progress,
    emit_json,
    err_console,
    list_screener,
    state,
    user_errors,
)
from tracewire.errors import InputError, StoreError
from tracewire.match import Screener
from tracewire.screen.batch import BatchOptions, count_rows, read_rows
from tracewire.screen.cluster import DaskScreen, index_for_workers, parse_address, store_index_key
from tracewire.store import LoadReport, VersionInfo
from tracewire.workflow import Actor, Monitor, ScreenRun
from tracewire.workflow.anchor import Head, parse_signed_head, signed_head
from tracewire.workflow.audit import AuditTrail, Verification
from tracewire.workflow.monitor import list_versions
from tracewire.workflow.roles import ROLES

JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
DaskOpt = Annotated[
    str | None,
    typer.Option(
        "--dask",
        help="Match on a Dask cluster: local:N (a LocalCluster of N processes) or a "
        "scheduler address (tcp://HOST:8786). Needs tracewire[dask].",
    ),
]
AsOpt = Annotated[
    str | None,
    typer.Option("--as", help="Act as this user (default: $TRACEWIRE_USER or the login name)."),
]

portfolio_app = typer.Typer(help="The monitored counterparties, kept screened.",
                            no_args_is_help=True)  # fmt: skip
alerts_app = typer.Typer(help="Alerts and decisions.", no_args_is_help=True)
audit_app = typer.Typer(help="The append-only, hash-chained audit trail.", no_args_is_help=True)
users_app = typer.Typer(help="Users and roles (viewer < analyst < reviewer < admin).",
                        no_args_is_help=True)  # fmt: skip


def register(app: typer.Typer) -> None:
    app.add_typer(portfolio_app, name="portfolio")
    app.add_typer(alerts_app, name="alerts")
    app.add_typer(audit_app, name="audit")
    app.add_typer(users_app, name="users")


def _monitor() -> Monitor:
    return Monitor(state.store, home=state.home)


def _actor(monitor: Monitor, name: str | None) -> Actor:
    who = name or os.environ.get("TRACEWIRE_USER") or getpass.getuser()
    return monitor.users.actor(who)


def audit_cli(endpoint: str, summary: str, request: dict[str, object], results: object,
              list_files: list[str] | None = None) -> None:  # fmt: skip
    """Record a screening run from the CLI (``match``, ``screen``) in the audit trail."""
    monitor = _monitor()
    lists = [{"files": f} for f in list_files] if list_files else list_versions(state.store)
    monitor.audit.append(
        actor=_actor(monitor, None).name,
        kind="screening",
        endpoint=endpoint,
        request={"summary": summary, **request},
        results=results,
        lists=lists,
    )


def _screener() -> Screener:
    return list_screener(state.store)


def _run(monitor: Monitor, job: str, total: int, fn: object) -> ScreenRun:
    with counting_progress() as bar:
        task = bar.add_task(job, total=total)
        run: ScreenRun = fn(lambda done, n: bar.update(task, completed=done, total=n))  # type: ignore[operator]
    return run


def _print_run(run: ScreenRun, monitor: Monitor, to_stderr: bool = False) -> None:
    """The run's summary, then each new, reopened and delisted alert (at most 20 each)."""
    out = err_console if to_stderr else console
    out.print(("portfolio: " if to_stderr else "") + run.summary(), highlight=False)
    for label, ids in (
        ("new alert", run.outcome.opened),
        ("reopened", run.outcome.reopened),
        ("designation removed", run.outcome.removed),
    ):
        for alert_id in ids[:20]:
            a = monitor.alerts.get(alert_id)
            out.print(
                f"  {label} {a.id}: {a.party_name} ({a.party_id}) ↔ {a.entity_caption} "
                f"({a.dataset}) {a.score:.2f}",
                highlight=False,
            )
        if len(ids) > 20:
            out.print(f"  … and {len(ids) - 20} more ({label})")
    if run.outcome.opened or run.outcome.reopened or run.outcome.removed:
        out.print("see them with: tracewire alerts list --status open")


# -- portfolio ------------------------------------------------------------------------------
@portfolio_app.command("import")
def portfolio_import(
    path: Annotated[Path, typer.Argument(help="CSV, JSON lines or Parquet, as for `screen`.")],
    screen: Annotated[
        bool, typer.Option(help="Screen the new and changed parties right away.")
    ] = True,
    dask: DaskOpt = None,
    as_: AsOpt = None,
    json: JsonOpt = False,
) -> None:
    """Add or update parties (same columns as batch screening); new and changed ones are
    screened at once.

    The file is read and written in chunks (memory does not grow with it), in one
    transaction: an import that fails part-way (an unreadable row, a full disk) leaves
    the portfolio as it was. Rows that are not valid parties are rejected by line."""
    with user_errors():
        if not path.exists():
            raise InputError(f"{path}: no such file")
        if dask is not None:
            parse_address(dask)
        monitor = _monitor()
        actor = _actor(monitor, as_)
        with counting_progress() as bar:
            task = bar.add_task("importing", total=count_rows(path))
            report = monitor.import_rows(
                read_rows(path), actor, str(path),
                progress=lambda n: bar.update(task, completed=n),
            )  # fmt: skip
        run = None
        if screen and report.changed_count and state.store.current_versions():
            run = _screen_parties(monitor, actor, report.changed_count, dask,
                                  changed_at=report.stamp)  # fmt: skip
    if json:
        emit_json({"import": report.to_dict(), "screening": run.to_dict() if run else None})
        return
    c = report.to_dict()
    console.print(
        f"{path}: {c['added']:,} parties added, {c['updated']:,} updated, "
        f"{c['unchanged']:,} unchanged, {report.error_count:,} rejected",
        highlight=False,
    )
    for line, row_id, message in report.errors[:20]:
        err_console.print(f"  [yellow]line {line}[/] ({row_id}): {message}", highlight=False)
    if report.error_count > 20:
        err_console.print(f"  … and {report.error_count - 20:,} more rejected rows "
                          "(--json lists the first 1,000)")  # fmt: skip
    if run is not None:
        _print_run(run, monitor)
    elif report.changed_count and not state.store.current_versions():
        console.print("no lists are loaded yet: `tracewire lists load` screens the portfolio")


def _screen_parties(
    monitor: Monitor,
    actor: Actor,
    total: int,
    dask: str | None,
    changed_at: datetime | None = None,
    versions: list[VersionInfo] | None = None,
) -> ScreenRun:
    """Screen the portfolio (or the parties an import stamped ``changed_at``), here or on
    a Dask cluster (``dask``: its workers match, the alerts are written here)."""
    screener = _screener()
    with ExitStack() as stack:
        cluster = None
        if dask is not None:
            current = state.store.current_versions()
            # the store's signed copy (a shared store, with the key), else a saved file
            index_path = index_for_workers(
                screener, state.home / "index", store_index_key(current), state.store, current
            )
            cluster = stack.enter_context(
                DaskScreen(dask, index_path, screener.threshold, BatchOptions(), monitor.chunk_rows)
            )
        return _run(
            monitor,
            "screening",
            total,
            lambda p: monitor.screen(
                screener, actor, progress=p, versions=versions, changed_at=changed_at,
                cluster=cluster,
            ),
        )  # fmt: skip


@portfolio_app.command("list")
def portfolio_list(
    q: Annotated[str | None, typer.Option("--q", help="Only names or ids containing this.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 100,
    json: JsonOpt = False,
) -> None:
    """The monitored parties."""
    with user_errors():
        monitor = _monitor()
        parties = list(monitor.portfolio.parties(q=q, limit=limit))
        total = monitor.portfolio.count(q)
    if json:
        emit_json({"total": total, "parties": [p.to_dict() for p in parties]})
        return
    table = Table(title=f"{total:,} monitored parties")
    for col in ("id", "name", "schema", "birth date", "country", "identifiers"):
        table.add_column(col)
    for p in parties:
        table.add_row(p.id, p.name, p.schema or "", p.birth_date or "", p.country or "",
                      p.identifiers or "")  # fmt: skip
    console.print(table)


@portfolio_app.command("remove")
def portfolio_remove(
    party_id: Annotated[str, typer.Argument(help="The party's id.")], as_: AsOpt = None
) -> None:
    """Stop monitoring a party (its alerts and their history stay)."""
    with user_errors():
        monitor = _monitor()
        monitor.remove_party(_actor(monitor, as_), party_id)
    console.print(f"removed {party_id} from the portfolio")


@portfolio_app.command("screen")
def portfolio_screen(dask: DaskOpt = None, as_: AsOpt = None, json: JsonOpt = False) -> None:
    """Screen the whole portfolio against everything loaded (a full rescreen), reading it
    from the store in chunks; with --dask the matching runs on a Dask cluster and the
    alerts are written here, through the audited path."""
    with user_errors():
        if dask is not None:
            parse_address(dask)
        monitor = _monitor()
        actor = _actor(monitor, as_)
        versions = state.store.current_versions()  # what the screener is built from
        run = _screen_parties(monitor, actor, monitor.portfolio.count(), dask,
                              versions=versions)  # fmt: skip
    if json:
        emit_json(run.to_dict())
    else:
        _print_run(run, monitor)


def rescreen_after_load(reports: list[LoadReport], quiet: bool = False) -> ScreenRun | None:
    """After ``lists load``/``update``: rescreen the portfolio against what the new versions
    changed, and what earlier loads changed whose rescreen never ran (a load killed after
    its commit, or ``--no-rescreen``). Nothing happens when no rescreen is pending."""
    store = state.store
    if not store.pending_rescreens():
        return None
    monitor = _monitor()
    versions = store.current_versions()
    total = monitor.portfolio.count()
    if not total:  # nothing to rescreen: settled
        monitor.rescreen_pending(_screener, _actor(monitor, None), versions)
        return None
    actor = _actor(monitor, None)
    run = _run(monitor, "rescreening", total,
               lambda p: monitor.rescreen_pending(_screener, actor, versions, progress=p))  # fmt: skip
    if run is not None and not quiet:
        _print_run(run, monitor, to_stderr=True)
    return run


# -- alerts ---------------------------------------------------------------------------------
@alerts_app.command("list")
def alerts_list(
    status: Annotated[
        str | None, typer.Option(help="open, escalated, false_positive or true_match.")
    ] = None,
    dataset: Annotated[str | None, typer.Option(help="Only alerts on this list.")] = None,
    q: Annotated[str | None, typer.Option("--q", help="Party or entry name contains.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 100,
    json: JsonOpt = False,
) -> None:
    """Alerts, most recently changed first."""
    with user_errors():
        book = _monitor().alerts
        found = book.list(status=status, dataset=dataset, q=q, limit=limit)
        total = book.count(status=status, dataset=dataset, q=q)
    if json:
        emit_json({"total": total, "alerts": [a.summary() for a in found]})
        return
    table = Table(title=f"{total:,} alerts" + (f" ({status})" if status else ""))
    for col in ("id", "status", "party", "list entry", "list", "score", "note"):
        table.add_column(col)
    for a in found:
        note = ("reopened: " + "; ".join(c["field"] for c in a.changes)) if a.reopened else ""
        if a.designation_removed:
            note = "designation removed"
        table.add_row(str(a.id), a.status, f"{a.party_name} ({a.party_id})", a.entity_caption,
                      a.dataset, f"{a.score:.2f}", note)  # fmt: skip
    console.print(table)


@alerts_app.command("show")
def alerts_show(alert_id: int, json: JsonOpt = False) -> None:
    """One alert: the party beside the list entry, the explanation and the history."""
    from tracewire.workflow.alerts import comparison

    with user_errors():
        monitor = _monitor()
        alert = monitor.alerts.get(alert_id)
        history = monitor.alerts.history(alert_id)
        try:
            entity = state.store.get_entity(alert.entity_id)[0][0]
        except Exception:  # noqa: BLE001 - the entry may have left its list
            entity = None
        rows = comparison(alert, entity)
    if json:
        emit_json(
            alert.summary()
            | {
                "result": alert.result,
                "comparison": rows,
                "changes": alert.changes,
                "history": [e.to_dict() for e in history],
            }  # fmt: skip
        )
        return
    console.print(
        f"[bold]alert {alert.id}[/] [{alert.status}] {alert.party_name} ({alert.party_id}) ↔ "
        f"{alert.entity_caption} ({alert.dataset}, {alert.entity_id}) score {alert.score:.2f}",
        highlight=False,
    )
    if alert.designation_removed:
        console.print("[yellow]the list entry has been removed from its list[/]")
    table = Table()
    for col in ("field", "party", "list entry", "effect"):
        table.add_column(col)
    for r in rows:
        effect = "" if r["effect"] is None else f"{r['effect']:+.2f}"
        table.add_row(r["field"], "; ".join(r["query"]), "; ".join(r["list"][:6]), effect)
    console.print(table)
    name = alert.result.get("explanations", {}).get("name", {})
    if name.get("detail"):
        console.print(f"name: {name['detail']}", highlight=False)
    for c in alert.changes:
        bits = [f"+{v}" for v in c["added"]] + [f"-{v}" for v in c["removed"]]
        console.print(f"changed ({c['side']}) {c['field']}: {', '.join(bits)}", highlight=False)
    for e in history:
        move = f"{e.from_status or ''} → {e.to_status}" if e.to_status != e.from_status else ""
        console.print(f"{e.at.isoformat(timespec='seconds')} {e.actor}: {e.action} {move}"
                      + (f" — {e.reason}" if e.reason else ""), highlight=False)  # fmt: skip


@alerts_app.command("decide")
def alerts_decide(
    alert_id: int,
    status: Annotated[str, typer.Option(help="false_positive, true_match, escalated or open.")],
    reason: Annotated[str, typer.Option(help="Why (kept in the history and the audit).")],
    as_: AsOpt = None,
    json: JsonOpt = False,
) -> None:
    """Decide an alert. A false positive holds until the party or the list entry changes."""
    with user_errors():
        monitor = _monitor()
        actor = _actor(monitor, as_)
        alert = monitor.alerts.decide(alert_id, status, reason, actor,
                                      list_versions(state.store))  # fmt: skip
    if json:
        emit_json(alert.summary())
    else:
        console.print(f"alert {alert.id} is now {alert.status} ({actor.name}, {actor.role})")


# -- audit ----------------------------------------------------------------------------------
@audit_app.command("list")
def audit_list(
    limit: Annotated[int, typer.Option(help="The newest this many.")] = 50,
    kind: Annotated[str | None, typer.Option(help="request, screening, alert, decision…")] = None,
    json: JsonOpt = False,
) -> None:
    """The newest audit records."""
    with user_errors():
        records = _monitor().audit.records(limit=limit, kind=kind, newest_first=True)
    if json:
        emit_json([r.to_dict() for r in records])
        return
    table = Table()
    for col in ("id", "at", "who", "kind", "what"):
        table.add_column(col)
    for r in records:
        table.add_row(str(r.id), r.at.isoformat(timespec="seconds"), r.actor, r.kind,
                      r.summary())  # fmt: skip
    console.print(table)


@audit_app.command("export")
def audit_export(
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File (.csv or .jsonl); default stdout.")
    ] = None,
    fmt: Annotated[str | None, typer.Option("--format", help="csv or jsonl.")] = None,
) -> None:
    """Every audit record, oldest first, with its hash (see `audit verify`)."""
    with user_errors():
        chosen = fmt or (output.suffix.lstrip(".").lower() if output else "jsonl")
        if chosen not in ("csv", "jsonl"):
            raise InputError(f"unknown export format {chosen!r} (use csv or jsonl)")
        trail = _monitor().audit
        if output is None:
            trail.export(sys.stdout, chosen)
            return
        tmp = output.with_name(output.name + ".part")
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            n = trail.export(fh, chosen)
        os.replace(tmp, output)
    err_console.print(f"wrote {n:,} audit records to {output}")


@audit_app.command("verify")
def audit_verify(
    head: Annotated[
        Path | None,
        typer.Option(
            "--head", help="A head kept from `tracewire audit head`: the chain must still hold it."
        ),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Recompute the hash chain and check it against its anchor and the alerts.

    Exit 0 when it holds (the head is printed, for you to keep), 1 when it is broken
    (the first bad record is named), 2 when it cannot be checked (no audit key, a --head
    file that is not one)."""
    with user_errors():
        trail = _monitor().audit
        kept, head_problem = None, None
        if head is not None:
            kept, head_problem = _read_head(head, trail)
        result = trail.verify(kept)
        if head_problem:
            result.fail(f"{head}: the kept head does not hold: {head_problem}")
    if json:
        emit_json(result.to_dict())
    elif result.ok:
        _print_verified(result)
    else:
        where = f" at record {result.first_bad_id}" if result.first_bad_id is not None else ""
        err_console.print(f"[bold red]the audit trail is broken{where}[/]: {result.problem}",
                          highlight=False, soft_wrap=True)  # fmt: skip
        for more in result.more_problems:
            err_console.print(f"  and: {more}", highlight=False, soft_wrap=True)
    if not result.ok:
        raise typer.Exit(1)


def _read_head(path: Path, trail: AuditTrail) -> tuple[Head, str | None]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the kept head: {exc.strerror}") from None
    return parse_signed_head(raw, str(path), trail.anchor.key())


def _print_verified(result: Verification) -> None:
    unchained = f" ({result.unchained} older, unchained)" if result.unchained else ""
    console.print(f"[green]the audit trail holds[/]: {result.records:,} records{unchained}",
                  highlight=False)  # fmt: skip
    if result.head is not None:
        h = result.head
        console.print(f"head: {h.records} chained records, record {h.id}, sha256 {h.hash}",
                      highlight=False, soft_wrap=True)  # fmt: skip
        console.print("  keep this line (or `tracewire audit head -o FILE`, signed) to check "
                      "later that nothing was cut or rewritten", highlight=False)  # fmt: skip
    anchor = result.anchor or {}
    if anchor.get("id") is not None:
        console.print(f"anchored up to record {anchor['id']} ({anchor['at']}) in "
                      f"{anchor['path']}", highlight=False, soft_wrap=True)  # fmt: skip
    if result.alerts_checked or result.events_checked:
        console.print(f"alerts: {result.alerts_checked} statuses and {result.events_checked} "
                      "history events match the chain", highlight=False)  # fmt: skip
    for warning in result.warnings:
        err_console.print(f"[yellow]warning:[/] {warning}", highlight=False, soft_wrap=True)


@audit_app.command("head")
def audit_head(
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File to write; default stdout.")
    ] = None,
) -> None:
    """The chain's head (records, last id and hash) as JSON signed with the audit key,
    for you to keep outside this machine; `audit verify --head FILE` checks it later."""
    with user_errors():
        trail = _monitor().audit
        result = trail.verify()
        if not result.ok:
            raise StoreError(f"the audit trail is broken: {result.problem}")
        if result.head is None:
            raise InputError("the audit trail has no chained records yet: no head to sign")
        key = trail.anchor.key(create=True)
        assert key is not None
        data = orjson.dumps(signed_head(result.head, key), option=orjson.OPT_INDENT_2) + b"\n"
        if output is None:
            sys.stdout.write(data.decode())
            return
        tmp = output.with_name(output.name + ".part")
        tmp.write_bytes(data)
        os.replace(tmp, output)
    err_console.print(f"wrote the signed head (record {result.head.id}) to {output}")


@audit_app.command("anchor")
def audit_anchor() -> None:
    """Check the chain and anchor its head now: once for a chain written before anchoring
    existed (records are anchored as they are written)."""
    with user_errors():
        trail = _monitor().audit
        result = trail.anchor_head()
    if not result.ok:
        err_console.print(f"[bold red]not anchored: the audit trail is broken[/]: "
                          f"{result.problem}", highlight=False, soft_wrap=True)  # fmt: skip
        raise typer.Exit(1)
    if result.head is None:
        console.print("nothing to anchor: the audit trail has no chained records")
        return
    console.print(f"anchored record {result.head.id} (sha256 {result.head.hash}) in "
                  f"{trail.anchor.path}", highlight=False, soft_wrap=True)  # fmt: skip


# -- users ----------------------------------------------------------------------------------
@users_app.command("add")
def users_add(
    name: str,
    role: Annotated[str, typer.Option(help=" < ".join(ROLES) + ".")] = "analyst",
    as_: AsOpt = None,
) -> None:
    """Add a user; give them a key with `tracewire keys create KEYNAME --user NAME`."""
    with user_errors():
        monitor = _monitor()
        user = monitor.add_user(_actor(monitor, as_), name, role)
    console.print(f"added user {user.name} ({user.role})")


@users_app.command("set-role")
def users_set_role(name: str, role: str, as_: AsOpt = None) -> None:
    """Change a user's role."""
    with user_errors():
        monitor = _monitor()
        user = monitor.set_role(_actor(monitor, as_), name, role)
    console.print(f"{user.name} is now {user.role}")


@users_app.command("disable")
def users_disable(name: str, as_: AsOpt = None) -> None:
    """Disable a user (their keys stop working)."""
    with user_errors():
        monitor = _monitor()
        monitor.disable_user(_actor(monitor, as_), name)
    console.print(f"disabled {name}")


@users_app.command("list")
def users_list(json: JsonOpt = False) -> None:
    """Every user with their role."""
    with user_errors():
        users = _monitor().users.all()
    if json:
        emit_json([u.to_dict() for u in users])
        return
    table = Table()
    for col in ("name", "role", "created", "disabled"):
        table.add_column(col)
    for u in users:
        table.add_row(u.name, u.role, u.created_at.isoformat(timespec="seconds"),
                      u.disabled_at.isoformat(timespec="seconds") if u.disabled_at else "")  # fmt: skip
    console.print(table)
