"""Accessibility rules for Word documents, in the manner of Word's Accessibility Checker: each
rule has an id, the checker's name for it, a severity (Word's Error or Warning) and finds its
problems in the document's XML.

| id | Word's checker | checks |
|---|---|---|
| DOCX-TITLE | Document title missing | core property ``dc:title`` set, and a Title or Heading 1 paragraph shows a title |
| DOCX-HEADINGS | Skipped heading level | heading levels never go down more than one at a time (Title counts as level 1) |
| DOCX-ALT | Missing alternative text | every picture has ``descr`` or is marked decorative (``adec:decorative``) |
| DOCX-TABLE-HEADER | Missing table header | a table with a header row repeats it (``w:tblHeader``); one with no header row has a header column or a description |
| DOCX-TABLE-ALT | Missing alternative text (tables) | every table has ``w:tblCaption`` or ``w:tblDescription`` |
| DOCX-LANGUAGE | Document language | core property ``dc:language`` and a proofing language (``w:lang``) in the styles |
"""  # noqa: E501 - a table

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from .model import Finding

_DECORATIVE = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"
_DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
_HEADING = re.compile(r"^heading ([1-9])$", re.IGNORECASE)


@dataclass(frozen=True)
class Rule:
    id: str
    word_name: str
    severity: str
    check: Callable[[DocumentObject], Iterator[tuple[str, str]]]  # (message, where)


def _parts(doc: DocumentObject) -> Iterator[tuple[str, etree._Element]]:
    """The main document's body and every header and footer part, with a name for each."""
    yield "body", doc.element.body
    for rel in doc.part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external:
            kind = "header" if rel.reltype == RT.HEADER else "footer"
            yield f"{kind} ({rel.target_part.partname})", rel.target_part.element


def _style_names(doc: DocumentObject) -> dict[str, str]:
    return {s.style_id: (s.name or "") for s in doc.styles if s.style_id}


def _paragraph_levels(doc: DocumentObject) -> Iterator[tuple[int, str]]:
    """(outline level, text) of every Title and Heading paragraph of the body, in order."""
    names = _style_names(doc)
    for p in doc.element.body.iter(qn("w:p")):
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        name = names.get(style.get(qn("w:val")), "") if style is not None else ""
        match = _HEADING.match(name)
        level = 1 if name.lower() == "title" else int(match[1]) if match else 0
        if level:
            yield level, "".join(t.text or "" for t in p.iter(qn("w:t"))).strip()


def _title(doc: DocumentObject) -> Iterator[tuple[str, str]]:
    if not (doc.core_properties.title or "").strip():
        yield "the document properties have no title (File > Info > Title)", "core properties"
    if not any(level == 1 and text for level, text in _paragraph_levels(doc)):
        yield "no paragraph in the Title or Heading 1 style shows the document's title", "body"


def _headings(doc: DocumentObject) -> Iterator[tuple[str, str]]:
    previous = 0
    for level, text in _paragraph_levels(doc):
        if level > previous + 1:
            yield (f"heading level {level} follows level {previous or 'none'}: a level is "
                   f"skipped", repr(text[:60]))
        previous = level


def _pictures(doc: DocumentObject) -> Iterator[tuple[str, str]]:
    for part, root in _parts(doc):
        for doc_pr in root.iter(_DOC_PR):
            decorative = any(el.get("val") in ("1", "true") for el in doc_pr.iter(_DECORATIVE))
            if not decorative and not (doc_pr.get("descr") or "").strip():
                yield ("picture has no alternative text and is not marked decorative",
                       f"{part}, {doc_pr.get('name') or 'picture'}")


def _tables(doc: DocumentObject) -> Iterator[tuple[etree._Element, str]]:
    for part, root in _parts(doc):
        for i, tbl in enumerate(root.iter(qn("w:tbl")), 1):
            caption = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblCaption')}")
            name = caption.get(qn("w:val")) if caption is not None else ""
            yield tbl, f"{part}, table {i}" + (f" {name!r}" if name else "")


def _look(tbl: etree._Element) -> tuple[bool, bool]:
    """(header row, header column) as the table's tblLook declares them."""
    look = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblLook')}")
    if look is None:
        return True, False  # Word's default look has a header row
    bits = int(look.get(qn("w:val")) or "0", 16)
    row, col = look.get(qn("w:firstRow")), look.get(qn("w:firstColumn"))
    return (row in ("1", "true") if row is not None else bool(bits & 0x20),
            col in ("1", "true") if col is not None else bool(bits & 0x80))


def _text_of(tbl: etree._Element, tag: str) -> str:
    el = tbl.find(f"{qn('w:tblPr')}/{qn(tag)}")
    return (el.get(qn("w:val")) or "").strip() if el is not None else ""


def _table_headers(doc: DocumentObject) -> Iterator[tuple[str, str]]:
    for tbl, where in _tables(doc):
        header_row, header_column = _look(tbl)
        first = tbl.find(qn("w:tr"))
        repeats = first is not None and first.find(
            f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        if header_row and not repeats:
            yield "the header row is not marked to repeat (Repeat as header row)", where
        elif not header_row and not header_column and not _text_of(tbl, "w:tblDescription"):
            yield "the table has no header row or column and no description", where


def _table_alt(doc: DocumentObject) -> Iterator[tuple[str, str]]:
    for tbl, where in _tables(doc):
        if not (_text_of(tbl, "w:tblCaption") or _text_of(tbl, "w:tblDescription")):
            yield "table has neither a title nor a description (Table Properties > Alt Text)", \
                where


def _language(doc: DocumentObject) -> Iterator[tuple[str, str]]:
    if not (doc.core_properties.language or "").strip():
        yield "the document properties have no language", "core properties"
    styles = doc.styles.element
    defaults = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/"
                           f"{qn('w:lang')}")
    normal = doc.styles.default(1)  # WD_STYLE_TYPE.PARAGRAPH: the default paragraph style
    lang = normal.element.find(f"{qn('w:rPr')}/{qn('w:lang')}") if normal is not None else None
    if not any(el is not None and el.get(qn("w:val")) for el in (defaults, lang)):
        yield "no proofing language in the default styles (w:lang)", "styles"


RULES: tuple[Rule, ...] = (
    Rule("DOCX-TITLE", "Document title missing", "error", _title),
    Rule("DOCX-HEADINGS", "Skipped heading level", "warning", _headings),
    Rule("DOCX-ALT", "Missing alternative text", "error", _pictures),
    Rule("DOCX-TABLE-HEADER", "Missing table header", "error", _table_headers),
    Rule("DOCX-TABLE-ALT", "Missing alternative text (table)", "warning", _table_alt),
    Rule("DOCX-LANGUAGE", "Document language not set", "error", _language),
)


def check_document(doc: DocumentObject, path: Path) -> list[Finding]:
    return [Finding(path, rule.id, rule.severity, message, where)
            for rule in RULES for message, where in rule.check(doc)]


def check_docx(path: str | Path) -> list[Finding]:
    """Every finding of :data:`RULES` for the Word document at *path*."""
    path = Path(path)
    try:
        doc = Document(str(path))
    except Exception as exc:  # noqa: BLE001 - any unreadable file is one finding, not a crash
        return [Finding(path, "DOCX-READ", "error", f"cannot be read as a Word document: {exc}")]
    return check_document(doc, path)
