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

import gc
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
