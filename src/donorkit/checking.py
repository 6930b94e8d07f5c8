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
        tag, missing = _translations(projects, language, diags)
        untranslated = [p.source for p in missing]
    return CheckReport(projects=len(projects), errors=diags.errors, warnings=diags.warnings,
                       strict=strict, drafts=sum(1 for p in projects if p.draft),
                       language=tag, untranslated=untranslated)


def _translations(projects: list[Project], language: str, diags: Diagnostics
                  ) -> tuple[str, list[Project]]:
    """Warn about each page without a translation into *language* (and about problems in the
    sibling pages that exist); returns the normalised tag and those pages."""
    from .i18n.locales import resolve_language
    from .library.translations import lookup, read_sibling

    lang = resolve_language(language)
    if lang.is_english:
        return lang.tag, []
    missing = []
    for project in projects:
        tag = lookup(project.translated_languages, lang.tag)
        if tag is None:
            missing.append(project)
            diags.warning(project.source, f"no translation into {lang.tag} (add translations: "
                          f"{lang.code} to the front matter, or a sibling page "
                          f"<name>.{lang.code}.md)", field="translations")
            continue
        sibling = project._siblings.get(tag)
        if sibling is not None:
            shown = str(Path(project.source).with_name(sibling.name))
            for problem in read_sibling(sibling, shown).problems:
                diags.warning(shown, problem.removeprefix(f"{shown}: "))
    return lang.tag, missing
