"""Money parsed from what project pages really say, and shown in a document's locale.

"GBP 18.4 million", "$12,500,000", "€70 million", "US$ 3.2m", "70 million euros" and their
cousins become an amount and an ISO 4217 code. Text that is not recognisably an amount returns
None; the caller keeps it as written and warns (a form shows what the page says rather than a
blank). The table of accepted strings is in tests/test_money.py.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the model imports this package's parser: import it lazily
    from ..library.model import Money

#: Symbols and prefixes, longest first so "US$" wins over "$".
SYMBOLS = {
    "US$": "USD", "U.S.$": "USD", "USD$": "USD", "A$": "AUD", "AU$": "AUD", "C$": "CAD",
    "CA$": "CAD", "CAN$": "CAD", "NZ$": "NZD", "HK$": "HKD", "S$": "SGD", "R$": "BRL",
    "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₦": "NGN", "₱": "PHP",
    "Fr.": "CHF", "SFr.": "CHF",
}
#: Currency words after (or before) the number.
WORDS = {
    "euro": "EUR", "euros": "EUR", "eur": "EUR",
    "us dollar": "USD", "us dollars": "USD", "u.s. dollars": "USD", "dollar": "USD",
    "dollars": "USD", "pound": "GBP", "pounds": "GBP", "pound sterling": "GBP",
    "pounds sterling": "GBP", "sterling": "GBP", "swiss francs": "CHF", "yen": "JPY",
}
MULTIPLIERS = {
    "k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "mio": 1e6, "mil": 1e6, "million": 1e6,
    "millions": 1e6, "b": 1e9, "bn": 1e9, "billion": 1e9, "billions": 1e9,
}
_HEDGES = re.compile(
    r"^(?:approx(?:imately|\.)?|about|around|circa|ca\.|c\.|some|nearly|almost|over|more than|"
    r"up to|total(?: of)?|~)\s*", re.IGNORECASE)
_TRAILING = re.compile(r"\s*(?:\((?:approx(?:imately|\.)?|est(?:imated|\.)?)\)|approx\.?)$",
                       re.IGNORECASE)
_SPACE = "[ \u00a0\u202f]"
_NUM = (rf"(?P<num>\d{{1,3}}(?:{_SPACE}\d{{3}})+(?:[.,]\d+)?"  # 12 500 000 (spaced groups)
        r"|\d[\d,.']*)")


def _alternation(names: list[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


_CUR = rf"(?:{_alternation(list(SYMBOLS))}|{_alternation(list(WORDS))}|[A-Za-z]{{3}})"
_PATTERN = re.compile(
    rf"^(?P<pre>{_CUR})?\s*{_NUM}\s*(?P<mult>{_alternation(list(MULTIPLIERS))})?\.?"
    rf"(?:\s+(?:of\s+)?)?(?P<post>{_CUR})?\.?$",
    re.IGNORECASE)


@lru_cache(maxsize=1)
def iso_codes() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.currencies)


def currency_of(token: str | None) -> str | None:
    """The ISO code a symbol, word or code stands for; None when it stands for none."""
    if not token:
        return None
    if token in SYMBOLS:
        return SYMBOLS[token]
    lowered = token.lower()
    if lowered in WORDS:
        return WORDS[lowered]
    if token.upper() in iso_codes() and (token.isupper() or token.islower()):
        return token.upper()
    return None


def number(text: str, *, scaled: bool = False) -> float | None:
    """"12,500,000", "3.2", "4,2", "1.250.000", "12 500 000", "1'000" -> a finite float.

    One comma followed by exactly three digits is a thousands separator ("3,500"); otherwise a
    lone comma is a decimal comma ("4,2 million"). When both appear, the last one is the
    decimal mark."""
    digits = re.sub(r"[ \u00a0\u202f']", "", text)
    if "," in digits and "." in digits:
        decimal = "," if digits.rfind(",") > digits.rfind(".") else "."
        whole, frac = digits.rsplit(decimal, 1)
        if not re.fullmatch(r"\d{1,3}(?:[.,]\d{3})*", whole) or not frac.isdigit():
            return None
        digits = re.sub(r"[.,]", "", whole) + "." + frac
    elif digits.count(",") > 1 or digits.count(".") > 1:
        if not re.fullmatch(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*", digits):
            return None  # "1.2.3" is a version number, not 123
        digits = re.sub(r"[.,]", "", digits)
    elif "," in digits:
        whole, frac = digits.split(",")
        digits = f"{whole}.{frac}" if (len(frac) != 3 or scaled) else whole + frac
    try:
        value = float(digits)
    except (ValueError, OverflowError):
        return None
    return value if math.isfinite(value) else None


def parse_money(text: str, default_currency: str = "USD") -> Money | None:
    """An amount and its currency, or None when *text* is not recognisably money."""
    original = text
    text = " ".join(str(text).split())
    text = _TRAILING.sub("", _HEDGES.sub("", text)).strip()
    if not text:
        return None
    match = _PATTERN.match(text)
    if not match:
        return None
    pre, post = match["pre"], match["post"]
    currencies = [currency_of(t) for t in (pre, post) if t]
    if None in currencies or len(set(currencies)) > 1:
        return None  # "ABC 5" or "USD 5 EUR": not an amount we can stand behind
    mult = MULTIPLIERS[match["mult"].lower()] if match["mult"] else 1.0
    amount = number(match["num"], scaled=mult != 1.0)
    if amount is None:
        return None
    from ..library.model import Money

    return Money(amount=amount * mult, currency=currencies[0] if currencies else default_currency,
                 text=original.strip())


def format_money(money: Money, locale: str = "en", *, compact: bool = False) -> str:
    """"USD 12,500,000" (en), "12 500 000 USD" (fr): the ISO code where the locale puts its
    currency sign, the amount in whole units grouped as the locale groups them. *compact*
    gives "USD 12.5 million" for a narrow column."""
    if money.amount is None:
        return money.text
    from babel import Locale, UnknownLocaleError
    from babel.numbers import format_compact_decimal, format_decimal

    try:
        loc = Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        loc = Locale.parse("en")
    if compact and abs(money.amount) >= 1e6:
        amount = format_compact_decimal(money.amount, format_type="long", locale=loc,
                                        fraction_digits=1).replace(" ", "\u00a0")
    else:
        amount = format_decimal(round(money.amount), locale=loc)
    pattern = loc.currency_formats["standard"].pattern
    after = pattern.rstrip().endswith("¤") and not pattern.lstrip().startswith("¤")
    return f"{amount}\u00a0{money.currency}" if after else f"{money.currency}\u00a0{amount}"


def format_number(value: float, locale: str = "en", digits: int = 0) -> str:
    from babel import Locale, UnknownLocaleError
    from babel.numbers import format_decimal

    try:
        loc = Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        loc = Locale.parse("en")
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=loc)
