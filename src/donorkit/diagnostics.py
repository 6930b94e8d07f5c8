"""Problems found in a library, spec or brand: collected, never raised one at a time.

Like MkDocs' and Pelican's config checks, every problem of every file is gathered first and reported
together, so a user fixes a library in one pass instead of one error per run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel

Severity = Literal["error", "warning"]


class Diagnostic(BaseModel):
    file: str
    line: int | None = None
    field: str | None = None
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f"{self.field}: " if self.field else ""
        return f"{where}: {self.severity}: {field}{self.message}"


class Diagnostics(list[Diagnostic]):
    """A list of diagnostics with helpers to add and filter them."""

    def error(self, file: Path | str, message: str, *, line: int | None = None,
              field: str | None = None) -> None:
        self.append(Diagnostic(file=str(file), line=line, field=field, message=message))

    def warning(self, file: Path | str, message: str, *, line: int | None = None,
                field: str | None = None) -> None:
        self.append(Diagnostic(file=str(file), line=line, field=field, message=message,
                               severity="warning"))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self if d.severity == "warning"]
