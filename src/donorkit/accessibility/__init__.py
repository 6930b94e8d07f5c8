"""Accessibility checks of the documents donorkit writes (docs/accessibility.md).

``check_file("out/case-study/x.pdf")`` returns the findings for one PDF (PDF/UA-1's
machine-checkable subset, through the ``pdfua`` checker) or DOCX (rules in the manner of Word's
Accessibility Checker, :mod:`.docx_rules`). The test suite and ``donorkit export
--check-accessibility`` / ``donorkit doctor --check FILE`` use these same functions.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .model import Finding

__all__ = ["CHECKED_SUFFIXES", "Finding", "check_accessibility", "check_file"]

CHECKED_SUFFIXES = (".pdf", ".docx")


def check_file(path: str | Path) -> list[Finding]:
    """Every accessibility finding for the PDF or DOCX at *path* (an HTML file has none to
    report here: it is the source both are made from)."""
    path = Path(path)
    if not path.is_file():
        return [Finding(path, "READ", "error", "no such file")]
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from .pdf_check import check_pdf

        return check_pdf(path)
    if suffix == ".docx":
        from .docx_rules import check_docx

        return check_docx(path)
    return []


def check_accessibility(paths: Iterable[str | Path]) -> list[Finding]:
    """The findings of :func:`check_file` for every PDF and DOCX among *paths*."""
    return [f for path in paths for f in check_file(path)]
