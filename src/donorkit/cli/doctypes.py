"""Choices of `donorkit export` options, and which options a document type takes.

A case study is one document per project: a title, a tender or a spec belong to documents over a
selection (capability statements). Giving one to a case study is an error that says so, rather
than a flag silently ignored.
"""

from enum import StrEnum
from pathlib import Path
from typing import Any

from ..errors import SelectionError


class Paper(StrEnum):
    A4 = "A4"
    Letter = "Letter"


class Profile(StrEnum):
    short = "short"
    full = "full"


def check_doctype_options(doctype: str, templates: list[Path] | None, **given: Any) -> None:
    """Refuse options of documents over a selection for a one-document-per-project type."""
    from ..rendering.templates import get_doctype

    kind = get_doctype(doctype, templates or ())
    if kind.per != "project":
        return
    used = [f"--{k.replace('_', '-')}" for k, v in given.items() if v is not None]
    if used:
        raise SelectionError(
            f"{', '.join(used)} {'applies' if len(used) == 1 else 'apply'} to documents over a "
            f"selection (such as capability-statement); {doctype} is one document per project "
            "with the project's own title")
