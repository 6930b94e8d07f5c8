"""The translator's machinery: the walk, stories, paragraphs, white space and runs.

The visitors (one ``visit_<tag>``/``depart_<tag>`` pair per element) live in the mixins that
:class:`~.translator.DocxTranslator` combines; they only call the helpers defined here. Block
visitors close the paragraph being filled; inline visitors change the run formatting; text opens
a paragraph on demand, so loose text in a ``div``/``li``/``td`` is wrapped instead of lost.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from docx.document import Document
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.parts.story import StoryPart
from lxml.html import HtmlElement

from ...brand.model import Brand
from ...errors import VocabularyError
from ...rendering.vocabulary import violations
from ..density import NORMAL, Density
from . import oxml
from .numbering import Numbering, indent
from .oxml import sub, w
from .styles import Base, hex_color
from .text import clean, collapse

_SECT_PR = qn("w:sectPr")
_TBL = qn("w:tbl")
_XML_SPACE = qn("xml:space")


class SkipNode(Exception):  # noqa: N818 - docutils' name
    """Raised by a visitor that handled the element's children itself: no walk, no depart."""


@dataclass
class Story:
    """Where block content goes: ``w:body``, a ``w:tc``, or a ``w:hdr``/``w:ftr``."""

    element: BaseOxmlElement
    part: StoryPart
    width: int  # EMU available to pictures and nested tables
    style: str | None = None  # style id of paragraphs opened for loose text
    main: bool = True  # in the main document part (bookmarks live only there)
    top: bool = False  # the body itself (page breaks only make sense there)
    #: style name (lower case) -> style id used instead in this story (a closing band's own)
    restyle: dict[str, str | None] = field(default_factory=dict)


@dataclass
class ListLevel:
    num_id: int
    ilvl: int
    ordered: bool


@dataclass
class Item:
    level: ListLevel
    story: Story
    numbered: bool = False  # its first paragraph, the one showing the number, exists


class TranslatorCore:
    def __init__(self, document: Document, base: Base, *, brand: Brand, template: str,
                 fetch: Callable[[str], bytes | None], warn: Callable[[str], None],
                 density: Density = NORMAL) -> None:
        self.doc, self.brand, self.template = document, brand, template
        self.density = density  # the PDF's fit decision: picture sizes (styles have the rest)
        self.fetch, self.warn = fetch, warn
        self.style_ids = base.style_ids
        self.text_width, self.text_height = base.text_width, base.text_height
        self.light = hex_color(brand.colors.light, "EEF3F8")
        size = brand.typography.base_size_pt
        # the margin base.css puts below tables (1em): Word tables have no space after them
        self.table_gap = round((size if size > 0 else 10.0) * 20)
        self.own_space = {self.sid(f"heading {n}") for n in (1, 2, 3, 4)} | {
            self.sid("Title"), self.sid("TOC Heading")} - {None}
        self.numbering = Numbering(document.part)
        self.stories = [Story(document.element.body, document.part, base.text_width, top=True)]
        # the paragraph being filled and where its runs go (itself or a w:hyperlink in it)
        self.para: BaseOxmlElement | None = None
        self.inline: BaseOxmlElement | None = None
        self.line_start = True  # browser rule: white space at the start of a line is dropped
        self.last_t: BaseOxmlElement | None = None  # trailing space is trimmed at line end
        self.last_space = False
        self.open_bookmarks: list[int] = []
        # inline formatting depth counters, and the cached w:rPr for each combination
        self.bold = self.italic = self.code = self.highlight = 0
        self.links: list[tuple[BaseOxmlElement | None, BaseOxmlElement | None,
                               BaseOxmlElement | None]] = []
        self.rpr_cache: dict[tuple[bool, ...], BaseOxmlElement | None] = {}
        # block context
        self.block_styles: list[str | None] = []  # style for paragraphs without their own
        self.lists: list[ListLevel] = []
        self.items: list[Item] = []
        self.dl_modes: list[str] = []
        self.cells: dict[HtmlElement, tuple[BaseOxmlElement, int]] = {}
        self.consumed: set[HtmlElement] = set()  # already walked into a layout row (layout.py)
        self.open_tables: list[list[BaseOxmlElement]] = []  # w:tc to finish when walked
        self.pre = self.figure = self.cover = 0
        self.graphic = 0  # inside a figure.chart or figure.map
        self.figure_classes: list[set[str]] = []  # of the figures being walked, innermost last
        self.pre_start = False  # no text seen yet in the current <pre>
        self.pending_break = False
        self.body_started = False  # a page break before any content would leave a blank page
        self.pending_bookmarks: list[str] = []
        self.bookmark_names: dict[str, str] = {}
        self.next_bookmark = 0
        self.next_shape = 0
        self.claimed: set[str] = set()  # running header/footer parts already emptied
        self.last_heading = ""  # a table's caption (Word's table Alt Text) when it has none
        self.has_toc = False
        self.flat = False  # inside a one-line running header/footer (PageVisitors.one_line)
        self.in_toc = False
        self.lang: str | None = None
        self.meta: dict[str, str] = {}

    def translate(self, tree: HtmlElement | None) -> None:
        if tree is not None:
            found = violations(tree)
            if found:
                raise VocabularyError(self.template, [str(v) for v in found])
            self.bookmark_names = bookmark_names(tree)
            self.walk(tree)
        self.close_para()
        self.finish()

    def finish(self) -> None:
        """Document-level settings once everything is walked (see PageVisitors)."""

    def walk(self, el: HtmlElement) -> None:
        if el in self.consumed:
            return
        visit = getattr(self, f"visit_{el.tag}", None)
        if visit is None:
            raise VocabularyError(self.template, [f"<{el.tag}> has no DOCX translation"])
        try:
            visit(el)
        except SkipNode:
            return
        self.walk_children(el)
        depart = getattr(self, f"depart_{el.tag}", None)
        if depart is not None:
            depart(el)

    def walk_children(self, el: HtmlElement) -> None:
        if el.text:
            self.text(el.text)
        for child in el:
            if isinstance(child.tag, str):  # comments and processing instructions carry no content
                self.walk(child)
            if child.tail:
                self.text(child.tail)

    @property
    def story(self) -> Story:
        return self.stories[-1]

    def sid(self, name: str) -> str | None:
        return self.style_ids.get(name.lower())

    def story_sid(self, name: str) -> str | None:
        """The style id for style *name* in the current story (see :attr:`Story.restyle`)."""
        return self.story.restyle.get(name.lower()) or self.sid(name)

    def append_block(self, tag: str) -> BaseOxmlElement:
        """A new, empty ``w:<tag>`` at the end of the current story."""
        container = self.story.element
        block = sub(container, tag)
        sect_pr = block.getprevious()
        if sect_pr is not None and sect_pr.tag == _SECT_PR:  # the body ends with its section
            sect_pr.addprevious(block)
        return block

    def open_para(self, style: str | None = None, *, numbered: bool = True) -> BaseOxmlElement:
        """Start a paragraph in the current story: explicit style, else the block context's,
        else the list's, else the story's; numbered when it is the first block of a list item."""
        self.close_para()
        story = self.story
        p = self.append_block("p")
        item = self.items[-1] if self.items and self.items[-1].story is story else None
        if style is None and self.block_styles:
            style = self.block_styles[-1]
        first = item is not None and numbered and not item.numbered
        later = item is not None and numbered and item.numbered
        if first:
            item.numbered = True
            # a story's own text style (a closing band's) sets its list items too, as in the PDF
            style = style or story.style or self.sid(
                "List Number" if item.level.ordered else "List Bullet")
        elif later:  # later blocks of the item line up with its text, without a number
            style = style or self.sid("List Paragraph")
        style = style or story.style
        page_break = story.top and self.pending_break
        if story.top:
            self.pending_break = False
            self.body_started = True
        prev = p.getprevious()
        gap = prev is not None and prev.tag == _TBL and style not in self.own_space
        if style or first or later or page_break or gap:
            # built top-down in schema order: this runs for every paragraph
            ppr = sub(p, "pPr")
            if style:
                sub(ppr, "pStyle", val=style)
            if page_break:
                sub(ppr, "pageBreakBefore")
            if first:
                num_pr = sub(ppr, "numPr")
                sub(num_pr, "ilvl", val=item.level.ilvl)
                sub(num_pr, "numId", val=item.level.num_id)
            if gap:
                sub(ppr, "spacing", before=self.table_gap)
            if later:
                sub(ppr, "ind", left=indent(item.level.ilvl), firstLine=0)
            elif first and story.style and story.style == style:
                # a closing band's narrow column indents its items as base.css does (1.4em of
                # its small text), not by the numbering's half inch
                step = round(self.table_gap * 0.85 * 1.4)
                sub(ppr, "ind", left=step * (item.level.ilvl + 1), hanging=step)
        if story.main:
            for name in self.pending_bookmarks:
                p.append(oxml.bookmark_start(self.next_bookmark, name))
                self.open_bookmarks.append(self.next_bookmark)
                self.next_bookmark += 1
            self.pending_bookmarks = []
        self.para = self.inline = p
        self.line_start, self.last_t, self.last_space = True, None, False
        return p

    def last_block(self) -> BaseOxmlElement | None:
        """The current story's last block (the body's final w:sectPr does not count)."""
        container = self.story.element
        last = container[-1] if len(container) else None
        if last is not None and last.tag == _SECT_PR:
            last = last.getprevious()
        return last

    def ensure_para(self) -> BaseOxmlElement:
        return self.para if self.para is not None else self.open_para()

    def close_para(self) -> None:
        if self.para is None:
            return
        self.trim_line()
        for bid in self.open_bookmarks:
            self.para.append(oxml.bookmark_end(bid))
        self.open_bookmarks = []
        self.para = self.inline = None

    def trim_line(self) -> None:
        if self.last_space and self.last_t is not None:
            self.last_t.text = self.last_t.text.rstrip(" ")
        self.last_t, self.last_space = None, False

    def bookmark(self, el: HtmlElement) -> None:
        """The element's id becomes a bookmark on the next paragraph (the element's first)."""
        name = self.bookmark_names.get(el.get("id") or "")
        if name:
            self.pending_bookmarks.append(name)

    def push_story(self, story: Story) -> None:
        self.close_para()
        self.stories.append(story)
        self.block_styles.append(None)  # a cell or header does not inherit the callout look

    def pop_story(self) -> None:
        self.close_para()
        self.stories.pop()
        self.block_styles.pop()

    def block(self, style: str | None = None) -> None:
        """Enter a block that styles the paragraphs inside it (or just ends the current one)."""
        self.close_para()
        self.block_styles.append(style if style is not None else (
            self.block_styles[-1] if self.block_styles else None))

    def end_block(self) -> None:
        self.close_para()
        self.block_styles.pop()

    def text(self, raw: str) -> None:
        text = clean(raw)
        if not text:
            return
        if self.pre:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
            if self.pre_start and text.startswith("\n"):
                text = text[1:]
            self.pre_start = False
            if text:
                self.run().text = text  # python-docx: \n -> w:br, \t -> w:tab
                self.line_start, self.last_t, self.last_space = False, None, False
            return
        text = collapse(text)
        if self.para is None:
            text = text.lstrip(" ")
            if not text:
                return
            self.open_para()
        if self.line_start or self.last_space:
            text = text.lstrip(" ")
            if not text:
                return
        t = sub(self.run(), "t")
        t.text = text
        t.set(_XML_SPACE, "preserve")
        self.line_start, self.last_t, self.last_space = False, t, text.endswith(" ")

    def rpr(self) -> BaseOxmlElement | None:
        key = (self.bold > 0, self.italic > 0, self.code > 0, bool(self.links),
               self.highlight > 0)
        if key not in self.rpr_cache:
            bold, italic, code, link, highlight = key
            rpr = w("rPr")
            char_style = self.sid("Hyperlink") if link else (
                self.sid("Verbatim Char") if code else None)
            if char_style:
                rpr.append(w("rStyle", val=char_style))
            if code and link:  # one character style only: keep the link look, add the font
                mono = self.brand.typography.monospace_family
                rpr.append(w("rFonts", ascii=mono, hAnsi=mono, eastAsia=mono, cs=mono))
            if bold:
                rpr.extend((w("b"), w("bCs")))
            if italic:
                rpr.extend((w("i"), w("iCs")))
            if highlight:  # a value to complete (span.missing): Word's highlighter, findable
                rpr.append(w("highlight", val="yellow"))
            self.rpr_cache[key] = rpr if len(rpr) else None
        return self.rpr_cache[key]

    def run(self) -> BaseOxmlElement:
        """A new run with the current formatting at the current position (opens a paragraph)."""
        self.ensure_para()
        r = sub(self.inline, "r")
        rpr = self.rpr()
        if rpr is not None:
            r.append(copy.deepcopy(rpr))
        return r

    def add_runs(self, runs: list[BaseOxmlElement]) -> None:
        self.ensure_para()
        self.inline.extend(runs)
        self.line_start, self.last_t, self.last_space = False, None, False


_BOOKMARK_BAD = re.compile(r"[^A-Za-z0-9_]")


def bookmark_names(tree: HtmlElement) -> dict[str, str]:
    """HTML id -> Word bookmark name: at most 40 characters of letters, digits and underscores,
    starting with a letter (Word silently drops any other bookmark), unique ignoring case."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for el in tree.iter():
        ident = el.get("id") if isinstance(el.tag, str) else None
        if not ident or ident in names:
            continue
        base = _BOOKMARK_BAD.sub("_", ident)
        if not ("a" <= base[0].lower() <= "z"):
            base = "id_" + base
        base = base[:40]
        name, n = base, 1
        while name.lower() in used:
            suffix = f"_{n}"
            name, n = base[:40 - len(suffix)] + suffix, n + 1
        used.add(name.lower())
        names[ident] = name
    return names
