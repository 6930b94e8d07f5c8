"""Brand safety: `brands init` never copies another firm's organisation, exports warn (strict
fails) while a TODO is left, and the bundled demo brand warns outside the bundled example."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from lxml import html as lxml_html
from typer.testing import CliRunner

import donorkit
from donorkit.brand.placeholder import PLACEHOLDER_FILE, PLACEHOLDER_MARK
from donorkit.brand.safety import blank_organisation, todo_fields
from donorkit.brand.scaffold import init_brand
from donorkit.cli import app
from donorkit.resources import example_library, styles_dir

MINI = Path(__file__).parent / "fixtures" / "library" / "mini"
KCWG = "kenya-county-water-governance-programme-kcwg"


@pytest.fixture
def acme(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return init_brand("acme", source="default")


@pytest.mark.parametrize("source", ["default", "harbour"])
def test_init_copies_no_organisation_text(tmp_path, source):
    folder = init_brand("acme", source=source, parent=tmp_path)
    text = (folder / "_brand.yml").read_text(encoding="utf-8")
    for firm_text in ("Meridian", "Harbour Consortium", "meridian.example.org",
                      "harbour.example.org", "12 Harbour Street", "400 Wharf Avenue"):
        assert firm_text not in text, firm_text
    brand = donorkit.load_brand(folder)
    assert brand.organisation.startswith("TODO")
    assert len(todo_fields(brand)) == 5
    # the look is kept
    assert brand.colors == donorkit.load_brand(styles_dir() / source).colors


def test_blank_organisation_keeps_other_keys_and_comments():
    text = ("meta:\n  name:\n    full: Old Firm   # shown on covers\n    short: Old\n"
            "  link:\n    home: https://old.example\n\ncolor:\n  primary: navy  # keep me\n"
            "defaults:\n  donorkit:\n    paper: A4\n    about: >-\n      Old text\n"
            "      more old text\n    contact:\n    - Old Firm\n    - Old Street\n")
    out = blank_organisation(text)
    assert "Old" not in out
    assert "primary: navy  # keep me" in out and "paper: A4" in out
    assert 'full: "TODO: your organisation\'s full name"' in out


def test_export_warns_and_strict_fails_while_todo(acme, tmp_path):
    [result] = donorkit.export("case-study", library=MINI, selection=donorkit.Selection(
        slug=[KCWG]), brand="acme", formats=["html"], out=tmp_path / "out")
    assert result.ok
    assert any("still has TODO organisation fields" in w and "_brand.yml" in w
               for w in result.warnings)
    [strict] = donorkit.export("case-study", library=MINI, selection=donorkit.Selection(
        slug=[KCWG]), brand="acme", formats=["html"], out=tmp_path / "strict", strict=True)
    assert not strict.ok and "(strict)" in (strict.error or "")
    assert any("TODO" in w for w in strict.warnings)
    assert not (tmp_path / "strict" / "case-study" / f"{KCWG}.html").exists()


def test_demo_brand_warns_outside_the_bundled_example(tmp_path):
    [own] = donorkit.export("case-study", library=MINI, selection=donorkit.Selection(
        slug=[KCWG]), formats=["html"], out=tmp_path / "out")
    assert any("bundled demo" in w and "Meridian Development Partners" in w
               for w in own.warnings)
    slug = donorkit.load_library(example_library()).projects[0].slug
    [example] = donorkit.export("case-study", library=example_library(),
                                selection=donorkit.Selection(slug=[slug]), formats=["html"],
                                out=tmp_path / "out")
    assert not [w for w in example.warnings if "bundled demo" in w]


def test_cli_shows_the_todo_warning(acme):
    result = CliRunner().invoke(app, ["export", "case-study", KCWG, "-l", str(MINI), "-b",
                                      "acme", "-f", "html"])
    assert result.exit_code == 0
    assert "TODO organisation fields" in result.stderr


def test_cli_says_a_warning_of_every_document_once(tmp_path):
    result = CliRunner().invoke(app, ["export", "case-study", "-l", str(MINI), "-f", "html",
                                      "-o", str(tmp_path)])
    assert result.exit_code == 0
    demo = [line for line in result.stderr.splitlines() if "bundled demo" in line]
    assert len(demo) == 1 and demo[0].startswith("warning: all 6 documents:")


@pytest.mark.parametrize("source", ["default", "harbour"])
def test_init_starts_with_a_placeholder_logo_not_the_demo_firms(tmp_path, source):
    """Review item 7: `brands init` copied the demo firm's logo, and nothing warned."""
    from donorkit.svg import rasterise

    folder = init_brand("acme", source=source, parent=tmp_path)
    demo = (styles_dir() / source / "logo.png").read_bytes()
    assert not [p for p in folder.rglob("*") if p.is_file() and p.read_bytes() == demo]
    brand = donorkit.load_brand(folder)
    assert brand.logo_small == brand.logo_large == folder / PLACEHOLDER_FILE
    svg = brand.logo_small.read_text(encoding="utf-8")
    assert PLACEHOLDER_MARK in svg and "<title>acme</title>" in svg
    assert "<text" not in svg  # the name is drawn in the brand's font, not left to the viewer
    assert brand.colors.primary in svg
    assert rasterise(svg.encode()).png  # Word gets it too


def test_export_warns_and_strict_fails_while_the_logo_is_the_placeholder(acme, tmp_path):
    from PIL import Image

    def export(strict: bool = False):
        [result] = donorkit.export("case-study", library=MINI, selection=donorkit.Selection(
            slug=[KCWG]), brand="acme", formats=["html"], out=tmp_path / "out", strict=strict)
        return result

    def fill_in(old: str, new: str) -> None:
        brand_file = acme / "_brand.yml"
        brand_file.write_text(brand_file.read_text(encoding="utf-8").replace(old, new),
                              encoding="utf-8")

    result = export()
    page = lxml_html.parse(str(tmp_path / "out" / "case-study" / f"{KCWG}.html")).getroot()
    logos = [base64.b64decode(img.get("src").split(",", 1)[1])
             for img in page.xpath('//img[contains(@class, "logo")]')]
    # the document shows the neutral placeholder
    assert logos and all(PLACEHOLDER_MARK.encode() in logo for logo in logos)
    [logo] = [w for w in result.warnings if "logo" in w]
    assert "TODO placeholder logo" in logo and "logo.small, logo.large" in logo
    for path, value in (("full", "Acme Advisory"), ("short", "Acme"),
                        ("home", "https://acme.example.com"), ("footer", "Acme Advisory"),
                        ("about", "Acme advises."), ("contact", "[Acme Advisory]")):
        text = (acme / "_brand.yml").read_text(encoding="utf-8")
        line = next(li for li in text.splitlines() if li.strip().startswith(f"{path}:"))
        fill_in(line, line.split(":")[0] + f": {value}")
    strict = export(strict=True)
    assert not strict.ok and "(strict)" in (strict.error or "")
    assert [w for w in strict.warnings if "placeholder logo" in w]
    Image.new("RGB", (300, 80), (200, 30, 30)).save(acme / "acme.png")
    fill_in("logo-placeholder.svg", "acme.png")
    assert export(strict=True).ok


def test_a_copied_demo_logo_warns(tmp_path):
    """A brand folder copied by hand (or made by `brands init` before it stopped copying logos)
    still carries the demo firm's logo: warned about, --strict fails."""
    import shutil

    own = tmp_path / "lakeside"
    shutil.copytree(styles_dir() / "harbour", own)
    [result] = donorkit.export("case-study", library=MINI, selection=donorkit.Selection(
        slug=[KCWG]), brand=str(own), formats=["html"], out=tmp_path / "out", strict=True)
    assert not result.ok and "(strict)" in (result.error or "")
    assert [w for w in result.warnings
            if "uses the logo of the bundled demo brand 'harbour' (logo.small, logo.large)" in w]
