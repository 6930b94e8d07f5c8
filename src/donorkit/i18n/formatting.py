"""Dates, numbers, money and percentages in the document's locale (Babel, from CLDR).

Each function takes the :class:`Language` first; :func:`filters` binds them to one language for a
Jinja environment. CLDR writes French thousands with U+202F (narrow no-break space), which many
brand fonts lack: it becomes U+00A0, which every font has and which also never breaks a line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

from babel import dates, numbers

from .locales import Language, resolve_language

_NNBSP = "\u202f"


def _text(value: str) -> str:
    return value.replace(_NNBSP, "\u00a0")


def number(language: Language, value: object, digits: int = 0) -> str:
    """``12 346`` (fr), ``12.346`` (es), ``12,346`` (en); non-numbers are returned as text."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "" if value is None else str(value)
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return _text(numbers.format_decimal(value, format=pattern, locale=language.babel_id))


def percent(language: Language, value: object, digits: int = 0) -> str:
    """A fraction as a percentage: ``0.62`` -> ``62 %`` (fr), ``62%`` (en)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "" if value is None else str(value)
    # The locale's own pattern (its spacing before %), showing exactly *digits* decimals.
    rounded = round(float(value), digits + 2)
    return _text(numbers.format_percent(rounded, locale=language.babel_id,
                                        decimal_quantization=False))


def money(language: Language, value: object) -> str:
    """An amount with its ISO currency code, large ones in words: ``USD 9.8 million`` (en),
    ``9,8 millions USD`` (fr), ``9,8 millones USD`` (es). The code, not a symbol: "$" is
    several currencies, and donors' forms ask for the code (values/money.py, shared with forms)."""
    from ..library.model import Money
    from ..values.money import format_money

    if not isinstance(value, Money):
        return "" if value is None else str(value)
    if language.is_english or value.amount is None:
        return str(value)  # Money's own English form, unchanged from before locales
    return _text(format_money(value, language.babel_id, compact=True))


def longdate(language: Language, value: object) -> str:
    """``2 December 2026`` (en), ``2 décembre 2026`` (fr), ``2 de diciembre de 2026`` (es)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return _text(dates.format_date(value, format="long", locale=language.babel_id))
    return "" if value is None else str(value)


def filters(language: Language | str | None) -> dict[str, Callable[..., str]]:
    """The formatting filters of a template environment, bound to *language*."""
    lang = resolve_language(language)
    return {
        "number": partial(number, lang),
        "percent": partial(percent, lang),
        "money": partial(money, lang),
        "longdate": partial(longdate, lang),
    }
