"""Accessibility findings at the command line: ``donorkit export ... --check-accessibility`` (the
documents just written) and ``donorkit doctor --check FILE`` (any PDF or DOCX)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from . import output

CHECK_HELP = ("Check the PDF and DOCX files written for accessibility (PDF/UA-1 and Word's "
              "rules; needs donorkit\\[accessibility]) and list what a screen reader would miss.")


def require(formats: Iterable[str]) -> None:
    """Fail before any document is written when PDFs are to be checked and cannot be."""
    if "pdf" in formats:
        from ..accessibility.pdf_check import require as require_pdf_checker

        require_pdf_checker()


#: What an export writes that has no accessibility check of its own (both are made from the
#: same HTML as the PDF and DOCX, which are checked).
UNCHECKED_OUTPUT = (".html", ".png")


def report(paths: Iterable[Path], *, as_json: bool = False) -> int:
    """Check *paths* (files, or folders of PDF and DOCX files), print every finding (or JSON),
    and return how many there are. HTML and PNG files are passed over: they are what an
    export writes besides the PDF and DOCX."""
    from ..accessibility import check_accessibility, files_to_check

    paths = [Path(p) for p in paths if Path(p).suffix.lower() not in UNCHECKED_OUTPUT
             or Path(p).is_dir()]
    checked = files_to_check(paths)
    findings = check_accessibility(paths)
    if as_json:
        output.print_json([f.to_json_dict() for f in findings])
        return len(findings)
    for finding in findings:
        style = "red" if finding.severity == "error" else "yellow"
        output.err.print(f"[{style}]accessibility {finding.severity}:[/{style}] "
                         f"{output.escape(str(finding.file))}: {finding.rule}: "
                         f"{output.escape(finding.message)}"
                         + (f" ({output.escape(finding.where)})" if finding.where else ""),
                         highlight=False)
    files = len({f.file for f in findings})
    output.err.print(
        f"accessibility: {len(checked)} file{'s' * (len(checked) != 1)} checked, "
        + (f"{len(findings)} finding{'s' * (len(findings) != 1)} in {files}" if findings
           else "no findings")
        + " (docs/accessibility.md)", highlight=False)
    return len(findings)
