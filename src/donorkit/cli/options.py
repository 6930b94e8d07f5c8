"""Options shared by every command that takes projects, declared once.

``@with_selection`` adds the selection options to a command's signature (Typer reads
``__signature__``) and hands the command a ready :class:`Selection` and library path, so each
command stays a few lines.
"""


import functools
import inspect
from collections.abc import Callable
from enum import Enum, StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .doctypes import one_of

if TYPE_CHECKING:
    from ..library.select import Selection

PANEL = "Selection"


class Status(StrEnum):
    ongoing = "ongoing"
    completed = "completed"


class Sort(StrEnum):
    end = "end"
    start = "start"
    title = "title"
    relevance = "relevance"


def _opt(*names: str, help: str, **kw: Any) -> Any:  # noqa: A002 - Typer's own keyword
    # help is rich markup: an unescaped "[default: ...]" would vanish as an unknown tag
    return typer.Option(*names, help=help.replace("[default:", "\\[default:"),
                        rich_help_panel=PANEL, show_default=False, **kw)


SELECTION_PARAMS: list[inspect.Parameter] = [
    inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=ann)
    for name, ann, default in [
        ("library", Annotated[Path | None, _opt(
            "--library", "-l", help="Library folder [default: $DONORKIT_LIBRARY, `library` in "
            "./donorkit.toml, ./projects, else the bundled example library]")], None),
        ("country", Annotated[list[str] | None, _opt(
            "--country", help="Country name or ISO code (repeatable; any of them)")], None),
        ("region", Annotated[list[str] | None, _opt(
            "--region", help="Region (repeatable)")], None),
        ("solution", Annotated[list[str] | None, _opt(
            "--solution", help="Solution / practice area (repeatable)")], None),
        ("client", Annotated[list[str] | None, _opt(
            "--client", help="Client or donor: whole words, or any name or acronym of a known "
            "funder (USAID, FCDO/DFID, EU...; repeatable)")], None),
        ("since", Annotated[int | None, _opt(
            "--since", help="Active in or after this year")], None),
        ("until", Annotated[int | None, _opt(
            "--until", help="Active in or before this year")], None),
        ("status", Annotated[Status | None, _opt("--status", help="ongoing or completed",
                                                       parser=one_of(Status))], None),
        ("query", Annotated[str | None, _opt(
            "--query", "-q", help="Words, each found in the text or as a country, funder or "
            "region of the page; ranked like `donorkit match`")], None),
        ("slug", Annotated[list[str] | None, _opt(
            "--slug", help="Explicit project slugs, in this order (repeatable)")], None),
        ("include_drafts", Annotated[bool, _opt(
            "--include-drafts", help="Include pages with published: false")], False),
        ("sort", Annotated[Sort | None, _opt(
            "--sort", help="end (default), start, title or relevance", parser=one_of(Sort))], None),
        ("limit", Annotated[int | None, _opt("--limit", help="At most N projects", min=1)], None),
        ("no_cache", Annotated[bool, typer.Option(
            "--no-cache", help="Read every page afresh; neither use nor update the library cache "
            "(also `donorkit --no-cache COMMAND`)")], False),
    ]
]
_NAMES = [p.name for p in SELECTION_PARAMS]


def selection_from(values: dict[str, Any]) -> "Selection":
    # Imported here: `donorkit --help` must not pay for pydantic and the library stage.
    from ..library.select import Selection

    data = {k: (v.value if isinstance(v, Enum) else v) for k, v in values.items()
            if k not in ("library", "no_cache") and v not in (None, [], False)}
    return Selection(**data)


def with_selection(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add the selection options; the command receives ``selection`` and ``library``."""
    sig = inspect.signature(func)
    own = [p for p in sig.parameters.values() if p.name not in ("selection", "library")]

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        values = {name: kwargs.pop(name, None) for name in _NAMES}
        if values["no_cache"]:
            import os

            os.environ["DONORKIT_NO_CACHE"] = "1"  # as the root option does (see cli/__init__)
        kwargs["library"] = values["library"]
        kwargs["selection"] = selection_from(values)
        return func(*args, **kwargs)

    wrapper.__signature__ = sig.replace(parameters=own + SELECTION_PARAMS)  # type: ignore[attr-defined]
    return wrapper
