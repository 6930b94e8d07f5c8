"""The capability statement in Word (review items 5 and 6): project rows never split across
pages and the header row repeats; columns wide enough for their longest word, measured here in
the brand's own font; the at-a-glance figures in one row; a long title in the running header
beside the logo, not under it; the closing Contact section compact and kept with the text before
it. Checked in the DOCX XML of statements built from the fixture library."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from PIL import ImageFont

from donorkit.brand import load_brand
from donorkit.exporting import export
from donorkit.spec import Spec
from donorkit.writers.docx import write_docx

MINI = Path(__file__).parent / "fixtures" / "library" / "mini"
LONG_TITLE = ("Governance, public financial management and service delivery in East Africa, "
              "South Asia and the Sahel: selected references")


def _docx(tmp_path_factory, title: str) -> docx.document.Document:
    out = tmp_path_factory.mktemp("statement")
    [result] = export("capability-statement", library=MINI, spec=Spec(title=title),
                      formats=["docx"], out=out)
    assert result.ok, result.error
    return docx.Document(str(result.files[0]))


@pytest.fixture(scope="module")
def statement(tmp_path_factory) -> docx.document.Document:
    return _docx(tmp_path_factory, LONG_TITLE)


def _caption(tbl) -> str:
    return tbl.xpath("string(w:tblPr/w:tblCaption/@w:val)")


def _text(el) -> str:
    return "".join(t.text or "" for t in el.iter(qn("w:t")))


def test_project_rows_never_split_and_the_header_row_repeats(statement):
    [table] = [t for t in statement.element.body.iter(qn("w:tbl")) if _caption(t) == "Projects"]
    head, *rows = table.findall(qn("w:tr"))
    assert head.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    assert _text(head).startswith("Project")
    assert len(rows) == 6
    for row in rows:
        assert row.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None, _text(row)
        assert row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None


def test_columns_fit_their_longest_word(statement):
    """Measured with Pillow in the default brand's font at the data table's 0.9em: no column is
    narrower than its longest word plus the cell margins (LibreOffice broke "Mozambi|que")."""
    [table] = [t for t in statement.element.body.iter(qn("w:tbl")) if _caption(t) == "Projects"]
    brand = load_brand("default")
    size = brand.typography.base_size_pt * 0.9
    regular = next(f.path for f in brand.typography.fonts if f.weight == 400
                   and f.style == "normal")
    bold = next(f.path for f in brand.typography.fonts if f.weight == 700
                and f.style == "normal")
    fonts = {False: ImageFont.truetype(str(regular), 100),
             True: ImageFont.truetype(str(bold), 100)}
    widths = [int(c.get(qn("w:w"))) for c in table.iter(qn("w:gridCol"))]  # twips
    margins = 2 * 108
    for i, row in enumerate(table.findall(qn("w:tr"))):
        for col, tc in enumerate(row.findall(qn("w:tc"))):
            words = _text(tc).split()
            if not words or col == 3:  # the period column never wraps at all
                continue
            longest = max(fonts[i == 0].getlength(word) for word in words) * size / 100 * 20
            assert widths[col] - margins >= longest, (words, widths)
    period = [_text(r.findall(qn("w:tc"))[3]) for r in table.findall(qn("w:tr"))[1:]]
    assert widths[3] - margins >= max(fonts[False].getlength(p) for p in period) * size * 0.2
    # the Project column, with the longest text, is the widest
    assert widths[0] == max(widths)


def test_glance_figures_share_one_row(statement):
    [glance] = [t for t in statement.element.body.iter(qn("w:tbl"))
                if _caption(t) == "Highlights"][:1]
    [row] = glance.findall(qn("w:tr"))
    cells = row.findall(qn("w:tc"))
    assert len(cells) == len(glance.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")) >= 5
    assert [_text(c) for c in cells][:2] == ["6projects", "5countries"]


def test_long_title_wraps_beside_the_logo(statement):
    header = statement.sections[0].header._element
    [tbl] = header.findall(qn("w:tbl"))
    assert _caption(tbl) == "Layout"
    logo, title = tbl.find(qn("w:tr")).findall(qn("w:tc"))
    assert logo.findall(f".//{qn('w:drawing')}") and not _text(logo)
    assert _text(title) == LONG_TITLE
    assert title.xpath("string(w:p/w:pPr/w:jc/@w:val)") == "right"
    assert title.xpath("string(w:tcPr/w:vAlign/@w:val)") == "center"
    share = int(title.xpath("string(w:tcPr/w:tcW/@w:w)")) / sum(
        int(c.get(qn("w:w"))) for c in tbl.iter(qn("w:gridCol")))
    assert share == pytest.approx(0.6, abs=0.01)  # base.css: the title at most 60% wide
    # the header's rule under the row: a paragraph in the Header style after the table
    after = tbl.getnext()
    assert after.tag == qn("w:p") and not _text(after)
    assert after.xpath("string(w:pPr/w:pStyle/@w:val)") == "Header"


def test_short_title_stays_one_line_with_tabs(tmp_path_factory):
    header = _docx(tmp_path_factory, "Capability statement").sections[0].header._element
    assert not header.findall(qn("w:tbl"))
    [p] = header.findall(qn("w:p"))
    assert _text(p) == "Capability statement" and p.findall(f".//{qn('w:tab')}")


def test_contact_is_compact_and_kept_with_the_text_before(statement):
    body = statement.element.body
    blocks = [b for b in body if b.tag in (qn("w:p"), qn("w:tbl"))]
    *_, heading = [i for i, b in enumerate(blocks) if _text(b) == "Contact"]  # not the TOC's
    about = blocks[heading + 1:]
    assert blocks[heading].xpath("string(w:pPr/w:pStyle/@w:val)") == "ClosingHeading"
    assert about and all(b.xpath("string(w:pPr/w:pStyle/@w:val)") == "ClosingText"
                         for b in about)
    style = statement.styles["Closing Text"]
    assert style.font.size.pt == pytest.approx(10 * 0.85, abs=0.1)  # base.css: 0.85em
    # the last results line, the heading and all but the last paragraph keep with the next
    # (a table before it keeps its last row with it)
    for block in blocks[heading - 1:-1]:
        if block.tag == qn("w:tbl"):
            block = block.findall(qn("w:tr"))[-1].findall(f".//{qn('w:p')}")[-1]
        assert block.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None, _text(block)
    assert blocks[-1].find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is None


def _render(html: str) -> docx.document.Document:
    out = io.BytesIO()
    write_docx(f"<html><body>{html}</body></html>", out, brand=load_brand("default"),
               template="capability-statement/document.html.j2", fetch=lambda src: None,
               warn=lambda message: None)
    return docx.Document(io.BytesIO(out.getvalue()))


@pytest.mark.parametrize(("count", "rows"), [(4, [4]), (5, [5]), (6, [6]), (7, [4, 3]),
                                             (9, [5, 4]), (13, [5, 5, 3])])
def test_figures_are_balanced_over_rows(count, rows):
    """Up to six figures in one row; more over balanced rows, none left alone on the last."""
    figures = "".join(f"<dt>{i}</dt><dd>label {i}</dd>" for i in range(count))
    [table] = _render(f'<dl class="highlights">{figures}</dl>').tables
    filled = [sum(1 for tc in r.findall(qn("w:tc")) if _text(tc))
              for r in table._tbl.findall(qn("w:tr"))]
    assert filled == rows


def test_a_narrow_column_keeps_its_longest_word_whole():
    """The statement's Projects table as the review found it: long titles and clients squeezed
    "Mozambique" into a column narrower than the word (LibreOffice showed "Mozambiq|ue")."""
    title = "Mozambique—Early Grade Reading Improvement Programme (EGRIP) " * 2
    client = "UK Foreign, Commonwealth & Development Office; World Bank; Asian Development Bank"
    rows = "".join(f"<tr><td>{title}</td><td>{country}</td><td>{client}</td>"
                   '<td class="nowrap">2009–2015</td><td>GBP 18.4 million</td></tr>'
                   for country in ("Mozambique", "Philippines", "Nepal"))
    document = _render('<table class="data"><thead><tr><th scope="col">Project</th>'
                       '<th scope="col">Country</th><th scope="col">Client</th>'
                       '<th scope="col">Period</th><th scope="col">Value</th></tr></thead>'
                       f"<tbody>{rows}</tbody></table>")
    [table] = document.tables
    style = table.rows[1].cells[1].paragraphs[0].style
    while style.font.size is None:  # the size the cell text is set in
        style = style.base_style
    brand = load_brand("default")
    regular = next(f.path for f in brand.typography.fonts if f.weight == 400
                   and f.style == "normal")
    font = ImageFont.truetype(str(regular), 100)
    widths = [int(c.get(qn("w:w"))) for c in table._tbl.iter(qn("w:gridCol"))]
    # with a tenth to spare for a reader's wider fallback font (DejaVu Sans in LibreOffice)
    need = font.getlength("Philippines") * 1.1 * style.font.size.pt / 100 * 20
    assert widths[1] - 2 * 108 >= need
    assert widths[0] > widths[2] > widths[1]


def test_charts_are_not_chained_to_one_another(statement):
    """A chart's title (above it) keeps with its picture; the picture does not keep with the
    next chart, or Word moved all of a statement's charts together to the next page."""
    body = statement.element.body
    pictures = [p for p in body.findall(qn("w:p")) if p.findall(f".//{qn('w:drawing')}")
                and p.getprevious() is not None
                and p.getprevious().xpath("string(w:pPr/w:pStyle/@w:val)") == "Caption"]
    assert len(pictures) >= 3  # the map and the charts
    for picture in pictures:
        assert picture.getprevious().find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None
        note = picture.getnext().xpath("string(w:pPr/w:pStyle/@w:val)") == "FigureNote"
        # the map keeps with its note below it; a chart, last in its figure, with nothing
        assert (picture.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None) == note
    assert any(p.getnext().xpath("string(w:pPr/w:pStyle/@w:val)") == "FigureNote"
               for p in pictures)
