"""The ``tracewire`` command: a thin Typer shell over the library."""
