"""Visitors for ``table`` and ``dl``: HTML tables, key-facts and highlights become Word tables.

A table is laid out first (which HTML element fills which cell, with which span), built empty in
one go by :mod:`.grid`, then each HTML cell is walked into its ``w:tc`` as a story of its own.
"""

from __future__ import annotations

from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from lxml.html import HtmlElement

from ...graphics.style import look_for
from ...rendering.vocabulary import classes
from . import grid, oxml
from .core import Story, TranslatorCore
from .oxml import w
from .text import clean_inline

#: big figures side by side: up to six in one row (the PDF sets them all in one row); more are
#: balanced over rows, so the last figure never sits alone under the others
_HIGHLIGHTS_PER_ROW = 6
#: base.css: table { font-size: 0.9em } (key facts and forms have their own sizes)
DATA_TABLE_SCALE = 0.9
#: a reader without the brand font gets a wider fallback (DejaVu Sans is ~10% wider than Roboto):
#: column widths leave that much room, so a word fits its column in either
FALLBACK_ROOM = 1.12
#: a data row no taller than this share of the text height never splits across pages (as the
#: PDF's tr { break-inside: avoid }); a taller one may, or it could not be placed at all
_UNSPLIT_SHARE = 0.3
_CELL_MARGINS = 2 * 108 * grid.EMU_PER_TWIP  # the table styles' left + right cell margins
_TBL = qn("w:tbl")
_SHEET = [0.36, 0.64]  # a form's label column and value column (as base.css)
_KEY_FACTS_COLUMNS = [0.3, 0.7]  # base.css: table.key-facts th { width: 30% }
#: paragraph style of the cells of a form's sheet, and of its one-row-per-reference table
_FORM_STYLES = {"sheet": "Form Text", "wide": "Form Table Text", "data": "Data Table Text"}


class TableVisitors(TranslatorCore):
    def table(self, rows: list[grid.RowSpec], fractions: list[float],
              style: str | None, labels: grid.Labels) -> None:
        """Insert an empty table and remember which HTML element fills which cell."""
        self.close_para()
        self.number_item()
        if self.story.top and self.pending_break:
            # a table cannot carry "page break before": an empty breaking paragraph does
            p = self.open_para(numbered=False)
            oxml.set_ppr(p, w("pageBreakBefore"))
            oxml.set_ppr(p, w("spacing", before=0, after=0, line=20, lineRule="exact"))
            self.close_para()
        last = self.last_block()
        if last is not None and last.tag == _TBL:
            # Word joins two tables with nothing between them into one; a spacer paragraph
            # keeps them apart and gives the gap the PDF has
            spacer = self.append_block("p")
            oxml.set_ppr(spacer, w("spacing", before=0, after=0, line=self.table_gap,
                                   lineRule="exact"))
        tbl = self.append_block("tbl")
        cells = grid.build(tbl, rows, fractions, self.story.width, style, labels)
        self.body_started = self.body_started or self.story.top
        for spec_row, tc_row in zip(rows, cells, strict=True):
            for spec, cell in zip(spec_row.cells, tc_row, strict=True):
                for el in spec.elements:
                    self.cells[el] = cell
        self.open_tables[-1].extend(tc for tc_row in cells for tc, _ in tc_row)

    def cell_story(self, tc: BaseOxmlElement, width: int) -> Story:
        forms = getattr(self, "form_tables", None)  # set by the first <table> visited
        style = self.sid(_FORM_STYLES[forms[-1]]) if forms and forms[-1] else None
        return Story(tc, self.story.part, max(width - _CELL_MARGINS, width // 2),
                     style=style or self.sid("Table Text"), main=self.story.main)

    def chars_across(self) -> float:
        """About how many characters of body text fit across the current story (an average
        glyph is about half an em wide)."""
        size = self.brand.typography.base_size_pt
        return self.story.width / ((size if size > 0 else 10.0) * 0.5 * 12700)

    def text_size(self) -> float:
        size = self.brand.typography.base_size_pt
        return size if size > 0 else 10.0

    def measured_weights(self, rows: list[grid.RowSpec]) -> list[float]:
        """Column weights from the cell text measured in the brand's own font at the data
        table's size, as the PDF's automatic table layout sizes them."""
        look = look_for(self.brand)
        size = self.text_size() * DATA_TABLE_SCALE
        return grid.column_weights(
            rows, self.story.width / 12700,
            lambda text, bold: look.width(text, size, bold) * FALLBACK_ROOM,
            pad=_CELL_MARGINS / 12700)

    def unsplit_rows(self, rows: list[grid.RowSpec]) -> None:
        """Mark the data rows short enough to keep whole: most rows (a project, a reference)
        read badly split across pages, but one taller than a good part of the page must split.
        A row's height is estimated from its longest cell, as lines in an equal share of the
        text width."""
        size = self.text_size() * DATA_TABLE_SCALE
        line_pt = size * 1.2 + 4  # a line, plus the cells' spacing shared out
        limit = self.text_height / 12700 * _UNSPLIT_SHARE
        across = self.chars_across() / DATA_TABLE_SCALE
        ncols = max(1, max((sum(c.span for c in r.cells) for r in rows), default=1))
        for row in rows:
            lines = max((len(_text(c)) * ncols / max(c.span, 1) / across
                         + sum(1 for el in c.elements for _ in el.iter("p", "li", "br"))
                         for c in row.cells), default=0.0)
            row.keep = row.keep or (lines + 1) * line_pt <= limit

    def end_table(self) -> None:
        for tc in self.open_tables.pop():
            grid.finish_cell(tc)

    def visit_table(self, el: HtmlElement) -> None:
        key_facts = "key-facts" in classes(el)
        rows: list[grid.RowSpec] = []
        trs: list[tuple[HtmlElement, bool]] = []
        for child in el:
            if child.tag in ("thead", "tbody"):
                trs += [(tr, child.tag == "thead") for tr in child if tr.tag == "tr"]
            elif child.tag == "tr":
                trs.append((child, False))
        form = "form" in classes(el)  # a funder's form: rows never split across pages
        if not hasattr(self, "form_tables"):
            self.form_tables: list[str] = []
        for tr, in_head in trs:
            cells = [c for c in tr if c.tag in ("th", "td")]
            header = in_head or (not rows and bool(cells) and all(c.tag == "th" for c in cells))
            rows.append(grid.RowSpec([grid.CellSpec(
                [c], grid.colspan(c),
                self.light if header or key_facts or (form and is_label(c)) else None)
                for c in cells], header, keep=key_facts or form))
        self.close_para()
        self.open_tables.append([])
        # cell text style: key facts keep Table Text (form styles are looser: a project's facts
        # set in Form Text made every case study's facts box a third taller than the PDF's)
        self.form_tables.append("" if key_facts or (form and not rows) else "data" if not form
                                else "wide" if rows[0].header else "sheet")
        if rows and key_facts:
            labels = grid.Labels(KEY_FACTS, _row_labels(rows), first_row=False,
                                 first_column=True)
            self.table(rows, _KEY_FACTS_COLUMNS, self.sid("Key Facts"), labels)
        elif rows:
            head = list(rows[0].cells) if rows[0].header else []
            labels = grid.Labels(
                self.last_heading or "Table",
                "Columns: " + ", ".join(_text(c) for c in head) if head else "",
                first_row=bool(head),
                first_column=any(c.tag == "th" and c.get("scope") == "row" for c in el.iter()))
            sheet = form and all(len(r.cells) == 2 and is_label(r.cells[0].elements[0])
                                 for r in rows)
            weights = _SHEET if sheet else declared_widths(rows) if form else None
            if not form:
                self.unsplit_rows(rows)
            self.table(rows, weights or self.measured_weights(rows),
                       self.sid("Table Grid" if form else "Data Table"), labels)
        self.block(None)

    def depart_table(self, el: HtmlElement) -> None:
        self.end_block()
        self.form_tables.pop()
        kept = el.getparent() is not None and "reference" in classes(el.getparent())
        if "form" in classes(el) and kept and self.open_tables[-1]:
            keep_together(self.open_tables[-1][0].getparent().getparent())
        if "key-facts" in classes(el):
            _keep_table_together(self.open_tables[-1])
        self.end_table()

    def visit_thead(self, el: HtmlElement) -> None:
        self.close_para()

    visit_tbody = visit_tr = visit_thead

    def visit_td(self, el: HtmlElement) -> None:
        cell = self.cells.get(el)
        if cell is None:  # a cell outside a table: its content still counts
            self.block()
            return
        tc, width = cell
        self.push_story(self.cell_story(tc, width))
        self.bold += el.tag == "th"

    def depart_td(self, el: HtmlElement) -> None:
        cell = self.cells.get(el)
        if cell is None:
            self.end_block()
            return
        self.bold -= el.tag == "th"
        self.pop_story()
        cell_classes(cell[0], classes(el))

    visit_th, depart_th = visit_td, depart_td

    def visit_dl(self, el: HtmlElement) -> None:
        self.close_para()
        cls = classes(el)
        mode = "key-facts" if "key-facts" in cls else "highlights" if "highlights" in cls else ""
        self.dl_modes.append(mode)
        self.open_tables.append([])
        groups = dl_groups(el) if mode else []
        if not groups:
            return
        if mode == "key-facts":
            rows = [grid.RowSpec([grid.CellSpec(dts, fill=self.light),
                                  grid.CellSpec(dds, fill=self.light)], keep=True)
                    for dts, dds in groups]
            labels = grid.Labels(KEY_FACTS, _row_labels(rows), first_row=False,
                                 first_column=True)
            self.table(rows, _KEY_FACTS_COLUMNS, self.sid("Key Facts"), labels)
        else:
            # one column per figure, as the PDF's grid; too many for one row are balanced
            # over rows (seven: four and three) rather than one left alone on the last
            per_row = -(-len(groups) // -(-len(groups) // _HIGHLIGHTS_PER_ROW))
            rows = [grid.RowSpec([grid.CellSpec(dts + dds) for dts, dds in
                                  groups[i:i + per_row]], keep=True)
                    for i in range(0, len(groups), per_row)]
            # big figures side by side: no header cells, so the description reads them out
            labels = grid.Labels(HIGHLIGHTS, "; ".join(
                " ".join(_text(x) for x in dts + dds) for dts, dds in groups), first_row=False)
            self.table(rows, [1.0] * per_row, self.sid("Highlights"), labels)

    def depart_dl(self, el: HtmlElement) -> None:
        self.close_para()
        if self.dl_modes.pop() == "key-facts":
            _keep_table_together(self.open_tables[-1])
        self.end_table()

    def dl_item(self, el: HtmlElement, term: bool) -> None:
        mode = self.dl_modes[-1] if self.dl_modes else ""
        cell = self.cells.get(el)
        if cell is not None:
            tc, width = cell
            self.push_story(self.cell_story(tc, width))
        if mode == "key-facts":
            self.block(None)
            self.bold += term
        elif mode == "highlights":
            self.block(self.sid("Highlight Number" if term else "Highlight Label"))
        else:
            self.block(self.sid("Definition Term" if term else "Definition"))

    def dl_item_end(self, el: HtmlElement, term: bool) -> None:
        mode = self.dl_modes[-1] if self.dl_modes else ""
        self.end_block()
        if mode == "key-facts":
            self.bold -= term
        if el in self.cells:
            self.pop_story()

    def visit_dt(self, el: HtmlElement) -> None:
        self.dl_item(el, True)

    def depart_dt(self, el: HtmlElement) -> None:
        self.dl_item_end(el, True)

    def visit_dd(self, el: HtmlElement) -> None:
        self.dl_item(el, False)

    def depart_dd(self, el: HtmlElement) -> None:
        self.dl_item_end(el, False)


#: Table captions (Word's table Alt Text title) of the vocabulary's non-data tables.
KEY_FACTS = "Key facts"
HIGHLIGHTS = "Highlights"


def _text(el: HtmlElement | grid.CellSpec) -> str:
    els = el.elements if isinstance(el, grid.CellSpec) else [el]
    return clean_inline(" ".join(e.text_content() for e in els))


def _row_labels(rows: list[grid.RowSpec]) -> str:
    """Description of a label/value table: what its first column lists."""
    labels = [_text(r.cells[0]) for r in rows if r.cells]
    return "Label and value of each fact: " + ", ".join(x for x in labels if x)


def dl_groups(dl: HtmlElement) -> list[tuple[list[HtmlElement], list[HtmlElement]]]:
    """dt/dd children grouped as HTML does: one or more dt followed by their dd."""
    groups: list[tuple[list[HtmlElement], list[HtmlElement]]] = []
    for child in dl:
        if child.tag == "dt":
            if not groups or groups[-1][1]:
                groups.append(([], []))
            groups[-1][0].append(child)
        elif child.tag == "dd":
            if not groups:
                groups.append(([], []))
            groups[-1][1].append(child)
    return groups


def is_label(cell: HtmlElement) -> bool:
    """A row's label cell (``<th scope="row">``): shaded and bold like a form's label column."""
    return cell.tag == "th" and cell.get("scope") == "row"


def _keep_table_together(cells: list[BaseOxmlElement]) -> None:
    """The table whose cells are *cells* on one page, as the PDF's ``break-inside: avoid``."""
    if cells and cells[0].getparent() is not None:
        keep_together(cells[0].getparent().getparent())


def keep_together(tbl: BaseOxmlElement) -> None:
    """Keep a form table on one page where it fits: every paragraph of every row but the last
    keeps with the next (Word's way; rows themselves already never split)."""
    trs = tbl.findall(qn("w:tr"))
    if any(tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None for tr in trs):
        return  # one row per reference (the table layout): each row is a reference
    for tr in trs[:-1]:
        for p in tr.iter(qn("w:p")):
            oxml.set_ppr(p, w("keepNext"))


_WIDTHS = {"narrow": 0.5, "medium": 1.15, "wide": 1.75}


def declared_widths(rows: list[grid.RowSpec]) -> list[float] | None:
    """Column weights a form's header declares (th.narrow, th.medium, th.wide; in the proportions
    base.css gives them), or None when it declares none."""
    head = rows[0] if rows and rows[0].header else None
    if head is None or len(head.cells) < 2:
        return None
    found = [next((_WIDTHS[c] for c in classes(cell.elements[0]) if c in _WIDTHS), 1.0)
             for cell in head.cells]
    return found if any(x != 1.0 for x in found) else None


def cell_classes(tc: BaseOxmlElement, names: set[str] | list[str]) -> None:
    """The vocabulary's cell classes: ``num`` right-aligns, ``nowrap`` keeps the text on one
    line (Word's noWrap, as CSS white-space: nowrap)."""
    if "num" in names:
        for p in tc.iter(qn("w:p")):
            oxml.set_ppr(p, w("jc", val="right"))
    if "nowrap" in names:
        tc_pr = tc.get_or_add_tcPr()
        if tc_pr.find(qn("w:noWrap")) is None:
            oxml.insert_ordered(tc_pr, w("noWrap"), TCPR_ORDER)


TCPR_ORDER = ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap",
              "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark")
