"""Donor reference forms end to end (issue 10): for each form the labels in order and the values
in the PDF and the DOCX text, placeholders for missing values (highlighted in Word, warned
project by project, fatal under --strict), reference numbers, the landscape table layout,
currency conversion with the user's rates, `check --for`, declarations and their sandbox."""

from __future__ import annotations

import json
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html
from pypdf import PdfReader
from typer.testing import CliRunner

from donorkit import check_form
from donorkit.cli import app
from donorkit.errors import SpecError
from donorkit.exporting import ExportOptions, export
from donorkit.forms.declaration import load_form
from donorkit.rendering.templates import get_doctype, list_doctypes
from donorkit.spec import Spec
from textutil import MM, docx_text, pdf_text, squash

BIDS = Path(__file__).parent / "fixtures" / "library" / "bids"
TODAY = date(2026, 11, 30)
FULL, PARTIAL = "full-ghana-schools", "partial-togo-roads"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FORMS = ("wb-experience", "eu-references", "usaid-past-performance")

#: what each form must show for the complete page, whatever the format
FULL_VALUES = {
    "wb-experience": ["Ghana—School Water Programme (GSWP)", "Bawku and Zebilla districts",
                      "World Bank",
                      "USD 3,200,000", "GBP 1,900,000", "42", "February 2016", "July 2019",
                      "96", "18", "Bolga Water Engineers (18 staff-months)",
                      "Ama Owusu — Team Leader", "Kofi Mensah — Water engineer",
                      "Lakeside Advisory designed and supervised water points",
                      "Design boreholes and rainwater harvesting for 140 schools."],
    "eu-references": ["Ghana—School Water Programme (GSWP)", "80%", "7", "IDA grant H-123",
                      "February 2016 – July 2019", "Bolga Water Engineers",
                      "Technical assistance", "Construction supervision"],
    "usaid-past-performance": ["GH-WB-2016-044", "Lump sum", "USD 3,200,000",
                               "February 2016 – July 2019", "Bawku and Zebilla districts; Ghana",
                               "Efua Darko, Task Team Leader, World Bank Accra",
                               "tel. +233 30 000 0000", "edarko@example.org",
                               "Prime (lead firm); partners: Bolga Water Engineers"],
}


def options(out: Path, **kw: object) -> ExportOptions:
    return ExportOptions(**{"formats": ("pdf", "docx", "html"), "out": out, "today": TODAY,
                            **kw})


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, object]:
    """Every form over the full page then the partial one: form -> result."""
    out = tmp_path_factory.mktemp("forms")
    found = {}
    for form in FORMS:
        [result] = export(form, library=BIDS, spec=Spec(projects=[FULL, PARTIAL]),
                          options=options(out))
        assert result.ok, result.error
        found[form] = result
    return found


def files(result: object) -> dict[str, Path]:
    return {p.suffix: p for p in result.files}


def labels(form: str) -> list[str]:
    return [f.label for f in load_form(get_doctype(form)).fields]


def test_forms_are_selection_documents_declared_by_folder():
    known = list_doctypes()
    for form in FORMS:
        assert known[form].kind == "form" and known[form].audience == "bid"
        assert known[form].per == "selection"
    assert labels("wb-experience")[:4] == ["Assignment name", "Country",
                                           "Location within country", "Name of client"]


@pytest.mark.parametrize("form", FORMS)
def test_output_path_is_out_form_name(exported, form):
    paths = files(exported[form])
    assert {s: p.name for s, p in paths.items()} == {s: f"{form}{s}" for s in
                                                     (".pdf", ".docx", ".html")}
    assert all(p.parent.name == form for p in paths.values())


def pdf_column(path: Path, column: str) -> str:
    """Text of the label column (the left 36% of a form table) or of the value column, so
    that a label broken over lines is not interleaved with its value."""
    import pdfplumber

    parts = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            left, right = 20 * MM, page.width - 20 * MM
            split = left + 0.36 * (right - left)
            box = (left, 25 * MM, split, page.height - 21 * MM) if column == "label" else (
                split, 25 * MM, right, page.height - 21 * MM)
            parts.append(page.within_bbox(box).extract_text() or "")
    return "\n".join(parts)


def form_text(path: Path, column: str) -> str:
    return pdf_column(path, column) if path.suffix == ".pdf" else docx_text(path)


def _in_order(text: str, wanted: list[str]) -> None:
    flat, at = squash(text), 0
    for item in wanted:
        found = flat.find(squash(item), at)
        assert found >= 0, f"{item!r} missing or out of order"
        at = found + len(squash(item))


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("suffix", [".pdf", ".docx"])
def test_labels_in_order_for_every_reference(exported, form, suffix):
    path = files(exported[form])[suffix]
    # the full page's reference, then the partial one's
    _in_order(form_text(path, "label"), labels(form) * 2)


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("suffix", [".pdf", ".docx"])
def test_values_of_the_full_page(exported, form, suffix):
    path = files(exported[form])[suffix]
    text = squash(form_text(path, "value"))
    for value in FULL_VALUES[form]:
        assert squash(value) in text, value


def test_money_written_in_words_reaches_the_form(exported):
    text = squash(docx_text(files(exported["eu-references"])[".docx"]))
    assert squash("EUR 70,000,000") in text  # "70 million euros"


MISSING = {
    "wb-experience": ["value of services", "staff-months",
                      "senior staff and their functions"],
    "eu-references": ["proportion carried out (%)", "number of staff",
                      "type of services provided"],
    "usaid-past-performance": ["contract type", "contracting officer and technical "
                               "representative", "role (prime or subcontractor)"],
}


@pytest.mark.parametrize("form", FORMS)
def test_missing_required_values_are_visible_placeholders(exported, form):
    paths = files(exported[form])
    for text in (pdf_column(paths[".pdf"], "value"), docx_text(paths[".docx"])):
        for what in MISSING[form]:
            assert squash(f"[to be completed: {what}]") in squash(text), what


@pytest.mark.parametrize("form", FORMS)
def test_placeholders_and_only_they_are_highlighted_in_word(exported, form):
    with zipfile.ZipFile(files(exported[form])[".docx"]) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    marked = "".join(t.text for r in root.iter(f"{W}r")
                     if r.find(f"{W}rPr/{W}highlight") is not None for t in r.iter(f"{W}t"))
    wanted = "".join(f"[to be completed: {what}]" for what in MISSING[form])
    assert squash(wanted) in squash(marked) or all(
        squash(f"[to be completed: {what}]") in squash(marked) for what in MISSING[form])
    assert squash(marked).replace(squash("[to be completed:"), "").count("[") == 0
    assert "Ghana" not in marked and "USD" not in marked


@pytest.mark.parametrize("form", FORMS)
def test_export_warns_per_project_what_is_missing(exported, form):
    warnings = [w for w in exported[form].warnings if "missing for" in w]
    assert len(warnings) == 1  # the full page lacks nothing
    assert warnings[0].startswith(f"{PARTIAL}: missing for {form}: ")


def test_strict_fails_and_writes_nothing(tmp_path, own_brand):
    [result] = export("wb-experience", library=BIDS, spec=Spec(projects=[PARTIAL]),
                      options=options(tmp_path / "strict", strict=True))
    assert not result.ok and "(strict)" in result.error
    assert any("missing for wb-experience" in w for w in result.warnings)
    assert not list((tmp_path / "strict").rglob("*.*"))
    # a brand of the firm's own: the bundled demo brand is itself a warning (issue 16)
    [ok] = export("wb-experience", library=BIDS, spec=Spec(projects=[FULL]),
                  options=options(tmp_path / "out", strict=True, brand=own_brand))
    assert ok.ok, ok.error


@pytest.mark.parametrize("suffix", [".docx", ".html"])
def test_word_rows_never_split_and_references_keep_together(exported, suffix):
    path = files(exported["wb-experience"])[suffix]
    if suffix == ".html":
        tree = lxml_html.parse(str(path))
        rows = tree.findall(".//table[@class='form']//tr")
        assert rows and all(r[0].tag == "th" and r[0].get("scope") == "row" for r in rows)
        return
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    tables = root.findall(f".//{W}tbl")
    assert len(tables) == 2
    for tbl in tables:
        trs = tbl.findall(f"{W}tr")
        assert len(trs) == len(labels("wb-experience"))
        assert all(tr.find(f"{W}trPr/{W}cantSplit") is not None for tr in trs)
        for tr in trs[:-1]:  # every paragraph but the last row's keeps with the next
            assert all(p.find(f"{W}pPr/{W}keepNext") is not None for p in tr.iter(f"{W}p"))
        assert not any(p.find(f"{W}pPr/{W}keepNext") is not None for p in trs[-1].iter(f"{W}p"))
        label_cell = trs[0].find(f"{W}tc")
        assert label_cell.find(f"{W}tcPr/{W}shd") is not None  # the label column is shaded
        assert label_cell.find(f".//{W}b") is not None


def test_reference_numbers_from_the_spec_or_the_command_line(tmp_path):
    spec = Spec(projects=[FULL, PARTIAL], ref_prefix="A-", start_ref=7)
    [result] = export("eu-references", library=BIDS, spec=spec,
                      options=options(tmp_path, formats=("html",)))
    tree = lxml_html.parse(str(result.files[0]))
    assert [h.text_content() for h in tree.iter("h2")] == ["Reference A-7", "Reference A-8"]
    cli = CliRunner().invoke(app, ["export", "eu-references", FULL, "-l", str(BIDS), "-f",
                                   "html", "-o", str(tmp_path / "cli"), "--start-ref", "12"])
    assert cli.exit_code == 0, cli.output
    html = (tmp_path / "cli" / "eu-references" / "eu-references.html").read_text()
    assert "Reference 12" in html


def test_table_layout_is_one_landscape_row_per_reference(tmp_path):
    [result] = export("eu-references", library=BIDS, spec=Spec(projects=[FULL, PARTIAL],
                      layout="table"), options=options(tmp_path, formats=("pdf", "docx")))
    assert result.ok, result.error
    paths = files(result)
    page = PdfReader(paths[".pdf"]).pages[0]
    assert page.mediabox.width > page.mediabox.height
    with zipfile.ZipFile(paths[".docx"]) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    sect = root.find(f"{W}body/{W}sectPr")
    size = sect.find(f"{W}pgSz")
    assert size.get(f"{W}orient") == "landscape"
    assert int(size.get(f"{W}w")) > int(size.get(f"{W}h"))
    [tbl] = root.findall(f".//{W}tbl")
    trs = tbl.findall(f"{W}tr")
    assert len(trs) == 3  # header + one row per reference
    assert trs[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert all(tr.find(f"{W}trPr/{W}cantSplit") is not None for tr in trs)
    assert len(trs[1].findall(f"{W}tc")) == len(labels("eu-references"))
    # the grid fills the landscape text width, not the portrait one
    grid = sum(int(c.get(f"{W}w")) for c in tbl.iter(f"{W}gridCol"))
    margins = sect.find(f"{W}pgMar")
    assert abs(grid - (int(size.get(f"{W}w")) - int(margins.get(f"{W}left"))
                       - int(margins.get(f"{W}right")))) < 20
    # the running header's right-hand part moves to the landscape page's right margin
    with zipfile.ZipFile(paths[".docx"]) as z:
        header = etree.fromstring(z.read("word/header1.xml"))
    stops = {(t.get(f"{W}val"), t.get(f"{W}pos")) for t in header.iter(f"{W}tab")
             if t.getparent().tag == f"{W}tabs"}
    width = int(size.get(f"{W}w")) - int(margins.get(f"{W}left")) - int(margins.get(f"{W}right"))
    assert {pos for val, pos in stops if val == "right"} == {str(width)}
    assert {pos for val, pos in stops if val == "clear"} == {"4706", "9412"}  # portrait ones
    # the header cells wrap (and hyphenate) side by side: check every word of every label
    text = squash(pdf_text(paths[".pdf"])).replace("\u2010", "")
    for label in labels("eu-references"):
        assert all(squash(word) in text for word in re.split(r"[\s/]+", label)), label


def test_check_for_reports_what_any_layout_of_the_form_lacks(tmp_path):
    """A page without `services` but with activities: the sheet lists the activities, the
    table's narrow column (`table_source`) asks for `services`. `check --for` names it, so an
    export in either layout warns about nothing the check called complete."""
    from donorkit.resources import example_library

    slug = "niger-sahel-community-stability-and-resilience-programme-scsr"
    [gaps] = check_form("eu-references", example_library(),
                        spec=Spec(projects=[slug])).projects
    [sheet] = check_form("eu-references", example_library(),
                         spec=Spec(projects=[slug], layout="sheet")).projects
    assert "services" in gaps.missing and "services" not in sheet.missing
    for layout, keys in (("table", gaps.missing), ("sheet", sheet.missing)):
        [result] = export("eu-references", library=example_library(),
                          spec=Spec(projects=[slug], layout=layout),
                          options=options(tmp_path / layout, formats=("html",)))
        [missing] = [w for w in result.warnings if "missing for eu-references" in w]
        assert missing.endswith(f"(keys: {', '.join(keys)})"), (layout, missing)


def test_a_form_without_a_table_layout_refuses_it(tmp_path):
    [result] = export("wb-experience", library=BIDS, spec=Spec(projects=[FULL], layout="table"),
                      options=options(tmp_path))
    assert "has no 'table' layout" in result.error


def test_currency_conversion_with_the_users_rates_is_noted(tmp_path):
    rates = tmp_path / "rates.yml"
    rates.write_text("date: 2026-11-30\nbase: EUR\nsource: ECB reference rates\n"
                     "rates: {USD: 1.10, GBP: 0.80}\n")
    [result] = export("wb-experience", library=BIDS,
                      spec=Spec(projects=[FULL], currency="EUR", rates=str(rates)),
                      options=options(tmp_path / "out", formats=("docx",)))
    text = squash(docx_text(result.files[0]))
    assert squash("EUR 2,909,091 (approx.; USD 3,200,000)") in text
    assert squash("EUR 2,375,000 (approx.; GBP 1,900,000)") in text
    assert squash("converted at the rates of 30 November 2026 (ECB reference rates)") in text
    assert not [w for w in result.warnings if "amount in" in w]


def test_without_rates_a_foreign_amount_is_kept_and_warned(exported):
    warned = [w for w in exported["eu-references"].warnings if "amount in USD, not EUR" in w]
    assert warned and warned[0].startswith(FULL)


def test_document_language_formats_dates_and_amounts(tmp_path):
    [result] = export("wb-experience", library=BIDS,
                      spec=Spec(projects=[FULL], language="fr"),
                      options=options(tmp_path, formats=("html",)))
    text = lxml_html.parse(str(result.files[0])).getroot().text_content()
    assert "février 2016" in text and "3\u202f200\u202f000\u00a0USD" in text


# -- check --for ----------------------------------------------------------------------------------


def test_check_form_api_lists_missing_library_keys():
    report = check_form("eu-references", BIDS)
    gaps = {p.slug: p.missing for p in report.projects}
    assert gaps == {FULL: [], PARTIAL: ["share", "staff", "services"]}
    assert not report.ok and check_form("eu-references", BIDS, strict=True).failed


def test_check_for_json_and_strict_exit(tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["check", "--for", "usaid-past-performance", "-l", str(BIDS),
                                 "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data == {"form": "usaid-past-performance", "projects": [  # latest end first
        {"slug": PARTIAL, "title": "Togo—Feeder Roads Study (FRS)",
         "missing": ["contract_type", "contacts", "role"]},
        {"slug": FULL, "title": "Ghana—School Water Programme (GSWP)", "missing": []}],
        "unreadable": []}
    strict = runner.invoke(app, ["check", "--for", "usaid-past-performance", "-l", str(BIDS),
                                 "--strict"])
    assert strict.exit_code == 1
    assert "missing contract_type, contacts, role" in strict.stdout
    only_full = runner.invoke(app, ["check", "--for", "usaid-past-performance", "-l",
                                    str(BIDS), "--slug", FULL, "--strict"])
    assert only_full.exit_code == 0, only_full.output
    unknown = runner.invoke(app, ["check", "--for", "gavi-form", "-l", str(BIDS)])
    assert unknown.exit_code == 1 and "unknown document type 'gavi-form'" in unknown.output


def test_check_for_table_has_a_column_only_for_what_some_project_lacks():
    """Whole-word headings in an 80-column terminal: the keys every project gives are named
    once under the table instead of taking a column each (they were folded to "tit le")."""
    result = CliRunner().invoke(app, ["check", "--for", "eu-references", "-l", str(BIDS)],
                                env={"COLUMNS": "80"}, terminal_width=80)
    assert result.exit_code == 0, result.output
    header = next(line for line in result.stdout.splitlines() if "┃ project" in line)
    assert [cell.strip() for cell in header.strip("┃ ").split("┃")] == [
        "project", "share", "staff", "services"]
    assert "given by every project: title, country, value, client" in result.stdout
    complete = CliRunner().invoke(app, ["check", "--for", "eu-references", "-l", str(BIDS),
                                        "--slug", FULL])
    assert "1 projects, 0 incomplete: every required value is there" in complete.stdout


def test_check_for_names_pages_left_out_because_they_cannot_be_read(tmp_path):
    """A bad bid key makes a page unreadable; `check --for` says so with file:line rather than
    leaving the project out of the table without a word."""
    import shutil

    lib = tmp_path / "lib"
    shutil.copytree(BIDS, lib)
    (lib / "bad-keys-bk.md").write_text(
        "---\ntitle: Mali—Bad Keys (BK)\nclient: World Bank\ncountry: Mali\nstart: 2019\n"
        "staff: many\nsummary: A page.\n---\n\nBody.\n", encoding="utf-8")
    runner = CliRunner()
    text = runner.invoke(app, ["check", "--for", "eu-references", "-l", str(lib)])
    assert text.exit_code == 0, text.output
    assert "could not be read" in text.stdout and "bad-keys-bk.md:6: error: staff" in text.stdout
    data = json.loads(runner.invoke(app, ["check", "--for", "eu-references", "-l", str(lib),
                                          "--json"]).stdout)
    assert [line.split(": error")[0] for line in data["unreadable"]] == [
        str(lib / "bad-keys-bk.md") + ":6"]
    strict = runner.invoke(app, ["check", "--for", "eu-references", "-l", str(lib), "--slug",
                                 FULL, "--strict"])
    assert strict.exit_code == 1
    alone = runner.invoke(app, ["check", "--for", "eu-references", "-l", str(lib), "--slug",
                                "bad-keys-bk"])
    assert alone.exit_code == 1 and "bad-keys-bk.md:6" in alone.output


# -- declarations ---------------------------------------------------------------------------------

FORM_YML = """name: test-form
kind: form
audience: bid
label: Test form
per: selection
template: _base/form.html.j2
title: "{{ document.title }}"
filename: "{{ document.doctype }}"
form:
  title: Test
  fields:
    - label: Title
      source: project.title
      required: true
    - label: Share
      source: %s
"""


def _templates(tmp_path: Path, source: str) -> Path:
    folder = tmp_path / "templates" / "test-form"
    folder.mkdir(parents=True)
    (folder / "doctype.yml").write_text(FORM_YML % source)
    return tmp_path / "templates"


def test_a_new_form_is_a_folder_and_no_python(tmp_path):
    templates = _templates(tmp_path, "bid.share")
    [result] = export("test-form", library=BIDS, spec=Spec(projects=[FULL]),
                      options=options(tmp_path / "out", formats=("html",),
                                      templates=[templates]))
    assert result.ok, result.error
    html = result.files[0].read_text()
    assert "<th scope=\"row\">Share</th><td>80</td>" in html


@pytest.mark.parametrize(("source", "message"), [
    ("bid.shar", "has no attribute 'shar'"),
    ("project.__class__", "unsafe"),
    ("project._path", "unsafe"),
    ("lipsum()", "'lipsum' is undefined"),
    ("bid.share | attr('x')", "No filter named 'attr'"),
    ("bid.share +", "unexpected 'end of template'"),
])
def test_declared_sources_are_checked_when_the_form_loads(tmp_path, source, message):
    templates = _templates(tmp_path, f'"{source}"')
    with pytest.raises(SpecError) as caught:
        load_form(get_doctype("test-form", [templates]))
    text = str(caught.value)
    assert f"{templates / 'test-form' / 'doctype.yml'}:16: error: form.fields.1.source" in text
    assert message in text


def test_declaration_errors_name_file_and_line(tmp_path):
    folder = tmp_path / "templates" / "test-form"
    folder.mkdir(parents=True)
    (folder / "doctype.yml").write_text((FORM_YML % "bid.share").replace(
        "      required: true\n", "      required: true\n      format: moneyy\n", 1))
    with pytest.raises(SpecError) as caught:
        load_form(get_doctype("test-form", [tmp_path / "templates"]))
    assert f"{folder / 'doctype.yml'}:15: error: form.fields.0.format" in str(caught.value)


# -- valid Office Open XML ------------------------------------------------------------------------


def test_every_form_docx_passes_openxml_audit(exported, tmp_path):
    from openxml_audit import FileFormat, OpenXmlValidator

    validator = OpenXmlValidator(file_format=FileFormat.OFFICE_2019, max_errors=50)
    [table] = export("eu-references", library=BIDS, spec=Spec(projects=[FULL, PARTIAL],
                     layout="table"), options=options(tmp_path, formats=("docx",)))
    paths = [files(exported[form])[".docx"] for form in FORMS] + table.files
    problems = {p.name + str(i): [str(e) for e in validator.validate(p).errors]
                for i, p in enumerate(paths)}
    assert problems == {k: [] for k in problems}


def test_a_landscape_section_between_portrait_pages_is_valid_and_balanced(tmp_path):
    """A landscape section after portrait content ends the portrait pages with their own page
    setup and itself with a turned one; the last section is portrait again."""
    from openxml_audit import FileFormat, OpenXmlValidator

    from donorkit.brand import load_brand
    from donorkit.writers.docx import write_docx

    page = ("<!DOCTYPE html><html lang='en'><head><title>T</title></head><body>"
            "<section class='cover'><h1>Cover</h1></section><p>Portrait before.</p>"
            "<section class='landscape'><table class='form'><thead><tr><th scope='col'>A</th>"
            "<th scope='col' class='wide'>B</th></tr></thead><tbody><tr><td>1</td><td>2</td>"
            "</tr></tbody></table></section><p>Portrait after.</p></body></html>")
    path = tmp_path / "mixed.docx"
    with path.open("wb") as handle:
        write_docx(page, handle, brand=load_brand("default"), template="test/mixed",
                   fetch=lambda _: None)
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    sections = [s for s in root.iter(f"{W}sectPr")]
    orients = [s.find(f"{W}pgSz").get(f"{W}orient") for s in sections]
    assert orients == [None, "landscape", None]
    assert [s.find(f"{W}titlePg") is not None for s in sections] == [True, False, False]
    grid = [int(c.get(f"{W}w")) for c in root.iter(f"{W}gridCol")]
    assert grid[1] > 1.6 * grid[0]  # th.wide: 12% of the table where a plain column has ~6.8%
    validator = OpenXmlValidator(file_format=FileFormat.OFFICE_2019, max_errors=50)
    assert [str(e) for e in validator.validate(path).errors] == []


def test_a_reference_longer_than_a_page_is_not_kept_together(tmp_path):
    """Keeping it together would push it to a new page and leave the first one blank."""
    lib = tmp_path / "lib"
    lib.mkdir()
    long_body = "\n\n".join(f"Paragraph {i} " + "of a long narrative " * 30 for i in range(12))
    (lib / "long.md").write_text(f"---\ntitle: Long\nsummary: s\nclient: C\ncountry: Ghana\n"
                                 f"---\n\n{long_body}\n", encoding="utf-8")
    (lib / "short.md").write_text("---\ntitle: Short\nsummary: s\nclient: C\ncountry: Ghana\n"
                                  "---\n\nShort.\n", encoding="utf-8")
    [result] = export("wb-experience", library=lib, spec=Spec(projects=["long", "short"]),
                      options=options(tmp_path / "out", formats=("html", "docx")))
    tree = lxml_html.parse(str(files(result)[".html"]))
    assert [s.get("class") for s in tree.iter("section") if s.find("h2") is not None] == [
        None, "reference"]
    with zipfile.ZipFile(files(result)[".docx"]) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    long_table, short_table = root.findall(f".//{W}tbl")
    assert long_table.find(f".//{W}keepNext") is None
    assert short_table.find(f".//{W}keepNext") is not None
    assert all(tr.find(f"{W}trPr/{W}cantSplit") is not None
               for tr in long_table.findall(f"{W}tr"))  # rows still never split


def test_the_walk_through_in_docs_forms_md_works(tmp_path):
    """docs/forms.md shows adding a form as a folder: that exact YAML must export and check."""
    doc = (Path(__file__).resolve().parents[1] / "docs" / "forms.md").read_text()
    [yml] = [b for b in doc.split("```yaml\n")[1:] if b.startswith("name: adb-experience")]
    folder = tmp_path / "templates" / "adb-experience"
    folder.mkdir(parents=True)
    (folder / "doctype.yml").write_text(yml.split("```")[0])
    templates = [tmp_path / "templates"]
    [result] = export("adb-experience", library=BIDS, spec=Spec(projects=[FULL, PARTIAL]),
                      options=options(tmp_path / "out", formats=("docx",), templates=templates))
    assert result.ok, result.error
    text = squash(docx_text(result.files[0]))
    assert squash("Relevant consulting experience") in text
    assert squash("Key experts and positions") in text and squash("Ama Owusu") in text
    report = check_form("adb-experience", BIDS, templates=templates)
    assert {p.slug: p.missing for p in report.projects}[PARTIAL] == ["key_staff", "services"]


def test_cli_layout_currency_and_rates(tmp_path):
    rates = tmp_path / "rates.yml"
    rates.write_text("date: 2026-11-30\nbase: EUR\nrates: {USD: 1.10, GBP: 0.80}\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, [
        "export", "eu-references", "-l", str(BIDS), "-f", "html", "-o", str(out),
        "--layout", "table", "--currency", "eur", "--rates", str(rates), "--name", "bid-14"])
    assert result.exit_code == 0, result.output
    tree = lxml_html.parse(str(out / "eu-references" / "bid-14.html"))
    [table] = tree.findall(".//table[@class='form']")
    assert table.getparent().get("class") == "landscape"
    assert all(th.get("scope") == "col" for th in table.iter("th"))
    text = table.text_content()
    assert "EUR\u00a02.9\u00a0million (approx.; USD\u00a03.2\u00a0million)" in text
    assert "converted at the rates of 30 November 2026" in tree.getroot().text_content()
    bad = CliRunner().invoke(app, ["export", "eu-references", "-l", str(BIDS), "-o", str(out),
                                   "--layout", "wide"])
    assert bad.exit_code == 1 and "--layout" in bad.output


def test_a_table_row_taller_than_a_page_starts_on_the_first_page(tmp_path):
    """Kept whole, a row taller than a landscape page left page 1 with only the title and pushed
    every later row off its page; it now breaks, under a repeated header row."""
    lib = tmp_path / "lib"
    lib.mkdir()
    services = "".join(f"  - Service {j} of technical assistance and training for county staff\n"
                       for j in range(40))
    (lib / "tall.md").write_text(
        "---\ntitle: Kenya—Tall Project\nsummary: s.\nclient: World Bank\ncountry: Kenya\n"
        f"start: 2015\nend: 2019\nservices:\n{services}---\nBody.\n", encoding="utf-8")
    [result] = export("eu-references", library=lib, spec=Spec(layout="table"),
                      options=ExportOptions(formats=("pdf",), out=tmp_path / "out"))
    assert result.ok, result.error
    pages = [p.extract_text() for p in PdfReader(result.files[0]).pages]
    assert len(pages) > 1
    assert "Service 0 " in pages[0]  # the row starts under the title, not a page later
    assert all("Ref. no" in page for page in pages)  # the header row repeats


def test_table_rows_never_split_and_names_are_not_hyphenated(tmp_path):
    """Review item 4: a row split across pages left "and Monitor-ing" alone on the next page, and
    the title and legal-entity columns were so narrow they hyphenated "Meridian De-velopment".
    Each row is now on one page, and title, legal entity and country read as whole words."""
    import pdfplumber

    lib = tmp_path / "lib"
    lib.mkdir()
    for i in range(6):
        services = "".join(f"  - Monitoring and evaluation service {j} for row{i}\n"
                           for j in range(3 + i % 4))
        summary = " ".join(["The programme strengthened community livelihoods."] * (4 + i % 5))
        (lib / f"p{i}.md").write_text(
            f"---\ntitle: Bosnia and Herzegovina—Support to Implementation of Community "
            f"Resilience R{i}\nsummary: start{i} {summary} end{i}.\nclient: European Union\n"
            f"country: Bosnia and Herzegovina\nstart: 2015\nend: 2019\nservices:\n{services}"
            "---\nBody.\n", encoding="utf-8")
    [result] = export("eu-references", library=lib, spec=Spec(layout="table"),
                      options=ExportOptions(formats=("pdf",), out=tmp_path / "out"))
    assert result.ok, result.error
    with pdfplumber.open(result.files[0]) as pdf:
        pages = [[w["text"] for w in page.extract_words()] for page in pdf.pages]
    assert len(pages) > 1  # the rows do run over pages
    for i in range(6):
        # the row's title, its description from start to end and its services on one page
        marks = {f"R{i}", f"start{i}", f"end{i}.", f"row{i}"}
        on = [n for n, words in enumerate(pages) if marks & set(words)]
        assert len(on) == 1 and marks <= set(pages[on[0]]), (i, on)
    words = [w for page in pages for w in page]
    for whole in ("Meridian", "Development", "Partners", "Implementation", "Community",
                  "Resilience", "Herzegovina"):
        assert words.count(whole) >= 6, whole  # once a row, never broken
    assert not [w for w in words if w.endswith(("-", "\u2010")) and w[:-1] in (
        "Develop", "De", "Devel", "Implemen", "Im", "Implementa", "Com", "Commu", "Resil",
        "Re", "Herze", "Herzego", "Her")]
