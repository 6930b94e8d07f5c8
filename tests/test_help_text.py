"""Every command's --help shows its help text as written: brackets such as `donorkit[dask]` or
`[default: ...]` are escaped so that rich does not eat them as markup."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import typer
import typer.main
from typer.testing import CliRunner

from donorkit.cli import app


def _commands(cmd: Any, path: list[str], parent: Any = None) -> Iterator[tuple[list[str], Any]]:
    ctx = typer.Context(cmd, info_name=path[-1] if path else "donorkit", parent=parent)
    yield path, cmd
    if hasattr(cmd, "list_commands"):
        for name in cmd.list_commands(ctx):
            sub = cmd.get_command(ctx, name)
            if sub is not None:
                yield from _commands(sub, [*path, name], ctx)


COMMANDS = list(_commands(typer.main.get_command(app), []))


def _flat(text: str) -> str:
    return " ".join(text.replace("│", " ").split())


def _as_written(help_text: str) -> str:
    return _flat(help_text.replace("\\[", "["))


def test_the_walk_finds_the_commands_with_extras_in_their_help():
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"batch", "export case-study", "serve", "context", "projects facets"} <= names


@pytest.mark.parametrize("path", [path for path, _ in COMMANDS], ids=" ".join)
def test_help_shows_every_bracket_as_written(path):
    cmd = dict((tuple(p), c) for p, c in COMMANDS)[tuple(path)]
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    shown = _flat(result.stdout)
    for param in [cmd, *cmd.params]:  # the command's own help, then its options'
        text = getattr(param, "help", None)
        if text and "[" in text and not getattr(param, "hidden", False):
            assert _as_written(text) in shown, (path, text)


@pytest.mark.parametrize(("path", "extra"), [
    (["batch"], "donorkit[dask]"),
    (["export", "case-study"], "donorkit[accessibility]"),
    (["export", "capability-statement"], "donorkit[accessibility]"),
    (["context"], "[default: the spec's, else en]"),
])
def test_extras_named_in_help(path, extra):
    shown = _flat(CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "250"}).stdout)
    assert re.search(re.escape(extra), shown)
