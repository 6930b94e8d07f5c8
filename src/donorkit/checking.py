"""`donorkit check` as an API: load, parse every body, and sort the problems into a report."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field

from .diagnostics import Diagnostic, Diagnostics
from .library import Library, Project, Selection, load_library


class CheckReport(BaseModel):
    projects: int  # projects loaded (and selected, when a selection was given)
    errors: list[Diagnostic]
    warnings: list[Diagnostic]
    strict: bool = False
    # A draft is a valid state, not a problem (--strict must not fail on it), but worth saying:
    # it will be missing from documents unless --include-drafts.
    drafts: int = 0
    # With a language: the pages a document in it would show in their own language instead.
    language: str | None = None
    untranslated: list[str] = Field(default_factory=list)  # their files

    @property
    def ok(self) -> bool:
        return not self.errors and not (self.strict and self.warnings)

    def to_json_dict(self) -> dict:
        fields = ("file", "line", "field", "message")
        return {
            "projects": self.projects,
            "errors": [d.model_dump(include=set(fields)) for d in self.errors],
            "warnings": [d.model_dump(include=set(fields)) for d in self.warnings],
            **({"language": self.language, "untranslated": self.untranslated}
               if self.language else {}),
        }


def check_library(library: Library | str | Path, selection: Selection | None = None, *,
                  strict: bool = False, language: str | None = None) -> CheckReport:
    """Every problem of the library (of the selected projects, plus files that failed to load);
    with *language*, also every page without a translation into it (a warning each)."""
    lib = library if isinstance(library, Library) else load_library(library)
    diags = Diagnostics(lib.diagnostics)
    diags.extend(lib.check_bodies())
    projects = lib.projects
    if selection is not None and selection.model_dump(exclude_defaults=True):
        projects = lib.select(selection)
        keep = {p.source for p in projects}
        loaded = {p.source for p in lib.projects}
        diags = Diagnostics(d for d in diags if d.file in keep or d.file not in loaded)
    untranslated: list[str] = []
    tag = None
    if language is not None:
        # the pages a document takes: drafts only when the selection asks for them
        tag, missing = _translations(lib.select(selection), language, diags)
        untranslated = [p.source for p in missing]
    return CheckReport(projects=len(projects), errors=diags.errors, warnings=diags.warnings,
                       strict=strict, drafts=sum(1 for p in projects if p.draft),
                       language=tag, untranslated=untranslated)


def _translations(projects: list[Project], language: str, diags: Diagnostics
                  ) -> tuple[str, list[Project]]:
    """Warn about each page a document in *language* would show in the page's own words (no
    translation into it, or a translation without title, summary or body), as the export does,
    and about problems in the sibling pages that exist; returns the normalised tag and those
    pages."""
    import re

    from .i18n.content import Localiser

    localiser = Localiser.create(language)
    lang = localiser.language
    if lang.is_english:
        return lang.tag, []
    missing = []
    for project in projects:
        def sibling_problem(problem: str, source: str = project.source) -> None:
            # "file:line: message" (a sibling page's problem) -> a diagnostic with that place
            where = re.match(r"(.+?)(?::(\d+))?: (?:(?:warning|error): )?(.*)", problem,
                             re.DOTALL)
            file, line, message = where.groups() if where else (source, None, problem)
            diags.warning(file, message, line=int(line) if line else None)

        lacking = localiser.gaps(project, sibling_problem)
        if lacking is None:
            diags.warning(project.source, f"no translation into {lang.tag} (add translations: "
                          f"{lang.code} to the front matter, or a sibling page "
                          f"<name>.{lang.code}.md)", field="translations")
        elif lacking:
            diags.warning(project.source, f"the {lang.tag} translation has no "
                          f"{', '.join(lacking)}; documents in {lang.tag} use the page's own "
                          "text there", field="translations")
        if lacking is None or lacking:
            missing.append(project)
    return lang.tag, missing
