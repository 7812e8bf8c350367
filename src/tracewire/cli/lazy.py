"""Commands imported when they run, not each time ``tracewire`` starts.

Importing every command's module (the matcher, the HTTP service, the network and report
code, the message parsers) took about 2.5 CPU seconds and 200 MB before ``tracewire
--help`` or ``--version`` could answer, and every command paid for all the others. The
root group lists each command by a short help of its own, and imports a command's module
(``tracewire.cli.<module>``, whose ``register(app)`` adds its commands) only when the
command line names it: to run it, to show its own help or to complete its options.
``tests/cli/test_lazy.py`` checks that the short helps are the commands' own.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

import typer
import typer.main
from typer.core import MarkupMode, TyperCommand, TyperGroup


@dataclass(frozen=True)
class LazyCommand:
    """A command of the root group: its name, the module of ``tracewire.cli`` that
    registers it, and the help the root's ``--help`` lists for it."""

    name: str
    module: str
    help: str


def _not_loaded(*args: Any, **kwargs: Any) -> NoReturn:
    raise RuntimeError("a lazy command ran before its module was loaded")


class LazyGroup(TyperGroup):
    """The root group: a placeholder per lazy command until the command line names it."""

    lazy: Sequence[LazyCommand] = ()
    markup_mode: MarkupMode = "rich"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._modules: dict[str, str] = {}
        for entry in self.lazy:
            self._modules[entry.name] = entry.module
            if entry.name not in self.commands:
                # typer's own Command class: newer typers carry their own copy of click
                self.commands[entry.name] = TyperCommand(
                    entry.name, help=entry.help, callback=_not_loaded
                )

    def load(self, name: str) -> None:
        """Import the module of the command ``name`` and put its real commands (all that
        module registers) in place of their placeholders."""
        module = self._modules.pop(name, None)
        if module is None:
            return  # loaded already, or not a lazy command
        registrar = typer.Typer(rich_markup_mode=self.markup_mode)
        importlib.import_module(f"tracewire.cli.{module}").register(registrar)
        group = typer.main.get_group(registrar)
        for command_name, command in group.commands.items():
            self.commands[command_name] = command
            self._modules.pop(command_name, None)

    def load_all(self) -> None:
        for name in list(self._modules):
            self.load(name)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args:
            self.load(str(args[0]))
        return super().resolve_command(ctx, args)


def lazy_group(commands: Sequence[LazyCommand]) -> type[LazyGroup]:
    """A :class:`LazyGroup` class listing ``commands`` (for ``typer.Typer(cls=...)``)."""
    return type("TracewireGroup", (LazyGroup,), {"lazy": tuple(commands)})
