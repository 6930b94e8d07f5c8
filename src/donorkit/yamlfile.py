"""YAML settings files (specs, batch manifests) validated into pydantic models, with every problem
reported at once as ``file:line: error: key: message``."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostics
from .errors import SpecError
from .library.reader import decode, load_front_matter

M = TypeVar("M", bound=BaseModel)


def read_yaml(path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    """Safely load a YAML mapping and the line of every key (same limits as front matter)."""
    diags = Diagnostics()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SpecError([f"{path}: error: cannot read: {exc.strerror or exc}"]) from None
    text = decode(data, path, diags)
    loaded = load_front_matter(text, path, 1, diags) if text is not None else None
    if loaded is None:
        raise SpecError([str(d) for d in diags])
    return loaded


def validation_problems(path: Path, exc: ValidationError, lines: dict[str, int],
                        prefix: tuple[str, ...] = ()) -> list[str]:
    problems = []
    for err in exc.errors():
        loc = [*prefix, *(str(p) for p in err["loc"]
                          if not str(p).startswith(("literal", "function")))]
        line = None
        for depth in range(len(loc), 0, -1):  # the deepest key the file has
            line = lines.get(".".join(loc[:depth]))
            if line:
                break
        where = f"{path}:{line}" if line else str(path)
        problems.append(f"{where}: error: {'.'.join(loc) or '(top)'}: {err['msg']}")
    return problems


def load_model(path: str | Path, model: type[M]) -> M:
    """Read *path* and validate it as *model*; SpecError lists every problem with its line."""
    path = Path(path)
    raw, lines = read_yaml(path)
    try:
        return model(**raw)
    except ValidationError as exc:
        raise SpecError(validation_problems(path, exc, lines)) from None
