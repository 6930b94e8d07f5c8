"""`donorkit check --for FORM`: which required values each selected project still lacks.

The same filling as an export (so the two never disagree), without rendering anything.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..errors import ProjectNotFound, SelectionError
from ..library import Library, Selection
from ..rendering.templates import get_doctype
from ..spec import Spec
from .build import fill, form_settings, ref_numbers
from .declaration import load_form


class ProjectGaps(BaseModel):
    slug: str
    title: str
    source: str
    missing: list[str]  # library keys


class FormCheck(BaseModel):
    form: str
    keys: list[str]  # library keys of the required fields, in form order
    columns: list[str]  # the same, as column headings
    projects: list[ProjectGaps]
    #: pages left out because they could not be loaded (a bad bid key is enough): file:line
    #: errors, so a project never drops out of the check without a word
    unreadable: list[str] = []
    # --strict: `donorkit check --for` exits 1 when the report is not ok; `ok` is the same
    # either way (a script asking "can I export this form?" must not get True for gaps)
    strict: bool = False

    @property
    def incomplete(self) -> int:
        return sum(1 for p in self.projects if p.missing)

    @property
    def ok(self) -> bool:
        """Complete: every selected project has every required value, every page was read."""
        return not (self.incomplete or self.unreadable)

    @property
    def failed(self) -> bool:
        """What the command's exit status says: not ok, under --strict."""
        return self.strict and not self.ok

    def to_json_dict(self) -> dict[str, Any]:
        return {"form": self.form, "projects": [
            {"slug": p.slug, "title": p.title, "missing": p.missing} for p in self.projects],
            "unreadable": self.unreadable}


def check_form(form: str, library: Library | str | Path | None = None,
               selection: Selection | None = None, *, spec: Spec | None = None,
               strict: bool = False, templates: tuple[Path, ...] | list[Path] = ()) -> FormCheck:
    """What each selected project lacks for *form* (``check_form("eu-references",
    "projects")``) in any of its layouts, or in the spec's ``layout`` when it names one. ``ok``
    is True only when nothing is missing; with *strict*, ``failed`` is True when not ok."""
    from ..exporting import open_library, select_for

    doctype = get_doctype(form, templates)
    decl = load_form(doctype)
    spec = spec or Spec()
    lib = open_library(library)
    loaded = {Path(p.source).resolve() for p in lib.projects}
    unreadable = [str(d) for d in lib.diagnostics.errors if Path(d.file).resolve() not in loaded]
    try:
        projects = select_for(lib, selection, spec)
    except (SelectionError, ProjectNotFound) as exc:
        if not unreadable:
            raise
        raise SelectionError(f"{exc}; these pages could not be read:\n  "
                             + "\n  ".join(unreadable)) from None
    settings = form_settings(decl, spec)
    keys = list(dict.fromkeys(f.library_key for f in decl.fields if f.required))
    # Every layout the export might use, unless the spec chose one: the table layout's shorter
    # sources (`table_source`) may lack what the sheet finds elsewhere, and an export in it
    # would then warn about a value this report had called complete.
    layouts = [spec.layout] if spec.layout else decl.layouts
    order = {key: i for i, key in enumerate(f.library_key for f in decl.fields)}
    gaps = []
    for project, ref in zip(projects, ref_numbers(len(projects), spec), strict=True):
        missing = {key for layout in layouts
                   for key in fill(decl, project, ref=ref, firm="", settings=settings,
                                   warn=lambda _: None, layout=layout).missing}
        gaps.append(ProjectGaps(slug=project.slug, title=project.title, source=project.source,
                                missing=sorted(missing, key=order.__getitem__)))
    return FormCheck(form=doctype.name, keys=keys, columns=keys, projects=gaps,
                     unreadable=unreadable, strict=strict)
