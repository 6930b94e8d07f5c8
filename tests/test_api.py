"""The Python API: parity with the CLI, typed errors with the CLI's messages, the runnable
example."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

import donorkit
from donorkit import errors
from donorkit.cli import app
from donorkit.resources import example_library

ROOT = Path(__file__).resolve().parent.parent

#: CLI command -> the API that does the same work. A new command without an entry fails below.
PARITY = {
    "check": "check_library",
    "projects list": "Library.select",
    "projects show": "Library.get",
    "projects facets": "facets",
    "export": "export",
    "context": "build_context",
    "batch": "batch",
    "doctor": "doctor.run_checks",
    "brands list": "list_brands",
    "brands show": "load_brand",
    "brands init": "brand.scaffold.init_brand",
    "serve": "web.create_app",
    "match": "match",
    "cache clear": "cachestore.clear",
    "cache info": "cachestore.usage",
}


def _commands(group: typer.Typer, prefix: str = "") -> list[str]:
    click_group = typer.main.get_command(group)
    names = []
    for name, command in click_group.commands.items():
        if getattr(command, "commands", None):  # `export TYPE`'s types are declared, not here
            for sub in command.commands:
                names.append(f"{prefix}{name} {sub}")
        else:
            names.append(f"{prefix}{name}")
    return names


def _resolve(dotted: str) -> object:
    obj: object = donorkit
    for part in dotted.split("."):
        if not hasattr(obj, part):
            __import__(f"{obj.__name__}.{part}")  # a submodule of donorkit
        obj = getattr(obj, part)
    return obj


def test_every_cli_command_has_an_api_function():
    commands = _commands(app)
    assert sorted(commands) == sorted(PARITY), "add the new command's API to PARITY"
    for command, target in PARITY.items():
        assert callable(_resolve(target)), f"{command}: {target} is not callable"


def test_public_names_are_the_functions_not_submodules():
    import donorkit.batching  # noqa: F401 - the submodules are imported, the names stay functions
    import donorkit.exporting  # noqa: F401

    for name in ("export", "batch", "render", "load_library", "build_context"):
        assert callable(getattr(donorkit, name)), name
    for name in donorkit.__all__:
        assert hasattr(donorkit, name), name


def test_api_raises_typed_errors_with_the_cli_message(tmp_path):
    from typer.testing import CliRunner

    with pytest.raises(errors.ProjectNotFound) as info:
        donorkit.load_library(example_library()).get("nepal-municipal-governance")
    message = str(info.value)
    assert "did you mean" in message
    result = CliRunner().invoke(app, ["projects", "show", "nepal-municipal-governance",
                                      "--library", str(example_library())])
    assert result.exit_code == 1
    assert message in " ".join(result.output.split())
    with pytest.raises(errors.LibraryError):
        donorkit.load_library(tmp_path / "nope")


def test_build_context_then_render_uses_the_changed_context(tmp_path):
    library = donorkit.load_library(example_library())
    project = library.get("kenya-county-health-financing-support-chfs")
    context = donorkit.build_context("case-study", [project])
    context.project = context.project.model_copy(
        update={"summary": "A summary *tailored* for this bid."})
    paths = donorkit.render(context, formats=["html"], out=tmp_path, library_root=library.root)
    html = paths[0].read_text(encoding="utf-8")
    assert "A summary <em>tailored</em> for this bid." in html
    body = html[html.index("<body>"):]
    assert project.summary not in body
    # the library's own project is untouched
    assert "tailored" not in library.get(project.slug).summary


def test_runnable_example(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "examples" / "api_example.py"),
                             str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.rglob("*.pdf")) and list(tmp_path.rglob("*.docx"))


def test_cli_start_does_not_load_the_rendering_stack():
    # listing a library must not pay for Jinja, WeasyPrint or python-docx at every start
    code = ("import sys, donorkit.cli; print(sorted(m for m in ('jinja2', 'weasyprint', 'docx', "
            "'donorkit.exporting', 'donorkit.brand') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"
