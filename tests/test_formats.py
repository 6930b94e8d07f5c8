"""`--format pdf,docx` beside repeated --format, everywhere a format is taken."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from donorkit.cli import app
from donorkit.errors import SelectionError, SpecError
from donorkit.exporting import ExportOptions
from donorkit.formats import split_formats
from donorkit.spec import load_spec


def test_split_formats():
    assert split_formats("pdf") == ["pdf"]
    assert split_formats("pdf, DOCX") == ["pdf", "docx"]
    assert split_formats(["pdf,docx", "html", "pdf"]) == ["pdf", "docx", "html"]
    assert split_formats(None) == []


def test_export_options_read_a_string_as_one_format():
    assert ExportOptions(formats="pdf").formats == ("pdf",)
    assert ExportOptions(formats="pdf,docx").formats == ("pdf", "docx")
    with pytest.raises(SelectionError, match="unknown format rtf"):
        ExportOptions(formats="pdf,rtf")


def test_spec_formats_comma_separated(tmp_path):
    spec = tmp_path / "bid.yml"
    spec.write_text("title: T\nformats: pdf,docx\n", encoding="utf-8")
    assert load_spec(spec).formats == ["pdf", "docx"]
    spec.write_text("title: T\nformats: pdf,rtf\n", encoding="utf-8")
    with pytest.raises(SpecError, match="formats"):
        load_spec(spec)


@pytest.mark.parametrize("args", [["-f", "html,docx"], ["-f", "html", "--format", "docx"],
                                  ["-f", "html, docx"]])
def test_cli_export_formats(tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["export", "case-study", "--limit", "1", *args,
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.suffix for p in (out / "case-study").iterdir()) == [".docx", ".html"]
