"""Pydantic validation errors in donorkit's words, and models that raise donorkit's typed errors.

A script that writes ``Selection(colour="red")`` gets a :class:`~donorkit.errors.SelectionError`
naming the unknown field and the nearest known one, never a raw ``pydantic.ValidationError``;
every message names the offending value and what was expected ("'long' is not one of short,
full"; a date "as YYYY-MM-DD").
"""

from __future__ import annotations

from difflib import get_close_matches
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import DonorkitError

DATE_FORMAT = "YYYY-MM-DD, e.g. 2025-03-31"


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _date_shaped(value: Any) -> bool:
    import re

    return isinstance(value, str) and bool(re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", value.strip()))


def value_message(err: Any) -> str:
    """One validation error (not an unknown key) as 'offending value: what was expected'."""
    kind = str(err.get("type", ""))
    value = err.get("input")
    scalar = isinstance(value, (str, int, float, bool)) or value is None
    if kind == "literal_error":
        # "profile: 'long' is not one of short, full": pydantic's "Input should be 'short' or
        # 'full'" does not say what was given
        expected = str(err.get("ctx", {}).get("expected", "")).replace("'", "")
        return f"{_shown(value)} is not one of {expected.replace(' or ', ', ')}"
    if kind.startswith(("date", "datetime")):
        # 2024-13-01 is written as asked: say what is impossible about it
        reason = str(err.get("ctx", {}).get("error", "")) if _date_shaped(value) else ""
        return (f"{_shown(value)} is not a date{f' ({reason})' if reason else ''}; "
                f"write it as {DATE_FORMAT}")
    message = str(err.get("msg", "invalid value"))
    message = message.replace("Input should be", "expected").replace("Value error, ", "")
    return f"{_shown(value)}: {message}" if scalar and kind != "missing" else message


def unknown_key_message(known: list[str], key: str) -> str:
    hint = get_close_matches(key, known, n=1)
    if hint:
        return f"unknown key {key!r}; did you mean {hint[0]!r}?"
    return f"unknown key {key!r}; known keys: {', '.join(known)}" if known else "unknown key"


def problems(model: type[BaseModel], exc: ValidationError) -> list[str]:
    """Every error of *exc* as ``field: message``."""
    found = []
    for err in exc.errors():
        loc = [str(p) for p in err["loc"] if not str(p).startswith(("literal", "function"))]
        if err["type"] == "extra_forbidden":
            found.append(unknown_key_message(list(model.model_fields), loc[-1]))
        else:
            found.append(f"{'.'.join(loc) or model.__name__}: {value_message(err)}")
    return found


class _CheckedMeta(type(BaseModel)):  # type: ignore[misc]
    # Only a call of the class itself is wrapped: model_validate, and pydantic validating a
    # nested field, do not call the class, so readers that add file and line to each problem
    # (donorkit.yamlfile, batch manifests) still get the ValidationError.
    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().__call__(*args, **kwargs)
        except ValidationError as exc:
            raise cls.invalid(problems(cls, exc)) from None


class Checked(BaseModel, metaclass=_CheckedMeta):
    """A model whose constructor raises a DonorkitError (:meth:`invalid`) listing every problem,
    never a raw pydantic ValidationError."""

    @classmethod
    def invalid(cls, found: list[str]) -> DonorkitError:
        return DonorkitError(f"{cls.__name__}: " + "; ".join(found))
