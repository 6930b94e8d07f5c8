"""The donorkit command line: a thin shell over the public API (see docs/api.md).

Each command parses options, calls the API, and prints. Errors raised on purpose
(:class:`donorkit.errors.DonorkitError`) print their message and exit 1, without a traceback.
"""


import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from ..__about__ import __version__
from ..errors import DonorkitError
from . import output
from .options import with_selection

app = typer.Typer(
    name="donorkit",
    help="Donor-ready case studies and capability statements from a library of project pages.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
projects_app = typer.Typer(help="List and inspect the projects of a library.",
                           no_args_is_help=True)
app.add_typer(projects_app, name="projects")


def handles_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except DonorkitError as exc:
            output.error(str(exc))
            raise typer.Exit(1) from None

    return wrapper


def _version(value: bool) -> None:
    if value:
        output.out.print(f"donorkit {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[bool, typer.Option("--version", help="Show the version and exit.",
                                          callback=_version, is_eager=True)] = False,
) -> None:
    """Donor-ready case studies and capability statements from a library of project pages."""


def open_library(library: Path | None, *, quiet: bool = False) -> Any:
    from ..config import choose_library
    from ..library import load_library

    choice = choose_library(library)
    if choice.note and not quiet:
        output.note(choice.note)
    return load_library(choice.path)


@app.command()
@handles_errors
@with_selection
def check(
    selection: Any,
    library: Path | None,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON report.")] = False,
) -> None:
    """Validate the library: every problem of every file, as path:line: severity: field: message."""
    from ..checking import check_library

    report = check_library(open_library(library, quiet=as_json), selection, strict=strict)
    if as_json:
        output.print_json(report.to_json_dict())
    else:
        for d in [*report.errors, *report.warnings]:
            style = "red" if d.severity == "error" or strict else "yellow"
            output.out.print(f"[{style}]{_esc(str(d))}[/{style}]", highlight=False)
        output.err.print(
            f"{report.projects} projects, {len(report.errors)} errors, "
            f"{len(report.warnings)} warnings" + (" (strict)" if strict else ""), highlight=False)
    if not report.ok:
        raise typer.Exit(1)


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)


@projects_app.command("list")
@handles_errors
@with_selection
def projects_list(
    selection: Any,
    library: Path | None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List the selected projects (drafts are left out unless --include-drafts)."""
    lib = open_library(library, quiet=as_json)
    chosen = lib.select(selection)
    if as_json:
        output.print_json([p.brief() for p in chosen])
        return
    from rich.table import Table

    table = Table(title=f"{len(chosen)} of {len(lib)} projects ({selection.describe()})")
    for col in ("slug", "title", "countries", "client", "period", "status"):
        table.add_column(col, overflow="fold")
    for p in chosen:
        table.add_row(p.slug, p.title, ", ".join(p.country_names), ", ".join(p.clients),
                      p.period, p.status + (" (draft)" if p.draft else ""))
    output.out.print(table)


@projects_app.command("show")
@handles_errors
def projects_show(
    slug: Annotated[str, typer.Argument(help="The project's slug (file name without .md).")],
    library: Annotated[Path | None, typer.Option("--library", "-l", help="Library folder.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the context model as JSON.")] = False,
) -> None:
    """Show one project's full context model."""
    project = open_library(library, quiet=as_json).get(slug)
    data = project.model_dump(mode="json")
    if as_json:
        output.print_json(data)
        return
    from rich.pretty import Pretty

    output.out.print(Pretty(data, expand_all=False))


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        output.error("interrupted")
        sys.exit(130)
