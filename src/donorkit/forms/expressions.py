"""Field sources: Jinja expressions evaluated in a sandbox with a small, fixed set of filters.

A ``source`` is written by whoever adds a form (``bid.share``, ``bid.funding or
project.clients``, ``[start, end]``), not by a programmer, and doctype.yml files may come from a
team's template folder: so no Python is evaluated. Jinja's immutable sandbox refuses private
attributes and anything that changes state; the environment has no globals and only the filters
listed here.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

if TYPE_CHECKING:
    from .declaration import FormDecl

#: Jinja's own filters that a field source may use (no attr, no format, no xmlattr).
SAFE_FILTERS = ("join", "default", "first", "last", "length", "lower", "upper", "capitalize",
                "title", "trim", "replace", "list", "map", "select", "reject", "selectattr",
                "rejectattr", "sort", "unique", "round", "int", "float", "string", "sum", "min",
                "max", "truncate", "wordcount")


def _names(items: Any) -> list[str]:
    """[{name: ...}, ...] -> their names (associated consultants, key staff, contacts)."""
    return [getattr(i, "name", None) or str(i) for i in items or []]


EXTRA_FILTERS: dict[str, Callable[..., Any]] = {"names": _names}


@lru_cache(maxsize=1)
def environment() -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False)
    env.filters = {name: env.filters[name] for name in SAFE_FILTERS} | EXTRA_FILTERS
    env.globals = {}
    return env


@lru_cache(maxsize=512)
def compile_source(source: str) -> Any:
    """A compiled expression; raises jinja2.TemplateError for a syntax error."""
    return environment().compile_expression(source, undefined_to_none=False)


def evaluate(source: str, namespace: dict[str, Any]) -> Any:
    value = compile_source(source)(**namespace)
    if isinstance(value, jinja2.Undefined):  # a misspelt name or key: a declaration bug
        value._fail_with_undefined_error()
    return value


def check_sources(decl: FormDecl) -> list[tuple[int, str]]:
    """(field index, problem) for every source that does not compile or does not evaluate on
    an empty project: a misspelt name or key is caught when the form loads."""
    from .build import sample_namespace

    namespace = sample_namespace()
    problems = []
    for i, field in enumerate(decl.fields):
        for source in filter(None, (field.source, field.table_source)):
            try:
                evaluate(source, namespace)
            except jinja2.TemplateError as exc:
                problems.append((i, f"{source!r}: {exc.message or exc}"))
            except Exception as exc:  # noqa: BLE001 - any failure of a source is a problem
                problems.append((i, f"{source!r}: {type(exc).__name__}: {exc}"))
    try:
        evaluate_heading(decl.heading, namespace)
    except jinja2.TemplateError as exc:
        problems.append((-1, f"heading {decl.heading!r}: {exc.message or exc}"))
    return problems


def evaluate_heading(template: str, namespace: dict[str, Any]) -> str:
    return _heading(template).render(namespace).strip()


@lru_cache(maxsize=64)
def _heading(template: str) -> jinja2.Template:
    return environment().from_string(template)
