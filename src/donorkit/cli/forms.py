"""The command line of donor forms: export options (--layout, --currency, --rates,
--start-ref) and the `check --for FORM` report. Kept here so cli/__init__.py only wires them."""


import functools
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from . import output

PANEL = "Donor forms"


def _opt(*names: str, help: str, **kw: Any) -> Any:  # noqa: A002 - Typer's own keyword
    return typer.Option(*names, help=help, rich_help_panel=PANEL, show_default=False, **kw)


FORM_PARAMS: list[inspect.Parameter] = [
    inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=ann)
    for name, ann in [
        ("layout", Annotated[str | None, _opt(
            "--layout", help="sheet (one table per reference) or table (one wide row each, "
            "landscape) \\[default: the form's first]")]),
        ("currency", Annotated[str | None, _opt(
            "--currency", help="Show amounts in this currency (ISO code), converted with "
            "--rates")]),
        ("rates", Annotated[Path | None, _opt(
            "--rates", help="Your exchange rates (YAML: date, base, rates); never fetched")]),
        ("start_ref", Annotated[int | None, _opt(
            "--start-ref", help="First reference number \\[default: the spec's start_ref, else 1]",
            min=0)]),
        ("ref_prefix", Annotated[str | None, _opt(
            "--ref-prefix", help="Text before each reference number, e.g. 'A-'")]),
    ]
]
_NAMES = [p.name for p in FORM_PARAMS]


def with_form_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add the form options; the command receives them as ``form_values`` (given ones only),
    which lay over the spec like the other spec options."""
    sig = inspect.signature(func)
    own = [p for p in sig.parameters.values() if p.name != "form_values"]

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        values = {name: kwargs.pop(name, None) for name in _NAMES}
        if values["rates"] is not None:
            values["rates"] = str(values["rates"])
        kwargs["form_values"] = {k: v for k, v in values.items() if v is not None}
        return func(*args, **kwargs)

    wrapper.__signature__ = sig.replace(parameters=own + FORM_PARAMS)  # type: ignore[attr-defined]
    return wrapper


def print_form_check(report: Any, as_json: bool) -> None:
    """A project x required-field table (✓ / ✗), or the JSON of the issue. Only the fields some
    project lacks get a column (the others are named in one line), so the table fits a terminal
    and its headings stay whole words."""
    if as_json:
        output.print_json(report.to_json_dict())
        return
    from rich.table import Table

    lacking = {key for project in report.projects for key in project.missing}
    shown = [(key, label) for key, label in zip(report.keys, report.columns, strict=True)
             if key in lacking]
    complete = [label for key, label in zip(report.keys, report.columns, strict=True)
                if key not in lacking]
    title = (f"{report.form}: {len(report.projects)} projects, {report.incomplete} incomplete")
    if not shown:
        output.out.print(f"{title}: every required value is there", highlight=False,
                         markup=False)
        _print_unreadable(report.unreadable)
        return
    table = Table(title=title, title_justify="left", caption_justify="left", caption=(
        f"given by every project: {', '.join(complete)}" if complete else None))
    # a slug is for copying: folded onto a second line when the terminal is narrow, never cut
    table.add_column("project", overflow="fold", min_width=16)
    for _, label in shown:
        label = label.replace("_", " ")
        table.add_column(label, justify="center", no_wrap=True, min_width=len(label))
    for project in report.projects:
        table.add_row(output.escape(project.slug), *[
            "[bold red]✗[/bold red]" if key in project.missing else "[green]✓[/green]"
            for key, _ in shown])
    output.out.print(table)
    for project in report.projects:
        if project.missing:
            output.out.print(f"{output.escape(project.source)}: missing "
                             f"{', '.join(project.missing)}", highlight=False, markup=False)
    _print_unreadable(report.unreadable)


def _print_unreadable(lines: list[str]) -> None:
    if lines:
        output.out.print("left out: these pages could not be read (fix them, then check again):",
                         highlight=False, markup=False)
        for line in lines:
            output.out.print(f"  {line}", highlight=False, markup=False)
