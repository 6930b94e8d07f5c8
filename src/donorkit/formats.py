"""Output format lists as people write them: ``pdf,docx``, ``[pdf, docx]`` or a repeated option.

Every place that takes formats (command line, spec, batch manifest, ``ExportOptions``) reads them
through :func:`split_formats`, so ``"pdf"`` is one format (never ``p, d, f``) and ``"pdf,docx"`` is
two. Checking the names against the writers stays with each caller, which knows the file and line.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, get_args

#: Every output format, one writer each (``writers.WRITERS``); named here, below the writers, so
#: settings and specs can check a name without importing the rendering stack.
Format = Literal["pdf", "docx", "html", "png"]
FORMATS: tuple[str, ...] = get_args(Format)
#: Page previews (png): below 20 dpi a page is a smudge, above 600 a file of hundreds of MB.
DEFAULT_DPI, MIN_DPI, MAX_DPI = 110, 20, 600


def split_formats(value: str | Iterable[str] | None) -> list[str]:
    """``"pdf, docx"``, ``["pdf,docx", "html"]`` -> ``["pdf", "docx", "html"]``: lower-cased,
    stripped, in order, each once. Anything that is not text or a list of text is returned as a
    one-item list for the caller's validation to report."""
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value)
    found: list[str] = []
    for item in items:
        if not isinstance(item, str):
            found.append(item)
            continue
        for name in item.split(","):
            name = name.strip().lower()
            if name and name not in found:
                found.append(name)
    return found
