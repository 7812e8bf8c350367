"""Screening indexes saved as files: the cache folder of the CLI and the service
(``TRACEWIRE_HOME/index``), and the file the workers of a Dask cluster read.

An index file is a pickle, and unpickling runs whatever code the pickle names: whoever
can write to the folder could run code as every process that reads it. So:

- **With** ``$TRACEWIRE_INDEX_KEY`` (the key of the store's shared index blobs,
  :mod:`tracewire.store.index_blobs`) every index file is written signed: a header line
  with the HMAC-SHA256, under the key, of the file's name and its pickle. A file is
  unpickled only when that signature holds; an unsigned file (one written before the key
  was set), one signed under another key, renamed or changed is refused, and the caller
  builds the index again and writes a good file over it.
- **Without** the key the files are plain pickles, as they always were, and the folder
  is trusted like the rest of the data folder: keep it writable by the service's own
  user only. A signed file found then is read without its signature checked (there is
  nothing to check it with): the same trust as a plain one.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
from pathlib import Path
from typing import TypeVar

from tracewire.memory import gc_paused
from tracewire.store.index_blobs import index_secret

T = TypeVar("T")

#: the first line of a signed index file, then the signature's 64 hex digits and a newline
MAGIC = b"tracewire signed index 1\n"
_SIGNATURE = 64


def _mac(secret: bytes, name: str, data: bytes) -> str:
    mac = hmac.new(secret, digestmod=hashlib.sha256)
    mac.update(b"tracewire index file\0" + name.encode("utf-8") + b"\0")
    mac.update(data)
    return mac.hexdigest()


def write_index_file(index: object, path: Path) -> Path:
    """Write ``index`` to ``path`` atomically (a temporary file of this process's own,
    then a rename: processes writing the same index at once never cut each other's
    file), signed when ``$TRACEWIRE_INDEX_KEY`` is set."""
    secret = index_secret()
    data = pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.{secrets.token_hex(4)}.part")
    try:
        with open(tmp, "wb") as fh:
            if secret is not None:
                fh.write(MAGIC + _mac(secret, path.name, data).encode("ascii") + b"\n")
            fh.write(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _signed_payload(data: bytes) -> tuple[bytes, str] | None:
    """A signed file's pickle and signature; None when ``data`` is not signed. A damaged
    signature line gives an empty signature (which holds under no key)."""
    if not data.startswith(MAGIC):
        return None
    start = len(MAGIC)
    end = start + _SIGNATURE
    if data[end : end + 1] != b"\n":
        return data[end + 1 :], ""
    return data[end + 1 :], data[start:end].decode("ascii", errors="replace")


def read_index_file(path: Path, kind: type[T]) -> tuple[T | None, str | None]:
    """The index in ``path`` (an instance of ``kind``), or None and why it was refused.

    With ``$TRACEWIRE_INDEX_KEY`` set, only a file whose signature holds is unpickled."""
    secret = index_secret()
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, f"it cannot be read ({exc.strerror or exc})"
    signed = _signed_payload(data)
    if signed is not None:
        data, signature = signed
        if not signature:
            return None, "its signature line is damaged"
        if secret is not None and not hmac.compare_digest(_mac(secret, path.name, data), signature):
            return None, (
                "its signature does not hold under $TRACEWIRE_INDEX_KEY (another key, "
                "another file's name, or a changed file): not unpickled"
            )
    elif secret is not None:
        return None, "it is not signed, and $TRACEWIRE_INDEX_KEY is set: not unpickled"
    try:
        with gc_paused():
            loaded = pickle.loads(data)  # noqa: S301 - signed, or a trusted folder (no key)
    except Exception as exc:  # noqa: BLE001 - any unpickling failure means: rebuild
        return None, f"it could not be unpickled ({type(exc).__name__})"
    if not isinstance(loaded, kind):
        return None, f"it holds a {type(loaded).__name__}, not a {kind.__name__}"
    return loaded, None


def index_file_holds(path: Path) -> bool:
    """Whether ``path`` is there and would be read: with ``$TRACEWIRE_INDEX_KEY`` set,
    signed and its signature holding (checked, nothing unpickled)."""
    secret = index_secret()
    try:
        if secret is None:
            return path.is_file()
        signed = _signed_payload(path.read_bytes())
    except OSError:
        return False
    if signed is None or not signed[1]:
        return False
    return hmac.compare_digest(_mac(secret, path.name, signed[0]), signed[1])
