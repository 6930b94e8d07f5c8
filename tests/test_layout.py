"""Capability statement and case study layout (issue 16): checked in the produced PDF, DOCX and
HTML, on the example spec (whose LIFT profile used to leave its heading at a page foot) and on
fixture libraries written here."""

from __future__ import annotations

import itertools
import re
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from lxml import etree
from lxml import html as lxml_html

import donorkit
from donorkit.resources import example_library
from textutil import MM, pdf_text, squash

SPEC = Path(__file__).parents[1] / "examples" / "specs" / "governance-asia.yml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def statement(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("statement")
    [result] = donorkit.export("capability-statement", library=example_library(), spec=SPEC,
                               formats=["pdf", "docx", "html"], out=out)
    assert result.ok, result.error
    return {p.suffix[1:]: p for p in result.files}


def _chars(path: Path) -> list[list[dict]]:
    with pdfplumber.open(path) as pdf:
        return [[c for c in page.within_bbox((0, 25 * MM, page.width, page.height - 21 * MM)).chars]
                for page in pdf.pages]


def _size_of(pages: list[list[dict]], text: str) -> tuple[int, float]:
    """(page index, font size) of the first occurrence of *text*."""
    wanted = squash(text)
    for i, chars in enumerate(pages):
        joined = "".join(c["text"] for c in chars)
        at = squash(joined).find(wanted)
        if at >= 0:
            visible = [c for c in chars if c["text"].strip()]
            return i, visible[at]["size"]
    raise AssertionError(f"{text!r} not in the PDF")


def test_profile_heading_stays_with_lead_and_key_facts(statement):
    pages = _chars(statement["pdf"])
    spec = donorkit.load_spec(SPEC)
    lib = donorkit.load_library(example_library())
    for project in lib.select(spec.selection):
        heading_page, heading_size = _size_of(pages, project.title)
        if heading_page < 3:
            continue  # the contents and project table list titles too
        # the heading's page also holds its key facts: the project's first client
        rest = squash("".join(c["text"] for c in pages[heading_page]))
        assert squash(project.clients[0]) in rest.split(squash(project.title), 1)[-1], \
            project.slug


def test_profile_heading_is_larger_than_its_lead(statement):
    pages = _chars(statement["pdf"])
    lib = donorkit.load_library(example_library())
    lift = next(p for p in lib if p.slug.startswith("philippines"))
    _, heading = _size_of(pages[4:], lift.title)
    _, lead = _size_of(pages[4:], lift.summary.split()[0] + " " + lift.summary.split()[1])
    assert heading > lead * 1.15


def test_period_never_wraps(statement):
    with pdfplumber.open(statement["pdf"]) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages[3:4])
    for period in ("2021–2027", "2012–2017", "2011–2016", "2010–2015"):
        assert period in text, period  # one line: a wrapped period reads "2021–\n2027"
    doc = etree.fromstring(zipfile.ZipFile(statement["docx"]).read("word/document.xml"))
    no_wrap = [tc for tc in doc.iter(f"{W}tc") if tc.find(f"{W}tcPr/{W}noWrap") is not None]
    assert {"".join(t.text for t in tc.iter(f"{W}t")) for tc in no_wrap} >= {"2021–2027"}


def test_cover_shows_client_tender_and_reference_prominently(statement):
    pages = []
    with pdfplumber.open(statement["pdf"]) as pdf:
        pages = [pdf.pages[0].chars]
    body_size = 10.0
    for text in ("Asian Development Bank", "Regional Technical Assistance", "TA-9876 REG"):
        _, size = _size_of(pages, text)
        assert size >= body_size, (text, size)  # not 7 pt grey
    cover = lxml_html.parse(str(statement["html"])).getroot().xpath(
        '//section[@class="cover"]//table[@class="key-facts"]')[0]
    assert [th.text for th in cover.iter("th")] == ["Prepared for", "Tender", "Reference"]


def test_breakdowns_are_charts_whose_alt_text_states_the_counts(statement):
    root = lxml_html.parse(str(statement["html"])).getroot()
    glance = root.xpath('//h2[@id="glance"]/parent::section')[0]
    alts = [img.get("alt") for img in glance.xpath('.//figure[contains(@class, "chart")]//img')]
    assert any(a.startswith("Bar chart, projects by region:") for a in alts)
    assert not glance.xpath(".//table")  # a chart is not repeated as a table of counts


def test_docx_tables_use_the_brand_hairline_style(statement):
    z = zipfile.ZipFile(statement["docx"])
    doc = etree.fromstring(z.read("word/document.xml"))
    styles = {t.find(f"{W}tblPr/{W}tblStyle").get(f"{W}val") for t in doc.iter(f"{W}tbl")}
    assert "DataTable" in styles and "TableGrid" not in styles
    style = etree.fromstring(z.read("word/styles.xml")).xpath(
        '//w:style[@w:styleId="DataTable"]', namespaces={"w": W[1:-1]})[0]
    borders = style.find(f"{W}tblPr/{W}tblBorders")
    assert borders.find(f"{W}insideV") is None
    assert {b.get(f"{W}color") for b in borders} == {"EEF3F8"}  # the brand's light colour


# -- glance over fixture libraries -----------------------------------------------------------------


def _page(folder: Path, slug: str, **front: str) -> None:
    lines = "\n".join(f"{k}: {v}" for k, v in front.items())
    (folder / f"{slug}.md").write_text(f"---\n{lines}\n---\nThe body.\n", encoding="utf-8")


def _glance_html(lib: Path, out: Path, **spec: object) -> lxml_html.HtmlElement:
    [result] = donorkit.export("capability-statement", library=lib,
                               spec=donorkit.Spec(**spec), formats=["html"], out=out)
    assert result.ok, result.error
    root = lxml_html.parse(str(result.files[0])).getroot()
    return root.xpath('//h2[@id="glance"]/parent::section')[0]


def test_glance_has_no_zero_figures_and_one_row_is_a_sentence(tmp_path):
    lib = tmp_path / "lib"
    lib.mkdir()
    for i in range(3):
        _page(lib, f"p{i}", title=f"Kenya—P{i}", summary="s", client="World Bank",
              country="Kenya", regions="Africa", start="2001", end="2003")
    glance = _glance_html(lib, tmp_path / "out", date="2024-06-01")
    figures = [" ".join(dd.text_content().split()) for dd in glance.xpath('./dl/dd')]
    assert "ongoing" not in figures  # none is ongoing: no "0 ongoing"
    assert not [dt for dt in glance.xpath("./dl/dt") if dt.text.strip() == "0"]
    text = " ".join(glance.text_content().split())
    assert "All 3 projects are in Africa." in text
    assert "All 3 projects are for World Bank." in text
    assert not glance.xpath(".//table")


def test_long_breakdown_shows_top_rows_and_n_others(tmp_path):
    import base64

    lib = tmp_path / "lib"
    lib.mkdir()
    for i in range(12):
        _page(lib, f"p{i:02}", title=f"Kenya—P{i}", summary="s", client=f"Client {i:02}",
              country="Kenya", start="2010", end="2012")
    # case and stray spaces are the same client, in the chart as in the counts
    _page(lib, "extra", title="Kenya—Extra", summary="s", client="'client 00 '",
          country="Kenya", start="2010", end="2012")
    glance = _glance_html(lib, tmp_path / "out")
    (img,) = [i for i in glance.xpath(".//figure//img")
              if i.get("alt", "").startswith("Bar chart, projects by client")]
    assert "Client 00 (2)" in img.get("alt")
    svg = base64.b64decode(img.get("src").split(",", 1)[1]).decode("utf-8")
    texts = [" ".join(x.split()) for x in lxml_html.fromstring(svg).xpath("//text()")]
    assert "5 others" in " ".join(texts)
    assert "Client 11" not in " ".join(texts)


def test_body_does_not_repeat_the_summary(tmp_path):
    lib = tmp_path / "lib"
    lib.mkdir()
    summary = "The programme helped **six counties** publish budgets."
    (lib / "k.md").write_text(
        f"---\ntitle: Kenya—K\nsummary: {summary}\nclient: W\ncountry: Kenya\n---\n"
        "The programme helped six counties publish budgets.\n\nA second paragraph.\n",
        encoding="utf-8")
    [case] = donorkit.export("case-study", library=lib, formats=["html"], out=tmp_path / "o")
    text = " ".join(lxml_html.parse(str(case.files[0])).getroot().text_content().split())
    assert text.count("helped six counties publish budgets") == 1
    assert "A second paragraph." in text
    [full] = donorkit.export("capability-statement", library=lib, spec=donorkit.Spec(
        profile="full"), formats=["html"], out=tmp_path / "o")
    root = lxml_html.parse(str(full.files[0])).getroot()
    profile = " ".join(root.xpath('//section[@class="profile"]')[0].text_content().split())
    assert profile.count("helped six counties publish budgets") == 1


def test_summary_repeated_as_a_later_overview_paragraph_is_dropped(tmp_path):
    """Review item 18: a page that opens with a line of its own and repeats the summary as its
    second overview paragraph said it twice; a summary quoted inside a longer paragraph stays."""
    lib = tmp_path / "lib"
    lib.mkdir()
    summary = "The programme helped six counties publish budgets."
    (lib / "k.md").write_text(
        f"---\ntitle: Kenya—K\nsummary: {summary}\nclient: W\ncountry: Kenya\n---\n"
        "An opening line of its own.\n\n"
        "The programme helped *six counties* publish budgets!\n\n"
        "Later: the programme helped six counties publish budgets, and more.\n\n"
        "## Results\n\n- Budgets published\n",
        encoding="utf-8")
    [case] = donorkit.export("case-study", library=lib, formats=["html"], out=tmp_path / "o")
    text = " ".join(lxml_html.parse(str(case.files[0])).getroot().text_content().split())
    assert text.count("helped six counties publish budgets") == 2  # the lead and the quote
    assert "An opening line of its own." in text
    assert "and more." in text and "Budgets published" in text
    [full] = donorkit.export("capability-statement", library=lib, spec=donorkit.Spec(
        profile="full"), formats=["html"], out=tmp_path / "o")
    root = lxml_html.parse(str(full.files[0])).getroot()
    profile = " ".join(root.xpath('//section[@class="profile"]')[0].text_content().split())
    assert profile.count("helped six counties publish budgets") == 2
    assert "An opening line of its own." in profile


def test_related_links_print_their_targets(tmp_path):
    lib = donorkit.load_library(example_library())
    project = next(p for p in lib if p.promos)
    [result] = donorkit.export("case-study", library=lib, selection=donorkit.Selection(
        slug=[project.slug]), formats=["pdf"], out=tmp_path)


    text = squash(pdf_text(result.files[0]))
    for promo in project.promos:
        assert squash(re.sub(r"^https?://", "", promo.url)) in text


def test_docx_keeps_profile_heading_lead_and_key_facts_together(statement):
    z = zipfile.ZipFile(statement["docx"])
    doc = etree.fromstring(z.read("word/document.xml"))
    ns = {"w": W[1:-1]}
    lead = etree.fromstring(z.read("word/styles.xml")).xpath(
        '//w:style[@w:styleId="Lead"]', namespaces=ns)[0]
    assert lead.find(f"{W}pPr/{W}keepNext") is not None
    for tbl in doc.iter(f"{W}tbl"):
        if tbl.find(f"{W}tblPr/{W}tblStyle").get(f"{W}val") != "KeyFacts":
            continue
        rows = tbl.findall(f"{W}tr")
        for tr in rows[:-1]:
            assert all(p.find(f"{W}pPr/{W}keepNext") is not None for p in tr.iter(f"{W}p"))


def test_profiles_are_visibly_separated(statement):
    """A rule in the brand's primary colour across the text column just above every profile
    heading but the first (issue 16: "profiles are visibly separated"); looked for in the
    rendered page's pixels, as a reader would see it."""
    import pypdfium2

    lib = donorkit.load_library(example_library())
    titles = [p.title for p in lib.select(donorkit.load_spec(SPEC).selection)]
    scale = 2  # px per pt
    document = pypdfium2.PdfDocument(str(statement["pdf"]))
    checked = 0
    try:
        with pdfplumber.open(statement["pdf"]) as pdf:
            # the section's own heading: the contents page names it first
            first = max(i for i, page in enumerate(pdf.pages) if page.search("Project profiles"))
            for index, page in enumerate(pdf.pages[first:], start=first):
                heads = sorted((hit[0]["top"], title) for title in titles
                               if (hit := page.search(title[:25])))
                image = document[index].render(scale=scale).to_pil().convert("RGB")
                x0, x1 = int(60 * scale), int(535 * scale)
                columns = range(x0, x1, 4)
                for top, title in heads[1:] if index == first else heads:
                    dark = max(sum(1 for x in columns if sum(image.getpixel((x, y))) < 400)
                               for y in range(int((top - 22) * scale), int(top * scale)))
                    assert dark > 0.9 * len(columns), (title, index)
                    checked += 1
    finally:
        document.close()
    assert checked >= 2


def test_contents_page_numbers_stay_on_the_last_line_of_long_entries(tmp_path):
    """A long entry wraps its title; its page number stays on the entry's last line, at the right
    margin, clear of the title. A floated number used to drop below a last line that reached the
    margin, onto the next entry's line (review item 3)."""
    lib = tmp_path / "lib"
    lib.mkdir()
    # titles growing a few letters at a time: some last line always ends near the margin
    for k in range(16):
        words = " ".join(["Governance"] * (5 + k // 4) + ["ab"] * (k % 4))
        _page(lib, f"p{k:02}", title=f"'Kenya—Water {words} end{k:02}'", summary="s",
              client="World Bank", country="Kenya", start="2010", end="2012")
    [result] = donorkit.export("capability-statement", library=lib, formats=["pdf"],
                               out=tmp_path / "out",
                               spec=donorkit.Spec(sections=["contents", "profiles"]))
    assert result.ok, result.error
    with pdfplumber.open(result.files[0]) as pdf:
        page = pdf.pages[0]
        words = page.within_bbox((0, 25 * MM, page.width, page.height - 21 * MM)).extract_words()
    numbers = [w for w in words if w["text"].isdigit()]
    right = max(w["x1"] for w in numbers)
    assert all(abs(w["x1"] - right) < 1 for w in numbers)  # right-aligned, one column
    gutter = min(w["x0"] for w in numbers)
    ends = {w["text"]: w for w in words if re.fullmatch(r"end\d\d", w["text"])}
    assert len(ends) == 16  # all on the contents page
    for end in ends.values():
        [number] = [n for n in numbers if abs(n["bottom"] - end["bottom"]) < 1]
        assert number["x0"] > end["x1"] + 2  # on the entry's last line, clear of its title
    titles = [w for w in words if w not in numbers]
    assert max(w["x1"] for w in titles) < gutter - 2  # no title runs under the numbers
    for a, b in itertools.combinations(words, 2):  # nothing drawn over anything else
        assert not (a["x0"] < b["x1"] and b["x0"] < a["x1"]
                    and a["top"] < b["bottom"] - 1 and b["top"] < a["bottom"] - 1), (a, b)
