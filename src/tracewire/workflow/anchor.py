"""The audit chain's anchor: its head, kept outside the database and signed with a key.

The hash chain alone shows a record changed or removed *inside* the chain; it cannot
show records cut from its end, nor a chain recomputed from a changed record on (the
recipe is public). So after each commit the writer appends the chain's new head
(the last record's id and hash) to an **anchor file** beside the store, each line
signed with HMAC-SHA256 under a **key held outside the database**:

- the key: ``$TRACEWIRE_AUDIT_KEY`` (the secret itself), else the file
  ``$TRACEWIRE_AUDIT_KEY_FILE``, else ``<user config dir>/tracewire/audit.key``,
  created on first use with 64 random hex digits and mode 0600;
- the anchor: ``$TRACEWIRE_AUDIT_ANCHOR``, else ``<database>.audit-anchor.jsonl``
  beside an SQLite store, else ``<home>/audit-anchor-<database>@<host>.jsonl``.

Lines are appended with one ``write`` on a file opened ``O_APPEND`` (whole lines, even
from several processes), one per commit (a group commit of the service's writer is one
line), and not fsynced: a crash may lose the newest line, which only leaves records
unanchored (:meth:`~tracewire.workflow.audit.AuditTrail.verify` says how many), or cut
it short: a line that is not an anchor line vouches for nothing and is reported and
ignored. A well-formed line whose signature does not hold is a forgery: verify fails.

An anchor line (JSON)::

    {"v": 1, "id": 170, "hash": "<sha256 hex>", "at": "<ISO time>",
     "key": "<key id>", "mac": "<HMAC-SHA256 hex>"}

A **signed head** (``tracewire audit head``) adds ``"records"`` (the chained records up
to ``id``) and is signed the same way; ``mac`` covers every other field (JSON with
sorted keys), ``key`` is the first 16 hex digits of HMAC(key, "tracewire audit key id").
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from platformdirs import user_config_dir
from sqlalchemy.engine import URL

from tracewire.errors import InputError

ANCHOR_VERSION = 1
_HEX64 = re.compile(r"[0-9a-f]{64}")
_HEX16 = re.compile(r"[0-9a-f]{16}")
#: the shortest secret accepted from $TRACEWIRE_AUDIT_KEY
MIN_SECRET = 16


# -- the key ---------------------------------------------------------------------------------
def key_path() -> Path:
    raw = os.environ.get("TRACEWIRE_AUDIT_KEY_FILE", "")
    if raw:
        return Path(raw).expanduser()
    return Path(user_config_dir("tracewire", appauthor=False)) / "audit.key"


@dataclass(frozen=True)
class AuditKey:
    secret: bytes
    #: where it came from, for messages ("$TRACEWIRE_AUDIT_KEY" or the file)
    source: str

    @property
    def id(self) -> str:
        return hmac.new(self.secret, b"tracewire audit key id", hashlib.sha256).hexdigest()[:16]

    def sign(self, fields: dict[str, Any]) -> dict[str, Any]:
        """``fields`` with ``key`` and ``mac`` added."""
        body = {k: v for k, v in fields.items() if k != "mac"} | {"key": self.id}
        return body | {"mac": self._mac(body)}

    def check(self, signed: dict[str, Any]) -> str | None:
        """Why ``signed`` does not hold under this key, or None if it does."""
        if signed.get("key") != self.id:
            return (
                f"it was signed with another key (key id {signed.get('key')!r}; "
                f"this key, from {self.source}, is {self.id})"
            )
        body = {k: v for k, v in signed.items() if k != "mac"}
        if not hmac.compare_digest(str(signed.get("mac", "")), self._mac(body)):
            return "its signature does not hold: it was forged or changed"
        return None

    def _mac(self, body: dict[str, Any]) -> str:
        message = orjson.dumps(body, option=orjson.OPT_SORT_KEYS)
        return hmac.new(self.secret, message, hashlib.sha256).hexdigest()


def load_key(create: bool = False) -> AuditKey | None:
    """The audit key; with ``create``, a new key file when there is none yet.

    Raises :class:`InputError` for an unusable key (too short, empty or unreadable file).
    """
    secret = os.environ.get("TRACEWIRE_AUDIT_KEY", "")
    if secret:
        if len(secret) < MIN_SECRET:
            raise InputError(
                f"$TRACEWIRE_AUDIT_KEY is too short ({len(secret)} characters; "
                f"use at least {MIN_SECRET}, e.g. 64 random hex digits)"
            )
        return AuditKey(secret.encode("utf-8"), "$TRACEWIRE_AUDIT_KEY")
    path = key_path()
    if not path.exists():
        if not create:
            return None
        _create_key_file(path)
    try:
        raw = path.read_bytes().strip()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the audit key: {exc.strerror}") from None
    if len(raw) < MIN_SECRET:
        raise InputError(f"{path}: the audit key is empty or too short")
    return AuditKey(raw, str(path))


def _create_key_file(path: Path) -> None:
    """A new random key, mode 0600, made whole before it appears (os.link refuses to
    replace a key another process created meanwhile)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, (secrets.token_hex(32) + "\n").encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass  # another process made one first: use theirs
    finally:
        tmp.unlink()


# -- where the anchor is ---------------------------------------------------------------------
def anchor_path(url: URL | str, home: Path | None = None) -> Path | None:
    """The anchor file of the store at ``url`` (None for an in-memory database)."""
    raw = os.environ.get("TRACEWIRE_AUDIT_ANCHOR", "")
    if raw:
        return Path(raw).expanduser()
    from sqlalchemy.engine import make_url

    u = make_url(url) if isinstance(url, str) else url
    if u.get_backend_name() == "sqlite":
        if not u.database or u.database == ":memory:" or u.database.startswith("file:"):
            return None
        db = Path(u.database)
        return db.with_name(db.name.removesuffix(".db") + ".audit-anchor.jsonl")
    if home is None:
        from tracewire.settings import home_dir

        home = home_dir()
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", f"{u.database or 'db'}@{u.host or 'local'}")
    return home / f"audit-anchor-{name}.jsonl"


# -- the anchor file -------------------------------------------------------------------------
@dataclass(frozen=True)
class AnchorLine:
    line: int
    id: int
    hash: str
    at: str


@dataclass
class AnchorState:
    """What the anchor file says: its newest head, and whatever in it does not hold."""

    path: Path | None
    exists: bool = False
    lines: int = 0
    head: AnchorLine | None = None
    #: (line number, problem) of anchor lines whose signature does not hold
    problems: list[tuple[int, str]] = field(default_factory=list)
    #: lines that are not anchor lines (a write cut short by a crash, the file edited):
    #: ignored, as they can vouch for nothing; reported
    unreadable: list[int] = field(default_factory=list)


class Anchor:
    """The anchor file of one store."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._key: AuditKey | None = None
        #: the last error writing the anchor (writes never fail the audit record)
        self.error: str | None = None

    def key(self, create: bool = False) -> AuditKey | None:
        if self._key is None:
            self._key = load_key(create=create)
        return self._key

    def loose_key(self) -> str | None:
        """A warning when the key file can be read by other users than its owner."""
        key = self._key
        if key is None or key.source.startswith("$"):
            return None
        try:
            mode = os.stat(key.source).st_mode & 0o777
        except OSError:
            return None
        if mode & 0o077:
            return (
                f"the audit key {key.source} can be read by other users (mode {mode:o}): "
                "chmod 600 it"
            )
        return None

    def append(self, record_id: int, record_hash: str) -> None:
        """Append the head (``record_id``, ``record_hash``) as one signed line.

        Never raises: an anchor that cannot be written is logged, kept in :attr:`error`
        and shows in ``verify`` as unanchored records."""
        if self.path is None:
            return
        try:
            key = self.key(create=True)
            assert key is not None
            line = key.sign(
                {
                    "v": ANCHOR_VERSION,
                    "id": record_id,
                    "hash": record_hash,
                    "at": datetime.now(UTC).isoformat(timespec="microseconds"),
                }
            )
            data = orjson.dumps(line) + b"\n"
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, data)  # one write of one line: whole even with other writers
            finally:
                os.close(fd)
            self.error = None
        except Exception as exc:  # noqa: BLE001 - logged; the record itself is committed
            import logging

            self.error = f"{self.path}: {exc}"
            logging.getLogger("tracewire.audit").error(
                "cannot anchor the audit chain's head (record %d): %s", record_id, exc
            )

    def read(self) -> AnchorState:
        """Every line checked against the key; the newest head of those that hold.

        Raises :class:`InputError` when the file has lines but no key is at hand to
        check them."""
        state = AnchorState(self.path)
        if self.path is None or not self.path.exists():
            return state
        state.exists = True
        key = self.key()
        for number, raw in _lines(self.path):
            state.lines += 1
            if key is None:
                raise InputError(
                    f"{self.path}: the audit anchor cannot be checked without its key "
                    f"(set $TRACEWIRE_AUDIT_KEY or restore {key_path()})"
                )
            line, problem = _parse_line(raw, key)
            if line is None and problem is None:
                state.unreadable.append(number)
                continue
            if problem is not None:
                state.problems.append((number, problem))
                continue
            assert line is not None
            if state.head is None or line.id > state.head.id:
                state.head = AnchorLine(number, line.id, line.hash, line.at)
        return state


def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """(line number, bytes) of each non-empty line."""
    try:
        with path.open("rb") as fh:
            for number, raw in enumerate(fh, start=1):
                if raw.strip():
                    yield number, raw.strip()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the audit anchor: {exc.strerror}") from None


def _parse_line(raw: bytes, key: AuditKey) -> tuple[AnchorLine | None, str | None]:
    """The line, or why its signature does not hold; (None, None) for a line that is
    not an anchor line at all."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None, None
    if not isinstance(data, dict):
        return None, None
    rid, digest, at = data.get("id"), data.get("hash"), data.get("at")
    if (
        data.get("v") != ANCHOR_VERSION
        or not isinstance(rid, int)
        or isinstance(rid, bool)
        or not isinstance(digest, str)
        or not _HEX64.fullmatch(digest)
        or not isinstance(at, str)
        or not isinstance(data.get("key"), str)
        or not isinstance(data.get("mac"), str)
    ):
        return None, None
    problem = key.check(data)
    if problem is not None:
        return None, problem
    return AnchorLine(0, rid, digest, at), None


# -- a signed head, exported for the operator to keep ---------------------------------------
@dataclass(frozen=True)
class Head:
    #: records in the chain up to and including ``id``
    records: int
    id: int
    hash: str

    def to_dict(self) -> dict[str, Any]:
        return {"records": self.records, "id": self.id, "hash": self.hash}


def signed_head(head: Head, key: AuditKey) -> dict[str, Any]:
    return key.sign({"v": ANCHOR_VERSION, **head.to_dict(), "at": datetime.now(UTC).isoformat()})


def parse_signed_head(raw: bytes, source: str, key: AuditKey | None) -> tuple[Head, str | None]:
    """A head exported by ``tracewire audit head`` and why its signature does not hold
    (None if it holds). :class:`InputError` naming ``source`` if it is not one."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise InputError(f"{source}: not JSON ({exc})") from None
    if not isinstance(data, dict):
        raise InputError(f"{source}: not a signed audit head (a JSON object)")
    records, rid, digest = data.get("records"), data.get("id"), data.get("hash")
    if (
        not all(isinstance(v, int) and not isinstance(v, bool) for v in (records, rid))
        or not isinstance(digest, str)
        or not _HEX64.fullmatch(digest)
        or not isinstance(data.get("mac"), str)
        or not isinstance(data.get("key"), str)
        or not _HEX16.fullmatch(data["key"])
    ):
        raise InputError(
            f"{source}: not a signed audit head (records, id, hash, key, mac; "
            "see `tracewire audit head`)"
        )
    if key is None:
        raise InputError(
            f"{source}: the head cannot be checked without the audit key "
            f"(set $TRACEWIRE_AUDIT_KEY or restore {key_path()})"
        )
    assert isinstance(records, int) and isinstance(rid, int)
    return Head(records, rid, digest), key.check(data)
