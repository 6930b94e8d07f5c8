"""YAML settings files (specs, batch manifests) validated into pydantic models, with every problem
reported at once as ``file:line: error: key: message``."""

from __future__ import annotations

from difflib import get_close_matches
from pathlib import Path
from typing import Any, Literal, TypeVar, get_args, get_origin, overload

from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostics
from .errors import SpecError
from .text.yamlmap import decode, load_mapping

M = TypeVar("M", bound=BaseModel)


def read_yaml(path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    """Safely load a YAML mapping and the line of every key (same limits as front matter)."""
    diags = Diagnostics()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SpecError([f"{path}: error: cannot read: {exc.strerror or exc}"]) from None
    text = decode(data, path, diags)
    loaded = load_mapping(text, path, 1, diags, what="YAML file") if text is not None else None
    if loaded is None:
        raise SpecError([str(d) for d in diags])
    return loaded


def _submodel(annotation: Any) -> tuple[type[BaseModel] | None, int]:
    """(model, keys to skip) for a field: a model, a list of models (skip the index) or a dict of
    models (skip the key); (None, 0) for anything else."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, 0
    origin, args = get_origin(annotation), get_args(annotation)
    if origin in (list, dict) and args:
        inner, skip = _submodel(args[-1])
        return inner, skip + 1
    for arg in args:  # Optional[Model], Model | None
        inner, skip = _submodel(arg)
        if inner is not None:
            return inner, skip
    return None, 0


def _model_at(root: type[BaseModel], loc: list[str]) -> type[BaseModel] | None:
    """The model whose fields the mapping at *loc* (a key path) holds."""
    model, i = root, 0
    while i < len(loc):
        field = model.model_fields.get(loc[i])
        if field is None:
            return None
        inner, skip = _submodel(field.annotation)
        if inner is None:
            return None
        model, i = inner, i + 1 + skip
    return model


def _message(root: type[BaseModel], loc: list[str], err: Any) -> str:
    if err["type"] != "extra_forbidden":
        from .modelerrors import value_message

        return value_message(err)  # "profile: 'long' is not one of short, full"
    model = _model_at(root, loc[:-1])
    known = list(model.model_fields) if model else []
    hint = get_close_matches(loc[-1], known, n=1)
    # Pydantic's "Extra inputs are not permitted" does not tell a misspelt key from a misplaced
    # one; the nearest known key usually does.
    if hint:
        return f"unknown key; did you mean {hint[0]!r}?"
    return f"unknown key; known keys: {', '.join(known)}" if known else "unknown key"


@overload
def validation_problems(path: Path, exc: ValidationError, lines: dict[str, int],
                        root: type[BaseModel], with_lines: Literal[False] = False) -> list[str]: ...


@overload
def validation_problems(path: Path, exc: ValidationError, lines: dict[str, int],
                        root: type[BaseModel],
                        with_lines: Literal[True]) -> list[tuple[int, str]]: ...


def validation_problems(path: Path, exc: ValidationError, lines: dict[str, int],
                        root: type[BaseModel], with_lines: bool = False) -> list[Any]:
    """Every validation error as ``file:line: error: key.path: message``, top to bottom
    (with *with_lines*, as (line, text) pairs to merge with other problems)."""
    problems = []
    for err in exc.errors():
        loc = [str(p) for p in err["loc"] if not str(p).startswith(("literal", "function"))]
        line = None
        for depth in range(len(loc), 0, -1):  # the deepest key the file has
            line = lines.get(".".join(loc[:depth]))
            if line:
                break
        where = f"{path}:{line}" if line else str(path)
        text = f"{where}: error: {'.'.join(loc) or '(top)'}: {_message(root, loc, err)}"
        problems.append((line or 0, text))
    # Pydantic reports in field order; a reader fixes a file top to bottom.
    ordered = sorted(problems, key=lambda p: p[0])
    return ordered if with_lines else [text for _, text in ordered]


def load_model(path: str | Path, model: type[M]) -> M:
    """Read *path* and validate it as *model*; SpecError lists every problem with its line."""
    path = Path(path)
    raw, lines = read_yaml(path)
    try:
        # model_validate, not model(**raw): a model's constructor may raise donorkit's own
        # error (modelerrors.Checked), without the file and line added here
        return model.model_validate(raw)
    except ValidationError as exc:
        raise SpecError(validation_problems(path, exc, lines, model)) from None
