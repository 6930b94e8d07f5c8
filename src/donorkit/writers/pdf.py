"""PDF writer: WeasyPrint over the rendered HTML, with the shared base stylesheet, the brand's
tokens and optional print.css, a policy-enforcing URL fetcher, and tagged output."""

from __future__ import annotations

import atexit
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO

from ..brand import Brand
from ..errors import RenderError
from ..rendering import weasy
from ..rendering.assets import AssetPolicy, neutralise_links
from ..rendering.css import tokens_css
from ..rendering.document import RenderedDocument
from ..resources import styles_dir
from . import pdfua
from .density import NORMAL, TIGHT, Density
from .fit import TIGHTER, closing_box_alone, has_band, improves

_CACHE: dict[tuple[str, str], tuple[list[object], object]] = {}
# FontConfiguration cleans up through cffi in __del__; at interpreter exit cffi may already be
# torn down, so release the cached ones while it is still there.
atexit.register(_CACHE.clear)
#: WeasyPrint lays boxes out recursively: nested lists 75 deep (150 elements) already exhaust
#: Python's recursion limit, after tens of seconds of work. Deeper documents are refused at once.
MAX_PDF_DEPTH = 100


def _stylesheets(brand: Brand, paper: str) -> tuple[list[object], object]:
    """Parsed stylesheets and font configuration, built once per brand and paper per process:
    parsing CSS and loading @font-face files is the costly part of a small document."""
    key = (brand.model_dump_json(), paper)
    if key not in _CACHE:
        _CACHE[key] = _build_stylesheets(brand, paper)
    return _CACHE[key]


def _build_stylesheets(brand: Brand, paper: str) -> tuple[list[object], object]:
    weasy.load()
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    # Stylesheets are trusted files (base, brand); fonts are loaded from the brand folder only.
    policy = AssetPolicy(roots=[styles_dir(), brand.folder])
    fetcher = policy.weasyprint_fetcher()
    sheets = [
        CSS(filename=str(styles_dir() / "base.css"), font_config=font_config,
            url_fetcher=fetcher),
        CSS(string=tokens_css(brand, paper), font_config=font_config, url_fetcher=fetcher),
    ]
    if brand.print_css is not None:
        sheets.append(CSS(filename=str(brand.print_css), font_config=font_config,
                          url_fetcher=fetcher))
    return sheets, font_config


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _weasyprint_warnings() -> Iterator[list[str]]:
    """WeasyPrint reports unloadable resources and unsupported CSS through logging; collect them
    as the document's warnings instead of letting them reach stderr unattributed."""
    from weasyprint import LOGGER

    handler = _Collect()
    LOGGER.addHandler(handler)
    previous = LOGGER.propagate
    LOGGER.propagate = False
    try:
        yield handler.messages
    finally:
        LOGGER.removeHandler(handler)
        LOGGER.propagate = previous


def _tree_depth(root: object) -> int:
    """Nesting depth of an element tree, without recursion (the tree may be arbitrarily deep)."""
    deepest, stack = 0, [(root, 1)]
    while stack:
        el, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in el)  # type: ignore[attr-defined]
    return deepest


def _too_deep(doc: RenderedDocument) -> RenderError:
    return RenderError(f"{doc.name}: the document nests lists, quotes or tables too deeply for "
                       f"the PDF (more than {MAX_PDF_DEPTH} levels); flatten the page's body")


@dataclass
class Layout:
    """A document laid out by WeasyPrint, and the density the fit pass chose for it."""

    key: tuple[str, str]  # brand (JSON) and paper it was laid out for
    document: object  # weasyprint.document.Document
    density: Density
    pages_saved: int  # by the fit pass's tighter layout
    warnings: list[str]  # the PDF's, reported when the PDF is written


_OPTIONS = {"pdf_tags": True, "pdf_variant": pdfua.VARIANT, "custom_metadata": False}


def lay_out(doc: RenderedDocument, *, brand: Brand, policy: AssetPolicy,
            paper: str | None = None) -> Layout:
    """*doc* laid out for the PDF, fitted (:mod:`.fit`); made once per document and kept on it,
    so the PDF, its page previews and the DOCX writer's density all come from one layout."""
    paper = paper or brand.paper
    key = (brand.model_dump_json(), paper)
    done = doc.layout
    if isinstance(done, Layout) and done.key == key:
        return done
    weasy.load()  # first: a plain import would search for Pango & co. with subprocesses
    from weasyprint import CSS, HTML

    sheets, font_config = _stylesheets(brand, paper)
    too_deep = _too_deep(doc)
    warnings: list[str] = []
    with _weasyprint_warnings() as messages:
        html = HTML(string=doc.html, base_url=str(styles_dir()),
                    url_fetcher=policy.weasyprint_fetcher())
        if _tree_depth(html.etree_element) > MAX_PDF_DEPTH:
            raise too_deep
        # The link annotations are made from this very tree, so no unsafe target reaches them.
        neutralise_links(html.etree_element.iter(),
                         lambda message: warnings.append(f"pdf: {message}"))
        try:
            # PDF/UA-1: tags, XMP with pdfuaid:part and dc:title, DisplayDocTitle; pdfua.finish
            # adds what WeasyPrint's variant leaves out (docs/accessibility.md)
            document = html.render(font_config=font_config, stylesheets=sheets, **_OPTIONS)
            density, plain_pages = NORMAL, len(document.pages)
            if closing_box_alone(document, html.etree_element):
                tighter = html.render(font_config=font_config, stylesheets=[
                    *sheets, CSS(string=TIGHTER, font_config=font_config)], **_OPTIONS)
                if improves(tighter, document, html.etree_element):
                    document, density = tighter, TIGHT
        except RecursionError:
            raise too_deep from None
    warnings.extend(f"pdf: {m}" for m in _group_missing_glyphs(messages))
    doc.layout = Layout(key, document, density, plain_pages - len(document.pages), warnings)
    return doc.layout


def fitted_density(doc: RenderedDocument, *, brand: Brand, policy: AssetPolicy,
                   paper: str | None = None) -> Density:
    """The density for the DOCX of *doc*: the PDF's tighter one where it saved the PDF a page
    (or would), else the normal one. Where the tighter layout only carried the last lines of text
    to the closing matter's page, Word needs no density for that (the paragraph before the band
    keeps with it), and a denser Word document would be a page shorter than its PDF. Without the
    PDF's layout at hand, only a document with a closing band (:func:`.fit.has_band`) is laid
    out for this."""
    if not isinstance(doc.layout, Layout):
        from ..rendering.vocabulary import parse

        if not doc.html.strip() or not has_band(parse(doc.html)):
            return NORMAL
    layout = lay_out(doc, brand=brand, policy=policy, paper=paper)
    return layout.density if layout.pages_saved > 0 else NORMAL


def write_pdf(doc: RenderedDocument, dest: BinaryIO, *, brand: Brand, policy: AssetPolicy,
              paper: str | None = None) -> None:
    layout = lay_out(doc, brand=brand, policy=policy, paper=paper)
    with _weasyprint_warnings() as messages:
        try:
            layout.document.write_pdf(  # type: ignore[attr-defined]
                dest, finisher=pdfua.finish, **_OPTIONS)
        except RecursionError:
            raise _too_deep(doc) from None
    for message in [*layout.warnings, *(f"pdf: {m}" for m in _group_missing_glyphs(messages))]:
        if message not in doc.warnings:  # the PDF and its page previews share one layout
            doc.warnings.append(message)


_NOTDEF = re.compile(r'^\.notdef glyph rendered for Unicode string unsupported by fonts: "(.+)" ')


def _group_missing_glyphs(messages: list[str]) -> list[str]:
    """WeasyPrint warns once per character no font has: a line of Chinese is dozens of warnings
    saying one thing. Say it once, with the characters."""
    missing: dict[str, None] = {}
    others = []
    for message in messages:
        match = _NOTDEF.match(message)
        if match:
            missing.setdefault(match[1], None)
        else:
            others.append(message)
    if missing:
        shown = " ".join(list(missing)[:20]) + (" ..." if len(missing) > 20 else "")
        others.append(f"no installed font has {len(missing)} of the characters used; they print "
                      f"as boxes (the text stays searchable): {shown}")
    return others
