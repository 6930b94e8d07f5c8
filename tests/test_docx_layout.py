"""The DOCX follows the PDF's case-study layout (writers/docx/layout.py): the locator map beside
the key facts and the related reading beside the About box, each in a borderless layout table
that the accessibility rules accept; and LibreOffice lays the DOCX out on as many pages as the
PDF has."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from donorkit.accessibility.docx_rules import check_docx
from donorkit.exporting import export
from donorkit.library import Selection
from donorkit.resources import example_library, styles_dir
from fitutil import lengthened

FIXTURES = Path(__file__).parent / "fixtures" / "library" / "fit"
BANGLADESH = "bangladesh-coastal-climate-resilient-agriculture-project-ccrap"
DESCR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


@pytest.fixture(scope="module")
def case_study(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("docx")
    [result] = export("case-study", library=FIXTURES, formats=["docx"], out=out)
    assert result.ok, result.error
    return result.files[0]


def _libreoffice_pages(docx_file: Path, brand: str, tmp_path: Path) -> int:
    """Pages of *docx_file* as LibreOffice lays it out, given the brand's fonts (as a reader
    with the house font installed has them)."""
    fonts = tmp_path / "fonts.conf"
    fonts.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{styles_dir() / brand / 'fonts'}</dir><cachedir>{tmp_path / 'fc'}</cachedir>"
        "</fontconfig>", encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(fonts), "HOME": str(tmp_path)}
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / "lo"),
                    str(docx_file)], check=True, capture_output=True, timeout=120, env=env)
    return len(PdfReader(tmp_path / "lo" / f"{docx_file.stem}.pdf").pages)


def _layout_tables(path: Path) -> list:
    body = Document(str(path)).element.body
    return [tbl for tbl in body.findall(qn("w:tbl"))
            if tbl.find(f"{qn('w:tblPr')}/{qn('w:tblCaption')}").get(qn("w:val")) == "Layout"]


def _cells(tbl) -> list:
    [row] = tbl.findall(qn("w:tr"))  # one row, never split across pages
    assert row.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None
    return row.findall(qn("w:tc"))


def test_locator_map_sits_beside_the_key_facts(case_study):
    beside, band = _layout_tables(case_study)
    facts, locator = _cells(beside)
    [nested] = facts.findall(qn("w:tbl"))
    caption = nested.find(f"{qn('w:tblPr')}/{qn('w:tblCaption')}").get(qn("w:val"))
    assert caption == "Key facts"
    [picture] = locator.iter(DESCR)
    assert picture.get("descr").startswith("Locator map: Malawi")
    assert not [t for t in locator.iter(qn("w:t")) if (t.text or "").strip()]  # title hidden
    # the map's column is the PDF's: a 44 mm map after a 4 mm gap
    widths = [int(tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}").get(qn("w:w"))) for tc in (facts,
                                                                                      locator)]
    assert abs(widths[1] / 56.7 - 48) < 1
    # the facts are set in Table Text, as tight as the PDF's rows, not a form's looser style
    styles = {p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val"))
              for p in nested.iter(qn("w:p"))}
    assert styles == {"TableText"}


def test_closing_band_sets_related_reading_beside_about(case_study):
    _, band = _layout_tables(case_study)
    related, about = ("".join(t.text for t in tc.iter(qn("w:t"))) for tc in _cells(band))
    assert related.startswith("Related reading") and "Beach Village Committees" in related
    assert about.startswith("About ")
    # the text before the band keeps with it, so Word never leaves the band alone on a page
    before = band.getprevious()
    assert before.tag == qn("w:p") and before.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None


def test_layout_tables_are_marked_as_layout(case_study):
    tables = _layout_tables(case_study)
    assert len(tables) == 2
    for tbl in tables:
        pr = tbl.find(qn("w:tblPr"))
        assert pr.find(qn("w:tblDescription")).get(qn("w:val")).startswith("Layout table")
        look = pr.find(qn("w:tblLook"))
        assert (look.get(qn("w:firstRow")), look.get(qn("w:firstColumn"))) == ("0", "0")
        borders = pr.find(qn("w:tblBorders"))
        assert {b.get(qn("w:val")) for b in borders} == {"nil"}
    assert [f for f in check_docx(case_study) if f.rule.startswith("DOCX-TABLE")] == []


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("brand", ["default", "harbour"])
def test_libreoffice_pages_match_the_pdf(tmp_path, brand):
    """Bangladesh ran to three pages in Word against two in the PDF. LibreOffice is given the
    brand's fonts (as a reader with the house font installed has them)."""
    [result] = export("case-study", library=example_library(),
                      selection=Selection(slug=[BANGLADESH]), formats=["pdf", "docx"],
                      out=tmp_path / "out", brand=brand)
    pdf, docx_file = sorted(result.files, key=lambda p: p.suffix != ".pdf")
    word_pages = _libreoffice_pages(docx_file, brand, tmp_path)
    assert word_pages == len(PdfReader(pdf).pages) == 2



def test_about_box_alone_is_stacked_and_kept_with_the_text(tmp_path):
    """Without related reading the closing band is the About box alone: no layout table, but
    still in the band's compact style and kept with the text before it."""
    page = next(FIXTURES.glob("*.md"))
    text = page.read_text(encoding="utf-8")
    start = text.index("promos:")
    (tmp_path / "library").mkdir()
    (tmp_path / "library" / page.name).write_text(text[:start] + text[text.index("---", start):],
                                                  encoding="utf-8")
    [result] = export("case-study", library=tmp_path / "library", formats=["docx"],
                      out=tmp_path / "out")
    assert result.ok, result.error
    assert len(_layout_tables(result.files[0])) == 1  # the map beside the key facts only
    paragraphs = Document(str(result.files[0])).paragraphs
    [heading] = [i for i, p in enumerate(paragraphs) if p.text.startswith("About ")]
    assert paragraphs[heading - 1].paragraph_format.keep_with_next
    assert paragraphs[heading + 1].style.name == "Closing Text"


# The fit fixture lengthened by results (as tests/test_fit.py does): with twelve, laid out
# plainly, its closing band stands alone on a second page; the PDF's tighter pass sets it on one,
# and Word set it on two with the plain density.
def _metrics(path: Path) -> tuple[int, int]:
    """(locator map's width, Normal's space after) in EMU and twips."""
    document = Document(str(path))
    beside, _ = _layout_tables(path)
    [extent] = beside.iter(f"{DESCR[:DESCR.index('}') + 1]}extent")
    normal = document.styles["Normal"].element.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
    return int(extent.get("cx")), int(normal.get(qn("w:after")))


# (results added, formats, PDF pages, the DOCX set tighter): twelve results fit one page only
# with the PDF's tighter pass; fifteen cannot, the tighter pass only carries text to the band's
# page (tests/test_fit.py), which Word does by keeping the paragraph with the band.
TIGHTER_CASES = [(12, ["pdf", "docx"], 1, True), (12, ["docx"], None, True),
                 (15, ["pdf", "docx"], 2, False)]


@pytest.mark.parametrize(("results", "formats", "pdf_pages", "tighter"), TIGHTER_CASES)
def test_docx_follows_the_pdfs_tighter_pass(tmp_path, results, formats, pdf_pages, tighter):
    """When the PDF's tighter layout saved it a page, the DOCX is set with the same tighter
    numbers (writers/density.py): decided once with the PDF, or by laying the HTML out when the
    DOCX is written alone."""
    from docx.shared import Mm

    from donorkit.writers.density import NORMAL, TIGHT

    [plain] = export("case-study", library=FIXTURES, formats=["docx"], out=tmp_path / "plain")
    [fitted] = export("case-study", library=lengthened(tmp_path, results), formats=formats,
                      out=tmp_path / "fitted")
    assert plain.ok and fitted.ok, (plain.error, fitted.error)
    [fitted_docx] = [f for f in fitted.files if f.suffix == ".docx"]
    (plain_map, plain_after), (fitted_map, fitted_after) = map(_metrics, (plain.files[0],
                                                                           fitted_docx))
    assert abs(plain_map - Mm(NORMAL.locator_width)) < Mm(0.5)
    if tighter:
        assert abs(fitted_map - Mm(TIGHT.locator_width)) < Mm(0.5)
        ratio = fitted_after / plain_after
        assert ratio == pytest.approx(TIGHT.ratio("paragraph_after"), abs=0.05)
    else:
        assert (fitted_map, fitted_after) == (plain_map, plain_after)
    if pdf_pages:
        pdf = next(f for f in fitted.files if f.suffix == ".pdf")
        assert len(PdfReader(pdf).pages) == pdf_pages


def test_tighter_metrics_are_base_css_scaled():
    """NORMAL is base.css as it is, so the DOCX's ratios and the PDF's stylesheet agree."""
    from donorkit.writers.density import NORMAL, TIGHT
    from donorkit.writers.fit import TIGHTER

    css = (styles_dir() / "base.css").read_text(encoding="utf-8")
    assert f"figure.locator {{ float: right; width: {NORMAL.locator_width:g}mm;" in css
    assert f"figure.photo img {{ width: 100%; height: {NORMAL.photo_height:g}mm;" in css
    assert f"p {{ margin: 0 0 {NORMAL.paragraph_after:g}em;" in css
    assert f"max-height: {NORMAL.picture_height:g}mm" in css
    assert f"figure.locator {{ width: {TIGHT.locator_width:g}mm; }}" in TIGHTER


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_pages_match_the_fitted_pdf(tmp_path):
    """A page the PDF fits on one page only with its tighter pass is one page in Word too."""
    [result] = export("case-study", library=lengthened(tmp_path, 12), formats=["pdf", "docx"],
                      out=tmp_path / "out")
    pdf, docx_file = sorted(result.files, key=lambda p: p.suffix != ".pdf")
    assert len(PdfReader(pdf).pages) == 1
    assert _libreoffice_pages(docx_file, "default", tmp_path) == 1


def test_a_statement_written_as_docx_alone_is_not_laid_out(tmp_path, monkeypatch):
    """Only a document with a closing band (a case study of a page or two) is laid out to decide
    Word's density; a statement ending with an About box would cost a whole second layout."""
    from donorkit.writers import pdf

    def no_layout(*args, **kwargs):
        raise AssertionError("laid out for a DOCX-only statement")

    monkeypatch.setattr(pdf, "lay_out", no_layout)
    [statement] = export("capability-statement", library=example_library(),
                         selection=Selection(region=["Africa"]), formats=["docx"],
                         out=tmp_path / "s")
    assert statement.ok, statement.error
    [case] = export("case-study", library=FIXTURES, formats=["docx"], out=tmp_path / "c")
    assert not case.ok and "laid out for a DOCX-only" in case.error  # the band's is
