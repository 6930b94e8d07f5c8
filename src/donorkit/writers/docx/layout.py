"""Side by side: what the PDF sets in columns, as a borderless Word layout table.

A case study's locator map floats beside its key facts and its closing band sets the related
reading beside the About box (styles/base.css). Stacked in Word, the same content ran a page
longer than the PDF. A one-row table without borders or shading puts them side by side in Word
and LibreOffice alike; it is declared a layout table (no header row or column, a description
saying so), which is how docx_rules and screen readers tell it from a data table, and its cells
read in the order of the HTML.
"""

from __future__ import annotations

from collections.abc import Sequence

from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm
from lxml.html import HtmlElement

from ...rendering.vocabulary import classes
from . import grid, oxml
from .core import Story, TranslatorCore
from .oxml import sub, w

#: Gap between the columns of the closing band (base.css: column-gap 7 mm).
BAND_GAP = Mm(7)
_TWIPS_PER_MM = 56.7
LAYOUT_CAPTION = "Layout"


class LayoutVisitors(TranslatorCore):
    def locator_beside_facts(self, figure: HtmlElement) -> bool:
        """A locator map followed by key facts: both in one layout row, facts first (left, as
        the PDF shows them), the map right. False when the figure stands alone."""
        facts = figure.getnext()
        if not (self.story.top and facts is not None and "key-facts" in classes(facts)):
            return False
        # the map's column as base.css (or the fit pass) sets it: the map and the gap before it
        d = self.density
        map_share = Mm(d.locator_width + d.locator_gap) / self.story.width
        self.side_by_side([[facts], [figure]], [1 - map_share, map_share],
                          "Layout table: the project's key facts beside its locator map",
                          gaps=[0, int(Mm(d.locator_gap))])
        return True

    def closing_band(self, div: HtmlElement) -> bool:
        """A closing band of two or more sections (related reading, About): one column each,
        the About box the wider, as in the PDF. False when it has one section only, which the
        caller lays out as a block."""
        parts = [child for child in div if isinstance(child.tag, str)]
        if not self.story.top:
            return False
        self.close_para()
        last = self.last_block()
        if last is not None and last.tag == qn("w:p"):
            # as the PDF's break-before: avoid (writers/fit.py): Word takes the last lines of
            # text to the next page with the band rather than leave the band alone there
            oxml.set_ppr(last, w("keepNext"))
        if len(parts) < 2:
            return False  # one section (the About box alone): stacked, in the band's style
        weights = [2.0 if "about" in classes(part) else 1.0 for part in parts]
        self.side_by_side([[part] for part in parts], [x / sum(weights) for x in weights],
                          "Layout table: " + ", ".join(_heading(p) for p in parts),
                          gaps=[0] + [int(BAND_GAP)] * (len(parts) - 1),
                          style=self.sid("Closing Text"), restyle={
                              **{f"heading {n}": self.sid("Closing Heading") for n in (2, 3, 4)},
                              "meta": self.sid("Closing Meta")})
        return True

    def side_by_side(self, columns: Sequence[list[HtmlElement]], shares: Sequence[float],
                     description: str, *, gaps: Sequence[int],
                     style: str | None = None,
                     restyle: dict[str, str | None] | None = None) -> None:
        """Walk each group of elements into its own cell of a borderless one-row table; each
        cell's left margin is its gap (EMU) from the column before; *style* is that of the
        cells' paragraphs that have none of their own; *restyle* maps style names to those the
        cells use instead."""
        self.close_para()
        tbl = self.append_block("tbl")
        labels = grid.Labels(LAYOUT_CAPTION, description, first_row=False, first_column=False)
        [cells] = grid.build(tbl, [grid.RowSpec([grid.CellSpec(c) for c in columns], keep=True)],
                             list(shares), self.story.width, None, labels)
        _borderless(tbl)
        self.body_started = True
        for (tc, width), group, gap in zip(cells, columns, gaps, strict=True):
            if gap:
                tc_pr = tc.find(qn("w:tcPr"))
                oxml.insert_ordered(tc_pr, w("tcMar", w("left", w=round(gap / 635), type="dxa")),
                                    _TCPR)
            self.push_story(Story(tc, self.story.part, width - gap, style=style,
                                  main=self.story.main, restyle=restyle or {}))
            for el in group:
                self.walk(el)
            self.pop_story()
            _end_cell(tc)
        self.consumed.update(el for group in columns for el in group)


def _heading(section: HtmlElement) -> str:
    heading = next(section.iter("h1", "h2", "h3", "h4"), None)
    return " ".join(heading.text_content().split()) if heading is not None else "text"


_TCPR = ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap",
         "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark")


def _borderless(tbl: BaseOxmlElement) -> None:
    """No borders, no cell margins (the gaps are set per cell), fixed column widths."""
    look = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblLook')}")
    borders = w("tblBorders", *(w(side, val="nil") for side in
                                ("top", "left", "bottom", "right", "insideH", "insideV")))
    margins = w("tblCellMar", w("left", w=0, type="dxa"), w("right", w=0, type="dxa"))
    for el in (borders, w("tblLayout", type="fixed"), margins):
        look.addprevious(el)


def _end_cell(tc: BaseOxmlElement) -> None:
    """Word needs a paragraph after a cell's last table: a hairline one, so a cell ending in
    key facts is no taller than they are."""
    if len(tc) and tc[-1].tag == qn("w:tbl"):
        p = sub(tc, "p")
        oxml.set_ppr(p, w("spacing", before=0, after=0, line=20, lineRule="exact"))
    grid.finish_cell(tc)

