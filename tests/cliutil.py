"""Running the donorkit CLI in-process from tests."""

from __future__ import annotations

from typing import Any

from typer.testing import CliRunner

from donorkit.cli import app


def cli(*args: object, code: int = 0) -> Any:
    """Run `donorkit ARGS`, assert the exit code, re-raise a crash (anything but SystemExit)."""
    result = CliRunner().invoke(app, [str(a) for a in args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == code, (result.stdout, result.stderr)
    return result
