"""What every command shares: the data folder, the store, output and error handling."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from tracewire.errors import TracewireError
from tracewire.match import DEFAULT_THRESHOLD, Screener
from tracewire.memory import gc_paused, settle
from tracewire.settings import database_url, home_dir
from tracewire.store import Store, VersionInfo
from tracewire.store.index_blobs import IndexBlobs

console = Console()
err_console = Console(stderr=True)


@dataclass
class State:
    home_override: Path | None = None
    _store: Store | None = field(default=None, repr=False)

    @property
    def home(self) -> Path:
        return home_dir(self.home_override)

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(database_url(self.home))
        return self._store


state = State()


def list_screener(
    store: Store,
    datasets: Sequence[str] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    versions: Sequence[VersionInfo] | None = None,
) -> Screener:
    """The index of the store's current lists (or of ``versions``; kept under the data
    folder, rebuilt when a list version changes), settled for the rest of the command
    (:func:`settle`)."""
    with gc_paused(), index_progress() as progress:  # settled before the collector runs
        # the lists of a past date are not cached: the cache keeps the current index
        if versions is None:  # signed under $TRACEWIRE_INDEX_KEY when it is set
            screener = Screener.from_store(
                store, datasets, cache_dir=state.home / "index", threshold=threshold,
                shared=IndexBlobs.configured(store.engine), progress=progress,
            )  # fmt: skip
        else:
            screener = Screener.from_store(
                store, datasets, threshold=threshold, versions=versions, progress=progress
            )
        settle()
    return screener


@contextmanager
def index_progress() -> Iterator[Callable[[int, int], None]]:
    """A progress bar for building the lists' index (once per list version: 15 to 20 s
    for all the official lists), shown on a terminal only, and only if one is built."""
    with counting_progress() as bar:
        task: TaskID | None = None

        def update(done: int, total: int) -> None:
            nonlocal task
            if task is None:
                task = bar.add_task("Indexing the lists", total=total)
            bar.update(task, completed=done)

        yield update


def counting_progress() -> Progress:
    """A progress bar for long jobs counted in items (rows, transactions), on stderr,
    shown only on a terminal so that piped and JSON output stay clean."""
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,
    )


def emit_json(data: Any) -> None:
    sys.stdout.write(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n")


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn tracewire errors into a one-line message and exit code 1 (2 for bad input or a
    refused list file)."""
    try:
        yield
    except TracewireError as exc:
        err_console.print(
            f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True
        )
        raise typer.Exit(2 if exc.status in (400, 404, 409, 413, 422) else 1) from None
