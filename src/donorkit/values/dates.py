"""Month/year dates: what donor forms ask for ("Start date (month/year)").

A page knows the month (``start_date: 2019-03``) or only the year (``start: 2019``); a form
shows what is known and never invents a month.
"""

from __future__ import annotations

import datetime as dt
import re

from pydantic import BaseModel

_FORMS = (
    re.compile(r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})(?:[-/.]\d{1,2})?$"),  # 2019-03, 2019-03-15
    re.compile(r"^(?P<m>\d{1,2})[-/.](?P<y>\d{4})$"),  # 03/2019
    re.compile(r"^(?P<y>\d{4})$"),
)


class MonthDate(BaseModel):
    year: int
    month: int | None = None  # None: only the year is known

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}" if self.month else str(self.year)

    def show(self, locale: str = "en") -> str:
        """"March 2019" in the document's language, or "2019"."""
        if not self.month:
            return str(self.year)
        from babel import Locale, UnknownLocaleError
        from babel.dates import format_date

        try:
            loc = Locale.parse(locale.replace("-", "_"))
        except (UnknownLocaleError, ValueError):
            loc = Locale.parse("en")
        return format_date(dt.date(self.year, self.month, 1), "LLLL y", locale=loc)


def parse_month_date(value: object) -> MonthDate | None:
    """YYYY-MM (also YYYY-MM-DD, a YAML date, MM/YYYY) or YYYY; None when unreadable."""
    if isinstance(value, dt.date):
        return MonthDate(year=value.year, month=value.month)
    if isinstance(value, int) and not isinstance(value, bool):
        return MonthDate(year=value) if 1900 <= value <= 2100 else None
    if not isinstance(value, str):
        return None
    for pattern in _FORMS:
        match = pattern.match(value.strip())
        if match:
            year = int(match["y"])
            month = int(match["m"]) if "m" in match.groupdict() else None
            if not 1900 <= year <= 2100 or (month is not None and not 1 <= month <= 12):
                return None
            return MonthDate(year=year, month=month)
    return None


def impossible_date(value: object) -> str | None:
    """Why text written as a date (YYYY-MM-DD) is no date ('day is out of range for month' for
    2024-02-30); None for anything else. YAML keeps such text as text (text/yamlmap.py), so a key
    read for its year or month says so rather than taking 2024 from it in silence."""
    if not isinstance(value, str):
        return None
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value.strip())
    if not match:
        return None
    try:
        dt.date(*(int(g) for g in match.groups()))
    except ValueError as exc:
        return str(exc)
    return None


def months_between(start: MonthDate | None, end: MonthDate | None) -> tuple[int | None, bool]:
    """(duration in months counting both ends, approximate?). With only years known the
    duration is whole years (Jan of the first to Dec of the last) and marked approximate."""
    if start is None or end is None:
        return None, False
    if start.month and end.month:
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        return (months, False) if months > 0 else (None, False)
    months = (end.year - start.year + 1) * 12
    return (months, True) if months > 0 else (None, False)
