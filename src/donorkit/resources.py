"""Where the bundled templates, brands and example library are.

In a wheel they ship inside the package (see pyproject's force-include); in a source checkout or an
editable install they are read from the top of the repository, so designers edit them in place.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_REPO = _PACKAGE.parent.parent


def bundled(name: str) -> Path:
    """``report_templates``, ``styles`` or ``examples/library``."""
    packaged = _PACKAGE / name
    if packaged.is_dir():
        return packaged
    return _REPO / name


def templates_dir() -> Path:
    return bundled("report_templates")


def styles_dir() -> Path:
    return bundled("styles")


def example_library() -> Path:
    return bundled("examples/library")
