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

__all__ = ["CHECKED_SUFFIXES", "Finding", "check_accessibility", "check_file", "files_to_check"]

CHECKED_SUFFIXES = (".pdf", ".docx")


def check_file(path: str | Path) -> list[Finding]:
    """Every accessibility finding for the PDF or DOCX at *path*. Any other file is a finding
    ("not checked"): a file that cannot be checked is never reported as a pass."""
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
    return [Finding(path, "NOT-CHECKED", "error",
                    "not a PDF or Word (.docx) document, so not checked")]


def files_to_check(paths: Iterable[str | Path]) -> list[Path]:
    """*paths* with each folder replaced by the PDF and DOCX files in it (and below), in order:
    ``doctor --check out/`` checks everything an export wrote."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.rglob("*")
                            if p.is_file() and p.suffix.lower() in CHECKED_SUFFIXES)
        else:
            found.append(path)
    return found


def check_accessibility(paths: Iterable[str | Path]) -> list[Finding]:
    """The findings of :func:`check_file` for every file among *paths*, and for every PDF and
    DOCX in each folder among them; a folder with none is a finding."""
    findings: list[Finding] = []
    for path in map(Path, paths):
        files = files_to_check([path])
        if path.is_dir() and not files:
            findings.append(Finding(path, "NOT-CHECKED", "error",
                                    "the folder holds no PDF or Word (.docx) document"))
        findings += [f for file in files for f in check_file(file)]
    return findings
