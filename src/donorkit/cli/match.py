"""`donorkit match TOR`: the library's projects ranked against terms of reference (a thin shell
over :func:`donorkit.match`)."""


import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from . import app, handles_errors, open_library, output
from .options import with_selection


@app.command()
@handles_errors
@with_selection
def match(
    selection: Any,
    library: Path | None,
    tor: Annotated[str, typer.Argument(
        help="Terms of reference: a .pdf, .docx, .md or .txt file, or - for standard input.",
        show_default=False)],
    top: Annotated[int, typer.Option("--top", "-n", help="How many projects to show.",
                                     min=1)] = 15,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    write_spec: Annotated[Path | None, typer.Option(
        "--write-spec", help="Write a capability-statement spec (YAML) with the top projects, "
        "the ToR's title, funder and reference.", show_default=False)] = None,
) -> None:
    """Rank the library's projects against terms of reference and say why each ranks there."""
    from ..errors import SelectionError
    from ..matching import match as run_match
    from ..matching import read_bytes, read_tor

    if selection.sort or selection.limit:
        # A flag that silently does nothing misleads: match ranks, and --top says how many.
        raise SelectionError("--sort and --limit do not apply to match: projects are ranked "
                             "against the ToR; use --top N for how many are shown")
    document = read_bytes(sys.stdin.buffer.read()) if tor == "-" else read_tor(tor)
    result = run_match(document, library=open_library(library), selection=selection, top=top)
    if write_spec is not None:
        result.write_spec(write_spec)
        output.err.print(f"wrote {output.escape(str(write_spec))}", highlight=False)
    if as_json:
        output.print_json(result.to_json())
        return
    _table(result)


def _table(result: Any) -> None:
    from rich.table import Table

    tor = result.tor
    facts = [f"language {tor.language}"]
    if result.client:
        facts.append(f"funder {result.client}")
    if tor.reference:
        facts.append(f"reference {tor.reference}")
    title = tor.title or tor.source
    if not result.matches:
        output.note("no project shares a word, country, funder or region with the ToR")
        return
    widest = max(len(m.project.slug) for m in result.matches)
    if output.out.width < widest + 60:
        # Too narrow for a table that keeps slugs whole (slugs are for copying, as in
        # `projects list`): each match as its slug on a line of its own, details below.
        output.out.print(title, highlight=False, markup=False)
        output.out.print(f"[dim]{output.escape(' · '.join(facts))}[/dim]", highlight=False)
        for rank, m in enumerate(result.matches, 1):
            p = m.project
            output.out.print(f"{rank:>2}. [bold]{output.escape(p.slug)}[/bold]",
                             highlight=False, soft_wrap=True)
            output.out.print("    " + output.escape(
                f"{p.title} · {m.reasons.years} · score {m.score:.2f}"), highlight=False)
            output.out.print("    " + output.escape(m.reasons.summary()), highlight=False)
        output.err.print(f"{len(result.matches)} of {result.candidates} candidate projects shown",
                         highlight=False)
        return
    table = Table(title=f"{title}\n[dim]{' · '.join(facts)}[/dim]", title_justify="left",
                  show_lines=False)
    table.add_column("#", justify="right")
    table.add_column("project", overflow="fold", ratio=3, min_width=widest)
    table.add_column("years", no_wrap=True)
    table.add_column("score", justify="right")
    table.add_column("why", overflow="fold", ratio=4)
    for rank, m in enumerate(result.matches, 1):
        p = m.project
        table.add_row(str(rank), f"{output.escape(p.title)}\n[dim]{output.escape(p.slug)}[/dim]",
                      m.reasons.years, f"{m.score:.2f}", output.escape(m.reasons.summary()))
    output.out.print(table)
    output.err.print(f"{len(result.matches)} of {result.candidates} candidate projects shown",
                     highlight=False)
