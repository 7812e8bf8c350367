"""``tracewire serve``: the HTTP screening service (FastAPI on uvicorn).

:func:`register` adds ``serve`` and the ``keys`` group to the main command.
"""

from __future__ import annotations

import inspect
import os
import socket
from importlib.util import find_spec
from typing import Annotated, Any

import typer

from tracewire.api.config import CONFIG_ENV, ServiceConfig
from tracewire.cli import keys
from tracewire.cli.context import err_console, state, user_errors
from tracewire.errors import InputError
from tracewire.store import Store
from tracewire.store.index_blobs import index_secret

APP = "tracewire.api.app:app_from_env"
#: seconds a worker may take to answer uvicorn's supervisor before it is killed
WORKER_HEALTHCHECK_S = 120


def listening_socket(host: str, port: int, workers: int = 2) -> socket.socket:
    """The socket for ``workers`` processes, made so that their connections send at once.

    uvicorn's own shared socket for ``--workers`` is created without its protocol
    (``IPPROTO_TCP``), so asyncio does not set ``TCP_NODELAY`` on the connections it
    accepts, and every response waited ~40 ms for the client's delayed ACK (Nagle).

    Where the system has ``SO_REUSEPORT`` (Linux, the BSDs, macOS) it is a
    :class:`WorkerSocket`: each worker listens on a socket of its own, bound to the
    same address, and the kernel spreads new connections over them. With one shared
    socket, asyncio accepts every connection waiting in whichever worker wakes first, so
    a client that opens its pool of keep-alive connections at once (8 or 64) could land
    them all on one worker and leave the others idle for as long as they lasted.
    """
    try:
        family, kind, proto, _name, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
        )[0]
    except socket.gaierror as exc:
        raise InputError(f"--host {host!r}: {exc.strerror}") from None
    per_worker = workers > 1 and hasattr(socket, "SO_REUSEPORT")
    sock = (WorkerSocket if per_worker else socket.socket)(family, kind, proto)
    _configure(sock, reuse_port=per_worker)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    sock.set_inheritable(True)
    return sock


def _configure(sock: socket.socket, reuse_port: bool) -> None:
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class WorkerSocket(socket.socket):
    """An address every worker process listens on with a socket of its own.

    Sent to a worker (uvicorn starts them with ``spawn``, which pickles the sockets), it
    arrives as a new socket bound to the same address with ``SO_REUSEPORT``; a worker
    that dies takes its socket with it, and its replacement binds a new one. The
    parent's own copy holds the port (a port in use fails at once) but never listens,
    so no connection waits on it.
    """

    def __reduce__(self) -> tuple[Any, ...]:
        return (worker_socket, (self.family, self.getsockname()))


def worker_socket(family: socket.AddressFamily, address: Any) -> socket.socket:
    """A worker's own socket on the shared address (see :class:`WorkerSocket`)."""
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    _configure(sock, reuse_port=True)
    sock.bind(address)
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
        Store(config.database_url).close()  # upgraded once here, or refused with a message
        index_secret()  # a shared-index key too short to use is refused here, not later
        sock = listening_socket(host, port, workers) if workers > 1 else None
    os.environ[CONFIG_ENV] = config.to_json()
    auth = "API keys required" if config.auth else "[yellow]no authentication[/] (loopback only)"
    err_console.print(
        f"serving the lists in {config.home} on http://{host}:{port} ({auth}); "
        f"API description at http://{host}:{port}/{'docs' if config.docs else 'openapi.json'}"
    )
    extra: dict[str, Any] = {}
    if "timeout_worker_healthcheck" in inspect.signature(uvicorn.Config).parameters:
        # uvicorn >= 0.55 kills a worker that does not answer its supervisor's ping within
        # this many seconds (default 5); a worker building the list index at start, or
        # screening a long batch on a busy machine, answers late without being hung
        extra["timeout_worker_healthcheck"] = WORKER_HEALTHCHECK_S
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
        **extra,
    )
    if sock is None:
        uvicorn.Server(uv_config).run()
    else:
        Multiprocess(uv_config, sockets=[sock]).run()


def register(app: typer.Typer) -> None:
    """Add ``serve`` and ``keys`` to the ``tracewire`` command."""
    app.command("serve")(serve)
    app.add_typer(keys.app, name="keys")
