"""Reading the optional bid keys of a page (docs/library-format.md, "Keys for bids").

Called by the normaliser with its diagnostics context, so every problem carries the page, the
line of the offending key and the key's name, and ``donorkit check`` reports it like any other.
A bid key that cannot be read is an error: a form would otherwise print a wrong number.
"""

from __future__ import annotations

import math
import re
from typing import Any, Protocol

from ..text.markdown import clean_text
from ..values.dates import MonthDate, impossible_date, parse_month_date
from ..values.money import parse_money
from .bid import ROLES, Associate, Bid, Referee, StaffMember
from .model import Money

BID_KEYS = frozenset({
    "contract_number", "contract_type", "funding", "role", "share", "services_value", "staff",
    "associated", "key_staff", "contacts", "start_date", "end_date", "confidential",
})
_ROLE_WORDS = {
    "prime": "lead", "lead firm": "lead", "lead partner": "lead", "prime contractor": "lead",
    "sub-contractor": "subcontractor", "sub contractor": "subcontractor",
    "subconsultant": "subcontractor", "sub-consultant": "subcontractor",
    "consortium partner": "consortium member", "member": "consortium member",
    "jv": "joint venture", "joint-venture": "joint venture", "jv partner": "joint venture",
}


class Reporter(Protocol):
    def error(self, key: str, message: str) -> None: ...
    def warning(self, key: str, message: str) -> None: ...


def _text(value: Any) -> str:
    return "" if value is None else clean_text(str(value)).strip()


def _finite(value: Any) -> float | None:
    """A finite float of a YAML number (a 400-digit int overflows float())."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) and abs(number) < 1e15 else None


def read_money(ctx: Reporter, key: str, value: Any) -> Money | None:
    """An amount from a number, ``{amount, currency}`` or text such as "EUR 4.2 million".
    Text that is not an amount is kept as written, with a warning."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        ctx.error(key, f"expected an amount of money, got {value!r}")
        return None
    if isinstance(value, (int, float)):
        number = _finite(value)
        if number is None:
            ctx.error(key, "expected an amount of money, got a number out of range")
            return None
        return Money(amount=number, text=str(value)[:40])
    if isinstance(value, dict):
        currency = _text(value.get("currency") or "USD").upper()
        amount = value.get("amount")
        if isinstance(amount, str):
            parsed = parse_money(amount, currency)
            amount = parsed.amount if parsed else None
        number = _finite(amount)
        if number is None:
            ctx.error(key, f"{key} needs a numeric 'amount' (and an optional 'currency')")
            return None
        return Money(amount=number, currency=currency, text=f"{currency} {amount}")
    if isinstance(value, str):
        parsed = parse_money(value)
        if parsed is not None:
            return parsed
        ctx.warning(key, f"cannot read {value!r} as an amount; shown as written (write e.g. "
                         "{amount: 12500000, currency: USD} or \"USD 12.5 million\")")
        return Money(amount=None, currency="", text=_text(value))
    ctx.error(key, f"expected an amount of money, got {type(value).__name__}")
    return None


def _percent(ctx: Reporter, key: str, value: Any) -> float | None:
    if value is None or value == "":
        return None
    number: float | None = None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        match = re.fullmatch(r"\s*(\d+(?:[.,]\d+)?)\s*(?:%|percent|per cent)?\s*", value)
        number = float(match[1].replace(",", ".")) if match else None
    if number is None or not 0 <= number <= 100:
        ctx.error(key, f"expected a percentage from 0 to 100 such as 60 or \"60%\", got {value!r}")
        return None
    return number


def _count(ctx: Reporter, key: str, value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or value < 0 or value > 10**6:
        ctx.error(key, f"expected a whole number of people, got {value!r}")
        return None
    return value


def _role(ctx: Reporter, value: Any) -> str | None:
    if value is None or value == "":
        return None
    text = " ".join(_text(value).lower().split())
    role = _ROLE_WORDS.get(text, text)
    if role not in ROLES:
        ctx.error("role", f"expected one of {', '.join(ROLES)}, got {value!r}")
        return None
    return role


def _items(ctx: Reporter, key: str, value: Any) -> list[tuple[str, Any]]:
    """(key path, item) of a list key; a single mapping or string is a list of one."""
    if value is None:
        return []
    if isinstance(value, (dict, str)):
        return [(key, value)]
    if not isinstance(value, list):
        ctx.error(key, f"expected a list, got {type(value).__name__}")
        return []
    return [(f"{key}.{i}", item) for i, item in enumerate(value) if item not in (None, "")]


def _people(ctx: Reporter, key: str, value: Any) -> list[StaffMember]:
    out = []
    for where, item in _items(ctx, key, value):
        if isinstance(item, str):
            # "Jane Doe — Team Leader" or "Jane Doe (Team Leader)", as CVs list people
            match = re.match(r"^(.+?)\s*(?:[—–:]|\s-\s|\()\s*(.+?)\)?$", _text(item))
            name, function = (match[1], match[2]) if match else (_text(item), "")
            out.append(StaffMember(name=name, function=function))
        elif isinstance(item, dict) and _text(item.get("name")):
            out.append(StaffMember(name=_text(item["name"]),
                                   function=_text(item.get("function") or item.get("role"))))
        else:
            ctx.error(where, "expected {name, function} or \"Name — function\"")
    return out


def _associated(ctx: Reporter, value: Any) -> list[Associate]:
    out = []
    for where, item in _items(ctx, "associated", value):
        if isinstance(item, str):
            out.append(Associate(name=_text(item)))
            continue
        if not isinstance(item, dict) or not _text(item.get("name")):
            ctx.error(where, "expected {name, staff_months} or a name")
            continue
        months = item.get("staff_months")
        if months is not None and (isinstance(months, bool) or
                                   not isinstance(months, (int, float)) or months < 0):
            ctx.error(f"{where}.staff_months", f"expected a number, got {months!r}")
            continue
        out.append(Associate(name=_text(item["name"]),
                             staff_months=None if months is None else float(months)))
    return out


def _contacts(ctx: Reporter, value: Any) -> list[Referee]:
    out = []
    for where, item in _items(ctx, "contacts", value):
        if not isinstance(item, dict) or not _text(item.get("name")):
            ctx.error(where, "expected {name, title, organisation, phone, email}")
            continue
        unknown = set(map(str, item)) - set(Referee.model_fields)
        if unknown:
            ctx.warning(where, f"unknown contact key{'s' if len(unknown) > 1 else ''} "
                               f"{', '.join(sorted(unknown))} ignored")
        out.append(Referee(**{k: _text(item.get(k)) for k in Referee.model_fields}))
    return out


def _month(ctx: Reporter, key: str, value: Any) -> MonthDate | None:
    if value is None or value == "":
        return None
    parsed = parse_month_date(value)
    if parsed is None:
        ctx.error(key, f"expected a month such as 2019-03 (or a year), got {value!r}")
    elif reason := impossible_date(value):
        ctx.warning(key, f"{value!r} is not a date ({reason}); read as {parsed}")
    return parsed


def read_bid(ctx: Reporter, meta: dict[str, Any], known: set[str]) -> Bid:
    """The bid keys of one page's front matter; *known* are the page's other keys (a page may
    mark any of them confidential)."""
    start, end = _month(ctx, "start_date", meta.get("start_date")), \
        _month(ctx, "end_date", meta.get("end_date"))
    if start and end and (end.year, end.month or 12) < (start.year, start.month or 1):
        ctx.error("end_date", f"end_date {end} is before start_date {start}")
        end = None
    confidential = []
    for where, item in _items(ctx, "confidential", meta.get("confidential")):
        name = _text(item)
        if not isinstance(item, str) or name not in known | BID_KEYS:
            ctx.warning(where, f"confidential: {item!r} is not a key of this page; ignored")
            continue
        confidential.append(name)
    funding = meta.get("funding")
    return Bid(
        contract_number=_text(meta.get("contract_number")),
        contract_type=_text(meta.get("contract_type")),
        funding="; ".join(_text(f) for f in funding) if isinstance(funding, list)
        else _text(funding),
        role=_role(ctx, meta.get("role")),
        share=_percent(ctx, "share", meta.get("share")),
        services_value=read_money(ctx, "services_value", meta.get("services_value")),
        staff=_count(ctx, "staff", meta.get("staff")),
        associated=_associated(ctx, meta.get("associated")),
        key_staff=_people(ctx, "key_staff", meta.get("key_staff")),
        contacts=_contacts(ctx, meta.get("contacts")),
        start_date=start,
        end_date=end,
        confidential=confidential,
    )
