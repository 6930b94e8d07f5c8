"""Visitors for inline elements: formatting, line breaks, fields, hyperlinks and pictures."""

from __future__ import annotations

import io
from urllib.parse import quote, unquote

from docx.image.exceptions import (
    InvalidImageStreamError,
    UnexpectedEndOfFileError,
    UnrecognizedImageError,
)
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm
from lxml.html import HtmlElement

from ...rendering.vocabulary import classes
from ...urls import link_allowed
from . import images, oxml
from .core import SkipNode, TranslatorCore
from .oxml import w
from .text import clean, clean_inline

_LOGO_HEIGHT = Mm(12)
_HEADER_LOGO_HEIGHT = Mm(9)
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~"  # keep a URL's own syntax and %-escapes, encode the rest
_FIELDS = {"page-number": "PAGE", "page-count": "NUMPAGES"}


class InlineVisitors(TranslatorCore):
    def visit_strong(self, el: HtmlElement) -> None:
        self.bold += 1

    def depart_strong(self, el: HtmlElement) -> None:
        self.bold -= 1

    def visit_em(self, el: HtmlElement) -> None:
        self.italic += 1

    def depart_em(self, el: HtmlElement) -> None:
        self.italic -= 1

    def visit_code(self, el: HtmlElement) -> None:
        self.code += 1

    def depart_code(self, el: HtmlElement) -> None:
        self.code -= 1

    def visit_br(self, el: HtmlElement) -> None:
        if self.para is not None:
            self.trim_line()
            self.run().append(w("br"))
            self.line_start = True
        raise SkipNode

    def visit_span(self, el: HtmlElement) -> None:
        field = next((_FIELDS[c] for c in classes(el) if c in _FIELDS), None)
        if field is not None:
            self.add_runs(oxml.field(field, "1", self.rpr()))
            raise SkipNode  # an empty marker; any placeholder text inside is the field's job
        missing = "missing" in classes(el)  # highlighted and italic, as in the PDF
        self.highlight += missing
        self.italic += missing

    def depart_span(self, el: HtmlElement) -> None:
        missing = "missing" in classes(el)
        self.highlight -= missing
        self.italic -= missing

    def visit_a(self, el: HtmlElement) -> None:
        if el.get("id"):
            self.inline_bookmark(el)
        href = el.get("href")
        link = self.link(href) if href is not None else None
        if link is None:
            self.links.append((None, None, None))
            return
        self.ensure_para()
        if self.links and self.links[-1][0] is not None:  # no links inside links in Word
            self.links.append((None, None, None))
            return
        self.inline.append(link)
        self.links.append((link, self.para, self.inline))
        self.inline = link

    def depart_a(self, el: HtmlElement) -> None:
        link, para, outer = self.links.pop()
        if link is None:
            return
        if self.para is para:
            self.inline = outer
        if not len(link):
            link.getparent().remove(link)

    def inline_bookmark(self, el: HtmlElement) -> None:
        name = self.bookmark_names.get(el.get("id"))
        if not name:
            return
        if self.para is None or not self.story.main:
            self.pending_bookmarks.append(name)
            return
        self.inline.append(oxml.bookmark_start(self.next_bookmark, name))
        self.inline.append(oxml.bookmark_end(self.next_bookmark))
        self.next_bookmark += 1

    def link(self, href: str) -> BaseOxmlElement | None:
        """The ``w:hyperlink`` for *href*, or None (with a warning) when it cannot be one."""
        href = clean(href).strip()
        if href.startswith("#"):
            name = self.bookmark_names.get(href[1:]) or self.bookmark_names.get(unquote(href[1:]))
            if name is None:
                self.warn(f"link {href!r} points at no id in the document; kept as text")
                return None
            return oxml.hyperlink(anchor=name)
        if not link_allowed(href):
            self.warn(f"link {href!r} is not a web, mailto: or #id address; kept as text")
            return None
        # Word rejects the whole file over a Target that is not a valid URI (spaces, ...)
        rid = self.story.part.relate_to(quote(href, safe=_URL_SAFE), RT.HYPERLINK,
                                        is_external=True)
        return oxml.hyperlink(rid=rid)

    def visit_img(self, el: HtmlElement) -> None:
        src = el.get("src") or ""
        data = self.fetch(src) if src else None
        pic = None
        if data is not None and self.graphic:  # a chart or map: drawn at print resolution
            pic = images.graphic(data, [f.path for f in self.brand.typography.fonts])
        if pic is None and data is not None:
            pic = images.load(data)
        if pic is None:
            why = "not available" if data is None else "not a readable image"
            self.warn(f"image {src!r} left out ({why})")
            raise SkipNode
        avail = self.story.width
        figure = self.figure_classes[-1] if self.figure_classes else set()
        crop = 0.0
        if "logo" in classes(el):
            # base.css: 9 mm in the running header, which a 12 mm logo made taller than the
            # top margin, pushing every page's text down
            height = _LOGO_HEIGHT if self.story.main else _HEADER_LOGO_HEIGHT
            cx, cy = images.fixed_height(pic, height, avail)
        elif "photo" in figure:  # a banner across the text width, as in the PDF
            cx, cy, crop = images.banner(pic, avail, Mm(self.density.photo_height))
        else:
            locator = Mm(self.density.locator_width)
            width = min(avail, locator) if "locator" in figure else avail
            own = self.figure and not self.graphic  # a page's own picture, as base.css caps it
            most = Mm(self.density.picture_height) if own else self.text_height
            cx, cy = images.fit(pic, width, min(int(self.text_height * 0.85), most))
        inline = self.picture(pic, cx, cy)
        if inline is None:
            self.warn(f"image {src!r} left out (format not supported by Word)")
            raise SkipNode
        if crop:
            oxml.crop_vertically(inline, crop)
        alt = clean_inline(el.get("alt") or "")
        doc_pr = inline.find(qn("wp:docPr"))
        self.next_shape += 1
        doc_pr.set("id", str(self.next_shape))  # unique across body and header parts
        doc_pr.set("name", f"Picture {self.next_shape}")
        if self.story.main:
            doc_pr.set("descr", alt)  # the alt text screen readers and Word's Alt Text pane use
        else:
            # a running header's logo repeats on every page: decorative, as in the PDF, where
            # it is an artifact (docs/accessibility.md)
            oxml.mark_decorative(doc_pr)
        block_level = self.para is None
        r = self.run()
        r.add_drawing(inline)
        # a chart's or map's title is above it (kept with it there): the picture keeps with
        # what follows in its figure (a map's note) but not with the next chart, or a statement's
        # charts chained into one block that Word moved to the next page
        chart_end = self.graphic and "locator" not in figure and not any(
            isinstance(sibling.tag, str) for sibling in el.itersiblings())
        if block_level and self.figure and not chart_end:
            oxml.set_ppr(self.para, w("keepNext"))  # keep the picture with its caption
        self.line_start, self.last_t, self.last_space = False, None, False
        raise SkipNode

    def picture(self, pic: images.Picture, cx: int, cy: int) -> BaseOxmlElement | None:
        part = self.story.part
        try:
            return part.new_pic_inline(io.BytesIO(pic.data), cx, cy)
        except (UnrecognizedImageError, InvalidImageStreamError, UnexpectedEndOfFileError):
            png = images.reencode(pic.data)  # python-docx's header parsers are stricter than Pillow
        if png is None:
            return None
        try:
            return part.new_pic_inline(io.BytesIO(png), cx, cy)
        except (UnrecognizedImageError, InvalidImageStreamError, UnexpectedEndOfFileError):
            return None
