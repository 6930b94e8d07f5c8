"""Accessible documents (issue 18, docs/accessibility.md): every document type of the example
library, in both bundled brands, claims PDF/UA-1 and has no finding from the PDF/UA checker
(pdfua, with donorkit's own rules) nor from the Word rules; and the checks themselves fail when
they should."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pikepdf
import pytest
import yaml
from docx.enum.style import WD_STYLE_TYPE
from typer.testing import CliRunner

from donorkit import Selection, export
from donorkit.accessibility import check_accessibility, check_file
from donorkit.accessibility.docx_rules import check_docx
from donorkit.cli import app
from donorkit.library.body import parse_body
from donorkit.rendering.vocabulary import parse, violations
from donorkit.resources import example_library, templates_dir

pytest.importorskip("pdfua")

#: Pages that between them hold pictures, body tables, many key facts and highlights.
SLUGS = [
    "bangladesh-coastal-climate-resilient-agriculture-project-ccrap",
    "worldwide-digital-public-finance-learning-facility-dpflf",
    "nepal-municipal-governance-and-service-delivery-programme-mgsd",
]
BRANDS = ["default", "harbour"]


def doctypes() -> list[tuple[str, str]]:
    """(name, per) of every document type that exists, so types added later are covered too."""
    found = []
    for path in sorted(templates_dir().glob("*/doctype.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found.append((data["name"], data.get("per", "project")))
    return found


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[tuple[str, str], list[Path]]:
    """Every document type in every bundled brand, PDF and DOCX, written once."""
    out = tmp_path_factory.mktemp("a11y")
    files: dict[tuple[str, str], list[Path]] = {}
    for name, per in doctypes():
        for brand in BRANDS:
            # pages with pictures and tables in the default brand, one page in the other
            slugs = SLUGS if per == "selection" else SLUGS[:2] if brand == "default" else SLUGS[:1]
            results = export(name, library=example_library(), selection=Selection(slug=slugs),
                             formats=["pdf", "docx"], out=out / brand, brand=brand)
            assert all(r.ok for r in results), [r.error for r in results]
            files[name, brand] = [p for r in results for p in r.files]
    return files


def test_doctypes_are_discovered():
    names = [name for name, _ in doctypes()]
    assert {"case-study", "capability-statement"} <= set(names)


@pytest.mark.parametrize("brand", BRANDS)
@pytest.mark.parametrize("doctype", [name for name, _ in doctypes()])
def test_every_document_passes_the_checks(written, doctype, brand):
    files = written[doctype, brand]
    assert {p.suffix for p in files} == {".pdf", ".docx"}
    assert [str(f) for f in check_accessibility(files)] == []


def test_pdf_claims_pdfua_1_with_title_and_language(written):
    path = next(p for p in written["case-study", "default"] if p.suffix == ".pdf")
    with pikepdf.open(path) as pdf:
        meta = pdf.open_metadata()
        assert meta.get("pdfuaid:part") == "1"
        assert meta.get("dc:title") == str(pdf.docinfo["/Title"])
        assert "Coastal" in meta.get("dc:title")
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True
        assert str(pdf.Root.Lang) == "en"
        assert pdf.Root.MarkInfo.Marked


def _struct(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    out, stack = [], [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Dictionary):
            out.append(node)
            kids = node.get("/K")
            stack.extend(kids if isinstance(kids, pikepdf.Array) else [kids])
    return out


def _text(pdf: pikepdf.Pdf, element: pikepdf.Dictionary) -> str:
    """Text of a structure element, through its marked content (enough for short labels)."""
    mcids, stack = set(), [element]
    while stack:
        node = stack.pop()
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, int):
                mcids.add(int(kid))
            elif isinstance(kid, pikepdf.Dictionary):
                stack.append(kid)
    page = next(p for p in pdf.pages if p.obj.objgen == element.Pg.objgen)
    text, current = [], None
    for op in pikepdf.parse_content_stream(page):
        name = str(op.operator)
        if name == "BDC" and isinstance(op.operands[1], pikepdf.Dictionary):
            current = op.operands[1].get("/MCID")
        elif name == "EMC":
            current = None
        elif name == "TJ" and current in mcids:
            text.append("".join(str(x) for x in op.operands[0] if isinstance(x, pikepdf.String)))
    return "".join(text)


def test_header_cells_carry_their_scope(written):
    """Key-facts labels are row headers, the project table's header row column headers."""
    path = next(p for p in written["capability-statement", "default"] if p.suffix == ".pdf")
    with pikepdf.open(path) as pdf:
        scopes = [str(e.A.Scope) for e in _struct(pdf) if e.get("/S") == "/TH"]
    assert set(scopes) == {"/Row", "/Column"}
    assert scopes.count("/Row") >= 3 * 4  # three profiles, several facts each


def test_running_header_and_footer_are_artifacts(written):
    """The repeated logo, title and page numbers are pagination artifacts, never content: the
    structure tree holds no text of the running header, and page 2 paints its logo inside an
    /Artifact sequence."""
    path = next(p for p in written["case-study", "default"] if p.suffix == ".pdf")
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) >= 2
        figures = [e for e in _struct(pdf) if e.get("/S") == "/Figure"]
        assert all("logo" not in str(e.get("/Alt", "")).lower() for e in figures)
        stack, painted = [], []
        for op in pikepdf.parse_content_stream(pdf.pages[1]):
            name = str(op.operator)
            if name in ("BDC", "BMC"):
                stack.append(op.operands)
            elif name == "EMC":
                stack.pop()
            elif name == "Do":
                painted.append(stack[-1] if stack else None)
        # the logo as a pagination artifact; any other picture (the page's photos) as content
        assert any(str(ops[0]) == "/Artifact" and ops[1].Type == "/Pagination"
                   for ops in painted if ops)
        assert all(ops and (str(ops[0]) == "/Artifact" or "/MCID" in ops[1]) for ops in painted)


def test_docx_table_alt_text_and_header_looks(written):
    path = next(p for p in written["capability-statement", "default"] if p.suffix == ".docx")
    body = docx.Document(str(path)).element.body
    tables = body.xpath(".//w:tbl")
    captions = [t.xpath("string(w:tblPr/w:tblCaption/@w:val)") for t in tables]
    assert "Key facts" in captions and "Projects" in captions
    projects = tables[captions.index("Projects")]
    assert projects.xpath("string(w:tblPr/w:tblDescription/@w:val)").startswith(
        "Columns: Project, Country, Client, Period")
    assert projects.xpath("w:tr[1]/w:trPr/w:tblHeader")
    facts = tables[captions.index("Key facts")]
    assert facts.xpath("string(w:tblPr/w:tblLook/@w:firstColumn)") == "1"
    assert facts.xpath("string(w:tblPr/w:tblLook/@w:firstRow)") == "0"


# --- the checks fail when they should -------------------------------------------------------


def _bad_docx(path: Path) -> Path:
    from docx.shared import Mm

    doc = docx.Document()
    doc.core_properties.title = ""
    doc.core_properties.language = ""
    doc.add_paragraph("Intro", style="Heading 1")
    doc.add_paragraph("Too deep", style="Heading 3")
    png = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (20, 10), "red").save(png, "PNG")
    doc.add_picture(png, width=Mm(20))
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "A"
    normal = doc.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    for lang in normal.element.xpath("w:rPr/w:lang"):
        lang.getparent().remove(lang)
    for lang in doc.styles.element.xpath("w:docDefaults//w:lang"):
        lang.getparent().remove(lang)
    doc.save(str(path))
    return path


def test_docx_rules_find_each_problem(tmp_path):
    findings = check_docx(_bad_docx(tmp_path / "bad.docx"))
    rules = {f.rule for f in findings}
    assert rules == {"DOCX-TITLE", "DOCX-HEADINGS", "DOCX-ALT", "DOCX-TABLE-HEADER",
                     "DOCX-TABLE-ALT", "DOCX-LANGUAGE"}
    (skip,) = [f for f in findings if f.rule == "DOCX-HEADINGS"]
    assert "level 3 follows level 1" in skip.message and "Too deep" in skip.where


def test_pdf_checks_find_what_plain_weasyprint_leaves_out(tmp_path):
    """Tagged but not PDF/UA: no claim, a header cell without scope, an empty heading, and
    running content outside the structure tree (pdfua's empty-heading rule runs, mended)."""
    from weasyprint import HTML

    html = ("<html lang='en'><head><title>T</title><style>@page { @top-left { content: "
            "element(h) } } header { position: running(h) }</style></head><body>"
            "<header><p>Running</p></header><h1>Title</h1><h2></h2>"
            "<table><thead><tr><th>A</th></tr></thead><tbody><tr><td>1</td></tr></tbody>"
            "</table></body></html>")
    path = tmp_path / "plain.pdf"
    HTML(string=html).write_pdf(path, pdf_tags=True)
    rules = {f.rule for f in check_file(path)}
    assert {"UA-28-004", "DK-15-003", "UA-14-001", "DK-01-003"} <= rules
    assert not any(f.message.startswith("not checked") for f in check_file(path))


def test_vocabulary_requires_a_scope_on_every_header_cell():
    tree = parse("<html><body><table><tr><th>A</th><th scope='col'>B</th>"
                 "<th scope='both'>C</th></tr></table></body></html>")
    found = [str(v) for v in violations(tree)]
    assert len(found) == 2 and all('needs scope="col" or "row"' in v for v in found)
    assert "not 'both'" in found[1]


def test_body_tables_get_scopes():
    body = parse_body("## Results\n\n| Year | Value |\n|---|---|\n| 2020 | 3 |\n\n"
                      "<table><tr><th>Label</th><td>x</td></tr><tr><th>All</th><th>Head</th>"
                      "</tr></table>\n")
    html = "".join(s.html for s in body.sections)
    tree = parse(f"<html><body>{html}</body></html>")
    assert [th.get("scope") for th in tree.iter("th")] == ["col", "col", "row", "col", "col"]


# --- command line ---------------------------------------------------------------------------


def test_export_check_accessibility_reports(tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["export", "case-study", SLUGS[0], "-o", str(tmp_path),
                                 "--check-accessibility"])
    assert result.exit_code == 0, result.output
    assert "accessibility: 2 files checked, no findings" in result.output


def test_doctor_check_lists_findings_and_fails(tmp_path):
    bad = _bad_docx(tmp_path / "bad.docx")
    runner = CliRunner()
    result = runner.invoke(app, ["doctor", "--check", str(bad)])
    assert result.exit_code == 1
    assert "DOCX-ALT" in result.output and "6 findings" not in result.output
    assert "findings in 1" in result.output
    as_json = runner.invoke(app, ["doctor", "--check", str(bad), "--json"])
    assert '"rule": "DOCX-LANGUAGE"' in as_json.stdout or '"rule":"DOCX-LANGUAGE"' in \
        as_json.stdout.replace(" ", "")


def test_doctor_check_never_passes_what_it_cannot_check(tmp_path):
    """A named file that is not a PDF or DOCX, or a folder holding none, is a finding (exit 1),
    never "no findings"."""
    (tmp_path / "notes.txt").write_text("not a document", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    runner = CliRunner()
    for named in ("notes.txt", "empty"):
        result = runner.invoke(app, ["doctor", "--check", str(tmp_path / named)])
        assert result.exit_code == 1, (named, result.output)
        assert "NOT-CHECKED" in result.output and "no findings" not in result.output


def test_doctor_check_of_a_folder_checks_every_pdf_and_docx_in_it(tmp_path):
    out = tmp_path / "out"
    (out / "case-study").mkdir(parents=True)
    _bad_docx(out / "case-study" / "bad.docx")
    (out / "case-study" / "bad.html").write_text("<p>x</p>", encoding="utf-8")
    result = CliRunner().invoke(app, ["doctor", "--check", str(out)])
    assert result.exit_code == 1
    assert "1 file checked" in result.output and "DOCX-ALT" in result.output
    assert [f.file.name for f in check_accessibility([out])][:1] == ["bad.docx"]


def test_finisher_falls_back_to_the_structure_for_scopes(tmp_path):
    """Should WeasyPrint stop recording a cell's structure element on its box, the finisher
    still scopes every header: in THead a column header, elsewhere a row header."""
    from types import SimpleNamespace

    from weasyprint import HTML

    from donorkit.writers import pdfua

    html = ("<html lang='en'><head><title>T</title></head><body><table><thead><tr>"
            "<th scope='col'>A</th><th scope='col'>B</th></tr></thead><tbody><tr>"
            "<th scope='row'>x</th><td>1</td></tr></tbody></table></body></html>")
    path = tmp_path / "t.pdf"
    HTML(string=html).write_pdf(path, pdf_variant=pdfua.VARIANT,
                                finisher=lambda doc, pdf: pdfua.finish(
                                    SimpleNamespace(pages=[]), pdf))
    with pikepdf.open(path) as pdf:
        scopes = [str(e.A.Scope) for e in _struct(pdf) if e.get("/S") == "/TH"]
    assert sorted(scopes) == ["/Column", "/Column", "/Row"]


def test_a_project_without_facts_has_no_empty_key_facts_table(write_page, tmp_path):
    page = write_page("title: Bare project\nsummary: A page with no facts.\n")
    [result] = export("case-study", library=page.parent, formats=["html"], out=tmp_path / "out")
    assert result.ok, result.error
    tree = parse(result.files[0].read_text(encoding="utf-8"))
    assert tree.xpath("//table") == [] and "no facts" in tree.text_content()


def test_rules_boxes_and_backgrounds_are_artifacts(write_page, tmp_path):
    """A page's own rule (hr), table and key facts: every line and fill is painted inside an
    /Artifact sequence, never as content, and the document passes the checks."""
    page = write_page("title: Ruled project\nsummary: Lines and boxes.\nclient: World Bank\n"
                      "country: Peru\n",
                      "\nBefore the rule.\n\n<hr>\n\nAfter it.\n\n| Year | Value |\n|---|---|\n"
                      "| 2020 | 3 |\n")
    [result] = export("case-study", library=page.parent, formats=["pdf"], out=tmp_path / "out")
    assert result.ok, result.error
    painted = []
    with pikepdf.open(result.files[0]) as pdf:
        for pdf_page in pdf.pages:
            stack = []
            for op in pikepdf.parse_content_stream(pdf_page):
                name = str(op.operator)
                if name in ("BDC", "BMC"):
                    stack.append(str(op.operands[0]))
                elif name == "EMC":
                    stack.pop()
                elif name in ("S", "s", "f", "F", "f*", "B", "B*", "b", "b*"):
                    painted.append(stack[-1] if stack else None)
    # the rule, the key-facts box and border, the table's lines; the locator map's outlines are
    # the drawing of a /Figure (with its alt text), not decoration
    assert painted.count("/Artifact") >= 4
    assert set(painted) <= {"/Artifact", "/Figure"}
    assert check_file(result.files[0]) == []


def test_without_the_checker_export_says_what_to_install_and_writes_nothing(tmp_path,
                                                                          monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "pdfua", None)  # as if not installed
    result = CliRunner().invoke(app, ["export", "case-study", SLUGS[0], "-o", str(tmp_path),
                                      "--check-accessibility"])
    assert result.exit_code == 1
    assert "donorkit[accessibility]" in result.output
    assert not list(tmp_path.rglob("*.pdf"))
