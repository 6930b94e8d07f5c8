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
from . import accessibility, output
from .cache import cache_app
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
brands_app = typer.Typer(help="List, inspect and create brands (styles/<name>/_brand.yml).",
                         no_args_is_help=True)
app.add_typer(brands_app, name="brands")
app.add_typer(cache_app, name="cache")


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
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="Log details, with tracebacks of internal errors.")] = False,
    no_cache: Annotated[bool, typer.Option(
        "--no-cache", help="Read every project page afresh; neither use nor update the library "
        "cache (see `donorkit cache`).")] = False,
) -> None:
    """Donor-ready case studies and capability statements from a library of project pages."""
    if no_cache:
        import os

        # An environment variable, so batch workers started from here see it too.
        os.environ["DONORKIT_NO_CACHE"] = "1"
    if verbose:
        import logging

        from rich.logging import RichHandler

        logging.basicConfig(level=logging.DEBUG, format="%(name)s: %(message)s",
                            handlers=[RichHandler(console=output.err, show_path=False)])
        # WeasyPrint's own debug output is layout noise; its warnings reach the document's
        # warnings anyway.
        logging.getLogger("weasyprint").setLevel(logging.WARNING)
        logging.getLogger("fontTools").setLevel(logging.WARNING)


def open_library(library: Path | None, *, tell_failed: bool = True) -> Any:
    from ..config import choose_library
    from ..library import load_library

    choice = choose_library(library)
    if choice.note:
        output.note(choice.note)
    lib = load_library(choice.path)
    if tell_failed and lib.failed:
        # Otherwise "1 of 1 documents written" reads as complete when a page was left out.
        count = len(lib.failed)
        output.warning(f"{count} page{'' if count == 1 else 's'} failed to load and "
                       f"{'is' if count == 1 else 'are'} left out: {', '.join(sorted(lib.failed))}"
                       " (`donorkit check` says why)")
    return lib


@app.command()
@handles_errors
@with_selection
def check(
    selection: Any,
    library: Path | None,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON report.")] = False,
    form: Annotated[str | None, typer.Option(
        "--for", help="A donor form: show what each project lacks for it (wb-experience, "
        "eu-references, usaid-past-performance).", show_default=False)] = None,
    language: Annotated[str | None, typer.Option(
        "--language", help="Also list the pages without a translation into this language "
        "(BCP 47: fr, es, pt-BR ...).", show_default=False)] = None,
) -> None:
    """Validate the library: every problem of every file, as path:line: severity: field: message."""
    from ..checking import check_library

    if form is not None:
        from ..forms.completeness import check_form
        from .forms import print_form_check

        gaps = check_form(form, open_library(library, tell_failed=False), selection, strict=strict)
        print_form_check(gaps, as_json)
        if gaps.failed:
            raise typer.Exit(1)
        return
    report = check_library(open_library(library, tell_failed=False), selection, strict=strict,
                           language=language)
    if as_json:
        output.print_json(report.to_json_dict())
    else:
        for d in [*report.errors, *report.warnings]:
            style = "red" if d.severity == "error" or strict else "yellow"
            output.out.print(f"[{style}]{output.escape(str(d))}[/{style}]", highlight=False)
        output.err.print(
            f"{_count(report.projects, 'project')}"
            + (f" ({_count(report.drafts, 'draft')}, left out unless --include-drafts)"
               if report.drafts else "")
            + f", {_count(len(report.errors), 'error')}, "
            f"{_count(len(report.warnings), 'warning')}" + (" (strict)" if strict else "")
            + (f"; {_count(len(report.untranslated), 'page')} without a complete "
               f"{report.language} translation"
               if report.language and report.language != "en" else ""),
            highlight=False)
    if not report.ok:
        raise typer.Exit(1)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


@projects_app.command("list")
@handles_errors
@with_selection
def projects_list(
    selection: Any,
    library: Path | None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List the selected projects (drafts are left out unless --include-drafts)."""
    lib = open_library(library)
    chosen = lib.select(selection)
    if as_json:
        output.print_json([p.brief() for p in chosen])
        return
    from rich.table import Table

    if not chosen:
        from ..library.nearby import near_misses

        for hint in near_misses(lib.projects, selection):
            output.note(hint)
    heading = f"{len(chosen)} of {len(lib)} projects ({selection.describe()})"
    widest = max((len(p.slug) for p in chosen), default=4)
    if output.out.width < widest + 70:
        # Too narrow for a table whose slug column never wraps (slugs are for copying): each
        # project as its slug on a line of its own, details indented below.
        output.out.print(heading, highlight=False, markup=False)
        for p in chosen:
            details = [p.title, ", ".join(p.country_names), "; ".join(p.clients), p.period,
                       p.status + (" (draft)" if p.draft else "")]
            output.out.print(f"[bold]{output.escape(p.slug)}[/bold]", highlight=False,
                             soft_wrap=True)
            output.out.print("    " + output.escape(" · ".join(d for d in details if d)),
                             highlight=False)
        return
    table = Table(title=heading)
    table.add_column("slug", no_wrap=True, min_width=widest)
    for col in ("title", "countries", "client", "period", "status"):
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
    as_json: Annotated[bool, typer.Option(
        "--json", help="Print the context model as JSON.")] = False,
) -> None:
    """Show one project as donorkit reads it (YAML; --json for the full context model)."""
    project = open_library(library).get(slug)
    if as_json:
        output.print_json(project.model_dump(mode="json"))
        return
    from .show import print_yaml, project_view

    print_yaml(project_view(project))


@app.command()
@handles_errors
@with_selection
def context(
    selection: Any,
    library: Path | None,
    doctype: Annotated[str, typer.Argument(
        help="Document type: case-study, capability-statement.")],
    slugs: Annotated[list[str] | None, typer.Argument(
        help="Project slugs (same as --slug).", show_default=False)] = None,
    brand: Annotated[str | None, typer.Option(
        "--brand", "-b", help="Brand name or folder \\[default: default]",
        show_default=False)] = None,
    templates: Annotated[list[Path] | None, typer.Option(
        "--templates", help="Folder searched before the built-in templates.",
        show_default=False)] = None,
    spec: Annotated[Path | None, typer.Option(
        "--spec", help="Capability-statement spec file.", show_default=False)] = None,
    as_json: Annotated[bool, typer.Option(
        "--json", hidden=True, help="Accepted for old scripts: JSON is the only output.")] = False,
    language: Annotated[str | None, typer.Option(
        "--language", help="Document language (BCP 47) \\[default: the spec's, else en]",
        show_default=False)] = None,
) -> None:
    """Print the exact context a document type's template receives, as JSON."""
    from ..exporting import ExportOptions, build_context, select_for, settings

    if slugs:
        selection = selection.model_copy(update={"slug": [*slugs, *selection.slug]})
    lib = open_library(library)
    from .export import spec_with

    spec_obj = spec_with(spec, lib)
    values = settings(brand=brand or (spec_obj.brand if spec_obj else None), templates=templates)
    options = ExportOptions(language=language, **values)
    ctx = build_context(doctype, select_for(lib, selection, spec_obj), brand=options.brand,
                        spec=spec_obj, options=options, library_root=lib.root)
    output.print_json(ctx.model_dump(mode="json"))


@app.command()
@handles_errors
def doctor(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    check: Annotated[list[Path] | None, typer.Option(
        "--check", help="Check this PDF or DOCX for accessibility instead (repeatable); exits 1 "
        "on any finding.", show_default=False)] = None,
) -> None:
    """Report versions, HarfBuzz font subsetting (5x faster PDFs) and the fonts of each brand."""
    from ..doctor import run_checks

    if check:
        if accessibility.report(check, as_json=as_json):
            raise typer.Exit(1)
        return
    checks = run_checks()
    if as_json:
        output.print_json([c.model_dump() for c in checks])
        return
    for check in checks:
        mark = "[green]ok[/green]" if check.ok else "[yellow]!![/yellow]"
        output.out.print(f"{mark} {check.name}: {output.escape(check.value)}", highlight=False)
        if check.hint:
            output.out.print(f"   {output.escape(check.hint)}", highlight=False)


@brands_app.command("list")
@handles_errors
def brands_list(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the brands found in ./styles and the bundled ones."""
    from ..brand import list_brands

    found = list_brands()
    if as_json:
        output.print_json({name: str(path) for name, path in found.items()})
        return
    # plain tab-separated lines: scripts read this (rich would turn the tab into spaces)
    sys.stdout.write("".join(f"{name}\t{path}\n" for name, path in found.items()))


@brands_app.command("show")
@handles_errors
def brands_show(
    name: Annotated[str, typer.Argument(help="Brand name or folder.")] = "default",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show a brand's resolved tokens: colours, fonts, logos, paper, footer."""
    from ..brand import load_brand

    data = load_brand(name).model_dump(mode="json")
    if as_json:
        output.print_json(data)
        return
    from .show import print_yaml

    print_yaml(data)


@brands_app.command("init")
@handles_errors
def brands_init(
    name: Annotated[str, typer.Argument(help="Name of the new brand (a folder under ./styles).")],
    source: Annotated[str, typer.Option("--from", help="Brand to copy.")] = "default",
) -> None:
    """Create styles/NAME/ from an existing brand, with a commented _brand.yml to fill in."""
    from ..brand.scaffold import init_brand

    target = init_brand(name, source=source)
    from ..brand.placeholder import PLACEHOLDER_FILE

    logo = (f" and put your logo in place of {PLACEHOLDER_FILE}"
            if (target / PLACEHOLDER_FILE).exists() else "")
    output.out.print(f"created {target}; edit {target / '_brand.yml'}: fill in the TODO "
                     f"values{logo}", highlight=False)


@app.command()
@handles_errors
def batch(
    manifest: Annotated[Path, typer.Argument(help="Batch manifest (YAML); see docs/batch.md.")],
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", help="Worker processes \\[default: number of CPUs]", min=1,
        show_default=False)] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Rebuild every document, changed or not.")] = False,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Output folder for every job \\[default: the manifest's]",
        show_default=False)] = None,
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", help="Render on a Dask cluster: its scheduler (tcp://HOST:8786), or "
        "'local' for one on this machine with --jobs workers. Needs donorkit\\[dask].",
        show_default=False)] = None,
) -> None:
    """Export many documents from a manifest, in parallel; unchanged documents are skipped."""
    from ..batching import batch as run_batch

    with _progress() as on_result:
        report = run_batch(manifest, jobs=jobs, force=force, out=out, on_result=on_result,
                           scheduler=scheduler)
    shared = output.shared_warnings([r.warnings for r in report.results])
    for result in report.results:
        for warning in result.warnings:
            if warning not in shared:
                output.warning(f"{result.key}: {warning}")
    if report.failed:
        from rich.table import Table

        table = Table(title=f"{len(report.failed)} documents failed", title_style="bold red")
        table.add_column("document")
        table.add_column("error", overflow="fold")
        for result in report.failed:
            table.add_row(result.key, result.error or "")
        output.err.print(table)
    output.err.print(
        f"{len(report.built)} built, {len(report.skipped)} unchanged, {len(report.failed)} failed "
        f"in {report.seconds:.1f} s" + (" (interrupted)" if report.interrupted else ""),
        highlight=False)
    if report.interrupted:
        raise typer.Exit(130)
    if report.failed:
        raise typer.Exit(1)


def _progress() -> Any:
    """A rich progress bar on a terminal; one plain line per document otherwise (logs, CI)."""
    import contextlib

    @contextlib.contextmanager
    def plain() -> Any:
        def on_result(result: Any, done: int, total: int) -> None:
            state = "failed" if result.error else "unchanged" if result.skipped else "built"
            output.err.print(f"[{done}/{total}] {state} {result.key}", highlight=False,
                             markup=False)

        yield on_result

    @contextlib.contextmanager
    def bar() -> Any:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TimeRemainingColumn()]
        with Progress(*columns, console=output.err, transient=False) as progress:
            task = progress.add_task("documents", total=None, rate="")

            def on_result(result: Any, done: int, total: int) -> None:
                elapsed = progress.tasks[0].elapsed or 0
                rate = f"{done / elapsed:.1f} docs/s" if elapsed else ""
                progress.update(task, completed=done, total=total, rate=rate)
                if result.error:
                    progress.console.print(f"[red]failed[/red] {output.escape(result.key)}")

            yield on_result

    return bar() if output.err.is_terminal else plain()


def main() -> None:
    """Console-script entry point."""
    from ..runtime import leave, tune

    tune()
    try:
        app()
    except KeyboardInterrupt:
        output.error("interrupted")
        sys.exit(130)
    except SystemExit as done:
        leave(done.code)
    leave(0)


from .serve import serve as _serve  # noqa: E402 - one module per command group

app.command("serve")(handles_errors(_serve))

from . import match as _match  # noqa: E402, F401 - registers `donorkit match`
from .export import export_app  # noqa: E402 - one module per command group

app.add_typer(export_app, name="export")
from .facets import facets as _facets  # noqa: E402 - one module per command group

projects_app.command("facets")(handles_errors(with_selection(_facets)))
