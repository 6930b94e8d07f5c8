"""Capability-statement specs: a YAML file that says what a bid's portfolio document holds.

Problems are collected and reported together with the file and line of the offending key, like
the library's.
"""

from __future__ import annotations

import datetime as dt
from difflib import get_close_matches
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import SpecError
from .library.model import Highlight
from .library.select import Selection
from .yamlfile import read_yaml

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


class Spec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = "Capability statement"
    subtitle: str = ""
    prepared_for: PreparedFor = Field(default_factory=PreparedFor)
    reference: str = ""
    date: dt.date | None = None
    language: str = "en"
    intro: str = ""  # Markdown
    selection: Selection = Field(default_factory=Selection)
    projects: list[str] = Field(default_factory=list)  # explicit ordered slugs
    overrides: dict[str, ProjectOverride] = Field(default_factory=dict)
    sections: list[SectionName] = Field(default_factory=lambda: list(SECTIONS))
    exclude: list[SectionName] = Field(default_factory=list)
    profile: Literal["short", "full"] = "short"
    max_results: int = Field(default=3, ge=0)
    brand: str | None = None
    formats: list[Literal["pdf", "docx", "html"]] = Field(default_factory=list)
    name: str | None = None

    @field_validator("prepared_for", mode="before")
    @classmethod
    def _client_only(cls, value: object) -> object:
        return {"client": value} if isinstance(value, str) else value

    @field_validator("projects", "sections", "exclude", "formats", mode="before")
    @classmethod
    def _listify(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @property
    def included(self) -> list[str]:
        return [s for s in self.sections if s not in self.exclude]


def _model_at(loc: list[str]) -> type[BaseModel] | None:
    """The model whose fields the mapping at *loc* (a key path) holds."""
    model: type[BaseModel] = Spec
    i = 0
    while i < len(loc):
        if model is Spec and loc[i] == "overrides" and i + 1 < len(loc):
            model, i = ProjectOverride, i + 2  # overrides.<slug>.<key>
            continue
        nested = {"prepared_for": PreparedFor, "selection": Selection}.get(loc[i])
        if model is not Spec or nested is None:
            return None
        model, i = nested, i + 1
    return model


def _message(loc: list[str], err: Any) -> str:
    if err["type"] != "extra_forbidden":
        return str(err["msg"])
    model = _model_at(loc[:-1])
    known = list(model.model_fields) if model else []
    hint = get_close_matches(loc[-1], known, n=1)
    # Pydantic's "Extra inputs are not permitted" does not tell a misspelt key from a misplaced
    # one; the nearest known key usually does.
    message = "unknown key"
    if hint:
        message += f"; did you mean {hint[0]!r}?"
    elif known:
        message += f"; known keys: {', '.join(known)}"
    return message


def load_spec(path: str | Path) -> Spec:
    """Read and validate a spec file; every problem is reported at once with its line."""
    path = Path(path)
    raw, lines = read_yaml(path)
    try:
        return Spec(**raw)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = [str(p) for p in err["loc"] if not str(p).startswith(("literal", "function"))]
            line = None
            for depth in range(len(loc), 0, -1):  # the deepest key the file has
                line = lines.get(".".join(loc[:depth]))
                if line:
                    break
            where = f"{path}:{line}" if line else str(path)
            problems.append((line or 0, f"{where}: error: {'.'.join(loc)}: {_message(loc, err)}"))
        # Pydantic reports in field order; a reader fixes a file top to bottom.
        problems.sort(key=lambda problem: problem[0])
        raise SpecError([text for _, text in problems]) from None
