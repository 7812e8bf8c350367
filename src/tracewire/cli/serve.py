"""``tracewire serve``: the HTTP screening service (FastAPI on uvicorn).

:func:`register` adds ``serve`` and the ``keys`` group to the main command.
"""

from __future__ import annotations

import os
import socket
from importlib.util import find_spec
from typing import Annotated

import typer

from tracewire.api.config import CONFIG_ENV, ServiceConfig
from tracewire.cli import keys
from tracewire.cli.context import err_console, state, user_errors
from tracewire.errors import InputError

APP = "tracewire.api.app:app_from_env"


def listening_socket(host: str, port: int) -> socket.socket:
    """The socket the workers share, made so that their connections send at once.

    uvicorn's own shared socket for ``--workers`` is created without its protocol
    (``IPPROTO_TCP``), so asyncio does not set ``TCP_NODELAY`` on the connections it
    accepts, and every response waited ~40 ms for the client's delayed ACK (Nagle).
    """
    try:
        family, kind, proto, _name, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
        )[0]
    except socket.gaierror as exc:
        raise InputError(f"--host {host!r}: {exc.strerror}") from None
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    sock.set_inheritable(True)
    return sock


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
    no_auth: Annotated[
        bool,
        typer.Option("--no-auth", help="Serve without API keys (only on a loopback address)."),
    ] = False,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Serve screening over HTTP: yente-compatible /match, /search, /entities, /catalog."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    with user_errors():
        config = ServiceConfig.from_env(state.home, host=host, auth=False if no_auth else None)
        sock = listening_socket(host, port) if workers > 1 else None
    os.environ[CONFIG_ENV] = config.to_json()
    auth = "API keys required" if config.auth else "[yellow]no authentication[/] (loopback only)"
    err_console.print(
        f"serving the lists in {config.home} on http://{host}:{port} ({auth}); "
        f"docs at http://{host}:{port}/docs"
    )
    uv_config = uvicorn.Config(
        APP,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        # asyncio's own loop, not uvloop: screening is CPU-bound work on the loop, and
        # under load uvloop served some connections again and again while others waited
        # seconds (p99 at 64 clients 3.8 s against 0.18 s, at equal throughput)
        loop="asyncio",
        http="httptools" if find_spec("httptools") else "h11",
    )
    if sock is None:
        uvicorn.Server(uv_config).run()
    else:
        Multiprocess(uv_config, sockets=[sock]).run()


def register(app: typer.Typer) -> None:
    """Add ``serve`` and ``keys`` to the ``tracewire`` command."""
    app.command("serve")(serve)
    app.add_typer(keys.app, name="keys")
