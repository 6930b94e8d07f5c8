"""Visitors for the document shell, grouping elements, headings and simple blocks."""

from __future__ import annotations

from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from lxml.html import HtmlElement

from ...rendering.vocabulary import classes
from . import oxml
from .core import SkipNode, TranslatorCore
from .oxml import w
from .styles import hex_color
from .text import clean_inline

_P_STYLES = {"lead": "Lead", "subtitle": "Subtitle", "meta": "Meta"}


class BlockVisitors(TranslatorCore):
    def visit_html(self, el: HtmlElement) -> None:
        self.lang = clean_inline(el.get("lang") or "") or None

    def visit_head(self, el: HtmlElement) -> None:
        for child in el.iter("title", "meta"):
            if child.tag == "title":
                self.meta["title"] = clean_inline(child.text_content())
            elif child.get("name"):
                self.meta[child.get("name").lower()] = clean_inline(child.get("content") or "")
        raise SkipNode

    def visit_title(self, el: HtmlElement) -> None:
        raise SkipNode  # only meaningful in <head>, read there

    visit_meta = visit_title

    def visit_body(self, el: HtmlElement) -> None:
        pass

    def visit_section(self, el: HtmlElement) -> None:
        if self.closing_about(el):
            return
        self.block()
        self.bookmark(el)
        if "cover" in classes(el):
            self.cover += 1
            self.cover_page()
        if "landscape" in classes(el):
            self.landscape_start()  # type: ignore[attr-defined] - SectionVisitors

    def depart_section(self, el: HtmlElement) -> None:
        self.end_block()
        starts = getattr(self, "about_starts", None)
        if starts and starts[-1][0] is el:
            _, before = starts.pop()
            keep_with_next(before, self.last_block())
        if "cover" in classes(el):
            self.cover -= 1
            self.pending_break = True
        if "landscape" in classes(el):
            self.landscape_end()  # type: ignore[attr-defined]

    def closing_about(self, el: HtmlElement) -> bool:
        """A document's closing About/Contact section (section.about, not in a case study's
        closing band): compact, as base.css sets it, and one block with the text before it,
        so Word never leaves its last lines alone on a page of their own."""
        parent = el.getparent()
        if ("about" not in classes(el) or not self.story.top
                or (parent is not None and "closing" in classes(parent))):
            return False
        self.close_para()
        before = self.last_block()
        if not hasattr(self, "about_starts"):
            self.about_starts: list[tuple[HtmlElement, BaseOxmlElement | None]] = []
        self.about_starts.append((el, before))
        self.block(self.sid("Closing Text"))
        self.bookmark(el)
        return True

    def visit_div(self, el: HtmlElement) -> None:
        cls = classes(el)
        if "closing" in cls and self.closing_band(el):  # type: ignore[attr-defined]
            raise SkipNode  # its sections side by side (LayoutVisitors)
        self.block(self.sid("Callout") if "callout" in cls else
                   self.sid("Closing Text") if "closing" in cls else None)
        self.bookmark(el)
        if "page-break" in cls and self.body_started:
            self.pending_break = True

    def depart_div(self, el: HtmlElement) -> None:
        self.end_block()

    def visit_nav(self, el: HtmlElement) -> None:
        if "toc" in classes(el):
            self.toc(el)
            raise SkipNode
        self.block()
        self.bookmark(el)

    def depart_nav(self, el: HtmlElement) -> None:
        self.end_block()

    def visit_header(self, el: HtmlElement) -> None:
        if "running-header" in classes(el):
            self.running(el, self.doc.sections[0].header, "header")
            raise SkipNode
        self.block()

    def depart_header(self, el: HtmlElement) -> None:
        self.end_block()

    def visit_footer(self, el: HtmlElement) -> None:
        if "running-footer" in classes(el):
            self.running(el, self.doc.sections[0].footer, "footer")
            raise SkipNode
        self.block()

    def depart_footer(self, el: HtmlElement) -> None:
        self.end_block()

    def heading(self, el: HtmlElement, level: int) -> None:
        if self.in_toc:
            style = self.sid("TOC Heading")
        elif self.cover and level == 1:
            style = self.sid("Title")  # the document title, kept out of the TOC
        elif level > 1 and getattr(self, "about_starts", None) and self.story.top:
            style = self.sid("Closing Heading")  # base.css: section.about h2, as small as its text
        else:
            style = self.story_sid(f"heading {level}")
        self.close_para()
        self.bookmark(el)
        self.open_para(style)
        self.last_heading = clean_inline(el.text_content())  # names the tables under it

    def visit_h1(self, el: HtmlElement) -> None:
        self.heading(el, 1)

    def visit_h2(self, el: HtmlElement) -> None:
        self.heading(el, 2)

    def visit_h3(self, el: HtmlElement) -> None:
        self.heading(el, 3)

    def visit_h4(self, el: HtmlElement) -> None:
        self.heading(el, 4)

    def depart_h1(self, el: HtmlElement) -> None:
        self.close_para()

    depart_h2 = depart_h3 = depart_h4 = depart_h1

    def visit_p(self, el: HtmlElement) -> None:
        if self.flat:  # one part of a one-line running header/footer: no paragraph of its own
            return
        self.close_para()
        self.bookmark(el)
        if not el.text_content().strip() and not any(
                child.tag in ("img", "br", "span") for child in el.iter()):
            raise SkipNode  # an empty <p> is spacing in HTML, not a paragraph
        style = next((_P_STYLES[c] for c in classes(el) if c in _P_STYLES), None)
        if style is None and self.graphic and "locator" not in self.figure_classes[-1]:
            style = "Figure Note"  # a map's key in words (base.css: figure.map p, 0.85em)
        self.open_para(self.story_sid(style) if style else None)

    def depart_p(self, el: HtmlElement) -> None:
        if not self.flat:
            self.close_para()

    def visit_blockquote(self, el: HtmlElement) -> None:
        self.block(self.sid("Quote"))

    def depart_blockquote(self, el: HtmlElement) -> None:
        self.end_block()

    def visit_hr(self, el: HtmlElement) -> None:
        p = self.open_para(self.story.style, numbered=False)
        secondary = hex_color(self.brand.colors.secondary, "5B6770")
        oxml.set_ppr(p, w("pBdr", oxml.border("bottom", secondary, size=6, space=1)))
        self.close_para()
        raise SkipNode

    def visit_pre(self, el: HtmlElement) -> None:
        self.close_para()
        self.pre += 1
        self.pre_start = True  # HTML ignores a newline right after <pre> (see text())
        self.open_para(self.sid("Source Code"))

    def depart_pre(self, el: HtmlElement) -> None:
        if self.para is not None:  # ... and the one before </pre>
            runs = self.para.findall(f".//{qn('w:r')}")
            while runs and len(runs[-1]) and runs[-1][-1].tag == qn("w:br"):
                runs[-1].remove(runs[-1][-1])
        self.pre -= 1
        self.close_para()

    def visit_figure(self, el: HtmlElement) -> None:
        if "locator" in classes(el) and self.locator_beside_facts(el):  # type: ignore[attr-defined]
            raise SkipNode  # laid out beside the key facts (LayoutVisitors)
        self.block()
        self.bookmark(el)
        self.figure += 1
        self.figure_classes.append(set(classes(el)))
        if {"chart", "map"} & set(classes(el)):
            self.graphic += 1

    def depart_figure(self, el: HtmlElement) -> None:
        self.figure_classes.pop()
        if {"chart", "map"} & set(classes(el)):
            self.graphic -= 1
        self.figure -= 1
        self.end_block()

    def visit_figcaption(self, el: HtmlElement) -> None:
        if self.figure_classes and "locator" in self.figure_classes[-1]:
            raise SkipNode  # a locator's title is hidden, as in the PDF: its alt text names it
        self.block(self.sid("Caption"))

    def depart_figcaption(self, el: HtmlElement) -> None:
        if self.graphic and self.para is not None:  # a chart's title stays with its picture
            oxml.set_ppr(self.para, w("keepNext"))
            # base.css: figure.chart figcaption { margin: 0 0 1.5mm } (the Caption style's
            # space is for a caption under a picture)
            oxml.set_ppr(self.para, w("spacing", before=0, after=85))
        self.end_block()


def keep_with_next(before: BaseOxmlElement | None, last: BaseOxmlElement | None) -> None:
    """keepNext on *before* (the block before a run of blocks: a table keeps its last row
    with what follows) and on every paragraph after it up to, not including, *last*."""
    if before is not None and before.tag == qn("w:tbl"):
        rows = before.findall(qn("w:tr"))
        for p in rows[-1].iter(qn("w:p")) if rows else ():
            oxml.set_ppr(p, w("keepNext"))
        before = before.getnext()
    block = before
    while block is not None and block is not last:
        if block.tag == qn("w:p"):
            oxml.set_ppr(block, w("keepNext"))
        block = block.getnext()
