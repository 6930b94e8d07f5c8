"""Formats: a field's value -> what goes in the funder's cell (a line, paragraphs or items).

One function per format in a lookup table; each returns a :class:`Cell` and says whether the
value is absent. Dates and amounts are shown in the document's language.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from ..library.model import Money
from ..values.dates import MonthDate
from ..values.money import format_money, format_number
from ..values.rates import Rates


@dataclass
class Duration:
    months: int | None
    approx: bool = False  # computed from years only


@dataclass
class Cell:
    text: str = ""
    paragraphs: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.text.strip() or self.paragraphs or self.items)


@dataclass
class Settings:
    """How values are shown: the document language, and the currency the form asks for."""

    locale: str = "en"
    currency: str = ""  # the currency the form asks for
    compact: bool = False  # amounts as "USD 3.2 million" (the table layout's narrow columns)
    rates: Rates | None = None
    warnings: list[str] = field(default_factory=list)
    gettext: Callable[[str], str] = str  # the document language's catalog (forms/language.py)


def N_(message: str) -> str:  # noqa: N802 - gettext's no-op marker: extracted, looked up later
    return message


_ROLE_LABELS = {"lead": N_("Prime (lead firm)"), "subcontractor": N_("Subcontractor"),
                "consortium member": N_("Consortium member"),
                "joint venture": N_("Joint venture partner")}


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _seq(value: Any) -> list[Any]:
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        return [v for v in value if v not in (None, "")]
    return [value]


def text(value: Any, s: Settings) -> Cell:
    return Cell(text="; ".join(_plain(v) for v in _seq(value)))


def paragraphs(value: Any, s: Settings) -> Cell:
    return Cell(paragraphs=[_plain(v) for v in _seq(value) if _plain(v)])


def items(value: Any, s: Settings) -> Cell:
    values = [_plain(v) for v in _seq(value) if _plain(v)]
    return Cell(text=values[0]) if len(values) == 1 else Cell(items=values)


def month(value: Any, s: Settings) -> Cell:
    if isinstance(value, MonthDate):
        return Cell(text=value.show(s.locale))
    return Cell(text=_plain(value))


def period(value: Any, s: Settings) -> Cell:
    start, end = (list(value) + [None, None])[:2] if isinstance(value, (list, tuple)) else (
        value, None)
    if start is None and end is None:
        return Cell()
    first = month(start, s).text if start is not None else "…"
    last = month(end, s).text if end is not None else s.gettext("ongoing")
    return Cell(text=f"{first} – {last}")


def months(value: Any, s: Settings) -> Cell:
    if isinstance(value, Duration):
        if value.months is None:
            return Cell()
        return Cell(text=(s.gettext("c. %(number)s") if value.approx else "%(number)s")
                    % {"number": value.months})
    return Cell(text=_plain(value))


def money(value: Any, s: Settings) -> Cell:
    if value is None:
        return Cell()
    if not isinstance(value, Money):
        return Cell(text=_plain(value))
    if value.amount is None:
        s.warnings.append(f"{value.text!r} is not an amount; shown as written")
        return Cell(text=value.text)
    shown = format_money(value, s.locale, compact=s.compact)
    if not s.currency or value.currency == s.currency:
        return Cell(text=shown)
    converted = s.rates.convert(value, s.currency) if s.rates else None
    if converted is None:
        why = "no rate for it in the rates file" if s.rates else "give --rates to convert"
        s.warnings.append(f"amount in {value.currency}, not {s.currency} ({why})")
        return Cell(text=shown)
    return Cell(text=s.gettext("%(converted)s (approx.; %(original)s)") % {
        "converted": format_money(converted, s.locale, compact=s.compact), "original": shown})


def percent(value: Any, s: Settings) -> Cell:
    if value is None or value == "":
        return Cell()
    if isinstance(value, (int, float)):
        return Cell(text=f"{format_number(value, s.locale, 1)}\u00a0%" if s.locale[:2] in (
            "fr", "de") else f"{format_number(value, s.locale, 1)}%")
    return Cell(text=_plain(value))


def number(value: Any, s: Settings) -> Cell:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Cell(text=format_number(value, s.locale, 1))
    return Cell(text=_plain(value))


def people(value: Any, s: Settings) -> Cell:
    out = []
    for person in _seq(value):
        name, function = getattr(person, "name", str(person)), getattr(person, "function", "")
        out.append(f"{name} — {function}" if function else name)
    return Cell(items=out) if len(out) > 1 else Cell(text=out[0] if out else "")


def associated(value: Any, s: Settings) -> Cell:
    out = []
    for firm in _seq(value):
        months_ = getattr(firm, "staff_months", None)
        name = getattr(firm, "name", str(firm))
        out.append(s.gettext("%(name)s (%(number)s staff-months)") % {
            "name": name, "number": format_number(months_, s.locale, 1)}
            if months_ is not None else name)
    return Cell(items=out) if len(out) > 1 else Cell(text=out[0] if out else "")


def contacts(value: Any, s: Settings) -> Cell:
    out = []
    for person in _seq(value):
        if not isinstance(person, BaseModel):
            out.append(_plain(person))
            continue
        who = ", ".join(x for x in (person.name, person.title, person.organisation) if x)
        how = "; ".join(x for x in (s.gettext("tel. %(phone)s") % {"phone": person.phone}
                                    if person.phone else "",
                                    person.email) if x)
        out.append(f"{who}; {how}" if how else who)
    return Cell(paragraphs=out)


def role(value: Any, s: Settings) -> Cell:
    """[role, partners]: "Prime (lead firm); partners: A, B"."""
    parts: Sequence[Any] = value if isinstance(value, (list, tuple)) else [value]
    the_role = parts[0] if parts else None
    partners = _seq(parts[1]) if len(parts) > 1 else []
    if not the_role:
        return Cell()
    label = s.gettext(_ROLE_LABELS[str(the_role)]) if str(the_role) in _ROLE_LABELS \
        else _plain(the_role)
    if partners:
        label = s.gettext("%(role)s; partners: %(partners)s") % {
            "role": label, "partners": ", ".join(_plain(p) for p in partners)}
    return Cell(text=label)


FORMATTERS: dict[str, Callable[[Any, Settings], Cell]] = {
    "text": text, "paragraphs": paragraphs, "list": items, "month": month, "period": period,
    "months": months, "money": money, "percent": percent, "number": number, "people": people,
    "associated": associated, "contacts": contacts, "role": role,
}
