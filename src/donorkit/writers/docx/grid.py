"""Word table skeletons for ``table``, ``dl.key-facts`` and ``dl.highlights``.

The translator first lays out the HTML (which element goes into which cell, with which column
span), builds the empty ``w:tbl`` here in one go, then walks each HTML cell into its ``w:tc``.
Building the XML directly avoids python-docx's per-cell lookups and merges, which are quadratic.
"""

from __future__ import annotations

from collections.abc import Sequence
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


def build(tbl: BaseOxmlElement, rows: Sequence[RowSpec], fractions: Sequence[float],
          width_emu: int, style_id: str | None) -> list[list[tuple[BaseOxmlElement, int]]]:
    """Fill the empty *tbl* as a full-width table; per row, each cell's ``(w:tc, width EMU)``."""
    total = max(1, width_emu // EMU_PER_TWIP)
    widths = [round(total * f / sum(fractions)) for f in fractions]
    tbl_pr = sub(tbl, "tblPr")
    if style_id:
        sub(tbl_pr, "tblStyle", val=style_id)
    sub(tbl_pr, "tblW", w=5000, type="pct")  # 100% of the text width, whatever the paper
    sub(tbl_pr, "tblLook", val="04A0", firstRow=1, lastRow=0, firstColumn=1, lastColumn=0,
        noHBand=0, noVBand=1)
    tbl_grid = sub(tbl, "tblGrid")
    for x in widths:
        sub(tbl_grid, "gridCol", w=x)
    cells_out: list[list[tuple[BaseOxmlElement, int]]] = []
    for row in rows:
        tr = sub(tbl, "tr")
        if row.header:
            sub(sub(tr, "trPr"), "tblHeader")
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


def column_weights(rows: Sequence[RowSpec]) -> list[float]:
    """Relative column widths from the text length of single-column cells, roughly what a
    browser's automatic table layout does, so a long project name gets a wide column."""
    ncols = max(1, max(sum(c.span for c in r.cells) for r in rows))
    lengths: list[list[int]] = [[] for _ in range(ncols)]
    for row in rows:
        col = 0
        for cell in row.cells:
            if cell.span == 1 and col < ncols:
                text = " ".join(" ".join(el.text_content().split()) for el in cell.elements)
                if text:
                    lengths[col].append(len(text))
            col += cell.span
    return [min(max(sum(x) / len(x) if x else 0, 6.0), 60.0) for x in lengths]


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
