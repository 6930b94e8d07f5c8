"""Regional pages on the maps: a known region hatches its countries (UN M49 from CLDR, or the
alias table), without adding to any country's count; the world and unknown regions are listed
beside the map; the extent and the locator map follow the region. Also: the charts' and the map's
figures are the Glance's (one tally)."""

from __future__ import annotations

import base64
import json
import re
import tomllib
import zipfile
from datetime import date
from importlib import resources
from pathlib import Path

import pycountry
import pytest
from lxml import etree

from donorkit.brand import load_brand
from donorkit.context import Count, glance_for
from donorkit.exporting import ExportOptions, build_context, export
from donorkit.graphics import footprint, geometry, maps, portfolio_graphics, regions
from donorkit.graphics.style import look_for
from donorkit.library import Selection, load_library

TODAY = date(2026, 1, 15)
SVG = "{http://www.w3.org/2000/svg}"
LIBRARY = Path(__file__).parent / "fixtures" / "library" / "regions"
#: The pages of the fixture library in Sub-Saharan Africa, named countries or region-wide.
AFRICAN = ["kenya-clinics", "kenya-uganda-roads", "nigeria-power", "regional-hiv-corridors",
           "regional-seed-systems", "west-africa-fisheries"]


@pytest.fixture(scope="module")
def library():
    return load_library(LIBRARY, today=TODAY)


def context(library, slugs=None, doctype="capability-statement"):
    return build_context(doctype, library.select(Selection(slug=slugs or [])),
                         options=ExportOptions(today=TODAY))


def svg_of(graphic) -> etree._Element:
    head, _, payload = graphic.src.partition(",")
    assert head == "data:image/svg+xml;base64"
    return etree.fromstring(base64.b64decode(payload))


def view_of(svg: etree._Element) -> tuple[float, ...]:
    return tuple(float(v) for v in svg.get("viewBox").split())


def fills(svg: etree._Element) -> dict[str, str]:
    """Path data -> fill of the map's country paths, one entry per country subpath ring."""
    out = {}
    for path in svg.iter(f"{SVG}path"):
        for ring in re.findall(r"M[^M]*", path.get("d")):
            out[ring] = path.get("fill")
    return out


# -- the region names ------------------------------------------------------------------------------


def test_m49_areas_and_aliases_resolve():
    ssa = regions.countries_of("Sub-Saharan Africa")
    assert {"KE", "NG", "ZA", "SN", "MG"} <= ssa and not {"EG", "DZ", "MA"} & ssa
    assert regions.countries_of("sub saharan  africa") == ssa  # folding
    assert regions.countries_of("Afrique subsaharienne") == ssa  # Babel's French name
    lac = regions.countries_of("Latin America and the Caribbean")
    assert lac == regions.countries_of("Latin America") and {"MX", "BR", "HT", "JM"} <= lac
    mena = regions.countries_of("Middle East and North Africa")
    assert {"EG", "JO", "MA", "IR", "IQ"} <= mena and not {"TR", "AM", "CY", "KE"} & mena
    assert regions.countries_of("West Africa") == regions.countries_of("Western Africa")
    assert "IR" not in regions.countries_of("South Asia")
    for name in ("Worldwide", "Global", "global"):
        assert regions.worldwide(name) and regions.countries_of(name) is None
    assert regions.countries_of("Atlantis Basin") is None and not regions.worldwide("Regional")


@pytest.mark.parametrize("code", ["fr", "es", "pt", "pt_BR"])
def test_translated_region_names_name_the_same_countries(code):
    """A French document's pages carry their regions in French (the catalogs translate them):
    the map hatches the same countries as for the English name."""
    from donorkit.i18n.catalogs import catalog
    from donorkit.i18n.terms import COUNTRY_LABELS, REGIONS

    words = catalog(code)
    translated = 0
    for msgid in REGIONS + COUNTRY_LABELS:
        said = words.gettext(msgid)
        translated += said != msgid
        assert regions.countries_of(said) == regions.countries_of(msgid), (msgid, said)
        assert regions.worldwide(said) == regions.worldwide(msgid), (msgid, said)
    assert translated > (3 if "_" in code else 15)


def test_the_alias_table_names_only_real_areas_and_countries():
    """A typo in regions.toml ("KN" for Kenya's "KE" is another country; "KY2" is nothing)
    would shade the wrong country or none: every code is an M49 area or an ISO country."""
    data = resources.files("donorkit.graphics").joinpath("data")
    areas = json.loads(data.joinpath("m49.json").read_text("utf-8"))["areas"]
    isos = {c.alpha_2 for c in pycountry.countries} | {"XK"}
    table = tomllib.loads(data.joinpath("regions.toml").read_text("utf-8"))
    for entry in table["region"]:
        for code in entry["areas"] + entry.get("except", []):
            assert code in areas or code in isos, (entry["names"][0], code)
        assert regions.countries_of(entry["names"][0]), entry["names"][0]
    shapes = geometry.shapes()
    # the countries the areas hold are on the map (bar a few specks the source map lacks)
    members = set().union(*(regions.countries_of(n) for n in ("Africa", "Asia", "Europe",
                                                              "Americas", "Oceania")))
    assert len(members - set(shapes)) <= 6, sorted(members - set(shapes))


def test_places_of_a_page(write_page, tmp_path):
    pages = {
        "kenya": "country: Kenya\nregions: Sub-Saharan Africa",  # a classification only
        "regional": "country: Regional\nregions: [Sub-Saharan Africa, Sub-Saharan Africa]",
        "none": "regions: Middle East and North Africa",
        "west": "country: West Africa\nregions: Sub-Saharan Africa",  # the page's own region
        "world": "country: Worldwide\nregions: Global",
        "bare": "country: Regional",
        "typo": "country: Decomcratic Republic of Congo\nregions: Sub-Saharan Africa",
        "both": "country: [Kenya, Regional]\nregions: Sub-Saharan Africa",
    }
    for name, fm in pages.items():
        write_page(f"title: {name}\n{fm}", name=f"{name}.md")
    lib = load_library(tmp_path, today=TODAY)
    got = {p.slug: footprint.places(p) for p in lib.projects}
    assert got == {
        "kenya": ([], []),
        "regional": (["Sub-Saharan Africa"], []),
        "none": (["Middle East and North Africa"], []),
        "west": (["West Africa"], []),
        "world": ([], ["Worldwide"]),
        "bare": ([], ["Regional"]),
        "typo": ([], ["Decomcratic Republic of Congo"]),
        "both": (["Sub-Saharan Africa"], []),
    }


# -- the footprint map -----------------------------------------------------------------------------


def test_regional_project_hatches_its_region_without_inflating_counts(library):
    ctx = context(library)
    svg = svg_of(ctx.graphics.footprint)
    shapes = geometry.shapes()
    world = view_of(svg) == pytest.approx(geometry.WORLD_VIEW)
    assert world  # a worldwide page is in the selection
    rings = fills(svg)

    def fill_of(iso: str) -> set[str]:
        return {rings[r] for r in re.findall(r"M[^M]*", shapes[iso].path(coarse=world))}

    [hatch] = [p for p in svg.iter(f"{SVG}path") if p.get("class") == "region"]
    assert hatch.get("fill") == "url(#region)"
    assert svg.find(f".//{SVG}pattern[@id='region']") is not None
    ssa = regions.countries_of("Sub-Saharan Africa")
    for iso in ("TZ", "ZA", "SN", "GH", "CD"):  # region-wide only: hatched
        assert iso in ssa and fill_of(iso) == {"url(#region)"}, iso
    for iso in ("EG", "BR", "IN", "FR"):  # outside every region named: plain land
        assert fill_of(iso) == fill_of("EG") != {"url(#region)"}, iso
    # Kenya (2 projects) and Nigeria (1) keep their own solid shades, drawn over the hatching
    look_kenya, look_nigeria = fill_of("KE"), fill_of("NG")
    assert len(look_kenya) == 1 and look_kenya != look_nigeria
    assert "url(#region)" not in look_kenya | look_nigeria
    legend = [t.text for t in svg.iter(f"{SVG}text")]
    assert legend == ["Projects", "1", "2", "Regional"]

    glance = ctx.glance
    assert [(c.name, c.count) for c in glance.by_country] == [("Kenya", 2), ("Nigeria", 1),
                                                              ("Uganda", 1)]
    assert ctx.graphics.footprint.alt == (
        "Map: 8 projects in 3 countries: Kenya (2), Nigeria (1), Uganda (1); "
        "3 regional projects: Sub-Saharan Africa (2), West Africa (1). "
        "Not on the map: Atlantis Basin (1), Worldwide (1).")
    assert ctx.graphics.footprint.caption == (
        "Kenya (2), Nigeria (1), Uganda (1). 3 regional projects (hatched): Sub-Saharan Africa "
        "(2), West Africa (1). Not on the map: Atlantis Basin (1), Worldwide (1).")
    assert glance.countries == 3  # the regional pages add no country


def test_extent_picks_the_region_its_projects_are_in(library):
    svg = svg_of(context(library, AFRICAN).graphics.footprint)
    x, y, w, h = view_of(svg)
    wx, wy, ww, wh = geometry.WORLD_VIEW
    assert w < ww * 0.55  # Africa, not the world
    assert 1.55 <= w / h <= 2.3  # a taller map for a tall region
    shapes = geometry.shapes()
    for iso in ("SN", "ZA", "SO", "KE"):  # the region's corners are in view
        bx, by, bw, bh = shapes[iso].box
        assert x <= bx and bx + bw <= x + w and y <= by and by + bh <= y + h, iso
    assert float(svg.get("height")) == pytest.approx(640 * h / w, abs=1)
    # the countries alone (East and West Africa) would make a narrower, wider-than-tall window
    only_countries = svg_of(context(library, AFRICAN[:3]).graphics.footprint)
    assert view_of(only_countries)[2] < w


def test_a_region_too_wide_for_a_window_leaves_the_countries_their_window():
    """Nepal, the Philippines and Viet Nam, with a project across Asia and the Pacific and
    Eastern Europe: an Asian window, hatched where the region falls in it, not a world of
    hatching with three slivers."""
    region = regions.countries_of("Asia and the Pacific") | regions.countries_of(
        "Eastern Europe and Central Asia")
    assert {"RU", "AU", "CN"} <= region
    svg = maps.country_map({"NP": 1, "PH": 1, "VN": 1}, look_for(load_brand("default")),
                           region=region)
    x, y, w, h = map(float, etree.fromstring(svg.encode()).get("viewBox").split())
    assert w < geometry.WORLD_VIEW[2] * 0.55
    shapes = geometry.shapes()
    for iso in ("NP", "PH", "VN"):
        bx, by, bw, bh = shapes[iso].box
        assert x <= bx and bx + bw <= x + w and y <= by and by + bh <= y + h, iso
    assert 'class="region"' in svg  # still hatched inside the window


def test_a_regional_page_alone_is_mapped_and_an_unknown_region_is_not(library):
    ctx = context(library, ["regional-hiv-corridors"])
    assert ctx.graphics.footprint.alt == (
        "Map: 1 project; 1 regional project: Sub-Saharan Africa (1).")
    ctx = context(library, ["regional-atlantis"])
    assert ctx.graphics.footprint is None  # nothing to draw; the page is listed in the text


def test_locator_of_a_regional_project_shows_its_region(library):
    ctx = context(library, ["regional-hiv-corridors"], doctype="case-study")
    locator = ctx.graphics.locator
    assert locator.alt == "Locator map: Sub-Saharan Africa (region)."
    svg = svg_of(locator)
    assert [p.get("class") for p in svg.iter(f"{SVG}path")].count("region") == 1
    assert view_of(svg)[2] < geometry.WORLD_VIEW[2] / 2  # the region, not the world
    for slug in ("regional-atlantis", "worldwide-payments"):
        ctx = context(library, [slug], doctype="case-study")
        assert ctx.graphics.locator is None, slug


def test_worldwide_forces_the_world_and_no_region_means_no_hatching():
    svg = etree.fromstring(maps.country_map({"KE": 1}, look_for(load_brand("default")),
                                            world=True))
    assert view_of(svg) == pytest.approx(geometry.WORLD_VIEW)
    assert svg.find(f".//{SVG}pattern") is None  # no region, no hatching, no legend entry
    assert [t.text for t in svg.iter(f"{SVG}text")] == []


# -- one tally -------------------------------------------------------------------------------------


def test_chart_and_map_figures_are_the_glances(library):
    projects = library.select(Selection())
    glance = glance_for(projects, year=TODAY.year)
    graphics = portfolio_graphics(projects, load_brand("default"), TODAY.year, glance=glance)
    for field in ("by_region", "by_solution", "by_client"):
        listing = ", ".join(f"{c.name} ({c.count})" for c in getattr(glance, field))
        assert getattr(graphics, field).alt.endswith(f": {listing}."), field
    # the pictures count nothing themselves: other figures in the Glance, other figures drawn
    tweaked = glance.model_copy(update={
        "by_client": [Count(name=c.name, count=c.count * 10) for c in glance.by_client],
        "by_country": [Count(name="Kenya", count=7), Count(name="Uganda", count=1)]})
    graphics = portfolio_graphics(projects, load_brand("default"), TODAY.year, glance=tweaked)
    assert "World Bank (10)" in graphics.by_client.alt
    assert "in 2 countries: Kenya (7), Uganda (1);" in graphics.footprint.alt


# -- both writers ----------------------------------------------------------------------------------


def test_pdf_and_docx_carry_the_hatched_map(library, tmp_path):
    import pdfplumber

    [result] = export("capability-statement", library=library,
                      selection=Selection(slug=AFRICAN),
                      options=ExportOptions(formats=("pdf", "docx"), out=tmp_path, today=TODAY))
    assert result.ok, result.error
    pdf = next(p for p in result.files if p.suffix == ".pdf")
    with pdfplumber.open(pdf) as doc:
        text = " ".join(page.extract_text() or "" for page in doc.pages)
        pages = [page for page in doc.pages if "regional projects (hatched)" in
                 (page.extract_text() or "")]
        assert pages and len(pages[0].curves) > 50  # the map is vector outlines
    assert "3 regional projects (hatched): Sub-Saharan Africa (2), West Africa (1)." in \
        " ".join(text.split())
    docx = next(p for p in result.files if p.suffix == ".docx")
    with zipfile.ZipFile(docx) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "3 regional projects: Sub-Saharan Africa (2), West Africa (1)." in xml  # descr


def test_a_french_statement_hatches_the_translated_region(library):
    ctx = build_context("capability-statement", library.select(Selection(slug=AFRICAN)),
                        options=ExportOptions(today=TODAY, language="fr"))
    footprint_map = ctx.graphics.footprint
    assert "3 projets régionaux\u00a0: Afrique subsaharienne (2), Afrique de l’Ouest (1)" in \
        footprint_map.alt.replace("'", "’")
    assert any(p.get("class") == "region" for p in svg_of(footprint_map).iter(f"{SVG}path"))
