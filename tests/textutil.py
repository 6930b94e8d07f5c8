"""Helpers for comparing source text with text extracted from PDF, DOCX and HTML output."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from lxml import html as lxml_html


def squash(text: str) -> str:
    """Compare text independent of line breaking, spacing and ligatures: NFKC, casefold, no
    whitespace at all (PDF extraction places spaces and newlines at will)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("\u00ad", "")
    return re.sub(r"\s+", "", text)


MM = 72 / 25.4


def pdf_text(path: Path, *, body_only: bool = True, flow: bool = False) -> str:
    """Text of a PDF in reading order. With *body_only*, the page margins (running header and
    footer, repeated on every page) are cropped away, so a paragraph broken across pages reads
    as one piece. With *flow*, text comes in the order it was drawn (the HTML's), so columns
    set side by side (a case study's closing band) read one after the other, not line by line
    across both."""
    import pdfplumber

    parts = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            if body_only:
                page = page.within_bbox((0, 25 * MM, page.width, page.height - 21 * MM))
            parts.append(page.extract_text(use_text_flow=flow) or "")
    return "\n".join(parts)


def docx_text(path: Path) -> str:
    """All text of a DOCX: body paragraphs, tables (nested too), headers and footers."""
    import docx

    document = docx.Document(str(path))
    parts: list[str] = []

    def walk(container: object) -> None:
        for block in container.iter_inner_content():
            if hasattr(block, "rows"):
                for row in block.rows:
                    for cell in row.cells:
                        walk(cell)
            else:
                parts.append(block.text)

    walk(document)
    for section in document.sections:
        walk(section.header)
        walk(section.footer)
    return "\n".join(parts)


def fragment_texts(html: str) -> list[str]:
    """Text of every paragraph, list item (without its nested lists), caption, cell and heading
    of an HTML fragment: the units that must survive into every format."""
    if not html.strip():
        return []
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    texts = []
    for el in root.iter("p", "li", "figcaption", "td", "th", "dt", "dd", "h3", "h4", "blockquote"):
        text = own_text(el, skip=("ul", "ol", "figure"))
        if text:
            texts.append(text)
    return texts


def own_text(el: object, skip: tuple[str, ...] = ("ul", "ol")) -> str:
    """Text of an element without that of its *skip* children (nested lists, figures),
    whitespace collapsed."""
    own = [el.text or ""]
    for child in el:
        if child.tag not in skip:
            own.append(child.text_content())
        own.append(child.tail or "")
    return " ".join("".join(own).split())


def link_texts(html: str) -> list[str]:
    if not html.strip():
        return []
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    return [" ".join(a.text_content().split()) for a in root.iter("a") if a.text_content().strip()]


def project_page(title: str, body: str, summary: str = "A generated page.") -> str:
    """A minimal valid project page (Kenya, 2015-2018) with the given title and body."""
    return (f"---\ntitle: {title}\nsummary: {summary}\nstart: 2015\nend: 2018\n"
            f"client: Test Donor\ncountry: Kenya\n---\n\n{body}\n")
