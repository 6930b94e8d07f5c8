"""Choices of `donorkit export` options, and which options a document type takes.

Which options a type takes follows from its declaration (report_templates/<type>/doctype.yml), so
a new type is still a folder and no Python:

* ``per: project`` (a case study: one document per project, with the project's own title) takes
  none of the options of a document over a selection;
* ``per: selection`` takes :data:`SELECTION_OPTIONS` (spec, title, tender, file name), and
* a portfolio document (``kind: document``, the capability statement) also ``--profile``;
* a form (``kind: form``) the form options instead, and ``--layout`` only when it declares more
  than one layout.

`donorkit export TYPE --help` shows only those (cli/export.py); an option a type does not take is
still parsed, hidden, and refused here with a message saying why, never silently ignored.
"""

from collections.abc import Callable, Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from ..errors import SelectionError


class Paper(StrEnum):
    A4 = "A4"
    Letter = "Letter"


class Profile(StrEnum):
    short = "short"
    full = "full"


def one_of(choices: type[StrEnum]) -> Callable[[str], Any]:
    """A parser for an option that takes one of *choices* (case ignored): a wrong value reads
    "'long' is not one of short, full", the words of every other value error, without the
    "Value error, " Typer's own enum check puts before it."""
    def parse(value: str) -> Any:
        if isinstance(value, choices):
            return value
        for choice in choices:
            if choice.value.casefold() == str(value).casefold():
                return choice
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(c.value for c in choices)}")

    return parse


SELECTION_OPTIONS = ("spec", "title", "subtitle", "prepared_for", "reference", "name")
PORTFOLIO_OPTIONS = ("profile",)
FORM_OPTIONS = ("layout", "currency", "rates", "start_ref", "ref_prefix")
#: Every option that only some document types take (parameter names of `export`).
DOCTYPE_OPTIONS = (*SELECTION_OPTIONS, *PORTFOLIO_OPTIONS, *FORM_OPTIONS)


def options_taken(declaration: Mapping[str, Any]) -> set[str]:
    """The doctype-specific options (parameter names) a declared document type takes."""
    if declaration.get("per") == "project":
        return set()
    taken = set(SELECTION_OPTIONS)
    if declaration.get("kind") == "form":
        form = declaration.get("form")
        layouts = form.get("layouts") if isinstance(form, Mapping) else None
        taken |= {o for o in FORM_OPTIONS
                  if o != "layout" or (isinstance(layouts, list) and len(layouts) > 1)}
    else:
        taken |= set(PORTFOLIO_OPTIONS)
    return taken


def flag(option: str) -> str:
    return f"--{option.replace('_', '-')}"


def check_doctype_options(doctype: str, templates: list[Path] | None, **given: Any) -> None:
    """Refuse an option the document type does not take (see the module's docstring)."""
    from ..rendering.declarations import raw_declarations
    from ..rendering.templates import get_doctype

    kind = get_doctype(doctype, templates or ())  # an unknown type: the error lists the known
    declaration = raw_declarations(templates or ()).get(doctype, kind.model_dump())
    taken = options_taken(declaration)
    used = [flag(k) for k, v in given.items() if v is not None and k not in taken]
    if not used:
        return
    verb = "applies" if len(used) == 1 else "apply"
    if kind.per == "project":
        raise SelectionError(
            f"{', '.join(used)} {verb} to documents over a selection (such as "
            f"capability-statement); {doctype} is one document per project"
            + (", with the project's own title" if "--title" in used else ""))
    raise SelectionError(
        f"{doctype} does not take {', '.join(used)}"
        + (f"; it takes {', '.join(flag(o) for o in DOCTYPE_OPTIONS if o in taken)}"
           if taken else "") + f" (`donorkit export {doctype} --help`)")
