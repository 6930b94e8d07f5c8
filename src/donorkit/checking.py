"""`donorkit check` as an API: load, parse every body, and sort the problems into a report."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from .diagnostics import Diagnostic, Diagnostics
from .library import Library, Selection, load_library


class CheckReport(BaseModel):
    projects: int  # projects loaded (and selected, when a selection was given)
    errors: list[Diagnostic]
    warnings: list[Diagnostic]
    strict: bool = False
    # A draft is a valid state, not a problem (--strict must not fail on it), but worth saying:
    # it will be missing from documents unless --include-drafts.
    drafts: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and not (self.strict and self.warnings)

    def to_json_dict(self) -> dict:
        fields = ("file", "line", "field", "message")
        return {
            "projects": self.projects,
            "errors": [d.model_dump(include=set(fields)) for d in self.errors],
            "warnings": [d.model_dump(include=set(fields)) for d in self.warnings],
        }


def check_library(library: Library | str | Path, selection: Selection | None = None, *,
                  strict: bool = False) -> CheckReport:
    """Every problem of the library (of the selected projects, plus files that failed to load)."""
    lib = library if isinstance(library, Library) else load_library(library)
    diags = Diagnostics(lib.diagnostics)
    diags.extend(lib.check_bodies())
    projects = lib.projects
    if selection is not None and selection.model_dump(exclude_defaults=True):
        projects = lib.select(selection)
        keep = {p.source for p in projects}
        loaded = {p.source for p in lib.projects}
        diags = Diagnostics(d for d in diags if d.file in keep or d.file not in loaded)
    return CheckReport(projects=len(projects), errors=diags.errors, warnings=diags.warnings,
                       strict=strict, drafts=sum(1 for p in projects if p.draft))
