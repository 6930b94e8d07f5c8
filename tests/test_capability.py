"""Capability statements end to end: the at-a-glance numbers against an independent count, every
selected project in the table and the profiles of both formats, the contents (PDF page numbers,
DOCX field), spec overrides and sections, spec errors, output names and the CLI."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import docx
import pdfplumber
import pytest
from docx.oxml.ns import qn
from lxml import html as lxml_html
from pypdf import PdfReader
from typer.testing import CliRunner

from donorkit.brand import load_brand
from donorkit.cli import app
from donorkit.context import glance_for, portfolio_context
from donorkit.errors import SelectionError, SpecError
from donorkit.exporting import ExportOptions, export, select_for
from donorkit.library import Selection, load_library
from donorkit.rendering.assets import AssetPolicy
from donorkit.rendering.templates import get_doctype
from donorkit.resources import example_library
from donorkit.spec import Spec, load_spec
from textutil import MM, docx_text, fragment_texts, pdf_text, squash

TODAY = date(2026, 1, 15)
SPECS = Path(__file__).parent / "fixtures" / "specs"
EXAMPLE_SPEC = example_library().parent / "specs" / "governance-asia.yml"
DOCTYPE = "capability-statement"


# -- independent expectations ---------------------------------------------------------------------


def expected_glance(projects, year: int) -> dict:
    """The at-a-glance numbers counted here from the project models, not with donorkit's code."""
    isos = {c.iso for p in projects for c in p.countries if c.iso}
    clients = {c for p in projects for c in p.clients}
    starts = [p.start for p in projects if p.start is not None]
    # A project with a start and no end is still running: its latest year is the document's.
    ends = [p.end if p.end is not None else year for p in projects
            if p.end is not None or p.start is not None]
    years = min(max(ends), year) - min(starts) + 1 if starts and ends else 0

    def tally(values):
        return dict(Counter(values))

    return {
        "projects": len(projects),
        "countries": len(isos),
        "clients": len(clients),
        "years_of_experience": years,
        "ongoing": sum(1 for p in projects if p.status == "ongoing"),
        "by_region": tally(r for p in projects for r in p.regions),
        "by_solution": tally(s for p in projects for s in p.solutions),
        "by_client": tally(c for p in projects for c in p.clients),
    }


def actual_glance(glance) -> dict:
    return {
        "projects": glance.projects,
        "countries": glance.countries,
        "clients": glance.clients,
        "years_of_experience": glance.years_of_experience,
        "ongoing": glance.ongoing,
        "by_region": {c.name: c.count for c in glance.by_region},
        "by_solution": {c.name: c.count for c in glance.by_solution},
        "by_client": {c.name: c.count for c in glance.by_client},
    }


# -- reading the documents ------------------------------------------------------------------------


def pdf_pages(path: Path, *, headings_only: bool = False) -> list[str]:
    """Text of each page without the running header/footer margins. With *headings_only*, only
    characters set larger than the body text (headings, lead paragraphs, big numbers): the TOC,
    the project table and body text are left out, so a title found there is a heading."""
    with pdfplumber.open(path) as pdf:
        sizes = Counter(round(c["size"], 1) for page in pdf.pages for c in page.chars)
        body = sizes.most_common(1)[0][0]
        texts = []
        for page in pdf.pages:
            page = page.within_bbox((0, 25 * MM, page.width, page.height - 21 * MM))
            if headings_only:
                page = page.filter(lambda obj, body=body: obj.get("object_type") != "char"
                                   or obj["size"] > body * 1.1)
            texts.append(page.extract_text() or "")
    return texts


def heading_page(headings: list[str], title: str) -> int:
    """1-based page where *title* is set as a heading (the cover's title is not looked at)."""
    wanted = squash(title)
    pages = [i + 1 for i, text in enumerate(headings) if i and wanted in squash(text)]
    assert pages, f"heading {title!r} not found on any page"
    return pages[0]


def toc_page_numbers(pages: list[str], entries: list[str]) -> list[int]:
    """The page number after each contents entry, the entries in this order and nothing between
    them (dot leaders, if a stylesheet draws them, aside)."""
    text = squash("".join(pages[1:]))
    pattern = "".join(re.escape(squash(e)) + r"\.*(\d+)" for e in entries)
    match = re.search(pattern, text)
    assert match, f"contents do not list {entries} in order, each with a page number"
    return [int(n) for n in match.groups()]


def outline(path: Path) -> list[tuple[int, str, int]]:
    """PDF bookmarks as (depth, title, 1-based page), depth first."""
    reader = PdfReader(path)
    found: list[tuple[int, str, int]] = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


def table_column(path: Path, header: str, next_header: str) -> str:
    """Squashed text of one column of the project table over all its pages: the words under
    *header* and left of *next_header* (a wrapped cell keeps its lines together there)."""
    parts = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page = page.within_bbox((0, 25 * MM, page.width, page.height - 21 * MM))
            words = page.extract_words()
            heads = [(a, b) for a in words for b in words
                     if a["text"] == header and b["text"] == next_header
                     and abs(a["top"] - b["top"]) < 1 and b["x0"] > a["x0"]]
            if not heads:
                continue
            left, right = heads[0]
            # the profiles flow on below the table: the column ends at their heading
            end = min((a["top"] for a in words for b in words if a["text"] == "Project"
                       and b["text"] == "profiles" and abs(a["top"] - b["top"]) < 1
                       and a["top"] > left["bottom"]), default=float("inf"))
            cell = [w for w in words if left["bottom"] - 0.5 < w["top"] < end
                    and left["x0"] - 1 <= w["x0"] and w["x1"] <= right["x0"]]
            cell.sort(key=lambda w: (round(w["top"]), w["x0"]))
            parts.append("".join(w["text"] for w in cell))
    return squash("".join(parts))


def docx_blocks(path: Path) -> list:
    """Top-level paragraphs and tables of the body, in order."""
    return list(docx.Document(str(path)).iter_inner_content())


def docx_table_after(path: Path, heading: str) -> list[list[str]]:
    """Cell texts of the first table after the heading *heading*."""
    seen = False
    for block in docx_blocks(path):
        if hasattr(block, "rows"):
            if seen:
                return [[" ".join(c.text.split()) for c in row.cells] for row in block.rows]
        elif block.style.name.startswith("Heading") and block.text.strip() == heading:
            seen = True
    raise AssertionError(f"no table after heading {heading!r}")


def headings(path: Path, level: int) -> list[str]:
    return [b.text for b in docx_blocks(path)
            if not hasattr(b, "rows") and b.style.name == f"Heading {level}"]


def profile_headings(path: Path) -> list[str]:
    """The Heading 3 paragraphs under "Project profiles" (the glance has Heading 3s of its own)."""
    found, inside = [], False
    for block in docx_blocks(path):
        if hasattr(block, "rows"):
            continue
        if block.style.name == "Heading 2":
            inside = block.text == "Project profiles"
        elif inside and block.style.name == "Heading 3":
            found.append(block.text)
    return found


def text_of(html: str) -> str:
    """Plain text of an HTML fragment (a summary, a list item), entities decoded."""
    return lxml_html.fragment_fromstring(html, create_parent="div").text_content()


def pdf_highlight(path: Path, value: str) -> str:
    """Squashed label under the big figure *value*: the words of its column just below it. The
    labels of side-by-side highlights wrap line by line, so the page text interleaves them."""
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            words = page.extract_words(extra_attrs=["size"])
            for w in words:
                if w["text"] != value or w["size"] < 12:
                    continue
                right = min((o["x0"] for o in words if abs(o["top"] - w["top"]) < 1
                             and o["x0"] > w["x1"]), default=page.width)
                below = [o for o in words if w["bottom"] < o["top"] < w["bottom"] + 40
                         and w["x0"] - 1 <= o["x0"] < right]
                below.sort(key=lambda o: (round(o["top"]), o["x0"]))
                return squash(" ".join(o["text"] for o in below))
    raise AssertionError(f"no highlight {value!r}")


# -- shared exports -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def library():
    return load_library(example_library(), today=TODAY)


def _export(library, out: Path, spec, formats=("pdf", "docx"), **kwargs):
    (result,) = export(DOCTYPE, library=library, spec=spec,
                       options=ExportOptions(formats=formats, out=out, today=TODAY), **kwargs)
    assert result.ok, result.error
    return result


@pytest.fixture(scope="module")
def example(library, tmp_path_factory):
    """The bundled example spec (governance in Asia), exported as a user would."""
    result = _export(library, tmp_path_factory.mktemp("example"), EXAMPLE_SPEC)
    spec = load_spec(EXAMPLE_SPEC)
    return result, spec, library.select(spec.selection)


@pytest.fixture(scope="module")
def ordered(library, tmp_path_factory):
    """Explicit slugs in an order of their own, a tailored summary, title and highlight."""
    spec = load_spec(SPECS / "ordered.yml")
    result = _export(library, tmp_path_factory.mktemp("ordered"), SPECS / "ordered.yml")
    return result, spec, [library.get(slug) for slug in spec.projects]


@pytest.fixture(scope="module")
def full(library, tmp_path_factory):
    spec = load_spec(SPECS / "full.yml")
    result = _export(library, tmp_path_factory.mktemp("full"), SPECS / "full.yml")
    return result, spec, [library.get(slug) for slug in spec.projects]


def files(result) -> dict[str, Path]:
    return {p.suffix[1:]: p for p in result.files}


def titles_of(spec: Spec, projects) -> list[str]:
    """Each project's title as the document must show it (a spec override wins)."""
    return [spec.overrides[p.slug].title if p.slug in spec.overrides
            and spec.overrides[p.slug].title else p.title for p in projects]


# -- at a glance ----------------------------------------------------------------------------------


@pytest.mark.parametrize("selection", [
    Selection(),
    Selection(include_drafts=True),
    Selection(region=["Africa"]),
    Selection(solution=["Governance"], region=["Asia and the Pacific"]),
    Selection(status="ongoing", include_drafts=True),
    Selection(client=["European Union"]),
], ids=lambda s: s.describe())
def test_glance_equals_independent_count_on_example_library(library, selection):
    projects = library.select(selection)
    assert projects
    assert actual_glance(glance_for(projects, year=TODAY.year)) == expected_glance(
        projects, TODAY.year)


def _page(folder: Path, name: str, front: str, body: str = "Overview text.\n") -> None:
    (folder / f"{name}.md").write_text(f"---\n{front.strip()}\n---\n\n{body}", encoding="utf-8")


@pytest.fixture
def small_library(tmp_path):
    """Five projects chosen for the edge cases of every number, and one draft."""
    lib = tmp_path / "small"
    lib.mkdir()
    _page(lib, "kenya-alpha", """
title: Kenya—Alpha Health Programme
summary: Alpha.
start: 2008
end: 2012
client: World Bank
regions: Africa
country: Kenya
solutions: [Health]
""")
    _page(lib, "regional-beta", """
title: Regional—Beta Governance Facility
summary: Beta, still running past the document's year.
start: 2015
end: 2030
client: [World Bank, European Union]
regions: [Africa, Middle East and North Africa]
country: [Kenya, Uganda, Regional]
solutions: [Health, Governance]
highlights:
  - {value: "12", label: ministries}
""")
    _page(lib, "nepal-gamma", """
title: Nepal—Gamma Budgets
summary: Gamma, started and not ended.
start: 2020
client: European Union
regions: Asia and the Pacific
country: Nepal
solutions: [Governance]
""")
    _page(lib, "worldwide-delta", """
title: Worldwide—Delta Learning
summary: Delta, no dates at all.
client: Gates Foundation
regions: Global
country: Worldwide
solutions: [Education]
""")
    _page(lib, "uganda-epsilon", """
title: Uganda—Epsilon Water
summary: Epsilon, an end and no start.
end: 2005
client: World Bank
regions: Africa
country: UG
solutions: [Water and Sanitation]
""")
    _page(lib, "peru-draft", """
title: Peru—Draft Project
summary: Not published.
published: false
start: 1990
end: 1995
client: Draft Donor
regions: Latin America and the Caribbean
country: Peru
solutions: [Energy]
""")
    return lib


def test_glance_equals_independent_count_on_small_library(small_library):
    library = load_library(small_library, today=TODAY)
    projects = library.select(Selection())
    assert len(projects) == 5  # the draft is left out
    expected = expected_glance(projects, TODAY.year)
    # Pinned as well, so that a wrong independent count cannot agree with a wrong implementation.
    assert expected["countries"] == 3  # KE, UG, NP; "Regional" and "Worldwide" are labels
    assert expected["clients"] == 3
    assert expected["years_of_experience"] == 2026 - 2008 + 1  # the 2030 end is capped
    assert expected["ongoing"] == 2
    glance = glance_for(projects, year=TODAY.year)
    assert actual_glance(glance) == expected
    assert glance.country_names == ["Kenya", "Nepal", "Uganda"]
    assert (glance.first_year, glance.last_year) == (2008, 2026)
    assert [(h.value, h.label) for h in glance.highlights] == [("12", "ministries")]


def test_glance_year_is_the_spec_date(small_library):
    library = load_library(small_library, today=TODAY)
    projects = library.select(Selection())
    context = portfolio_context(get_doctype(DOCTYPE), projects, brand=load_brand("default"),
                                policy=AssetPolicy(), spec=Spec(date=date(2018, 3, 1)),
                                today=TODAY)
    assert context.glance.years_of_experience == expected_glance(projects, 2018)[
        "years_of_experience"] == 2018 - 2008 + 1


def test_many_highlights_stay_on_the_page(library, tmp_path):
    projects = library.select(Selection(include_drafts=True))
    declared = [h for p in projects for h in p.highlights]
    assert len(declared) > 8
    spec = Spec(sections=["glance"], projects=[p.slug for p in projects])
    result = _export(library, tmp_path, spec)
    with pdfplumber.open(files(result)["pdf"]) as pdf:
        for page in pdf.pages:
            # the page's right margin is 20 mm; nothing may be set in it
            assert max(c["x1"] for c in page.chars) <= page.width - 19 * MM
    text = squash(pdf_text(files(result)["pdf"]))
    assert all(squash(h.value) in text for h in declared)
    cells = [f"{h.value}\n{h.label}" for h in declared]
    document = docx.Document(str(files(result)["docx"]))
    rows = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    rows = [row for row in rows if any(c in cells for c in row)]
    assert all(len(row) <= 4 for row in rows)
    assert [c for row in rows for c in row if c in cells] == cells


@pytest.mark.parametrize("which", ["example", "ordered"])
def test_glance_numbers_in_both_formats(which, request):
    result, spec, projects = request.getfixturevalue(which)
    want = expected_glance(projects, (spec.date or TODAY).year)
    numbers = [want[k] for k in ("projects", "countries", "clients", "years_of_experience",
                                 "ongoing")]
    labels = ["projects", "countries", "clients", "years of experience", "ongoing"]

    cells = [c for row in docx_table_after(files(result)["docx"], "Portfolio at a glance")
             for c in row if c]
    assert [c.split()[0] for c in cells] == [str(n) for n in numbers]
    assert [" ".join(c.split()[1:]).startswith(label) for c, label in zip(cells, labels,
                                                                             strict=True)]
    # A breakdown of two or more rows is a chart (its alt text states every row), else a table.
    alts = docx_alt_texts(files(result)["docx"])
    charted = {}
    for title, key in (("By region", "by_region"), ("By solution", "by_solution"),
                       ("By client", "by_client")):
        alt = next((a for a in alts if a.startswith(f"Bar chart, projects {title.lower()}:")),
                   None)
        charted[key] = alt is not None
        if alt is not None:
            rows = re.findall(r"(.+?) \((\d+)\)(?:, |\.$)", alt.split(": ", 1)[1])
            assert {name: int(n) for name, n in rows} == want[key], title
            continue
        rows = docx_table_after(files(result)["docx"], title)
        assert {name: int(n) for name, n in rows[1:]} == want[key], title

    text = squash(pdf_text(files(result)["pdf"]))
    # The five figures sit in one row above their labels.
    assert squash(" ".join(map(str, numbers)) + " projects countries clients years") in text
    for key in ("by_region", "by_solution", "by_client"):
        # a chart shows its largest rows by name (the rest summed as "N others")
        shown = list(want[key].items())
        if charted[key] and len(shown) > 8:
            shown = sorted(shown, key=lambda kv: (-kv[1], kv[0]))[:7]
        for name, count in shown:
            assert squash(f"{name} {count}") in text, (key, name)


def docx_alt_texts(path: Path) -> list[str]:
    """The alt text (``descr``) of every picture in a DOCX."""
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(path) as z:
        xml = etree.fromstring(z.read("word/document.xml"))
    ns = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
    return [d.get("descr") or "" for d in xml.iter(f"{ns}docPr")]


# -- every project, in order, in both formats -----------------------------------------------------


def test_explicit_projects_keep_their_order(library):
    spec = load_spec(SPECS / "ordered.yml")
    chosen = select_for(library, None, spec)
    assert [p.slug for p in chosen] == spec.projects
    assert any(p.draft for p in chosen)  # an explicit slug includes a draft


@pytest.mark.parametrize("which", ["example", "ordered"])
def test_every_project_has_row_and_profile_in_pdf(which, request):
    result, spec, projects = request.getfixturevalue(which)
    pdf = files(result)["pdf"]
    titles = titles_of(spec, projects)
    # Table rows, in selection order: the Project column reads as the titles one after another.
    assert table_column(pdf, "Project", "Country") == squash("".join(["Project", *titles])
                                                             ).replace(squash("Project"), "", 1)
    assert table_column(pdf, "Country", "Client") == squash(
        "".join(", ".join(p.country_names) for p in projects))
    assert table_column(pdf, "Period", "Value") == squash("".join(p.period for p in projects))
    # Profiles: each title set as a heading, in order, after the table.
    heads = pdf_pages(pdf, headings_only=True)
    pages = [heading_page(heads, t) for t in titles]
    assert pages == sorted(pages)
    text = squash(pdf_text(pdf))
    positions = [text.rfind(squash(t)) for t in titles]
    assert positions == sorted(positions), "profiles are not in selection order"


@pytest.mark.parametrize("which", ["example", "ordered"])
def test_every_project_has_row_and_profile_in_docx(which, request):
    result, spec, projects = request.getfixturevalue(which)
    path = files(result)["docx"]
    titles = titles_of(spec, projects)
    rows = docx_table_after(path, "Projects")
    assert rows[0][:4] == ["Project", "Country", "Client", "Period"]
    assert [r[0] for r in rows[1:]] == titles
    assert [r[1] for r in rows[1:]] == [", ".join(p.country_names) for p in projects]
    assert [r[2] for r in rows[1:]] == ["; ".join(p.clients) for p in projects]
    assert [r[3] for r in rows[1:]] == [p.period for p in projects]
    if any(p.value for p in projects):
        assert [r[4] for r in rows[1:]] == [str(p.value) if p.value else "" for p in projects]
    assert profile_headings(path) == titles


# -- contents, cover and bookmarks ----------------------------------------------------------------


def contents_entries(spec: Spec, projects) -> list[str]:
    top = {"introduction": "Introduction", "glance": "Portfolio at a glance",
           "table": "Projects", "profiles": "Project profiles", "contact": "Contact"}
    entries = []
    for section, label in top.items():
        if section in spec.included:
            entries.append(label)
            if section == "profiles":
                entries += titles_of(spec, projects)
    return entries


def test_pdf_contents_page_numbers_are_where_the_headings_are(ordered):
    result, spec, projects = ordered
    pdf = files(result)["pdf"]
    entries = contents_entries(spec, projects)
    numbers = toc_page_numbers(pdf_pages(pdf), entries)
    heads = pdf_pages(pdf, headings_only=True)
    assert dict(zip(entries, numbers, strict=True)) == {e: heading_page(heads, e)
                                                        for e in entries}
    # the profiles do not all share one page, so a constant number would not pass
    assert len(set(numbers)) > 2


def test_pdf_cover_has_no_running_header_or_footer(ordered):
    result, _, _ = ordered
    pdf = files(result)["pdf"]
    with pdfplumber.open(pdf) as doc:
        count = len(doc.pages)
        cover, second = (doc.pages[i].extract_text() for i in (0, 1))
    footer = load_brand("default").footer_line
    assert footer and footer not in cover and "Page 1 of" not in cover
    assert footer in second and f"Page 2 of {count}" in second


def test_pdf_bookmarks_for_sections_and_profiles(ordered):
    result, spec, projects = ordered
    pdf = files(result)["pdf"]
    marks = outline(pdf)
    heads = pdf_pages(pdf, headings_only=True)
    by_title = {title: (depth, page) for depth, title, page in marks}
    for entry in contents_entries(spec, projects):
        assert entry in by_title, f"no bookmark {entry!r}"
        assert by_title[entry][1] == heading_page(heads, entry), entry
    # profiles nest under "Project profiles"
    profiles_depth = by_title["Project profiles"][0]
    for title in titles_of(spec, projects):
        assert by_title[title][0] == profiles_depth + 1


def test_docx_contents_is_a_prefilled_toc_field_updated_on_open(ordered):
    result, spec, projects = ordered
    document = docx.Document(str(files(result)["docx"]))
    body = document.element.body
    instr = " ".join(t.text for t in body.iter(qn("w:instrText")))
    assert "TOC \\o" in instr
    entries = [p for p in document.paragraphs if re.fullmatch(r"toc \d", p.style.name.lower())]
    assert [p.text.strip() for p in entries] == contents_entries(spec, projects)
    # each pre-filled entry links to a bookmark on the heading of the same text
    bookmarks = {}
    for p in document.paragraphs:
        for mark in p._p.iter(qn("w:bookmarkStart")):
            bookmarks[mark.get(qn("w:name"))] = p.text
    for p in entries:
        links = list(p._p.iter(qn("w:hyperlink")))
        assert links, p.text
        assert bookmarks.get(links[0].get(qn("w:anchor"))) == p.text.strip()
    update = document.settings.element.find(qn("w:updateFields"))
    assert update is not None and update.get(qn("w:val")) in ("true", "1")


def test_docx_cover_has_its_own_first_page(ordered):
    result, spec, projects = ordered
    document = docx.Document(str(files(result)["docx"]))
    section = document.sections[0]
    assert section._sectPr.find(qn("w:titlePg")) is not None
    assert not section.first_page_header.is_linked_to_previous
    assert section.first_page_header.paragraphs[0].text.strip() == ""
    assert spec.title in " ".join(p.text for p in section.header.paragraphs)
    first = next(p for p in document.paragraphs if p.text.strip())
    assert (first.style.name, first.text) == ("Title", spec.title)
    assert profile_headings(files(result)["docx"]) == titles_of(spec, projects)


# -- spec overrides, sections and profile modes ---------------------------------------------------


def test_overrides_applied_in_both_formats(ordered, library):
    result, spec, _ = ordered
    crwsp = library.get("cote-divoire-cocoa-belt-rural-water-and-sanitation-project-crwsp")
    tailored = spec.overrides[crwsp.slug].summary
    extra = spec.overrides[crwsp.slug].highlights[0]
    assert extra.value == "412"  # written as a number in the spec
    for fmt, extract in (("pdf", pdf_text), ("docx", docx_text)):
        text = squash(extract(files(result)[fmt]))
        assert squash(tailored) in text, fmt
        assert squash(text_of(crwsp.summary_html)) not in text, fmt
        assert squash("Nepal—Municipal Governance Support (tailored title)") in text, fmt
    # the extra highlight, once in the glance and once in the profile
    assert pdf_highlight(files(result)["pdf"], extra.value) == squash(extra.label)
    document = docx.Document(str(files(result)["docx"]))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert cells.count(f"{extra.value}\n{extra.label}") == 2


def test_extra_highlight_joins_the_projects_own(library):
    spec = load_spec(SPECS / "ordered.yml")
    crwsp = library.get("cote-divoire-cocoa-belt-rural-water-and-sanitation-project-crwsp")
    context = portfolio_context(get_doctype(DOCTYPE), [crwsp], brand=load_brand("default"),
                                policy=AssetPolicy(), spec=spec, today=TODAY)
    (profile,) = context.profiles
    assert profile.highlights == [*crwsp.highlights, *spec.overrides[crwsp.slug].highlights]
    assert context.glance.highlights == profile.highlights


def test_override_for_a_project_not_selected_is_a_warning(library, tmp_path):
    spec = Spec(projects=["kenya-county-health-financing-support-chfs"],
                overrides={"kenya-county-helth-financing": {"summary": "Typo in the slug."}})
    result = _export(library, tmp_path, spec, formats=("html",))
    assert any("kenya-county-helth-financing" in w for w in result.warnings)
    assert "Typo in the slug." not in result.files[0].read_text(encoding="utf-8")


def test_sections_list_and_exclude(library, tmp_path):
    spec = load_spec(SPECS / "sections.yml")
    assert spec.included == ["cover", "contents", "glance", "profiles"]
    result = _export(library, tmp_path, SPECS / "sections.yml", formats=("html", "docx"))
    html = files(result)["html"].read_text(encoding="utf-8")
    assert 'id="glance"' in html and 'id="profiles"' in html and 'class="toc"' in html
    for gone in ('id="introduction"', 'id="projects"', 'id="contact"'):
        assert gone not in html
    h2 = headings(files(result)["docx"], 2)
    assert h2 == ["Portfolio at a glance", "Project profiles"]
    document = docx.Document(str(files(result)["docx"]))
    assert [p.text for p in document.paragraphs if p.style.name == "toc 1"] == h2


def test_sections_left_out_of_contents_and_cover(library, tmp_path):
    spec = Spec(title="No cover, no contents", exclude=["cover", "contents"],
                projects=["kenya-county-health-financing-support-chfs"])
    result = _export(library, tmp_path, spec, formats=("html", "docx"))
    html = files(result)["html"].read_text(encoding="utf-8")
    assert 'class="cover"' not in html and 'class="toc"' not in html
    document = docx.Document(str(files(result)["docx"]))
    assert not document.element.body.findall(".//" + qn("w:instrText"))
    assert "Introduction" in headings(files(result)["docx"], 2)


def test_contact_needs_something_to_say(library, tmp_path):
    bare = tmp_path / "bare"
    shutil.copytree(load_brand("default").folder, bare)
    text = (bare / "_brand.yml").read_text(encoding="utf-8")
    # the default brand's about text and contact lines close the file
    (bare / "_brand.yml").write_text(text[: text.index("    about:")], encoding="utf-8")
    assert not load_brand(bare).about and not load_brand(bare).contact
    spec = Spec(projects=["kenya-county-health-financing-support-chfs"])
    html = {}
    for label, brand in (("default", "default"), ("bare", bare)):
        (result,) = export(DOCTYPE, library=library, spec=spec, options=ExportOptions(
            formats=("html",), out=tmp_path / label, brand=brand, today=TODAY))
        assert result.ok, result.error
        html[label] = result.files[0].read_text(encoding="utf-8")
    assert 'id="contact"' in html["default"] and 'href="#contact"' in html["default"]
    # a brand with neither about text nor contact lines: no empty section, no contents entry
    for mark in ('id="contact"', 'href="#contact"', ">Contact<", 'class="about"'):
        assert mark not in html["bare"], mark


def test_short_profile_keeps_summary_and_at_most_max_results(ordered, library):
    result, spec, projects = ordered
    assert spec.profile == "short" and spec.max_results == 2
    text = squash(docx_text(files(result)["docx"]))
    for project in projects:
        results = project.body.results.items if project.body.results else []
        kept = [squash(text_of(r)) for r in results[: spec.max_results]]
        dropped = [squash(text_of(r)) for r in results[spec.max_results:]]
        assert all(k in text for k in kept), project.slug
        assert not any(d in text for d in dropped), project.slug
        if project.slug not in spec.overrides or not spec.overrides[project.slug].summary:
            assert squash(text_of(project.summary_html)) in text
        # the body beyond the results is left out
        for section in (project.body.overview, project.body.activities):
            if section is not None:
                assert not any(squash(t) in text for t in fragment_texts(section.html)), (
                    project.slug, section.title)


def test_full_profile_has_whole_body_and_one_page_each(full):
    result, spec, projects = full
    pdf = files(result)["pdf"]
    heads = pdf_pages(pdf, headings_only=True)
    pages = [heading_page(heads, p.title) for p in projects]
    assert len(set(pages)) == len(pages) and pages == sorted(pages)
    # Not only apart: each starts its page (the first comes right under "Project profiles"),
    # however short the profile before it.
    texts = pdf_pages(pdf)
    for project, page in zip(projects, pages, strict=True):
        lines = [line for line in texts[page - 1].splitlines() if line.strip()]
        if project is projects[0]:
            assert lines[0] == "Project profiles"
            lines = lines[1:]
        assert squash(project.title).startswith(squash(lines[0])), (project.slug, lines[0])
    for fmt, extract in (("pdf", pdf_text), ("docx", docx_text)):
        text = squash(extract(files(result)[fmt]))
        for project in projects:
            for section in project.body.sections:
                missing = [t for t in fragment_texts(section.html) if squash(t) not in text]
                assert missing == [], (fmt, project.slug, section.title)


# -- spec errors ----------------------------------------------------------------------------------


def test_invalid_spec_lists_every_problem_with_its_line():
    path = SPECS / "invalid.yml"
    with pytest.raises(SpecError) as info:
        load_spec(path)
    problems = info.value.problems
    assert len(problems) == 4
    assert problems[0].startswith(f"{path}:3: error: colour: unknown key")
    assert problems[1] == f"{path}:4: error: profile: 'medium' is not one of short, full"
    assert problems[2].startswith(f"{path}:5: error: sections.1: 'glances' is not one of cover, ")
    assert "glance" in problems[2]
    assert problems[3].startswith(f"{path}:8: error: selection.colour: unknown key")
    assert "did you mean 'country'" in problems[3]


def test_malformed_spec_is_a_spec_error_with_its_line(tmp_path):
    path = tmp_path / "broken.yml"
    path.write_text("title: ok\nprojects: [a, b\n", encoding="utf-8")
    with pytest.raises(SpecError) as info:
        load_spec(path)
    assert re.match(rf"{re.escape(str(path))}:\d+: error: ", info.value.problems[0])


@pytest.fixture
def cli(tmp_path, monkeypatch):
    """CliRunner in an empty folder (no donorkit.toml, no ./projects) on the example library."""
    monkeypatch.delenv("DONORKIT_LIBRARY", raising=False)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(app, [str(a) for a in args])

    return invoke


def test_invalid_spec_on_the_command_line(cli, tmp_path):
    path = SPECS / "invalid.yml"
    result = cli("export", DOCTYPE, "--library", example_library(), "--spec", path,
                 "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), result.exception  # handled, not a crash
    for line in (3, 4, 5, 8):
        assert f"{path}:{line}: error:" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert not (tmp_path / "out").exists()


def test_invalid_option_on_the_command_line(cli, tmp_path):
    result = cli("export", DOCTYPE, "--library", example_library(), "--profile", "medium",
                 "-o", tmp_path / "out")
    # --profile has choices now: a usage error (exit 2) that lists them
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit), result.exception  # handled, not a crash
    assert "profile" in result.stderr and "Traceback" not in result.stdout + result.stderr
    assert "short" in result.stderr and "full" in result.stderr


# -- command line, output names, empty selections -------------------------------------------------


def test_cli_options_override_the_spec(cli, tmp_path, library):
    out = tmp_path / "out"
    result = cli("export", DOCTYPE, "--library", example_library(), "--spec",
                 SPECS / "ordered.yml", "--title", "Title from the command line", "--profile",
                 "full", "-f", "docx", "-o", out)
    assert result.exit_code == 0, result.stderr
    path = out / DOCTYPE / "ordered.docx"  # still named after the spec
    document = docx.Document(str(path))
    assert document.core_properties.title == "Title from the command line"
    text = squash(docx_text(path))
    nepal = library.get("nepal-municipal-governance-and-service-delivery-programme-mgsd")
    # full: the body's activities are in, which a short profile leaves out
    assert squash(fragment_texts(nepal.body.activities.html)[0]) in text
    # what the command line does not give still comes from the spec
    assert squash("Prepared for World Bank") in text


@pytest.mark.parametrize("args, expected", [
    (["--spec", SPECS / "selection.yml", "--name", "bid-42"], "bid-42"),
    (["--spec", SPECS / "selection.yml"], "selection"),
    (["--region", "Africa", "--title", "Côte d'Ivoire & Africa: Water"],
     "cote-d-ivoire-africa-water"),
])
def test_output_name(cli, tmp_path, args, expected):
    out = tmp_path / "out"
    result = cli("export", DOCTYPE, "--library", example_library(), *args, "-f", "html",
                 "-o", out)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (out / DOCTYPE).iterdir()) == [f"{expected}.html"]


def test_output_name_through_the_api(library, tmp_path):
    spec = Spec(title="Water in West Africa", projects=[
        "west-africa-gulf-of-guinea-coastal-resilience-programme-gcrp"])
    assert _export(library, tmp_path, spec, formats=("html",)).files == [
        tmp_path / DOCTYPE / "water-in-west-africa.html"]
    assert _export(library, tmp_path, spec, formats=("html",), name="gcrp").files == [
        tmp_path / DOCTYPE / "gcrp.html"]
    assert _export(library, tmp_path, SPECS / "selection.yml", formats=("html",)).files == [
        tmp_path / DOCTYPE / "selection.html"]


def test_empty_selection_is_an_error_and_writes_nothing(library, tmp_path, cli):
    out = tmp_path / "api"
    with pytest.raises(SelectionError, match="no project matches"):
        export(DOCTYPE, library=library, selection=Selection(country=["Peru"], region=["Africa"]),
               options=ExportOptions(out=out, today=TODAY))
    assert not out.exists()
    out = tmp_path / "cli"
    result = cli("export", DOCTYPE, "--library", example_library(), "--country", "Atlantis",
                 "--title", "Nothing", "-o", out)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "no project matches" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_context_command_prints_glance_and_profiles(cli, library):
    result = cli("context", DOCTYPE, "--library", example_library(), "--spec", EXAMPLE_SPEC,
                 "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    spec = load_spec(EXAMPLE_SPEC)
    # the command loads the library with the real date; count with the same
    projects = load_library(example_library()).select(spec.selection)
    want = expected_glance(projects, date.today().year)
    got = data["glance"]
    assert {k: got[k] for k in ("projects", "countries", "clients", "years_of_experience",
                                "ongoing")} == {k: want[k] for k in (
        "projects", "countries", "clients", "years_of_experience", "ongoing")}
    assert [p["project"]["slug"] for p in data["profiles"]] == [p.slug for p in projects]
    assert data["document"]["title"] == spec.title
    nepal = next(p for p in data["profiles"] if p["project"]["slug"].startswith("nepal-"))
    assert nepal["summary_html"].startswith("MGSD strengthens planning")
