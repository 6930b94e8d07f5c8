"""The closed HTML vocabulary that templates may emit (documented in docs/vocabulary.md).

Every writer understands exactly these elements, attributes and classes. Keeping the set closed
is what lets one template feed PDF, DOCX and HTML: anything a template emits outside it would be
rendered by one writer and silently lost by another, so it is rejected after rendering, naming
the template.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lxml import html as lxml_html

from ..errors import VocabularyError

_ID = frozenset({"id"})
_CLASS = frozenset({"class"})
_IDC = _ID | _CLASS

#: tag -> attributes it may carry.
ELEMENTS: dict[str, frozenset[str]] = {
    # document shell: metadata is read by both writers (PDF info dict, DOCX core properties)
    "html": frozenset({"lang"}),
    "head": frozenset(),
    "title": frozenset(),
    "meta": frozenset({"name", "content", "charset"}),
    "body": frozenset(),
    # grouping
    "section": _IDC,
    "div": _IDC,
    "nav": _IDC,
    "header": _CLASS,
    "footer": _CLASS,
    # blocks
    "h1": _IDC,
    "h2": _IDC,
    "h3": _IDC,
    "h4": _IDC,
    "p": _IDC,
    "ul": _CLASS,
    "ol": _CLASS | {"start"},
    "li": _ID,
    "table": _CLASS,
    "thead": frozenset(),
    "tbody": frozenset(),
    "tr": frozenset(),
    "th": frozenset({"colspan", "scope", "class"}),
    "td": frozenset({"colspan", "class"}),
    "figure": _IDC,
    "figcaption": frozenset(),
    "img": frozenset({"src", "alt", "class"}),
    "blockquote": frozenset(),
    "dl": _CLASS,
    "dt": frozenset(),
    "dd": frozenset(),
    "hr": frozenset(),
    "pre": frozenset(),
    # inline
    "a": frozenset({"href", "id"}),
    "strong": frozenset(),
    "em": frozenset(),
    "code": frozenset(),
    "br": frozenset(),
    "span": _CLASS,
}

#: attribute -> the values it may take (an attribute listed here is required on its tag).
REQUIRED: dict[tuple[str, str], frozenset[str]] = {
    # a screen reader needs to know which cells a header cell is the header of: "col" for the
    # header row of a table, "row" for a label at the start of a row (key facts)
    ("th", "scope"): frozenset({"col", "row"}),
}

#: class -> (tags it may appear on, meaning). The meaning is what both writers implement.
CLASSES: dict[str, tuple[frozenset[str], str]] = {
    "cover": (frozenset({"section"}), "title page: own page, no running header"),
    "page-break": (frozenset({"div"}), "empty marker: next content starts on a new page"),
    # a table (labels as row headers) since PDF/UA; dl is the older form, kept for overrides
    "key-facts": (frozenset({"table", "dl"}), "boxed table of a project's facts, labels as "
                  "row headers"),
    "highlights": (frozenset({"dl"}), "large figures (dt) with their labels (dd)"),
    "callout": (frozenset({"div"}), "shaded box around its paragraphs"),
    "lead": (frozenset({"p"}), "lead paragraph, larger type"),
    "subtitle": (frozenset({"p"}), "subtitle under a title"),
    "meta": (frozenset({"p"}), "small muted line (dates, references, prepared for)"),
    "running-header": (frozenset({"header"}), "repeated at the top of every page but the cover"),
    "running-footer": (frozenset({"footer"}), "repeated at the bottom of every page but the cover"),
    "page-number": (frozenset({"span"}), "field: current page number"),
    "page-count": (frozenset({"span"}), "field: total number of pages"),
    "toc": (frozenset({"nav"}), "table of contents; links to heading ids, with page numbers"),
    "logo": (frozenset({"img"}), "organisation logo, sized by the brand"),
    "video": (frozenset({"figure"}), "an embedded video rendered as a titled link"),
    "chart": (frozenset({"figure"}), "a chart: one SVG img (data: URL) with alt text stating "
                                     "its data, and a caption"),
    "map": (frozenset({"figure"}), "a map: one SVG img (data: URL) with alt text stating its "
                                   "data, and a caption"),
    "locator": (frozenset({"figure"}), "with map: a small locator map set beside the key facts"),
    "photo": (frozenset({"figure"}), "a project's hero photo with its caption and credit"),
    "data": (frozenset({"table"}), "data table with a styled header row"),
    "about": (frozenset({"section"}), "closing organisation block"),
    "related": (frozenset({"section"}), "related reading: links to further material"),
    "closing": (frozenset({"div"}), "a document's closing matter (related reading, About box) "
                "set side by side"),
    "profile": (frozenset({"section"}), "one project inside a portfolio document"),
    # donor forms (docs/forms.md)
    "form": (frozenset({"table"}), "a funder's form: label column (th scope=row) or header row "
             "(th scope=col); rows never split across pages"),
    "reference": (frozenset({"section"}), "one reference of a form, kept on one page"),
    "landscape": (frozenset({"section"}), "laid out on landscape pages (a section of its own)"),
    "missing": (frozenset({"span"}), "a placeholder for a missing required value, highlighted"),
    "narrow": (frozenset({"th"}), "a form column of short values (numbers, dates)"),
    "medium": (frozenset({"th", "td"}), "a form column of names (legal entity, partners)"),
    "wide": (frozenset({"th", "td"}), "a form column of long text (titles, descriptions)"),
    "num": (frozenset({"td", "th"}), "a number: right-aligned, so a column of counts lines up"),
    "nowrap": (frozenset({"td", "th"}), "never wrapped (periods such as 2021–2025)"),
}


@dataclass(frozen=True)
class VocabularyViolation:
    tag: str
    detail: str
    line: int | None

    def __str__(self) -> str:
        where = f" (line {self.line} of the rendered HTML)" if self.line else ""
        return f"<{self.tag}> {self.detail}{where}"


def violations(tree: lxml_html.HtmlElement) -> list[VocabularyViolation]:
    """Every element, attribute or class in *tree* that lies outside the vocabulary."""
    found: list[VocabularyViolation] = []
    for el in tree.iter():
        tag = el.tag
        if not isinstance(tag, str):  # comments and processing instructions carry no content
            continue
        allowed = ELEMENTS.get(tag)
        if allowed is None:
            found.append(VocabularyViolation(tag, "is not in the vocabulary", el.sourceline))
            continue
        for attr in el.attrib:
            if attr not in allowed:
                found.append(
                    VocabularyViolation(tag, f"attribute {attr!r} is not allowed", el.sourceline)
                )
        for (req_tag, attr), values in REQUIRED.items():
            if tag == req_tag and el.get(attr) not in values:
                found.append(VocabularyViolation(
                    tag, f"needs {attr}=" + " or ".join(f'"{v}"' for v in sorted(values))
                    + (f", not {el.get(attr)!r}" if el.get(attr) is not None else ""),
                    el.sourceline))
        for cls in el.get("class", "").split():
            spec = CLASSES.get(cls)
            if spec is None:
                found.append(VocabularyViolation(tag, f"class {cls!r} is unknown", el.sourceline))
            elif tag not in spec[0]:
                found.append(
                    VocabularyViolation(tag, f"class {cls!r} is not allowed here", el.sourceline)
                )
    return found


def check(tree: lxml_html.HtmlElement, template: str) -> None:
    """Raise :class:`VocabularyError` naming *template* if the tree leaves the vocabulary."""
    found = violations(tree)
    if found:
        raise VocabularyError(template, [str(v) for v in found])


def parse(html_text: str) -> lxml_html.HtmlElement:
    """Parse a rendered document into the tree that the checks and the DOCX writer walk."""
    return lxml_html.document_fromstring(html_text)


def classes(el: lxml_html.HtmlElement) -> Iterable[str]:
    return el.get("class", "").split()
