"""Translated page content: ``translations:`` in a page's front matter, and sibling pages.

A sibling ``<name>.fr.md`` beside ``<name>.md`` is the French version of that page (the Jekyll
polyglot convention): its front matter may translate the page's text fields and its body replaces
the page's body. Siblings are never projects of their own. Their files are read only when a
document in their language is made, so loading a library costs one name match per file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from ..text.markdown import clean_text
from .model import Highlight, PageTranslation

#: ``name.fr.md``, ``name.pt-BR.markdown``: a BCP 47 language (2-3 letters) with optional
#: script/region subtags, between the page's name and its suffix.
_SIBLING = re.compile(r"^(?P<stem>.+)\.(?P<tag>[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8}){0,2})"
                      r"\.(?P<suffix>md|markdown)$", re.IGNORECASE)
#: Front-matter keys a translation may carry: the page's words, not its facts.
TEXT_KEYS = ("title", "summary", "location", "beneficiaries", "highlights")


def normal_tag(tag: str) -> str:
    """``PT_br`` -> ``pt-BR``: how tags are compared."""
    parts = re.split(r"[-_]", tag.strip())
    out = [parts[0].lower()]
    for part in parts[1:]:
        out.append(part.title() if len(part) == 4 else part.upper() if len(part) == 2 else part)
    return "-".join(out)


def lookup(available: Iterable[str], tag: str) -> str | None:
    """The best of *available* tags for a document in *tag*: the exact one, else the bare
    language (``fr`` for ``fr-CA``), else another region of it (``pt-PT`` for ``pt-BR``)."""
    tags = list(available)
    wanted = normal_tag(tag)
    base = wanted.split("-")[0]
    for candidate in (wanted, base):
        if candidate in tags:
            return candidate
    return next((t for t in tags if t.split("-")[0] == base), None)


Parts = tuple[str, ...]


def split_siblings(pages: Sequence[Parts]
                   ) -> tuple[list[Parts], dict[Parts, dict[str, Parts]], list[Parts]]:
    """(pages, siblings, orphans): *siblings* maps a page's parts to its translations' parts by
    tag; *orphans* are translation-looking files whose original page is missing."""
    names = {parts for parts in pages}
    kept: list[tuple[str, ...]] = []
    siblings: dict[tuple[str, ...], dict[str, tuple[str, ...]]] = {}
    orphans: list[tuple[str, ...]] = []
    for parts in pages:
        match = _SIBLING.match(parts[-1])
        if match is None:
            kept.append(parts)
            continue
        folder = parts[:-1]
        original = next((o for o in ((*folder, f"{match['stem']}.{s}")
                                     for s in ("md", "markdown", match["suffix"]))
                         if o in names), None)
        if original is None:
            if _is_language(match["tag"]):
                orphans.append(parts)
            else:
                kept.append(parts)  # "report.v2.md" and the like: an ordinary page
            continue
        siblings.setdefault(original, {})[normal_tag(match["tag"])] = parts
    return kept, siblings, orphans


def _is_language(tag: str) -> bool:
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


def parse_front_matter(value: Any, warn: Callable[[str, str], None]) -> dict[str, PageTranslation]:
    """``translations: {fr: {title: ..., summary: ...}}`` -> tag -> :class:`PageTranslation`.
    A malformed entry is warned about (key path, message) and left out."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        warn("translations", "expected a mapping such as {fr: {title: ..., summary: ...}}; "
             "ignored")
        return {}
    out: dict[str, PageTranslation] = {}
    for tag, fields in value.items():
        key = f"translations.{tag}"
        if not isinstance(tag, str) or not _is_language(tag):
            warn(key, f"{tag!r} is not a language tag (fr, es, pt-BR ...); ignored")
            continue
        if not isinstance(fields, dict):
            warn(key, "expected {title: ..., summary: ...}; ignored")
            continue
        out[normal_tag(tag)] = text_fields(fields, lambda k, m, key=key: warn(f"{key}.{k}", m))
    return out


def text_fields(meta: dict[str, Any], warn: Callable[[str, str], None],
                *, others: str = "warn") -> PageTranslation:
    """The translatable fields of a front-matter mapping; other keys are warned about unless
    *others* is ``"ignore"`` (a sibling page repeats its original's facts)."""
    values: dict[str, Any] = {}
    for key, value in meta.items():
        if key not in TEXT_KEYS:
            if others == "warn":
                warn(str(key), f"{key!r} cannot be translated (only {', '.join(TEXT_KEYS)}); "
                     "ignored")
            continue
        if value is None:
            continue
        if key == "highlights":
            items = value if isinstance(value, list) else [value]
            good = [Highlight(value=clean_text(str(i["value"])), label=clean_text(str(i["label"])))
                    for i in items if isinstance(i, dict) and "value" in i and "label" in i]
            if len(good) != len(items):
                warn(key, "expected a list of {value, label}; some dropped")
            values[key] = good
        elif isinstance(value, (dict, list, bool)):
            warn(str(key), f"expected text, got {type(value).__name__}; ignored")
        else:
            values[key] = clean_text(str(value)).strip()
    return PageTranslation(**values)


class SiblingPage(BaseModel):
    """A sibling translation page as read at export time."""

    fields: PageTranslation = Field(default_factory=PageTranslation)
    body: str = ""
    body_line: int = 1
    problems: list[str] = Field(default_factory=list)


def read_sibling(path: Path, shown: str) -> SiblingPage:
    """Read a sibling page; problems are returned (as ``file:line: message``), never raised."""
    from .reader import read_record

    record = read_record(path)
    if not hasattr(record, "meta"):
        return SiblingPage(problems=[str(d) for d in record])  # type: ignore[union-attr]
    problems: list[str] = []

    def warn(key: str, message: str) -> None:
        line = record.line_of(key)
        problems.append(f"{shown}:{line}: {key}: {message}" if line else
                        f"{shown}: {key}: {message}")

    fields = text_fields(record.meta, warn, others="ignore")
    return SiblingPage(fields=fields, body=record.body, body_line=record.body_line,
                       problems=problems + [str(d) for d in record.diagnostics])
