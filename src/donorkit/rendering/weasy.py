"""WeasyPrint, imported with a faster lookup of its shared libraries.

On import WeasyPrint opens Pango, HarfBuzz and fontconfig by trying several spellings of each
name; every spelling that is not a file name goes to ``ctypes.util.find_library``, which on Linux
runs ``ldconfig``, ``gcc`` and ``ld`` for each miss: some twenty subprocesses, 0.15 s of CPU and up
to half a second of a single export's wall time. The spellings that are sonames
(``libpango-1.0.so.0``, ``.dylib``, ``.dll``) are opened directly without that lookup, so the
first attempt answers every lookup with "not found" and lets those load; only if that fails
is WeasyPrint imported again the ordinary way.
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Iterator
from types import ModuleType


@contextlib.contextmanager
def _no_library_search() -> Iterator[None]:
    import ctypes.util

    original = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        # A failed attempt prints WeasyPrint's installation advice; the retry prints it if due.
        with contextlib.redirect_stdout(io.StringIO()):
            yield
    finally:
        ctypes.util.find_library = original


def load() -> ModuleType:
    """The weasyprint module, imported once per process."""
    module = sys.modules.get("weasyprint")
    if module is not None and "weasyprint.text.ffi" in sys.modules:
        return module
    try:
        with _no_library_search():
            import weasyprint
            import weasyprint.text.ffi  # noqa: F401 - the libraries are opened here
        return weasyprint
    except OSError:
        for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[name]
    import weasyprint

    return weasyprint
