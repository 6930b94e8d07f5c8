"""Options left unset skip Typer's TypeAdapter (cli/coercion.py); given values are still checked
and converted by Typer."""

from __future__ import annotations

import typer.core

from cliutil import cli
from donorkit.cli import coercion
from donorkit.resources import example_library

SLUG = "worldwide-digital-public-finance-learning-facility-dpflf"


def test_installed_once():
    assert typer.core._TyperParameter.process_value._donorkit
    assert coercion.install() is False


def test_only_given_values_build_an_adapter(tmp_path, monkeypatch):
    built = []
    real = typer.core.build_runtime_param

    def counting(descriptor):
        built.append(descriptor.annotation)
        return real(descriptor)

    monkeypatch.setattr(typer.core, "build_runtime_param", counting)
    monkeypatch.setattr(typer.core._TyperParameter, "_runtime_param", None, raising=False)
    cli("export", "case-study", SLUG, "-l", example_library(), "-f", "html", "-o", tmp_path)
    assert list(tmp_path.rglob("*.html"))
    assert 0 < len(built) <= 8  # doctype, slug, library, formats, out and defaults like --dpi


def test_given_values_are_still_checked(tmp_path):
    result = cli("export", "case-study", SLUG, "-l", example_library(), "-f", "png",
                 "--dpi", "many", "-o", tmp_path, code=2)
    assert "--dpi" in result.stderr
    assert not list(tmp_path.rglob("*"))
