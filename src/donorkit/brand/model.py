"""The resolved brand: every token both writers need, already validated and with absolute paths."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    # Schemas are built when first needed, not at import: objects that come from the cache
    # (projects, brands) are unpickled without validation, so a warm run never builds them.
    model_config = ConfigDict(defer_build=True)

class FontFace(_Model):
    """One font file to embed (PDF) or name (DOCX)."""

    family: str
    path: Path
    weight: int = 400
    style: Literal["normal", "italic"] = "normal"


class Typography(_Model):
    base_family: str = "DejaVu Sans"
    headings_family: str = "DejaVu Sans"
    monospace_family: str = "DejaVu Sans Mono"
    base_size_pt: float = 10.0
    line_height: float = 1.4
    headings_weight: int = 700
    headings_color: str | None = None  # hex; None means the primary colour
    fonts: list[FontFace] = Field(default_factory=list)


class Colors(_Model):
    primary: str = "#1F4E79"
    secondary: str = "#5B6770"
    foreground: str = "#1A1A1A"
    background: str = "#FFFFFF"
    light: str = "#EEF3F8"  # fills: key-facts box, table header, callout
    link: str = "#1F4E79"


class Brand(_Model):
    model_config = ConfigDict(frozen=True)

    name: str
    folder: Path
    organisation: str = "Your Organisation"
    url: str | None = None
    about: str = ""  # plain text, one or more paragraphs separated by blank lines
    contact: list[str] = Field(default_factory=list)  # lines of the contact block
    logo_small: Path | None = None
    logo_large: Path | None = None
    colors: Colors = Field(default_factory=Colors)
    typography: Typography = Field(default_factory=Typography)
    paper: Literal["A4", "Letter"] = "A4"
    footer_line: str = ""
    confidentiality: str = ""
    reference_docx: Path | None = None
    print_css: Path | None = None
