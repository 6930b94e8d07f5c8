"""Word table skeletons for ``table``, ``dl.key-facts`` and ``dl.highlights``.

The translator first lays out the HTML (which element goes into which cell, with which column
span), builds the empty ``w:tbl`` here in one go, then walks each HTML cell into its ``w:tc``.
Building the XML directly avoids python-docx's per-cell lookups and merges, which are quadratic.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from lxml.html import HtmlElement

from .oxml import sub, w

EMU_PER_TWIP = 635


@dataclass
class CellSpec:
    elements: list[HtmlElement]  # walked, in order, into this cell
    span: int = 1
    fill: str | None = None


@dataclass
class RowSpec:
    cells: list[CellSpec] = field(default_factory=list)
    header: bool = False  # repeated at the top of each page
    keep: bool = False  # never split across pages (a fact and its label belong together)


@dataclass(frozen=True)
class Labels:
    """What a screen reader announces about a table (Word's Alt Text pane for tables) and where
    its headers are: a header row (``first_row``), a header column (``first_column``), both or
    neither."""

    caption: str = ""
    description: str = ""
    first_row: bool = True
    first_column: bool = False


def build(tbl: BaseOxmlElement, rows: Sequence[RowSpec], fractions: Sequence[float],
          width_emu: int, style_id: str | None,
          labels: Labels = Labels()) -> list[list[tuple[BaseOxmlElement, int]]]:
    """Fill the empty *tbl* as a full-width table; per row, each cell's ``(w:tc, width EMU)``."""
    total = max(1, width_emu // EMU_PER_TWIP)
    widths = [round(total * f / sum(fractions)) for f in fractions]
    tbl_pr = sub(tbl, "tblPr")
    if style_id:
        sub(tbl_pr, "tblStyle", val=style_id)
    sub(tbl_pr, "tblW", w=5000, type="pct")  # 100% of the text width, whatever the paper
    look = 0x0400 | 0x20 * labels.first_row | 0x80 * labels.first_column  # noVBand, first row/col
    sub(tbl_pr, "tblLook", val=f"{look:04X}",
        firstRow=int(labels.first_row), lastRow=0, firstColumn=int(labels.first_column),
        lastColumn=0, noHBand=0, noVBand=1)
    if labels.caption:
        sub(tbl_pr, "tblCaption", val=labels.caption[:255])
    if labels.description:
        sub(tbl_pr, "tblDescription", val=labels.description[:4000])
    tbl_grid = sub(tbl, "tblGrid")
    for x in widths:
        sub(tbl_grid, "gridCol", w=x)
    cells_out: list[list[tuple[BaseOxmlElement, int]]] = []
    for row in rows:
        tr = sub(tbl, "tr")
        if row.header or row.keep:
            tr_pr = sub(tr, "trPr")
            if row.keep:
                sub(tr_pr, "cantSplit")
            if row.header:
                sub(tr_pr, "tblHeader")
        out_row = []
        col = 0
        for cell in row.cells:
            span = max(1, min(cell.span, len(widths) - col))
            tc = _cell(tr, sum(widths[col:col + span]), span, cell.fill)
            out_row.append((tc, sum(widths[col:col + span]) * EMU_PER_TWIP))
            col += span
        if col < len(widths):  # short HTML row: Word needs the grid filled
            sub(_cell(tr, sum(widths[col:]), len(widths) - col, None), "p")
        cells_out.append(out_row)
    return cells_out


def _cell(tr: BaseOxmlElement, width: int, span: int, fill: str | None) -> BaseOxmlElement:
    tc = sub(tr, "tc")
    tc_pr = sub(tc, "tcPr")
    sub(tc_pr, "tcW", w=width, type="dxa")
    if span > 1:
        sub(tc_pr, "gridSpan", val=span)
    if fill:
        sub(tc_pr, "shd", val="clear", color="auto", fill=fill)
    return tc


def column_weights(rows: Sequence[RowSpec], width: float = 90.0,
                   measure: Callable[[str, bool], float] | None = None,
                   pad: float = 2.0) -> list[float]:
    """Relative column widths, roughly a browser's automatic table layout: every column gets at
    least its longest word (a narrow column of short values would otherwise break "Mozambique"
    mid-word), and the room left over goes to the columns in proportion to how much more their
    longest cell text wants. *measure(text, bold)* is the width of a text in the unit of *width*
    (about how much fits across the table) and *pad* a cell's left and right margins together;
    without a measure, widths are counted in characters."""
    size = measure or (lambda text, bold: float(len(text)))
    ncols = max(1, max(sum(c.span for c in r.cells) for r in rows))
    longest = [0.0] * ncols  # max-content
    word = [0.0] * ncols  # min-content
    own = [False] * ncols  # some cell starts and ends in this column
    least = size("abc", False)  # no column narrower than three letters
    for row in rows:
        col = 0
        for cell in row.cells:
            if cell.span == 1 and col < ncols:
                own[col] = True
                words = " ".join(el.text_content() for el in cell.elements).split()
                bold = row.header or any(el.tag == "th" for el in cell.elements)
                if words:
                    longest[col] = max(longest[col], size(" ".join(words), bold))
                    word[col] = max(word[col], max(size(x, bold) for x in words))
                    if any("nowrap" in (el.get("class") or "").split() for el in cell.elements):
                        # never wrapped (td.nowrap): the whole text is the narrowest the column
                        # may be
                        word[col] = max(word[col], size(" ".join(words), bold)
                                        * (1.0 if measure else 1.5))
            col += cell.span
    # a column only ever spanned (colspan past the last real column) is next to nothing wide,
    # as in a browser, instead of an empty strip at the table's edge
    mins = [max(x, least) + pad if mine else pad / 2 for x, mine in zip(word, own, strict=True)]
    maxs = [max(x, least) + pad if mine else pad / 2
            for x, mine in zip(longest, own, strict=True)]
    if sum(maxs) <= width:
        return [float(x) for x in maxs]
    spare = width - sum(mins)
    flex = [mx - mn for mx, mn in zip(maxs, mins, strict=True)]
    if spare <= 0 or not sum(flex):
        return [float(x) for x in mins]
    return [mn + spare * f / sum(flex) for mn, f in zip(mins, flex, strict=True)]


def finish_cell(tc: BaseOxmlElement) -> None:
    """A cell must end with a paragraph (Word reports an empty one or a final table as corrupt)."""
    last = tc[-1] if len(tc) else None
    if last is None or last.tag != qn("w:p"):
        tc.append(w("p"))


def colspan(el: HtmlElement) -> int:
    try:
        return max(1, min(int(el.get("colspan", "1")), 63))  # Word's grid limit
    except ValueError:
        return 1
