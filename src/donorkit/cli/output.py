"""How the CLI speaks: results on stdout, notes and problems on stderr (--json stays parseable)."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def print_json(data: Any) -> None:
    # Indented for a person at a terminal; compact for a pipe, where the C encoder (which
    # does not indent) makes a 10,000-project listing several times faster.
    indent = 2 if sys.stdout.isatty() else None
    sys.stdout.write(json.dumps(data, indent=indent, ensure_ascii=False, default=str) + "\n")


def note(message: str) -> None:
    err.print(f"[dim]note:[/dim] {escape(message)}", highlight=False)


def warning(message: str) -> None:
    err.print(f"[yellow]warning:[/yellow] {escape(message)}", highlight=False)


def error(message: str) -> None:
    err.print(f"[bold red]error:[/bold red] {escape(message)}", highlight=False)


def escape(text: str) -> str:
    """Text shown as is, never read as rich markup (paths and messages hold brackets)."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)
