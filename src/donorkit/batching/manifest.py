"""The batch manifest (docs/batch.md): read, validated, and every problem reported in one pass.

Two passes, both complete: the manifest's shape (keys, types, choices: pydantic), then what its
values refer to (formats, document types, brands, library, template and spec files, and each
spec's own problems). Every problem names the file and line; all are raised together.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator

from ..errors import DonorkitError, SpecError
from ..formats import split_formats
from ..library.select import Selection
from ..yamlfile import read_yaml, validation_problems


def _formats(value: object) -> object:
    return split_formats(value) if isinstance(value, (str, list, tuple)) else value


def _listify(value: object) -> object:
    return [value] if isinstance(value, str) else value


def _language(value: str | None) -> str | None:
    from pydantic_core import PydanticCustomError

    from ..i18n.locales import LanguageError, resolve_language

    if value is None:
        return None
    try:
        return resolve_language(value).tag
    except LanguageError as exc:
        raise PydanticCustomError("language", str(exc)) from None


def _languages(value: list[str] | None) -> list[str] | None:
    if value is None:
        return None
    tags = [_language(v) for v in value]
    return list(dict.fromkeys(t for t in tags if t))


class Defaults(BaseModel):
    model_config = ConfigDict(extra="forbid")
    library: str | None = None
    brand: str = "default"
    formats: list[str] = Field(default_factory=lambda: ["pdf", "docx"])
    out: str | None = None
    templates: list[str] = Field(default_factory=list)
    assets: str | None = None
    allow_remote: bool = False
    paper: str | None = None
    language: str | None = None  # None: a spec's own language, else en
    languages: list[str] = Field(default_factory=list)  # each document in each: OUT/<lang>/...

    _f = field_validator("formats", mode="before")(_formats)
    _t = field_validator("templates", mode="before")(_listify)
    _l = field_validator("language")(_language)
    _ls = field_validator("languages", mode="before")(_listify)
    _lv = field_validator("languages")(_languages)


class Job(BaseModel):
    model_config = ConfigDict(extra="forbid")
    doctype: str
    select: Selection = Field(default_factory=Selection)
    spec: str | None = None
    name: str | None = None
    formats: list[str] | None = None
    brand: str | None = None
    library: str | None = None
    paper: str | None = None
    language: str | None = None  # this job's documents in this language (over the defaults')
    languages: list[str] | None = None  # ... or in each of these, under OUT/<lang>/

    _f = field_validator("formats", mode="before")(_formats)
    _l = field_validator("language")(_language)
    _ls = field_validator("languages", mode="before")(_listify)
    _lv = field_validator("languages")(_languages)

    def languages_of(self, defaults: Defaults) -> tuple[list[str | None], bool]:
        """(the languages to make this job's documents in, whether each goes under OUT/<lang>)."""
        if self.languages:
            return list(self.languages), True
        if self.language:
            return [self.language], False
        if defaults.languages:
            return list(defaults.languages), True
        return [defaults.language], False


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    defaults: Defaults = Field(default_factory=Defaults)
    jobs: list[Job]
    _lines: dict[str, int] = PrivateAttr(default_factory=dict)  # key path -> line in the file


def load_manifest(path: str | Path) -> Manifest:
    """Read and check a manifest; SpecError lists every problem, each with file:line."""
    path = Path(path)
    raw, lines = read_yaml(path)
    # Both passes always run, so a manifest with a misspelt key and a missing spec file reports
    # both at once.
    problems: list[tuple[int, str]] = []
    manifest = None
    try:
        manifest = Manifest(**raw)
    except ValidationError as exc:
        problems += validation_problems(path, exc, lines, Manifest, with_lines=True)
    problems += Checker(path, lines).check(raw)
    if problems:
        unique = dict.fromkeys(text for _, text in sorted(problems, key=lambda p: p[0]))
        raise SpecError(list(unique))
    assert manifest is not None
    manifest._lines = lines
    return manifest


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _mapping(value: object) -> dict:
    return value if isinstance(value, dict) else {}


class Checker:
    """What the manifest's values refer to: formats, document types, brands, folders and spec
    files (with each spec's own problems). Reads the raw YAML, so it runs even when the shape is
    wrong; values of the wrong type are left to the shape's check."""

    def __init__(self, path: Path, lines: dict[str, int]) -> None:
        self.path, self.lines = path, lines
        self.base = path.parent
        self.found: list[tuple[int, str]] = []

    def problem(self, key: str, message: str, *fallbacks: str) -> None:
        line = next((self.lines[k] for k in (key, *fallbacks) if k in self.lines), None)
        where = f"{self.path}:{line}" if line else str(self.path)
        self.found.append((line or 0, f"{where}: error: {key}: {message}"))

    def check(self, raw: dict) -> list[tuple[int, str]]:
        d = _mapping(raw.get("defaults"))
        self.formats("defaults.formats", d.get("formats"))
        self.folder("defaults.library", d.get("library"), "library folder")
        self.folder("defaults.assets", d.get("assets"), "assets folder")
        templates = d.get("templates") or []
        templates = [templates] if isinstance(templates, str) else templates
        folders = []
        for i, folder in enumerate(templates if isinstance(templates, list) else []):
            if self.folder(f"defaults.templates.{i}", folder, "template folder",
                           "defaults.templates"):
                folders.append(self.base / folder)
        self.paper("defaults.paper", d.get("paper"))
        self.brand("defaults.brand", d.get("brand"))
        jobs = raw.get("jobs")
        for i, job in enumerate(jobs if isinstance(jobs, list) else []):
            job, at = _mapping(job), f"jobs.{i}"
            self.doctype(f"{at}.doctype", job.get("doctype"), folders)
            self.formats(f"{at}.formats", job.get("formats"))
            self.folder(f"{at}.library", job.get("library"), "library folder")
            self.paper(f"{at}.paper", job.get("paper"))
            self.brand(f"{at}.brand", job.get("brand"))
            self.spec(f"{at}.spec", job.get("spec"))
        return self.found

    def formats(self, key: str, value: object) -> None:
        from ..writers import WRITERS

        if not isinstance(value, (str, list)):
            return
        for fmt in split_formats(value):
            if isinstance(fmt, str) and fmt not in WRITERS:
                self.problem(key, f"{fmt!r} is not one of {', '.join(WRITERS)}")

    def folder(self, key: str, value: object, what: str, *fallbacks: str) -> bool:
        value = _text(value)
        if value and not (self.base / value).is_dir():
            self.problem(key, f"{what} {value} not found (relative to the manifest)", *fallbacks)
            return False
        return bool(value)

    def paper(self, key: str, value: object) -> None:
        if isinstance(value, str) and value not in ("A4", "Letter"):
            self.problem(key, f"{value!r} is not one of A4, Letter")

    def brand(self, key: str, value: object) -> None:
        from ..brand import find_brand

        value = _text(value)
        if not value:
            return
        try:
            find_brand(value if "/" not in value else self.base / value)
        except DonorkitError as exc:
            self.problem(key, str(exc))

    def doctype(self, key: str, value: object, templates: list[Path]) -> None:
        from ..rendering.templates import get_doctype

        value = _text(value)
        if not value:
            return
        try:
            get_doctype(value, templates)
        except DonorkitError as exc:
            self.problem(key, str(exc))

    def spec(self, key: str, value: object) -> None:
        from ..spec import load_spec

        value = _text(value)
        if not value:
            return
        spec_path = self.base / value
        if not spec_path.is_file():
            self.problem(key, f"spec file {value} not found (relative to the manifest)")
            return
        try:
            load_spec(spec_path)
        except SpecError as exc:  # the spec's own problems, with its own file and lines
            self.found += [(10**9, text) for text in exc.problems]
