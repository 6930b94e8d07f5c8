"""How the CLI speaks: results on stdout, notes and problems on stderr (--json stays parseable)."""

from __future__ import annotations

import json
import re
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


def shared_warnings(warnings: list[list[str]]) -> set[str]:
    """Say once each warning that several documents carry (the demo brand's, a brand's TODO
    fields): "all 12 documents: ..." or "3 of 12 documents: ..."; returns them, for the caller
    to leave out where it lists each document's own warnings."""
    counts: dict[str, int] = {}
    for said in warnings:
        for warning_ in dict.fromkeys(said):
            counts[warning_] = counts.get(warning_, 0) + 1
    total = len(warnings)
    shared = {w for w, n in counts.items() if n > 1}
    for w, n in counts.items():  # in the order first said
        if w in shared:
            warning(f"{'all ' if n == total else ''}{n}{'' if n == total else f' of {total}'} "
                    f"documents: {w}")
    return shared


_LOCATED = re.compile(r"^(\S[^\n]*?): (error|warning): ")


def error(message: str) -> None:
    """Each line of *message* once prefixed: lines that already say "file:line: error:" (every
    problem of a spec or config file) keep their own prefix instead of gaining a second one."""
    for line in message.splitlines() or [""]:
        located = _LOCATED.match(line)
        if located:
            colour = "bold red" if located.group(2) == "error" else "yellow"
            rest = line[located.end():]
            err.print(f"{escape(located.group(1))}: [{colour}]{located.group(2)}:[/{colour}] "
                      f"{escape(rest)}", highlight=False)
        elif line[:1].isspace():
            err.print(escape(line), highlight=False)
        else:
            err.print(f"[bold red]error:[/bold red] {escape(line)}", highlight=False)


def escape(text: str) -> str:
    """Text shown as is, never read as rich markup (paths and messages hold brackets)."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)
