"""Starting a capability statement from terms of reference: the builder's ToR upload.

The app takes a ``tor_matcher``: a function of the library, the uploaded file's bytes and its
name that returns either the slugs of the best projects (best first) or a capability-statement
spec as a mapping (title, prepared_for, reference, projects), which fills the builder's fields.
:func:`match_tor` is the one ``donorkit serve`` uses: ``donorkit match`` over the upload.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..errors import TorError
from ..library import Library

TorMatcher = Callable[[Library, bytes, str], "list[str] | Mapping[str, Any]"]


def match_tor(library: Library, data: bytes, name: str) -> dict[str, Any]:
    """Rank *library* against an uploaded ToR, as ``donorkit match --write-spec`` does: the spec
    it would write (title, funder, reference, the best projects in rank order)."""
    from ..matching import match
    from ..matching.tor import SUFFIXES, read_bytes

    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise TorError(f"{name}: unsupported file type {suffix or '(none)'!r}; give a .pdf, "
                       ".docx, .md or .txt file")
    tor = read_bytes(data, name, kind=suffix.lstrip("."))
    return match(tor, library=library).spec()
