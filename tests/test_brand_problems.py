"""A brand's mistakes all at once, a misspelt brand name, and SVG logos (issue #16).

The brand folders are copies of the shipped harbour brand with edits written here, so each
expectation is spelt out rather than read back through the loader.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from typer.testing import CliRunner

from donorkit.brand import load_brand
from donorkit.cli import app
from donorkit.errors import BrandError
from donorkit.exporting import ExportOptions, export
from donorkit.library import Selection, load_library
from donorkit.resources import example_library, styles_dir

SLUG = "kenya-county-health-financing-support-chfs"
SVG_LOGO = """<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     width="160" height="40" viewBox="0 0 160 40">
  <rect width="160" height="40" fill="#123456"/>
  <circle cx="20" cy="20" r="12" fill="#654321"/>
  {extra}
</svg>
"""


def brand_copy(tmp_path: Path, edits: dict[str, str] = {}) -> Path:  # noqa: B006 - read only
    folder = tmp_path / "styles" / "acme"
    shutil.copytree(styles_dir() / "harbour", folder)
    brand_file = folder / "_brand.yml"
    text = brand_file.read_text(encoding="utf-8")
    for old, new in edits.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    brand_file.write_text(text, encoding="utf-8")
    return folder


def line_of(path: Path, marker: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if marker in line)


def test_every_mistake_of_a_brand_is_reported_in_one_pass(tmp_path):
    folder = brand_copy(tmp_path, {
        '  background: "#FFFFFF"\n': '  background: "#FFFFF"\n',
        "size: 10.5pt": "size: huge",
        "    color: tertiary": "    color: coralish",
        "    paper: Letter\n": "    paper: Tabloid\n    margins: 20mm\n",
        "logo:\n  small: logo.png": "logo:\n  small: nowhere.png",
    })
    (folder / "fonts" / "Roboto-Bold.ttf").unlink()
    brand_file = folder / "_brand.yml"
    with pytest.raises(BrandError) as raised:
        load_brand(folder)
    header, *lines = str(raised.value).splitlines()
    assert header == "invalid brand file (7 problems):"
    lines = [line.strip() for line in lines]
    expected = [
        (line_of(brand_file, "small: nowhere.png"), "logo.small", "nowhere.png does not exist"),
        (line_of(brand_file, 'background: "#FFFFF"'), "color.background", "'#FFFFF'"),
        (line_of(brand_file, "Roboto-Bold.ttf"), "typography.fonts", "Roboto-Bold.ttf"),
        (line_of(brand_file, "size: huge"), "typography.base.size", "'huge'"),
        (line_of(brand_file, "color: coralish"), "typography.headings.color", "'coralish'"),
        (line_of(brand_file, "paper: Tabloid"), "defaults.donorkit.paper", "'Tabloid'"),
        (line_of(brand_file, "margins: 20mm"), "defaults.donorkit.margins", "'margins'"),
    ]
    assert len(lines) == len(expected), lines
    for (line, key, value), text in zip(expected, lines, strict=True):
        assert text.startswith(f"{brand_file}:{line}: {key}: "), text
        assert value in text, text


def test_a_misspelt_brand_name_gets_a_suggestion():
    with pytest.raises(BrandError, match="did you mean 'harbour'"):
        load_brand("harbor")
    result = CliRunner().invoke(app, ["export", "case-study", SLUG, "--brand", "harbor",
                                      "--library", str(example_library())])
    assert result.exit_code == 1
    assert "did you mean 'harbour'" in result.output


@pytest.fixture(scope="module")
def svg_export(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("svg")
    secret = tmp_path / "secret.png"
    Image.new("RGB", (8, 8), "red").save(secret)
    # The red square must never appear: the logo names a file outside the brand folder.
    folder = brand_copy(tmp_path, {"small: logo.png\n  large: logo.png":
                                   "small: logo.svg\n  large: logo.svg"})
    (folder / "logo.svg").write_text(SVG_LOGO.format(
        extra=f'<image href="{secret}" x="0" y="0" width="160" height="40"/>'), encoding="utf-8")
    out = tmp_path / "out"
    [result] = export("case-study", library=load_library(example_library()),
                      selection=Selection(slug=[SLUG]),
                      options=ExportOptions(brand=folder, formats=("pdf", "docx"), out=out))
    return result


def test_svg_logo_is_vector_in_the_pdf(svg_export):
    assert svg_export.ok, svg_export.error
    pdf = next(f for f in svg_export.files if f.suffix == ".pdf")
    first = PdfReader(pdf).pages[0]
    # Drawn as paths in the logo's own colour (#123456, no other part of the page uses it), not
    # pasted in as a picture: the page holds no raster image.
    assert b"0.070588 0.203922 0.337255 rg" in first.get_contents().get_data()
    assert [image.name for image in first.images] == []
    # The logo's reference to a file outside the brand folder was refused by the policy.
    assert any("secret.png" in w and "outside the allowed folders" in w
               for w in svg_export.warnings)


def test_svg_logo_is_rasterised_for_word_without_its_external_references(svg_export):
    docx = next(f for f in svg_export.files if f.suffix == ".docx")
    with zipfile.ZipFile(docx) as archive:
        media = [archive.read(n) for n in archive.namelist() if n.startswith("word/media/")]
    logos = []
    for data in media:
        with Image.open(io.BytesIO(data)) as img:
            if img.size == (320, 80):  # twice the SVG's 160 x 40
                logos.append(img.convert("RGB"))
    assert logos, "no rasterised logo in the DOCX"
    colours = {colour for _, colour in logos[0].getcolors(maxcolors=100000)}
    assert (0x12, 0x34, 0x56) in colours  # the background
    assert (255, 0, 0) not in colours  # the file outside the brand folder was not drawn


def test_an_unreadable_svg_logo_is_a_brand_error(tmp_path):
    folder = brand_copy(tmp_path, {"small: logo.png": "small: logo.svg"})
    (folder / "logo.svg").write_text("<svg><unclosed></svg>", encoding="utf-8")
    with pytest.raises(BrandError, match="logo.small: .*logo.svg is not a readable"):
        load_brand(folder)
