"""The garbage collector around tracewire's big, long-lived structures.

A list index is about a million small objects that live as long as the process. Python's
cyclic collector scans every tracked object on each full pass (about a second for one
index), and building or loading a second structure of that kind triggers such passes
over and over, although nothing in them is garbage (an index holds no reference cycles;
reference counting frees it when it is dropped). So:

- :func:`gc_paused` while such a structure is built, loaded or used in one long job;
- :func:`settle` once one is built and will stay (still inside :func:`gc_paused`, or
  the first passes after it scan the whole new structure, over a second): it moves every
  object alive into the collector's permanent generation, so later full passes skip
  it, and makes full passes rare.
"""

from __future__ import annotations

import ctypes
import gc
import platform
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block (restored as it was after)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


#: gen1 collections between two full passes once an index has settled (Python's default
#: is 10): a service allocates fast, and with the index frozen the full pass comes due
#: every 10 gen1 passes, about every 500 requests, each pausing the service for a scan
#: of every object its caches hold (4 to 30 ms as they fill, measured under load)
FULL_PASS_EVERY = 1000


def settle() -> None:
    """Exempt everything alive now (a freshly built index) from the collector's full
    passes, which would otherwise pause the process for a long moment now and then, and
    make the full passes over what is left rare (:data:`FULL_PASS_EVERY`)."""
    gc.freeze()
    young, middle, _old = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_PASS_EVERY)


#: glibc's mallopt parameters (malloc.h)
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
#: arrays up to this size come from the heap, not a fresh mmap each (glibc's maximum
#: is 32 MiB on 64-bit); a query's score arrays are about 0.5 MB
MMAP_THRESHOLD = 16 << 20
#: freed memory kept before the heap is given back to the system
TRIM_THRESHOLD = 64 << 20


def keep_freed_memory() -> bool:
    """Let this process reuse the memory it frees instead of returning it to the
    system at once (glibc only; True when set).

    Dask starts its workers with ``MALLOC_TRIM_THRESHOLD_=65536`` (its
    ``distributed.nanny.pre-spawn-environ``), which also stops glibc from raising its
    mmap threshold as it learns the process's sizes: each of a query's score arrays
    (about 0.5 MB, over the fixed 128 KB threshold) was then a fresh ``mmap`` whose
    pages are faulted in and zeroed, and freeing it gave them back: 7 to 15 % more CPU
    per screened row in a Dask worker than in a forked one (measured, 20,000 rows).
    A screening worker holds its index for its whole life and frees in small steps, so
    it keeps up to :data:`TRIM_THRESHOLD` of freed memory instead."""
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return False
    mallopt = libc.mallopt
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(
        mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD)
    )
