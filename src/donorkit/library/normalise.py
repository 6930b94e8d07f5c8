"""Stage 2: raw front matter -> a validated :class:`Project`, normalising real-world variants.

Every rule here exists because real pages do it: a field given as a string, a list or a comma-joined
string; empty list items; "Regional" instead of a country; years as strings; keys in the wrong
singular/plural. Problems are collected with the line of their key; only what makes a project
unusable is an error.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime
from typing import Any

from ..diagnostics import Diagnostics
from ..text.markdown import clean_text, render_inline
from ..urls import link_allowed
from ..values.dates import impossible_date
from . import countries
from .bidkeys import BID_KEYS, read_bid, read_money
from .jekyll import JEKYLL_KEYS
from .model import Contact, Country, Highlight, Link, Media, Project, status_for
from .reader import RawRecord
from .translations import parse_front_matter as parse_translations

KNOWN_KEYS = {
    "title", "slug", "date", "summary", "start", "end", "client", "solutions", "regions",
    "country", "promos", "published", "draft", "value", "partners", "staff_months",
    "beneficiaries", "highlights", "contact", "services", "location", "image",
    "translations",
} | BID_KEYS
#: Misnamed keys seen in real libraries -> the key they mean.
KEY_ALIASES = {
    "region": "regions", "countries": "country", "clients": "client", "solution": "solutions",
    "donor": "client", "funder": "client", "partner": "partners", "service": "services",
}
#: Client names that contain a comma and must not be split.
COMMA_NAMES = (
    "Foreign, Commonwealth & Development Office",
    "Foreign, Commonwealth and Development Office",
    "Department for Environment, Food & Rural Affairs",
    "Department for Environment, Food and Rural Affairs",
)
_GLUE_FRAGMENT = re.compile(r"^(Embassy|Mission|Office|Bureau|Inc\.?|Ltd\.?|LLC)\b")
ONGOING_WORDS = {"present", "ongoing", "current", "now", "today", "tbd", "-", "—"}


class _Ctx:
    """The record being normalised and where its diagnostics go."""

    def __init__(self, record: RawRecord, diags: Diagnostics) -> None:
        self.record = record
        self.diags = diags

    def line(self, key: str) -> int | None:
        return self.record.line_of(key)

    def error(self, key: str, message: str) -> None:
        self.diags.error(self.record.path, message, line=self.line(key), field=key)

    def warning(self, key: str, message: str) -> None:
        self.diags.warning(self.record.path, message, line=self.line(key), field=key)


def _split_commas(value: str) -> list[str]:
    return [part.strip() for part in value.split(",")]


def _split_clients(value: str) -> list[str]:
    protected = value
    for i, name in enumerate(COMMA_NAMES):
        protected = protected.replace(name, f"\x00{i}\x00")
    parts: list[str] = []
    for raw in protected.split(","):
        part = raw.strip()
        if parts and _GLUE_FRAGMENT.match(part):
            parts[-1] = f"{parts[-1]}, {part}"
        else:
            parts.append(part)
    return [re.sub(r"\x00(\d+)\x00", lambda m: COMMA_NAMES[int(m[1])], p) for p in parts]


def _string_list(ctx: _Ctx, key: str, value: Any, *, split: str | None = "comma") -> list[str]:
    """A field that may be a string, a comma-joined string, or a list (with empty items)."""
    if value is None:
        return []
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        text = clean_text(str(value)).strip()
        if not text:
            return []
        if split == "comma":
            items = _split_commas(text)
        elif split == "clients":
            items = _split_clients(text)
        else:
            items = [text]
    elif isinstance(value, list):
        items = []
        for item in value:
            if isinstance(item, (dict, list)):
                ctx.warning(key, f"list item {item!r} is not text; dropped")
                continue
            items.append("" if item is None else clean_text(str(item)).strip())
    else:
        ctx.error(key, f"expected text or a list of text, got {type(value).__name__}")
        return []
    kept = [i for i in items if i]
    if len(kept) < len(items):
        dropped = len(items) - len(kept)
        ctx.warning(key, f"{dropped} empty item{'s' if dropped > 1 else ''} dropped")
    # The same value twice is a copy-paste slip, not meaning.
    seen: dict[str, None] = {}
    for item in kept:
        seen.setdefault(item, None)
    return list(seen)


def _year(ctx: _Ctx, key: str, value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        ctx.error(key, f"expected a year such as 2017, got {value!r}")
        return None
    if isinstance(value, (datetime, date)):
        return value.year
    if isinstance(value, int):
        year = value
    elif isinstance(value, str):
        text = value.strip()
        if key == "end" and text.lower() in ONGOING_WORDS:
            return None
        match = re.fullmatch(r"(\d{4})(?:[-/.]\d{1,2}(?:[-/.]\d{1,2})?)?", text)
        if not match:
            ctx.error(key, f"expected a year such as 2017, got {value!r}")
            return None
        year = int(match[1])
        if reason := impossible_date(text):
            ctx.warning(key, f"{value!r} is not a date ({reason}); read as the year {year}")
    else:
        ctx.error(key, f"expected a year such as 2017, got {type(value).__name__}")
        return None
    if not 1900 <= year <= 2100:
        ctx.error(key, f"year {year} is out of range (1900–2100)")
        return None
    return year


_FALSE_WORDS = {"false", "no", "off", "0"}


def _flag(value: Any, default: bool) -> bool:
    """A yes/no key; quoted 'false' is false too (bool('false') would be True)."""
    if value is None:
        return default
    if isinstance(value, str):
        return value.strip().lower() not in _FALSE_WORDS
    return bool(value)


def _published(ctx: _Ctx, value: Any) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, str):
        text = re.sub(r"\s*Z$", "+00:00", value.strip())
        # Jekyll writes nanoseconds, which Python's parser does not take.
        text = re.sub(r"(\.\d{6})\d+", r"\1", text)
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError as exc:
            # 2024-02-30 is written as asked: say what is impossible about it
            why = f" ({exc})" if re.match(r"\d{4}-\d\d?-\d\d?$", text) else ""
            ctx.warning("date", f"cannot read date {value!r}{why}; write it as YYYY-MM-DD (a "
                                "time may follow); ignored")
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    ctx.warning("date", f"expected a date as YYYY-MM-DD, got {type(value).__name__}; ignored")
    return None


def _float(value: str | float) -> float | None:
    """A finite amount, or None: float() refuses "1.2.3", overflows on a 400-digit int, and
    accepts .inf, none of which is an amount of money."""
    try:
        number = float(value)
    except (ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def _promos(ctx: _Ctx, value: Any) -> list[Link]:
    if value is None:
        return []
    if not isinstance(value, list):
        ctx.error("promos", "expected a list of {title, link} entries")
        return []
    promos = []
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            ctx.warning(f"promos.{i}", f"promo {item!r} is not a {{title, link}} entry; dropped")
            continue
        url = item.get("link") or item.get("url") or item.get("href")
        title = clean_text(str(item.get("title") or "")).strip()
        if not url or not isinstance(url, str):
            ctx.warning(f"promos.{i}", "promo has no link; dropped")
            continue
        url = url.strip()
        title = title or url
        if not link_allowed(url, fragment=False):
            # A document cannot open site paths or scripts; the title is still worth showing.
            ctx.warning(f"promos.{i}", f"promo link {url!r} is not a web address; "
                                       "shown as text")
            url = ""
        promos.append(Link(title=title, url=url, title_html=render_inline(title)))
    return promos


def _highlights(ctx: _Ctx, value: Any) -> list[Highlight]:
    if value is None:
        return []
    out = []
    for i, item in enumerate(value if isinstance(value, list) else [value]):
        if isinstance(item, dict) and "value" in item and "label" in item:
            out.append(Highlight(value=clean_text(str(item["value"])),
                                 label=clean_text(str(item["label"]))))
        else:
            ctx.warning(f"highlights.{i}", "expected {value, label}; dropped")
    return out


def _contact(ctx: _Ctx, value: Any) -> Contact | None:
    if value is None:
        return None
    if isinstance(value, str):
        return Contact(name=value.strip())
    if isinstance(value, dict):
        return Contact(**{str(k): (None if v is None else str(v)) for k, v in value.items()})
    ctx.warning("contact", "expected a name or {name, email, phone}; ignored")
    return None


def _image(ctx: _Ctx, value: Any) -> Media | None:
    """The hero photo: a path or URL, or {src, caption, credit, alt}."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return Media(kind="image", url=value.strip(), line=ctx.line("image"))
    if isinstance(value, dict) and isinstance(value.get("src"), str) and value["src"].strip():
        caption = " ".join(str(value.get("caption") or "").split())
        credit = " ".join(str(value.get("credit") or "").split())
        if credit:
            caption = f"{caption} Photo: {credit}".strip()
        return Media(kind="image", url=value["src"].strip(), caption=caption,
                     alt=" ".join(str(value.get("alt") or "").split()), line=ctx.line("image"))
    ctx.warning("image", "expected a path or {src, caption, credit, alt}; ignored")
    return None


def _text(ctx: _Ctx, key: str, value: Any, *, required: bool = False) -> str:
    if value is None:
        if required:
            ctx.error(key, f"missing {key}")
        return ""
    if isinstance(value, (dict, list)) or isinstance(value, bool):
        ctx.error(key, f"expected text, got {type(value).__name__}")
        return ""
    text = clean_text(str(value)).strip()
    if required and not text:
        ctx.error(key, f"{key} is empty")
    return text


def split_title(title: str) -> tuple[str, str]:
    """'Pakistan—Technical Assistance ...' -> ('Pakistan', 'Technical Assistance ...')."""
    match = re.match(r"^(.+?)\s*[—–]\s*(.+)$", title)
    if match:
        return match[1].strip(), match[2].strip()
    return "", title


def normalise(record: RawRecord, today: date | None = None) -> tuple[Project | None, Diagnostics]:
    """Validate and normalise one record. Returns (None, diags) when the project is unusable."""
    diags = Diagnostics()
    ctx = _Ctx(record, diags)
    meta, extra = _keys(ctx, dict(record.meta))
    # Fields whose errors make the project unusable come first: nothing is built if one fails.
    title = _text(ctx, "title", meta.get("title"), required=True)
    summary = _text(ctx, "summary", meta.get("summary"))
    if not summary and "summary" not in diags_fields(diags):
        ctx.warning("summary", "missing summary")
    _check_markup(ctx, "summary", summary)
    start, end = _span(ctx, meta)
    bid = read_bid(ctx, meta, set(meta))
    # a page that gives only the month dates still has a period in every document
    start = start if start is not None else (bid.start_date.year if bid.start_date else None)
    end = end if end is not None else (bid.end_date.year if bid.end_date else None)
    clients = _string_list(ctx, "client", meta.get("client"), split="clients")
    if not clients:
        ctx.warning("client", "missing client")
    countries_ = _countries(ctx, meta.get("country"))
    staff = _staff_months(ctx, meta.get("staff_months"))
    beneficiaries = _beneficiaries(ctx, meta.get("beneficiaries"))
    if diags.errors:
        return None, diags
    place, name = split_title(title)
    project = Project(
        slug=str(meta.get("slug") or record.path.stem).strip(),
        source=str(record.path),
        title=title,
        place=place,
        name=name,
        summary=summary,
        start=start,
        end=end,
        status=status_for(end, start, today),
        clients=clients,
        solutions=_string_list(ctx, "solutions", meta.get("solutions")),
        regions=_string_list(ctx, "regions", meta.get("regions")),
        countries=countries_,
        promos=_promos(ctx, meta.get("promos")),
        published=_published(ctx, meta.get("date")),
        draft=_flag(meta.get("draft"), False) or not _flag(meta.get("published"), True),
        value=read_money(ctx, "value", meta.get("value")),
        partners=_string_list(ctx, "partners", meta.get("partners"), split="clients"),
        staff_months=staff,
        beneficiaries=beneficiaries,
        highlights=_highlights(ctx, meta.get("highlights")),
        contact=_contact(ctx, meta.get("contact")),
        services=_string_list(ctx, "services", meta.get("services")),
        location=_text(ctx, "location", meta.get("location")) or None,
        bid=bid,
        image=_image(ctx, meta.get("image")),
        extra=_jsonable(extra),
        translations=parse_translations(meta.get("translations"), ctx.warning),
    )
    if diags.errors:  # late errors (e.g. an unreadable value) still make the project unusable
        return None, diags
    project._body_source = record.body
    project._body_line = record.body_line
    return project, diags


def _keys(ctx: _Ctx, meta: dict[Any, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the donorkit fields, with misnamed keys read as the field they mean; the other keys)."""
    record = ctx.record
    for key in list(meta):
        if not isinstance(key, str):
            ctx.warning(str(key), f"key {key!r} is not text; ignored")
            meta.pop(key)
    for alias, key in KEY_ALIASES.items():
        if alias in meta:
            if key in meta:
                ctx.warning(alias, f"stray key {alias!r} beside {key!r}; kept in extra")
                continue
            ctx.warning(alias, f"key {alias!r} read as {key!r}")
            meta[key] = meta.pop(alias)
            record.key_lines.setdefault(key, record.key_lines.get(alias, 0))
    extra = {k: v for k, v in meta.items() if k not in KNOWN_KEYS}
    for key in extra:
        # an alias left beside its key was warned about above; Jekyll's keys are the site's
        if key not in KEY_ALIASES and key not in JEKYLL_KEYS:
            ctx.warning(key, f"stray key {key!r} (not a donorkit field); kept in extra")
    return meta, extra


def _check_markup(ctx: _Ctx, key: str, text: str) -> None:
    """Warn now about raw HTML the bounds will drop: the summary is rendered only later."""
    if "<" in text:
        problems: list[str] = []
        render_inline(text, problems)
        for message in problems:
            ctx.warning(key, message)


def _span(ctx: _Ctx, meta: dict[str, Any]) -> tuple[int | None, int | None]:
    start = _year(ctx, "start", meta.get("start"))
    end = _year(ctx, "end", meta.get("end"))
    if start is not None and end is not None and end < start:
        ctx.error("end", f"end {end} is before start {start}")
    return start, end


def _countries(ctx: _Ctx, value: Any) -> list[Country]:
    resolved: list[Country] = []
    for name in _string_list(ctx, "country", value):
        country, problem = countries.resolve(name)
        if problem:
            ctx.warning("country", problem)
        if country not in resolved:
            resolved.append(country)
    return resolved


def _staff_months(ctx: _Ctx, value: Any) -> float | None:
    if value is None:
        return None
    # _float: a 400-digit int would fail pydantic's float check and stop the whole library.
    number = None if isinstance(value, bool) or not isinstance(value, (int, float)) \
        else _float(value)
    if number is None:
        ctx.error("staff_months", f"expected a number, got {value!r}")
    return number


def _beneficiaries(ctx: _Ctx, value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"  # exact, however long (",.0f" overflows past 1e308)
    if isinstance(value, float):
        if math.isfinite(value):
            return f"{value:,.0f}"
        ctx.warning("beneficiaries", "expected a number or text; ignored")
        return None
    if value is not None:
        return _text(ctx, "beneficiaries", value) or None
    return None


def diags_fields(diags: Diagnostics) -> set[str]:
    return {d.field for d in diags if d.field}


def _jsonable(value: Any) -> Any:
    """Extra keys are kept for templates; make them JSON-safe (dates -> ISO strings)."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value
