"""How donorkit's own processes run (the console script, batch workers): fewer garbage
collections, and (the console script) an exit without tearing the interpreter down. A program
that imports donorkit as a library keeps Python's settings: these are never applied on import.

Python's cyclic garbage collector runs every 700 net allocations; starting donorkit and laying a
document out allocate millions of objects that all live to the end, so a single export spent
about 0.1 s (13% of its CPU) in some 300 collections that found almost nothing, two of them full
ones over every module and object loaded. :func:`tune` makes the youngest generation collect every
:data:`GEN0_THRESHOLD` allocations instead: cycles are still collected, so long runs (a batch
with ``--jobs 1``, ``serve``) keep their memory bounded, but a short command rarely collects.
A 100-project capability statement took 23% less CPU (7.9 s to 6.1 s) at the same peak memory.

When a command has finished, CPython still frees every module and object one by one before the
process ends: after an export (WeasyPrint, pydantic, lxml and Jinja2 loaded, a laid-out document
in memory) that is about 0.1 s of CPU, an eighth of a single export, spent on memory the operating
system is about to take back anyway. :func:`leave` runs the exit handlers (logging, temporary
folders, WeasyPrint's font files, coverage), flushes the standard streams and ends the process at
once, as mypy does. While another thread or a child process is alive it exits the ordinary way, so
nothing still running is cut short.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
from typing import NoReturn

GEN0_THRESHOLD = 100_000


def tune() -> None:
    """Collect garbage less often (see the module)."""
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(GEN0_THRESHOLD, older, oldest)


def _busy() -> bool:
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        return True
    multiprocessing = sys.modules.get("multiprocessing")
    return multiprocessing is not None and bool(multiprocessing.active_children())


def leave(code: object = 0) -> NoReturn:
    """End the process with *code*, with `sys.exit`'s meaning of it."""
    if _busy():
        sys.exit(code)
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        print(code, file=sys.stderr)
        status = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            status = status or 120  # what CPython returns when it cannot flush at exit
    os._exit(status)
