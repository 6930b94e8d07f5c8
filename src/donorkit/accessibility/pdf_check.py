"""PDF/UA-1 checks: the ``pdfua`` checker (pikepdf-based, no JVM) with one rule mended and one of
donorkit's own.

- pdfua 0.1.3's empty-heading rule (UA-14-001) crashes on any heading whose ``/K`` is an array,
  which is every heading WeasyPrint writes (``getattr`` on a pikepdf Array raises ValueError, not
  AttributeError), so it would never run; donorkit runs it with the array case handled.
- DK-15-003: every ``/TH`` has ``/Scope``. PDF/UA accepts ``/Headers``/``/IDs`` instead (pdfua
  only flags a table where no header has either); donorkit promises both, so it checks both.

pdfua checks 16 of PDF/UA-1's 106 machine-checkable rules; a clean result is not conformance
(docs/accessibility.md says what else was checked, and how).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import CheckerMissing
from .model import Finding

INSTALL = "pip install 'donorkit[accessibility]'"


def _registry() -> Any:
    import pikepdf
    from pdfua.model import Location, Severity
    from pdfua.rules import ALL_RULES, RuleRegistry
    from pdfua.rules.base import Rule
    from pdfua.rules.structure import EmptyHeadingRule

    def marks_content(node: object, depth: int = 0) -> bool:
        if not isinstance(node, pikepdf.Dictionary) or depth > 50:
            return False
        kid = node.get("/K")
        items = list(kid) if isinstance(kid, pikepdf.Array) else [kid]
        for item in items:
            if isinstance(item, int) and not isinstance(item, bool):  # an MCID
                return True
            if isinstance(item, pikepdf.Dictionary) and (
                    item.get("/Type") == pikepdf.Name("/MCR") or marks_content(item, depth + 1)):
                return True
        return False

    class HeadingRule(EmptyHeadingRule):
        @staticmethod
        def _has_text(element: Any) -> bool:
            return marks_content(element.obj)

    class HeaderScopeRule(Rule):
        id = "DK-15-003"
        title = "Every table header cell has a Scope"
        severity = Severity.WARNING
        pdfua_clause = "7.5"
        wcag = ("1.3.1",)
        remediation = ("Give every th a scope attribute: col in a header row, row for a label "
                       "at the start of a row (docs/vocabulary.md).")

        def check(self, doc: Any) -> Iterable[Any]:
            for cell in doc.elements_with_role("/TH"):
                if not cell.has_scope:
                    yield self.finding("Table header cell has no /Scope.",
                                       location=Location(page=cell.page, struct_role="/TH"))

    class MarkedContentInTreeRule(Rule):
        id = "DK-01-003"
        title = "Marked content belongs to the structure tree"
        severity = Severity.WARNING
        pdfua_clause = "7.1"
        wcag = ("1.3.1",)
        remediation = ("Mark running headers and footers as artifacts (donorkit.writers.pdfua "
                       "does this for page margins).")

        def check(self, doc: Any) -> Iterable[Any]:
            in_tree: set[tuple[int | None, int]] = set()
            for element in doc.struct_elements:
                kid = element.obj.get("/K")
                for item in list(kid) if isinstance(kid, pikepdf.Array) else [kid]:
                    if isinstance(item, int) and not isinstance(item, bool):
                        in_tree.add((element.page, int(item)))
                    elif isinstance(item, pikepdf.Dictionary) and "/MCID" in item:
                        in_tree.add((element.page, int(item.MCID)))
            for page in doc.pages:
                outside = [m for m in page.mcids if (page.page_number, m) not in in_tree]
                if outside:
                    yield self.finding(
                        f"{len(outside)} marked-content item(s) belong to no element of the "
                        "structure tree: neither read as content nor marked as artifacts.",
                        location=Location(page=page.page_number, mcids=tuple(outside)))

    rules = [HeadingRule() if r.id == EmptyHeadingRule.id else r for r in ALL_RULES]
    return RuleRegistry([*rules, HeaderScopeRule(), MarkedContentInTreeRule()])


def require() -> None:
    """Raise :class:`CheckerMissing` unless the PDF checker is installed."""
    try:
        import pdfua  # noqa: F401
    except ImportError:
        raise CheckerMissing(f"checking PDFs for accessibility needs the pdfua checker: "
                             f"{INSTALL}") from None


def check_pdf(path: str | Path) -> list[Finding]:
    """Findings of the PDF/UA-1 checks for the PDF at *path*; a rule the checker could not run
    is a finding too (silence would read as a pass)."""
    require()
    from pdfua import Validator, ValidatorOptions
    from pdfua.errors import PdfuaError

    path = Path(path)
    try:
        report = Validator(ValidatorOptions(registry=_registry())).validate(str(path))
    except PdfuaError as exc:
        return [Finding(path, "UA-READ", "error", f"cannot be read as a PDF: {exc}")]
    findings = [Finding(path, f.rule_id, f.severity.name.lower(), f.message,
                        f.location.describe()) for f in report.findings]
    findings += [Finding(path, o.rule_id, "warning", f"not checked: {o.skipped_reason}")
                 for o in report.skipped]
    return findings
