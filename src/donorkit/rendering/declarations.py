"""Where document-type declarations are (``<folder>/doctype.yml`` under each template root) and
their raw YAML, read without pydantic or Jinja2: the command line builds `donorkit export`'s
per-type help from them, and help must start fast. :mod:`.templates` validates them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..resources import templates_dir


def search_path(overrides: Sequence[Path] = ()) -> tuple[Path, ...]:
    return (*[Path(p).resolve() for p in overrides], templates_dir())


def declaration_files(overrides: Sequence[Path] = ()) -> list[Path]:
    """Every doctype.yml, built-ins first: a later (override) one of the same name wins."""
    return [decl for root in reversed(search_path(overrides))
            for decl in sorted(root.glob("*/doctype.yml"))]


def read_raw(path: Path) -> Any:
    """The YAML of one declaration (raises OSError or yaml.YAMLError)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 - a safe loader


def raw_declarations(overrides: Sequence[Path] = ()) -> dict[str, dict[str, Any]]:
    """Name -> raw declaration of every readable one; unreadable ones are left to the export,
    which reports them (this serves help and command lookup, which must not fail)."""
    import yaml

    found: dict[str, dict[str, Any]] = {}
    for decl in declaration_files(overrides):
        try:
            data = read_raw(decl)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        if isinstance(data, dict) and isinstance(data.get("name"), str):
            found[data["name"]] = data
    return found
