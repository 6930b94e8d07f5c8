"""Brands end to end: one _brand.yml drives both the PDF and the DOCX, fonts come from the brand
folder only, broken brand files are refused before rendering, and override templates replace
exactly the partial they override.

Expected values are written out from the shipped _brand.yml files rather than read back through
load_brand, so a loader bug cannot make a wrong expectation and a wrong result agree.
"""

from __future__ import annotations

import importlib
import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.shared import Pt, RGBColor
from fontTools.ttLib import TTFont
from lxml import etree
from lxml import html as lxml_html
from PIL import Image
from pypdf import PdfReader
from typer.testing import CliRunner

from donorkit.brand import list_brands, load_brand
from donorkit.cli import app
from donorkit.errors import BrandError
from donorkit.exporting import ExportOptions, export
from donorkit.library import Selection, load_library
from donorkit.resources import example_library, styles_dir, templates_dir
from donorkit.spec import PreparedFor, Spec
from textutil import docx_text, pdf_text, squash

TODAY = date(2026, 1, 15)
SLUG = "kenya-county-health-financing-support-chfs"
FIXTURES = Path(__file__).parent / "fixtures"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MM_PER_PT = 25.4 / 72

SHIPPED = {
    "default": {
        "families": {"Open Sans"}, "base": "Open Sans", "headings": "Open Sans",
        "primary": "#1F4E79", "headings_color": "#1F4E79", "link": "#1F4E79",
        "paper_mm": (210.0, 297.0),
    },
    "harbour": {
        "families": {"Roboto", "Roboto Slab"}, "base": "Roboto", "headings": "Roboto Slab",
        "primary": "#0B6E69", "headings_color": "#E8672A", "link": "#0B6E69",
        "paper_mm": (215.9, 279.4),
    },
}
OTHER = {"default": "harbour", "harbour": "default"}


# --- helpers -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def library():
    return load_library(example_library(), today=TODAY)


def render(library, brand: str | Path, out: Path, *, formats=("pdf", "docx", "html"),
           templates: list[Path] | None = None) -> dict[str, Path]:
    """One case study in every format of *formats*: {"pdf": path, ...}."""
    [result] = export("case-study", library=library, selection=Selection(slug=[SLUG]),
                      options=ExportOptions(brand=brand, formats=formats, out=out,
                                            templates=templates or [], today=TODAY))
    assert result.error is None
    assert result.warnings == []  # a font or image that failed to load would show here
    return {path.suffix[1:]: path for path in result.files}


def make_brand(tmp_path: Path, name: str, *, base: str = "harbour",
               overlay: str | None = None) -> Path:
    """A copy of a shipped brand under tmp_path/styles, with a fixture folder laid over it.
    Its logo looks the same but is another file: the demo brand's own logo file in a brand of
    one's own is a warning (brand/safety.py), and these tests look for other warnings."""
    from PIL import PngImagePlugin

    folder = tmp_path / "styles" / name
    shutil.copytree(styles_dir() / base, folder)
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", f"test copy of the {base} logo")
    with Image.open(styles_dir() / base / "logo.png") as logo:
        logo.save(folder / "logo.png", pnginfo=info)
    if overlay is not None:
        shutil.copytree(FIXTURES / "brands" / overlay, folder, dirs_exist_ok=True)
    return folder


def line_of(path: Path, marker: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if marker in line:
            return number
    raise AssertionError(f"{marker!r} not in {path}")


def _objects(reader: PdfReader) -> Iterator[tuple[object, bytes]]:
    """(resources, decompressed content stream) of every page and every form XObject."""
    seen: set[int] = set()

    def walk(resources: object, content: bytes) -> Iterator[tuple[object, bytes]]:
        yield resources, content
        for ref in ((resources or {}).get("/XObject") or {}).values():
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Form" and id(xobject) not in seen:
                seen.add(id(xobject))
                yield from walk(xobject.get("/Resources"), xobject.get_data())

    for page in reader.pages:
        contents = page.get_contents()
        yield from walk(page.get("/Resources"), b"" if contents is None else contents.get_data())


def pdf_fonts(path: Path) -> dict[str, str]:
    """BaseFont name (without the subset tag) -> PostScript name of the embedded font program."""
    fonts = {}
    for resources, _ in _objects(PdfReader(path)):
        for ref in ((resources or {}).get("/Font") or {}).values():
            font = ref.get_object()
            described = (font["/DescendantFonts"][0].get_object()
                         if "/DescendantFonts" in font else font)
            descriptor = described["/FontDescriptor"].get_object()
            program = next(descriptor[key] for key in ("/FontFile2", "/FontFile3", "/FontFile")
                           if key in descriptor)
            with TTFont(io.BytesIO(program.get_object().get_data())) as embedded:
                postscript = embedded["name"].getDebugName(6)
            fonts[str(font["/BaseFont"]).split("+", 1)[-1]] = postscript
    return fonts


_COLOUR_OP = re.compile(rb"(?<![\w.])([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+(?:rg|RG)(?!\w)")


def pdf_colours(path: Path) -> list[tuple[float, float, float]]:
    """Every RGB fill and stroke colour set in the PDF's content streams."""
    colours = []
    for _, content in _objects(PdfReader(path)):
        colours += [tuple(float(v) for v in match.groups())
                    for match in _COLOUR_OP.finditer(content)]
    return colours


def uses_colour(colours: list[tuple[float, float, float]], hex_colour: str) -> bool:
    # half a step of 1/255: close enough for rounding, too close for a neighbouring colour
    want = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    return any(all(abs(a - b) < 0.002 for a, b in zip(c, want, strict=True)) for c in colours)


def postscript_names(folder: Path) -> dict[str, str]:
    """PostScript name -> family (name ID 16, else 1) of every font file in a folder."""
    names = {}
    for path in folder.rglob("*"):
        if path.suffix.lower() in (".ttf", ".otf"):
            with TTFont(path) as font:
                table = font["name"]
                names[table.getDebugName(6)] = table.getDebugName(16) or table.getDebugName(1)
    return names


def docx_part(path: Path, part: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(part))


def docx_style(styles: etree._Element, name: str) -> etree._Element:
    for style in styles.iter(f"{W}style"):
        found = style.find(f"{W}name")
        if found is not None and found.get(f"{W}val").lower() == name.lower():
            return style
    raise AssertionError(f"no style {name!r}")


def style_fonts(style: etree._Element) -> set[str | None]:
    fonts = style.find(f"{W}rPr/{W}rFonts")
    assert fonts is not None, "style has no w:rFonts"
    return {fonts.get(f"{W}ascii"), fonts.get(f"{W}hAnsi")}


def style_colour(style: etree._Element) -> str | None:
    colour = style.find(f"{W}rPr/{W}color")
    return None if colour is None else colour.get(f"{W}val").upper()


def docx_page_mm(path: Path) -> tuple[float, float]:
    size = docx_part(path, "word/document.xml").find(f".//{W}sectPr/{W}pgSz")
    return (int(size.get(f"{W}w")) / 1440 * 25.4, int(size.get(f"{W}h")) / 1440 * 25.4)


# --- the shipped brands, PDF and DOCX ----------------------------------------------------------

@pytest.fixture(scope="module")
def shipped(library, tmp_path_factory):
    """The same case study under both shipped brands: {brand: {format: path}}."""
    return {brand: render(library, brand, tmp_path_factory.mktemp(brand)) for brand in SHIPPED}


@pytest.mark.parametrize("brand", SHIPPED)
def test_pdf_embeds_exactly_the_brand_fonts(shipped, brand):
    fonts = pdf_fonts(shipped[brand]["pdf"])
    own = postscript_names(styles_dir() / brand / "fonts")
    other = postscript_names(styles_dir() / OTHER[brand] / "fonts")
    # every embedded program is one of the brand's files, and every brand family is used
    assert set(fonts.values()) <= set(own), fonts
    assert {own[ps] for ps in fonts.values()} == SHIPPED[brand]["families"]
    assert not set(fonts.values()) & (set(other) - set(own))
    # and the PDF's font names say so (WeasyPrint names a font after its CSS family)
    hyphenated = {family.replace(" ", "-") for family in SHIPPED[brand]["families"]}
    for name in fonts:
        assert any(name.startswith(family) for family in hyphenated), name
    if brand == "harbour":
        assert any(name.startswith("Roboto-Slab") for name in fonts)
        assert any(not name.startswith("Roboto-Slab") for name in fonts)
    else:
        assert not any("Roboto" in name for name in fonts)


@pytest.mark.parametrize("brand", SHIPPED)
def test_pdf_uses_the_brand_colours_and_paper(shipped, brand):
    path = shipped[brand]["pdf"]
    colours = pdf_colours(path)
    assert uses_colour(colours, SHIPPED[brand]["primary"])
    assert uses_colour(colours, SHIPPED[brand]["headings_color"])
    assert not uses_colour(colours, SHIPPED[OTHER[brand]]["primary"])
    reader = PdfReader(path)
    assert len(reader.pages) >= 1
    for page in reader.pages:
        size = (float(page.mediabox.width) * MM_PER_PT, float(page.mediabox.height) * MM_PER_PT)
        assert size == pytest.approx(SHIPPED[brand]["paper_mm"], abs=0.5)


@pytest.mark.parametrize("brand", SHIPPED)
def test_docx_styles_carry_the_brand_fonts_colours_and_paper(shipped, brand):
    path = shipped[brand]["docx"]
    expected = SHIPPED[brand]
    styles = docx_part(path, "word/styles.xml")
    assert style_fonts(docx_style(styles, "Normal")) == {expected["base"]}
    heading = docx_style(styles, "heading 1")
    assert style_fonts(heading) == {expected["headings"]}
    assert style_colour(heading) == expected["headings_color"][1:]
    assert style_colour(docx_style(styles, "Hyperlink")) == expected["link"][1:]
    # the theme's fonts would beat the brand's in Word, so the document defaults name it too
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert defaults.get(f"{W}ascii") == expected["base"]
    assert docx_page_mm(path) == pytest.approx(expected["paper_mm"], abs=0.5)
    # the body actually uses those styles
    body_styles = {p.style.name for p in docx.Document(str(path)).paragraphs}
    assert "Heading 1" in body_styles


def test_html_output_carries_the_brand_tokens(shipped):
    css = shipped["harbour"]["html"].read_text(encoding="utf-8")
    assert "--color-primary: #0B6E69" in css
    assert "size: letter" in css
    assert (styles_dir() / "harbour" / "fonts" / "RobotoSlab-Bold.otf").as_uri() in css


# --- brand files beside _brand.yml -------------------------------------------------------------

def make_reference(path: Path) -> None:
    """A reference.docx a designer might have saved from Word: distinctive, not the brand's."""
    document = docx.Document()
    document.styles["Normal"].font.name = "Georgia"
    heading = document.styles["Heading 1"].font
    heading.name = "Impact"
    heading.color.rgb = RGBColor(0x7B, 0x2D, 0x8E)
    heading.size = Pt(30)
    document.add_paragraph("Reference body text that must not reach any output.")
    document.save(str(path))


def test_reference_docx_styles_win(library, tmp_path):
    folder = make_brand(tmp_path, "with-reference")
    make_reference(folder / "reference.docx")
    assert load_brand(folder).reference_docx == folder.resolve() / "reference.docx"
    files = render(library, folder, tmp_path / "out", formats=("docx",))
    styles = docx_part(files["docx"], "word/styles.xml")
    assert style_fonts(docx_style(styles, "Normal")) == {"Georgia"}
    heading = docx_style(styles, "heading 1")
    assert style_fonts(heading) == {"Impact"}
    assert style_colour(heading) == "7B2D8E"
    assert heading.find(f"{W}rPr/{W}sz").get(f"{W}val") == "60"
    text = docx_text(files["docx"])
    assert "Reference body text" not in text
    assert squash("County Health Financing Support") in squash(text)
    # the page still follows the brand (Letter), whatever paper the reference was saved with
    assert docx_page_mm(files["docx"]) == pytest.approx(SHIPPED["harbour"]["paper_mm"], abs=0.5)


def test_damaged_reference_docx_is_refused_when_the_brand_loads(tmp_path):
    folder = make_brand(tmp_path, "bad-reference")
    (folder / "reference.docx").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(BrandError, match=re.escape(str(folder.resolve() / "reference.docx"))):
        load_brand(folder)


def test_print_css_is_applied_after_base_css(library, shipped, tmp_path):
    folder = make_brand(tmp_path, "recoloured", overlay="print-css")
    files = render(library, folder, tmp_path / "out", formats=("pdf", "html"))
    colours = pdf_colours(files["pdf"])
    assert uses_colour(colours, "#7B2D8E")  # h1, from print.css
    assert uses_colour(colours, SHIPPED["harbour"]["headings_color"])  # h2 still from tokens
    assert not uses_colour(pdf_colours(shipped["harbour"]["pdf"]), "#7B2D8E")
    page = files["html"].read_text(encoding="utf-8")
    assert page.index("donorkit base stylesheet") < page.index("h1 { color: #7B2D8E; }")


# --- fonts only from the brand folder ----------------------------------------------------------

def test_fonts_come_from_brand_files_not_fontconfig(library, tmp_path):
    """The brand calls Roboto-Regular.ttf "DejaVu Sans", a family fontconfig also knows, and
    ships no bold: every glyph, bold headings included, must still come from that one file."""
    folder = make_brand(tmp_path, "system-family", overlay="system-family")
    with TTFont(folder / "fonts" / "Roboto-Regular.ttf") as font:
        declared = font["name"].getDebugName(6)
    fonts = pdf_fonts(render(library, folder, tmp_path / "out", formats=("pdf",))["pdf"])
    assert fonts, "no fonts embedded"
    assert set(fonts.values()) == {declared}, fonts
    assert all(name.startswith("DejaVu-Sans") for name in fonts), fonts


# --- invalid brand files -----------------------------------------------------------------------

def _edit(old: str, new: str) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        path = folder / "_brand.yml"
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return apply


def _replace_file(name: str, content: Callable[[bytes], bytes] | None) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        path = folder / name
        if content is None:
            path.unlink()
        else:
            path.write_bytes(content(path.read_bytes()))
    return apply


def _font_elsewhere(folder: Path) -> None:
    elsewhere = folder.parent / "shared-fonts"
    elsewhere.mkdir()
    shutil.copy(folder / "fonts" / "Roboto-Bold.ttf", elsewhere)
    _edit("fonts/Roboto-Bold.ttf", "../shared-fonts/Roboto-Bold.ttf")(folder)


_SLAB = ("    - family: Roboto Slab\n      source: file\n      files:\n"
         "        - {path: fonts/RobotoSlab-Regular.otf, weight: 400}\n"
         "        - {path: fonts/RobotoSlab-Bold.otf, weight: 700}\n")

# (change to a copy of harbour, key named, text of the line named, words of the message)
INVALID = [
    pytest.param(_edit("  primary: teal\n", '  primary: "#0B6E6"\n'), "color.primary",
                 'primary: "#0B6E6"', "not a #RRGGBB colour", id="bad-colour"),
    pytest.param(_edit("    color: tertiary", "    color: coralish"), "typography.headings.color",
                 "color: coralish", "not a #RRGGBB colour", id="bad-headings-colour"),
    pytest.param(_edit("    paper: Letter\n", "    paper: Letter\n    margins: 20mm\n"),
                 "defaults.donorkit.margins", "margins: 20mm", "unknown key",
                 id="unknown-donorkit-key"),
    pytest.param(_edit("    family: Roboto Slab\n    weight: 700",
                       "    family: Merriweather\n    weight: 700"),
                 "typography.headings.family", "family: Merriweather",
                 "'Merriweather' is not declared with files", id="undeclared-family"),
    pytest.param(_edit(_SLAB, "    - family: Roboto Slab\n      source: google\n"),
                 "typography.fonts", "- family: Roboto Slab", "source 'google'",
                 id="google-font"),
    pytest.param(_replace_file("fonts/RobotoSlab-Bold.otf", None), "typography.fonts",
                 "RobotoSlab-Bold.otf", "RobotoSlab-Bold.otf for 'Roboto Slab' does not exist",
                 id="missing-font-file"),
    pytest.param(_replace_file("fonts/Roboto-Bold.ttf", lambda _: b"not a font at all" * 40),
                 "typography.fonts", "Roboto-Bold.ttf", "Roboto-Bold.ttf for 'Roboto' cannot be "
                 "loaded", id="corrupt-font-file"),
    pytest.param(_replace_file("fonts/Roboto-Italic.ttf", lambda data: data[:-20000]),
                 "typography.fonts", "Roboto-Italic.ttf", "Roboto-Italic.ttf for 'Roboto' cannot "
                 "be loaded", id="truncated-font-file"),
    pytest.param(_font_elsewhere, "typography.fonts", "shared-fonts/Roboto-Bold.ttf",
                 "outside the brand folder", id="font-outside-brand-folder"),
    pytest.param(_replace_file("logo.png", None), "logo.small", "small: logo.png",
                 "logo.png does not exist", id="missing-logo"),
    pytest.param(_replace_file("logo.png", lambda _: b"<svg/> is not a PNG"), "logo.small",
                 "small: logo.png", "not a readable PNG, JPEG or SVG", id="unreadable-logo"),
    pytest.param(_edit("paper: Letter", "paper: Tabloid"), "defaults.donorkit.paper",
                 "paper: Tabloid", "A4 or Letter", id="bad-paper"),
    pytest.param(_edit("size: 10.5pt", "size: large"), "typography.base.size", "size: large",
                 "not a size", id="bad-size"),
    pytest.param(_edit("    contact:\n", "    contact:\n      - {phone: 555}\n"),
                 "defaults.donorkit.contact", "    contact:", "must be text",
                 id="contact-not-lines"),
]


@pytest.mark.parametrize(("change", "key", "marker", "words"), INVALID)
def test_invalid_brand_names_file_line_and_key(change, key, marker, words, tmp_path, library,
                                               monkeypatch):
    folder = make_brand(tmp_path, "invalid").resolve()
    change(folder)
    brand_file = folder / "_brand.yml"
    where = f"{brand_file}:{line_of(brand_file, marker)}: {key}: "
    with pytest.raises(BrandError) as raised:
        load_brand(folder)
    message = str(raised.value)
    assert message.startswith(where), message
    assert words in message

    # export stops at the brand: nothing rendered, nothing written
    export_module = importlib.import_module("donorkit.exporting")
    rendered: list[object] = []
    monkeypatch.setattr(export_module, "render_html", lambda *a, **k: rendered.append(a))
    out = tmp_path / "out"
    with pytest.raises(BrandError, match=re.escape(where)):
        render(library, folder, out)
    assert rendered == []
    assert not out.exists() or not any(out.rglob("*"))


def test_invalid_brand_fails_a_portfolio_without_writing(tmp_path, library):
    folder = make_brand(tmp_path, "invalid")
    _edit("  primary: teal\n", "  primary: tealish\n")(folder)
    out = tmp_path / "out"
    [result] = export("capability-statement", library=library,
                      selection=Selection(slug=[SLUG]),
                      options=ExportOptions(brand=folder, out=out, today=TODAY))
    assert result.error is not None and "color.primary" in result.error
    assert result.files == []
    assert not out.exists() or not any(out.rglob("*"))


def test_address_joins_the_contact_block(tmp_path):
    folder = make_brand(tmp_path, "address")
    _edit("    paper: Letter\n", "    paper: Letter\n    address: |\n      1 Quay Road\n"
          "      Boston, MA 02110\n")(folder)
    contact = load_brand(folder).contact
    assert contact[0] == "Harbour Consortium for Resilience"
    assert contact[-2:] == ["1 Quay Road", "Boston, MA 02110"]


def test_link_colour_comes_from_typography_link(tmp_path):
    folder = make_brand(tmp_path, "links")
    _edit("  link:\n    color: primary", "  link:\n    color: tertiary")(folder)
    brand = load_brand(folder)
    assert brand.colors.link == "#E8672A"
    assert brand.colors.primary == "#0B6E69"


def test_cli_export_with_broken_brand_exits_1_without_traceback(tmp_path):
    shutil.copytree(FIXTURES / "brands" / "broken", tmp_path / "styles" / "broken")
    brand_file = (tmp_path / "styles" / "broken" / "_brand.yml").resolve()
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "donorkit", "export", "case-study", SLUG, "--brand", "broken",
         "--library", str(example_library()), "--out", str(out)],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    line = line_of(brand_file, 'primary: "#1F4E7"')
    assert f"{brand_file}:{line}: color.primary: '#1F4E7' is not a #RRGGBB colour" in proc.stderr
    assert not out.exists() or not any(out.rglob("*"))


# --- brands list / show / init -----------------------------------------------------------------

def test_brands_list_shows_shipped_and_project_brands(tmp_path, monkeypatch):
    project = make_brand(tmp_path, "harbour")  # ./styles/harbour shadows the bundled one
    _edit("full: Harbour Consortium for Resilience", "full: Harbour (project copy)")(project)
    make_brand(tmp_path, "acme", base="default")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["brands", "list"])
    assert result.exit_code == 0, result.output
    # rich expands the tab between name and folder, so split on the first whitespace
    listed = dict(line.split(None, 1) for line in result.stdout.splitlines())
    assert listed == {
        "acme": str(project.parent.resolve() / "acme"),
        "default": str((styles_dir() / "default").resolve()),
        "harbour": str(project.resolve()),
    }
    assert list_brands()["harbour"] == project.resolve()
    assert load_brand("harbour").organisation == "Harbour (project copy)"


def test_brands_show_json_has_the_tokens(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no ./styles: the bundled brand
    result = CliRunner().invoke(app, ["brands", "show", "harbour", "--json"])
    assert result.exit_code == 0, result.output
    tokens = json.loads(result.stdout)
    assert tokens["name"] == "harbour"
    assert tokens["paper"] == "Letter"
    assert tokens["colors"]["primary"] == "#0B6E69"
    assert tokens["typography"]["base_family"] == "Roboto"
    assert tokens["typography"]["headings_family"] == "Roboto Slab"
    assert tokens["typography"]["headings_color"] == "#E8672A"
    assert {f["family"] for f in tokens["typography"]["fonts"]} == {"Roboto", "Roboto Slab"}
    assert all(Path(f["path"]).is_file() for f in tokens["typography"]["fonts"])
    assert Path(tokens["logo_large"]).is_file()


def test_brands_init_copies_a_brand_with_the_guide(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(app, ["brands", "init", "acme", "--from", "harbour"])
    assert result.exit_code == 0, result.output
    folder = (tmp_path / "styles" / "acme").resolve()
    text = (folder / "_brand.yml").read_text(encoding="utf-8")
    assert text.startswith("# Brand file for donorkit")
    for section in ("meta", "logo", "color", "typography", "defaults.donorkit", "print.css",
                    "reference.docx"):
        assert section in text.split("\nmeta:")[0], section  # explained in the header
    assert "'harbour'" in text.splitlines()[1]
    brand = load_brand("acme")
    assert brand.folder == folder
    assert brand.colors == load_brand(styles_dir() / "harbour").colors
    assert brand.paper == "Letter"
    assert all(face.path.is_relative_to(folder) for face in brand.typography.fonts)

    again = runner.invoke(app, ["brands", "init", "acme", "--from", "default"])
    assert again.exit_code == 1
    assert "already exists" in again.output
    assert again.exception is None or isinstance(again.exception, SystemExit)
    assert (folder / "_brand.yml").read_text(encoding="utf-8") == text


# --- template overrides ------------------------------------------------------------------------

def _split_about(path: Path) -> tuple[str, str]:
    """(the HTML page without its about section, the about section's text)."""
    root = lxml_html.parse(str(path)).getroot()
    [about] = root.xpath('//section[@class="about"]')
    text = " ".join(about.text_content().split())
    about.drop_tree()
    # whitespace between block elements means nothing, and a partial's Jinja whitespace control
    # decides how much of it there is
    page = re.sub(r">\s+<", "><", lxml_html.tostring(root, encoding="unicode"))
    return page, text


def test_override_replaces_exactly_its_partial(library, shipped, tmp_path):
    override = FIXTURES / "templates" / "about-override"
    assert (templates_dir() / "_base" / "partials" / "about.html.j2").is_file()
    files = render(library, "default", tmp_path / "out", templates=[override])
    rest, about = _split_about(files["html"])
    original_rest, original_about = _split_about(shipped["default"]["html"])
    assert about == ("Working with Meridian Development Partners Overridden closing paragraph "
                     "from a team template folder.")
    assert original_about.startswith("About Meridian Development Partners")
    assert rest == original_rest

    key_facts = [" ".join(el.text_content().split()) for el in lxml_html.parse(
        str(files["html"])).getroot().xpath('//table[@class="key-facts"]//tr/*')]
    assert key_facts
    for fmt, extract in (("pdf", pdf_text), ("docx", docx_text)):
        text = squash(extract(files[fmt]))
        assert squash("Overridden closing paragraph from a team template folder.") in text, fmt
        assert squash("Working with Meridian Development Partners") in text, fmt
        assert squash("About Meridian Development Partners") not in text, fmt
        assert [fact for fact in key_facts if squash(fact) not in text] == [], fmt


# --- the worked example of docs/brands.md ------------------------------------------------------

def test_docs_worked_example(library, tmp_path, monkeypatch):
    """docs/brands.md step by step: init from default, new colours, a second font, a new logo,
    print.css, reference.docx and an overridden cover."""
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(app, ["brands", "init", "acme", "--from", "default"]).exit_code == 0
    folder = tmp_path / "styles" / "acme"
    # the organisation starts as TODO (never the source firm's): fill it in as the docs say
    for key, value in (("full", "Acme Advisory"), ("short", "Acme"),
                       ("home", "https://acme.example.com"), ("footer", "Acme Advisory"),
                       ("about", "Acme Advisory advises governments."),
                       ("contact", "[Acme Advisory, 1 Main Street]")):
        text = (folder / "_brand.yml").read_text(encoding="utf-8")
        line = next(li for li in text.splitlines() if li.strip().startswith(f"{key}:"))
        _edit(line, line.split(":")[0] + f": {value}")(folder)
    _edit('    navy: "#1F4E79"', '    navy: "#8A1538"')(folder)
    for name in ("RobotoSlab-Regular.otf", "RobotoSlab-Bold.otf"):
        shutil.copy(styles_dir() / "harbour" / "fonts" / name, folder / "fonts" / name)
    _edit("  base:\n", "    - family: Roboto Slab\n      source: file\n      files:\n"
          "        - {path: fonts/RobotoSlab-Regular.otf, weight: 400}\n"
          "        - {path: fonts/RobotoSlab-Bold.otf, weight: 700}\n  base:\n")(folder)
    _edit("  headings:\n    family: Open Sans\n    weight: 600",
          "  headings:\n    family: Roboto Slab\n    weight: 700")(folder)
    Image.new("RGB", (400, 120), (0x8A, 0x15, 0x38)).save(folder / "acme-logo.png")
    for size in ("small", "large"):
        text = (folder / "_brand.yml").read_text(encoding="utf-8")
        line = next(li for li in text.splitlines() if li.strip().startswith(f"{size}:"))
        _edit(line, f"  {size}: acme-logo.png")(folder)
    (folder / "print.css").write_text("h1 { letter-spacing: 0.02em; }\n"
                                      ".key-facts { border-left-width: 4pt; }\n")
    make_reference(folder / "reference.docx")
    cover = FIXTURES / "templates" / "cover-override"

    spec = Spec(title="Health financing", prepared_for=PreparedFor(client="Ministry of Health"))
    out = tmp_path / "out"
    [result] = export("capability-statement", library=library, selection=Selection(slug=[SLUG]),
                      spec=spec, name="acme-health",
                      options=ExportOptions(brand="acme", templates=[cover], out=out,
                                            formats=("pdf", "docx"), today=TODAY))
    assert result.error is None, result.error
    assert not [w for w in result.warnings if "TODO" in w], result.warnings
    files = {path.suffix[1:]: path for path in result.files}
    fonts = pdf_fonts(files["pdf"])
    assert {"OpenSans", "RobotoSlab-Bold"} <= set(fonts.values()), fonts
    assert uses_colour(pdf_colours(files["pdf"]), "#8A1538")
    assert not uses_colour(pdf_colours(files["pdf"]), "#1F4E79")
    cover_text = squash(pdf_text(files["pdf"], body_only=False))
    assert squash("Acme Advisory · capability statement") in cover_text
    assert squash("Prepared for Ministry of Health") in cover_text
    styles = docx_part(files["docx"], "word/styles.xml")
    assert style_fonts(docx_style(styles, "heading 1")) == {"Impact"}


@pytest.mark.parametrize("end", ["\r", "\f", "\n", "\r\n", '"', "\\"])
def test_a_family_name_cannot_inject_css(end, tmp_path):
    """A brand value is quoted as one CSS string whatever it holds: a line end of any kind (CSS
    has three), a quote or a backslash must not close the string and start a rule."""
    import tinycss2

    from donorkit.brand.model import Brand, FontFace, Typography
    from donorkit.rendering.css import private_family, tokens_css

    evil = f"Open Sans{end}}} h1 {{ color: red !important }} x {{"
    font = FontFace(family=evil, path=styles_dir() / "default" / "fonts" / "x.ttf")
    brand = Brand(name="evil", folder=tmp_path, typography=Typography(
        base_family=evil, headings_family=evil, monospace_family=evil, fonts=[font]))
    rules = tinycss2.parse_stylesheet(tokens_css(brand), skip_comments=True,
                                      skip_whitespace=True)
    assert not [r for r in rules if r.type == "error"]
    preludes = [tinycss2.serialize(r.prelude).strip() for r in rules if r.type == "qualified-rule"]
    assert preludes == [":root"], preludes
    root = next(r for r in rules if r.type == "qualified-rule")
    declarations = {d.name: d for d in tinycss2.parse_declaration_list(
        root.content, skip_comments=True, skip_whitespace=True) if d.type == "declaration"}
    [family] = [t for t in declarations["--font-base"].value if t.type == "string"]
    assert family.value == private_family(evil)  # escaped, not altered
