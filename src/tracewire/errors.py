"""Errors raised by tracewire.

Every error a user can cause names what went wrong and where::

    TracewireError                 base; ``status`` is the HTTP status an API maps it to
    ├── ListFormatError            a list file is malformed (names file, line/element)
    │   └── UnknownFormatError     no parser recognises the file
    ├── DownloadError              a publisher's file could not be fetched or verified
    ├── StoreError                 the store cannot do what was asked
    │   ├── UnknownDatasetError    no such dataset in the store
    │   ├── UnknownVersionError    no such version of a dataset
    │   └── UnknownEntityError     no entity with that id
    ├── InputError                 a value given by the user is not valid
    │   ├── NotFoundError          no party, alert or user with that id
    │   └── LoadRefusedError       a list file cut short, older or much smaller than the
    │                              current version (store unchanged; an option overrides)
    └── PermissionDenied           the user's role does not allow it
"""

from __future__ import annotations

from pathlib import Path


class TracewireError(Exception):
    """Base of every tracewire error."""

    status: int = 500


class ListFormatError(TracewireError):
    """A list file cannot be parsed. Carries the file and the line or element."""

    status = 400

    def __init__(
        self, path: Path | str, message: str, line: int | None = None, element: str | None = None
    ) -> None:
        self.path = str(path)
        self.line = line
        self.element = element
        self.message = message
        where = self.path
        if line is not None:
            where += f", line {line}"
        if element is not None:
            where += f", {element}"
        super().__init__(f"{where}: {message}")


class UnknownFormatError(ListFormatError):
    """No parser recognises the file's format."""


class DownloadError(TracewireError):
    status = 502


class StoreError(TracewireError):
    status = 500


class UnknownDatasetError(StoreError):
    status = 404


class UnknownVersionError(StoreError):
    status = 404


class UnknownEntityError(StoreError):
    status = 404


class InputError(TracewireError):
    status = 400


class NotFoundError(InputError):
    """A party, alert or user that does not exist."""

    status = 404


class LoadRefusedError(InputError):
    """A list file not loaded because it looks cut short, older or much smaller than the
    current version; the store is unchanged."""

    status = 409


class PermissionDenied(TracewireError):
    """The user's role does not allow what was asked."""

    status = 403
