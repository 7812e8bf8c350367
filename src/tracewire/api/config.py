"""What the HTTP service is configured with: one frozen object, built from the settings.

``tracewire serve`` builds a :class:`ServiceConfig` from its flags and the
``TRACEWIRE_API_*`` environment variables (documented in :mod:`tracewire.settings` and
the README); worker processes started by uvicorn receive it as JSON in
``TRACEWIRE_SERVE_CONFIG`` so that every worker serves with exactly the same options.
"""

from __future__ import annotations

import ipaddress
import json
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from tracewire.errors import InputError
from tracewire.settings import database_url, home_dir

#: environment variable carrying the config to uvicorn worker processes (internal)
CONFIG_ENV = "TRACEWIRE_SERVE_CONFIG"
LOOPBACK_NAMES = frozenset({"localhost", "ip6-localhost"})


def is_loopback(host: str) -> bool:
    """True when ``host`` only accepts connections from this machine."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise InputError(f"{name}={raw!r} is not a whole number") from None
    if value < 0:
        raise InputError(f"{name}={raw!r} must not be negative")
    return value


def _env_flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise InputError(f"{name}={raw!r} is not a yes/no value (use 1 or 0)")


@dataclass(frozen=True)
class ServiceConfig:
    home: Path
    database_url: str
    host: str = "127.0.0.1"
    #: require an API key on every endpoint but the health checks
    auth: bool = True
    #: largest request body accepted, in bytes (413 above)
    max_body_bytes: int = 1 << 20
    #: largest batch file accepted by POST /screen, in bytes (413 above); read in chunks
    max_batch_bytes: int = 64 << 20
    #: most queries in one /match request (400 above)
    max_queries: int = 100
    #: seconds between checks of the store for new list versions (a cheap stamp query;
    #: PostgreSQL also wakes the check at once on a load's NOTIFY); 0 = never
    reload_seconds: int = 5
    #: serve the interactive docs (/docs, /redoc: Swagger UI and ReDoc load from a CDN)
    docs: bool = False
    #: screen payment messages and documents (/screen/message, /scan); off, each index
    #: snapshot is built without the message screener and its mention automaton
    messages: bool = True

    @classmethod
    def from_env(
        cls, home: Path | None = None, host: str = "127.0.0.1", auth: bool | None = None
    ) -> ServiceConfig:
        """The config from the environment; explicit arguments (CLI flags) win."""
        path = home_dir(home)
        config = cls(
            home=path,
            database_url=database_url(path),
            host=host,
            auth=_env_flag("TRACEWIRE_API_AUTH", True) if auth is None else auth,
            max_body_bytes=_env_int("TRACEWIRE_API_MAX_BODY", 1 << 20),
            max_batch_bytes=_env_int("TRACEWIRE_API_MAX_BATCH_BODY", 64 << 20),
            max_queries=_env_int("TRACEWIRE_API_MAX_QUERIES", 100),
            reload_seconds=_env_int("TRACEWIRE_API_RELOAD_SECONDS", 5),
            docs=_env_flag("TRACEWIRE_API_DOCS", False),
            messages=_env_flag("TRACEWIRE_API_MESSAGES", True),
        )
        config.check()
        return config

    def check(self) -> None:
        """Refuse configurations that would be unsafe or useless."""
        if not self.auth and not is_loopback(self.host):
            raise InputError(
                f"authentication can only be turned off on a loopback address "
                f"(127.0.0.1, ::1, localhost), not on {self.host!r}: create a key with "
                "`tracewire keys create NAME --scope screen` instead"
            )
        if self.max_queries < 1:
            raise InputError("TRACEWIRE_API_MAX_QUERIES must be at least 1")
        if self.max_body_bytes < 1024:
            raise InputError("TRACEWIRE_API_MAX_BODY must be at least 1024 bytes")
        if self.max_batch_bytes < 1024:
            raise InputError("TRACEWIRE_API_MAX_BATCH_BODY must be at least 1024 bytes")

    def with_changes(self, **changes: Any) -> ServiceConfig:
        return replace(self, **changes)

    # -- handing the config to worker processes -----------------------------------------
    def to_json(self) -> str:
        data = asdict(self)
        data["home"] = str(self.home)
        return json.dumps(data)

    @classmethod
    def from_json(cls, text: str) -> ServiceConfig:
        data = json.loads(text)
        data["home"] = Path(data["home"])
        config = cls(**data)
        config.check()
        return config
