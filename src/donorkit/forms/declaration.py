"""A form's declaration: the ``form:`` block of its ``doctype.yml``.

Every problem of a declaration is reported at once, with its file and line, and every field's
``source`` is compiled and tried on an empty project when the form loads, so a misspelt key
fails here rather than in the middle of a bid.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..errors import SpecError, TemplateError
from ..rendering.templates import DocType

Format = Literal["text", "paragraphs", "list", "month", "period", "months", "money", "percent",
                 "number", "people", "associated", "contacts", "role"]
FORMATS: tuple[str, ...] = Format.__args__
Layout = Literal["sheet", "table"]


class FieldDecl(BaseModel):
    """One row of the funder's table (one column in the table layout)."""

    model_config = ConfigDict(extra="forbid")
    label: str  # plain English for now; kept here, in one place, for translation later
    source: str  # a sandboxed expression over the form namespace (docs/forms.md)
    table_source: str = ""  # a shorter source for the table layout's narrow column
    key: str = ""  # the library key it reads, as `check --for` reports it (default: from source)
    required: bool = False
    format: Format = "text"
    placeholder: str = ""  # what is missing, in "[to be completed: ...]"; default: the label
    empty: str = ""  # shown when an optional value is absent ("None", "Not applicable")
    # its width in the table layout
    column: Literal["narrow", "normal", "medium", "wide"] = "normal"
    todo: str = "[to be completed: %(what)s]"  # the placeholder's frame, in the form's language

    @field_validator("source")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("source is empty")
        return value.strip()

    @property
    def library_key(self) -> str:
        if self.key:
            return self.key
        last = self.source.split("|")[0].strip().split(" or ")[0].strip().split(".")[-1]
        return last if last.isidentifier() else self.label

    @property
    def to_complete(self) -> str:
        return self.todo % {"what": self.missing_text}

    @property
    def missing_text(self) -> str:
        """What the placeholder says is missing ("value of the contract")."""
        return self.placeholder or self.label[:1].lower() + self.label[1:]


class FormDecl(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str  # the document's title unless --title or a spec says otherwise
    heading: str = "{{ ref }}. {{ project.title }}"  # each reference's heading (an expression)
    layouts: list[Layout] = Field(default_factory=lambda: ["sheet"])  # the first is the default
    currency: str = ""  # amounts are asked for in this currency (the EU's "value (EUR)")
    ref_label: str = "Ref."
    # The languages the funder publishes this form in; in any other, its labels stay English
    # (the funder's own wording) and the document says so. Empty: no official versions.
    languages: list[str] = Field(default_factory=list)
    fields: list[FieldDecl] = Field(min_length=1)

    @field_validator("layouts")
    @classmethod
    def _some(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("at least one layout")
        return value


@lru_cache(maxsize=32)
def _load(path: Path, stamp: tuple[int, int]) -> FormDecl:
    from ..yamlfile import read_yaml, validation_problems

    raw, lines = read_yaml(path)
    block = raw.get("form")
    if not isinstance(block, dict):
        raise SpecError([f"{path}: error: form: a form's doctype.yml needs a 'form:' block "
                         "with its fields (docs/forms.md)"])
    try:
        decl = FormDecl(**block)
    except ValidationError as exc:
        shifted = {k[len("form."):]: v for k, v in lines.items() if k.startswith("form.")}
        problems = validation_problems(path, exc, shifted, FormDecl)
        raise SpecError([p.replace(": error: ", ": error: form.", 1) for p in problems]) \
            from None
    from .expressions import check_sources

    problems = check_sources(decl)
    if problems:
        raise SpecError([f"{path}:{lines.get(f'form.fields.{i}.source') or lines.get('form')}: "
                         f"error: form.fields.{i}.source: {message}" for i, message in problems])
    return decl


def load_form(doctype: DocType) -> FormDecl:
    """The declaration of a form document type (raises SpecError with file:line problems)."""
    if doctype.kind != "form" or doctype.path is None:
        raise TemplateError(f"{doctype.name} is not a form; forms are document types with "
                            "kind: form")
    stat = doctype.path.stat()
    return _load(doctype.path, (stat.st_mtime_ns, stat.st_size))
