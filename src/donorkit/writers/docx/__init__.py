"""DOCX writer: vocabulary HTML -> a Word document with real Word constructs.

Headings use the built-in heading styles, lists real numbering, links real hyperlinks, the TOC
and page numbers real fields; see docs/vocabulary.md for the full mapping and
:mod:`.translator` for how each element is handled.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO

from docx.document import Document

from ...brand.model import Brand
from ...rendering.vocabulary import parse
from ..density import NORMAL, Density
from .styles import base_document
from .translator import DocxTranslator

__all__ = ["DocxTranslator", "build_docx", "write_docx"]


def _ignore(msg: str) -> None:
    pass


def build_docx(html_text: str, *, brand: Brand, template: str,
               fetch: Callable[[str], bytes | None],
               warn: Callable[[str], None] = _ignore, density: Density = NORMAL) -> Document:
    """Translate rendered *html_text* into a python-docx document styled for *brand*, set as
    densely as *density* says (the PDF's fit decision, :func:`donorkit.writers.pdf.fitted_density`).

    *fetch* maps an ``<img src>`` to its bytes (None: leave the image out); nothing is read
    from disk or network here. Raises :class:`donorkit.errors.VocabularyError` naming
    *template* for anything outside the closed vocabulary.
    """
    tree = parse(html_text) if html_text.strip() else None
    document, base = base_document(brand, density)
    DocxTranslator(document, base, brand=brand, template=template, fetch=fetch,
                   warn=warn, density=density).translate(tree)
    return document


def write_docx(html_text: str, dest: BinaryIO, *, brand: Brand, template: str,
               fetch: Callable[[str], bytes | None],
               warn: Callable[[str], None] = _ignore, density: Density = NORMAL) -> None:
    """:func:`build_docx`, then save the document to the binary stream *dest*."""
    build_docx(html_text, brand=brand, template=template, fetch=fetch, warn=warn,
               density=density).save(dest)
