"""Brand safety: `brands init` never copies another firm's organisation, exports warn (strict
fails) while a TODO is left, and the bundled demo brand warns outside the bundled example."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import donorkit
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
