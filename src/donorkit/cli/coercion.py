"""Typer's parameter coercion, without a pydantic ``TypeAdapter`` for options left unset.

Typer (0.29) builds a ``TypeAdapter`` for every parameter of the command being run, then hands
it the value, even when the option was not given: its value is None, which the coercion returns
untouched (``()`` for a repeatable option). For ``export`` that is 33 of 38 parameters and about
40 ms, 5% of a single export. :func:`install` answers those from Typer's own rule without
building the adapter, and leaves every given value to Typer. Should Typer's internals change
shape, nothing is patched and Typer runs as it is.
"""

from __future__ import annotations

from typing import Any


def install() -> bool:
    """Patch Typer's parameter class once; returns whether it was patched."""
    try:
        from typer import _click
        from typer.core import _TyperParameter
    except ImportError:
        return False
    original = getattr(_TyperParameter, "process_value", None)
    if original is None or getattr(original, "_donorkit", False) \
            or not hasattr(_TyperParameter, "get_runtime_param"):
        return False

    def process_value(self: Any, ctx: Any, value: Any) -> Any:
        if value is not None:
            return original(self, ctx, value)
        # what RuntimeParam.coerce returns for None, then the rest of Typer's process_value
        value = () if (self.multiple or self.nargs == -1) else None
        if self.required and self.value_is_missing(value):
            raise _click.exceptions.MissingParameter(ctx=ctx, param=self)
        if self.callback is not None:
            value = self.callback(ctx, self, value)
        return value

    process_value._donorkit = True  # type: ignore[attr-defined]
    _TyperParameter.process_value = process_value
    return True
