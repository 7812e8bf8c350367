"""Settings: one table of every knob, read from ``TRACEWIRE_*`` environment variables.

A setting is looked up in this order: an explicit argument (e.g. the CLI's ``--home``),
the environment variable, the default. ``tests/test_docs.py`` checks that every setting
here is documented in the README.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "home",
        "TRACEWIRE_HOME",
        "per-user data folder (platformdirs user_data_dir('tracewire'))",
        "Folder holding the embedded database, downloads and indexes.",
    ),
    Setting(
        "database_url",
        "TRACEWIRE_DATABASE_URL",
        "sqlite:///<home>/tracewire.db",
        "SQLAlchemy URL of the store; a postgresql+psycopg:// URL for team deployments.",
    ),
    Setting(
        "offline",
        "TRACEWIRE_OFFLINE",
        "0",
        "When 1, never try the network (downloads fail at once with a hint).",
    ),
    Setting(
        "mirror",
        "TRACEWIRE_MIRROR",
        "unset",
        "Base URL of a mirror holding <dataset>/<file name>, used instead of the publishers.",
    ),
    Setting(
        "audit_key",
        "TRACEWIRE_AUDIT_KEY",
        "unset: the key file",
        "Secret (16+ characters) signing the audit chain's anchored heads, instead of a file.",
    ),
    Setting(
        "audit_key_file",
        "TRACEWIRE_AUDIT_KEY_FILE",
        "<user config dir>/tracewire/audit.key (created 0600 on first use)",
        "File holding the audit key, kept outside the database.",
    ),
    Setting(
        "audit_anchor",
        "TRACEWIRE_AUDIT_ANCHOR",
        "<database>.audit-anchor.jsonl beside an SQLite store, else in <home>",
        "Append-only file of the audit chain's signed heads.",
    ),
    Setting(
        "index_key",
        "TRACEWIRE_INDEX_KEY",
        "unset: each process builds its own index",
        "Secret (16+ characters, the same on every host) signing the screening indexes shared "
        "through the store (one host builds, the others and Dask workers load the signed "
        "copy) and the local index cache files (an unsigned or changed one is rebuilt).",
    ),
    Setting(
        "api_auth",
        "TRACEWIRE_API_AUTH",
        "1",
        "tracewire serve: 0 serves without API keys (only on a loopback address; --no-auth).",
    ),
    Setting(
        "api_max_body",
        "TRACEWIRE_API_MAX_BODY",
        "1048576",
        "tracewire serve: largest request body in bytes; larger ones get 413.",
    ),
    Setting(
        "api_max_batch_body",
        "TRACEWIRE_API_MAX_BATCH_BODY",
        "67108864",
        "tracewire serve: largest batch file for POST /screen in bytes, read in chunks; "
        "larger ones get 413.",
    ),
    Setting(
        "api_max_queries",
        "TRACEWIRE_API_MAX_QUERIES",
        "100",
        "tracewire serve: most queries in one /match request; more get 400.",
    ),
    Setting(
        "api_docs",
        "TRACEWIRE_API_DOCS",
        "0",
        "tracewire serve: 1 serves the interactive docs /docs and /redoc (they load Swagger UI "
        "and ReDoc from a CDN); /openapi.json is always served.",
    ),
    Setting(
        "api_messages",
        "TRACEWIRE_API_MESSAGES",
        "1",
        "tracewire serve: 0 turns off /screen/message and /scan (404), and each index "
        "reload then skips building their mention automaton (seconds and hundreds of MB "
        "on the real lists).",
    ),
    Setting(
        "api_reload_seconds",
        "TRACEWIRE_API_RELOAD_SECONDS",
        "5",
        "tracewire serve: seconds between checks for new list versions to serve (on "
        "PostgreSQL a load also wakes every service at once); 0 = never.",
    ),
)


def home_dir(override: str | Path | None = None) -> Path:
    """The data folder: ``override``, else ``$TRACEWIRE_HOME``, else the per-user data dir."""
    raw = str(override) if override else os.environ.get("TRACEWIRE_HOME", "")
    path = Path(raw).expanduser() if raw else Path(user_data_dir("tracewire", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_url(home: Path) -> str:
    url = os.environ.get("TRACEWIRE_DATABASE_URL", "").strip()
    return url or f"sqlite:///{home / 'tracewire.db'}"


def offline() -> bool:
    return os.environ.get("TRACEWIRE_OFFLINE", "").strip().lower() in {"1", "true", "yes"}
