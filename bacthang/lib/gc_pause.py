"""Pause Python's cyclic garbage collector around bulk computations.

A dashboard matrix or a roll-up upkeep creates tens of thousands of short-lived
objects; each allocation burst triggers collections that walk every tracked object
of the process (the unit tree alone is ~14.000 model instances).  Measured on the
national benchmark (``bench/rollup.py``), collection was 60% of a matrix's time.
Reference counting still frees everything as usual; cycles made meanwhile are
collected once the outermost pause ends.  Nested and concurrent pauses (threads of
one server process) are counted, so the collector is re-enabled only by the last one
to leave, and only if it was enabled before.
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def gc_paused():
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
