"""Capability-statement specs: a YAML file that says what a bid's portfolio document holds.

Problems are collected and reported together with the file and line of the offending key, like
the library's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator
from pydantic_core import PydanticCustomError

from .errors import DonorkitError, SpecError
from .formats import Format, split_formats
from .library.model import Highlight
from .library.select import Selection
from .modelerrors import Checked
from .yamlfile import load_model, read_yaml

if TYPE_CHECKING:
    from .library.library import Library

SectionName = Literal["cover", "contents", "introduction", "glance", "table", "profiles",
                      "contact"]
SECTIONS: tuple[str, ...] = SectionName.__args__


class ProjectOverride(BaseModel):
    """Per-bid tailoring of one project."""

    model_config = ConfigDict(extra="forbid")
    summary: str | None = None  # Markdown; replaces the page's summary in this document
    title: str | None = None
    highlights: list[Highlight] = Field(default_factory=list)  # added to the page's own

    @field_validator("highlights", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        items = [value] if isinstance(value, dict) else value
        if not isinstance(items, list):
            return items
        # `value: 62` is how people write a figure; the library's pages accept it too.
        return [{k: str(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v
                 for k, v in item.items()} if isinstance(item, dict) else item
                for item in items]


class PreparedFor(BaseModel):
    model_config = ConfigDict(extra="forbid")
    client: str = ""
    tender: str = ""  # the tender's name


class Spec(Checked):
    model_config = ConfigDict(extra="forbid")

    @classmethod
    def invalid(cls, found: list[str]) -> DonorkitError:
        return SpecError([f"invalid spec: {p}" for p in found])

    title: str = "Capability statement"
    subtitle: str = ""
    prepared_for: PreparedFor = Field(default_factory=PreparedFor)
    reference: str = ""
    date: dt.date | None = None
    language: str = "en"  # BCP 47: fr, es, pt-BR ... (labels, formats, translated content)
    intro: str = ""  # Markdown
    selection: Selection = Field(default_factory=Selection)
    projects: list[str] = Field(default_factory=list)  # explicit ordered slugs
    overrides: dict[str, ProjectOverride] = Field(default_factory=dict)
    sections: list[SectionName] = Field(default_factory=lambda: list(SECTIONS))
    exclude: list[SectionName] = Field(default_factory=list)
    profile: Literal["short", "full"] = "short"
    max_results: int = Field(default=3, ge=0)
    brand: str | None = None
    formats: list[Format] = Field(default_factory=list)
    name: str | None = None
    # donor forms (docs/forms.md): reference numbers, layout, currency conversion
    ref_prefix: str = ""
    start_ref: int = Field(default=1, ge=0)
    layout: Literal["sheet", "table"] | None = None
    currency: str = ""
    rates: str | None = None  # a rates.yml of the user's own (never fetched)
    _path: Path | None = PrivateAttr(default=None)  # the file it was read from, if any
    _lines: dict[str, int] = PrivateAttr(default_factory=dict)  # key path -> line in that file

    @property
    def folder(self) -> Path | None:
        """Where paths the spec names (images in its intro) are relative to."""
        return self._path.parent if self._path else None

    def where(self, key: str) -> str:
        """``file:line`` of *key* for a message, or "spec" for a spec made in code."""
        if self._path is None:
            return f"spec {key}"
        line = self._lines.get(key)
        return f"{self._path}:{line}" if line else str(self._path)

    @field_validator("prepared_for", mode="before")
    @classmethod
    def _client_only(cls, value: object) -> object:
        return {"client": value} if isinstance(value, str) else value

    @field_validator("projects", "sections", "exclude", mode="before")
    @classmethod
    def _listify(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @field_validator("formats", mode="before")
    @classmethod
    def _formats(cls, value: object) -> object:
        return split_formats(value) if isinstance(value, (str, list, tuple)) else value

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        from .i18n.locales import LanguageError, resolve_language

        try:
            return resolve_language(value).tag
        except LanguageError as exc:
            raise PydanticCustomError("language", str(exc)) from None

    @property
    def included(self) -> list[str]:
        return [s for s in self.sections if s not in self.exclude]


def load_spec(path: str | Path, library: Library | None = None) -> Spec:
    """Read and validate a spec file; every problem is reported at once with its line. Given
    the *library*, an invalid spec's report also names the slugs of ``projects`` it lacks (a
    valid spec's are checked when its projects are selected)."""
    try:
        spec = load_model(path, Spec)
    except SpecError as exc:
        if library is None:
            raise
        raise SpecError(by_line([*exc.problems, *_slug_problems(Path(path), library)])) from None
    spec._path = Path(path).resolve()
    spec._lines = read_yaml(Path(path))[1]  # small files: read again rather than widen load_model
    return spec


def _slug_problems(path: Path, library: Library) -> list[str]:
    """The problems of the slugs an (invalid) spec file lists, read from its raw YAML."""
    from .errors import PageNotLoaded, ProjectNotFound

    data, lines = read_yaml(path)
    listed = data.get("projects")
    listed = [listed] if isinstance(listed, str) else listed
    if not isinstance(listed, list):
        return []
    raw = Spec.model_construct(projects=[s for s in listed if isinstance(s, str)])
    raw._path, raw._lines = path, lines  # as the file's other problems name it
    missing, problems = [], []
    for slug in raw.projects:
        try:
            library.get(slug)
        except PageNotLoaded as exc:
            key = f"projects.{raw.projects.index(slug)}"
            problems.append(f"{raw.where(key)}: error: {key}: page {slug!r} failed to load: "
                            + "; ".join(exc.problems))
        except ProjectNotFound:
            missing.append(slug)
    found = unknown_slugs(raw, missing, [p.slug for p in library]) if missing else None
    return [*problems, *(found.problems if found else [])]


def by_line(problems: list[str]) -> list[str]:
    """*problems* (``file:line: error: ...``) top to bottom."""
    import re

    def line(problem: str) -> int:
        at = re.search(r":(\d+): error:", problem)
        return int(at.group(1)) if at else 0

    return sorted(problems, key=line)


def unknown_slugs(spec: Spec, missing: Sequence[str], known: Sequence[str]) -> SpecError | None:
    """Every slug of the spec's ``projects`` the library lacks, each at its line of the spec
    file with the nearest known slug; None when the spec was not read from a file."""
    from .errors import ProjectNotFound

    if spec._path is None:
        return None
    problems = []
    for slug in missing:
        index = spec.projects.index(slug) if slug in spec.projects else None
        key = f"projects.{index}" if index is not None else "projects"
        problems.append(f"{spec.where(key)}: error: {key}: {ProjectNotFound(slug, known)}")
    return SpecError(problems)
