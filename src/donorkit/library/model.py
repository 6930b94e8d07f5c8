"""The typed context model of one project (pydantic, JSON-serialisable).

Front-matter fields are validated when the library loads. The body is parsed on first access
(``Project.body``) because listing or selecting 10,000 projects needs only the front matter.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, computed_field


def status_for(end: int | None, start: int | None, today: date | None = None) -> str:
    """ongoing, completed or unknown, from a project's years as of *today*."""
    year = (today or date.today()).year
    if end is not None:
        return "ongoing" if end >= year else "completed"
    return "ongoing" if start is not None else "unknown"


class _Model(BaseModel):
    # Schemas are built when first needed, not at import: objects that come from the cache
    # (projects, brands) are unpickled without validation, so a warm run never builds them.
    model_config = ConfigDict(defer_build=True)

class Country(_Model):
    name: str
    iso: str = ""  # ISO 3166-1 alpha-2; empty for free labels such as "Regional"
    iso3: str = ""
    numeric: str = ""
    kind: Literal["country", "label"] = "country"


class Link(_Model):
    title: str
    url: str
    title_html: str = ""  # inline Markdown of the title, rendered and sanitised


class Money(_Model):
    amount: float | None = None  # None: the page's text is not an amount; shown as written
    currency: str = "USD"
    text: str = ""  # as the page wrote it

    def __str__(self) -> str:
        amount = self.amount
        if amount is None:
            return self.text
        for limit, suffix in ((1e9, " billion"), (1e6, " million")):
            if amount >= limit:
                return f"{self.currency} {amount / limit:,.1f}{suffix}".replace(".0 ", " ")
        return f"{self.currency} {amount:,.0f}"


class Highlight(_Model):
    value: str
    label: str


class PageTranslation(_Model):
    """One language's version of a page's text fields (``None``: not translated); from the
    page's ``translations:`` or a sibling page (see library/translations.py)."""

    title: str | None = None
    summary: str | None = None  # Markdown
    location: str | None = None
    beneficiaries: str | None = None
    highlights: list[Highlight] | None = None


class Contact(_Model):
    model_config = ConfigDict(extra="allow")
    name: str | None = None
    role: str | None = None
    email: str | None = None
    phone: str | None = None


class Section(_Model):
    """A part of the body: ``html`` is sanitised and in the vocabulary; ``items`` are the bullets
    (inline HTML) when the section is a list."""

    key: str  # overview | activities | results | other
    title: str
    html: str
    items: list[str] = Field(default_factory=list)


class Media(_Model):
    kind: Literal["video", "image"]
    url: str
    provider: str = ""  # vimeo, youtube, ... for videos
    caption: str = ""
    alt: str = ""
    # file line of an image in the body, for warnings about it; not part of a template's context
    line: int | None = Field(default=None, exclude=True)


class Body(_Model):
    overview: Section | None = None
    activities: Section | None = None
    results: Section | None = None
    other: list[Section] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)  # all of the above, in source order
    media: list[Media] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    #: (file line, message) for what parsing had to drop or change: warnings for `check` and for
    #: the documents that use the body.
    _problems: list[tuple[int, str]] = PrivateAttr(default_factory=list)

    @property
    def problems(self) -> list[tuple[int, str]]:
        return self._problems


class Project(_Model):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    slug: str
    source: str
    title: str
    place: str = ""  # title before its em/en dash ("Pakistan")
    name: str  # title after the dash, or the whole title
    summary: str = ""  # Markdown as written
    start: int | None = None
    end: int | None = None
    status: Literal["ongoing", "completed", "unknown"] = "unknown"
    clients: list[str] = Field(default_factory=list)
    solutions: list[str] = Field(default_factory=list)
    regions: list[str] = Field(default_factory=list)
    countries: list[Country] = Field(default_factory=list)
    promos: list[Link] = Field(default_factory=list)
    published: datetime | None = None
    draft: bool = False
    value: Money | None = None
    partners: list[str] = Field(default_factory=list)
    staff_months: float | None = None
    beneficiaries: str | None = None
    highlights: list[Highlight] = Field(default_factory=list)
    contact: Contact | None = None
    services: list[str] = Field(default_factory=list)
    location: str | None = None
    bid: Bid = Field(default_factory=lambda: Bid())  # keys for donor forms (library/bid.py)
    image: Media | None = None  # the hero photo, when the page names one (``image:``)
    extra: dict[str, Any] = Field(default_factory=dict)
    translations: dict[str, PageTranslation] = Field(default_factory=dict)  # by BCP 47 tag

    _path: Path | None = PrivateAttr(default=None)  # absolute; relative images resolve from it
    _body_source: str = PrivateAttr(default="")
    _body_line: int = PrivateAttr(default=1)
    _body_cache: Any = PrivateAttr(default=None)  # a cache.BodyCache when the library has one
    _siblings: dict[str, Path] = PrivateAttr(default_factory=dict)  # tag -> <name>.<tag>.md

    @property
    def translated_languages(self) -> list[str]:
        """Tags this page has a translation in (front matter or sibling page)."""
        return sorted({*self.translations, *self._siblings})

    @computed_field  # type: ignore[prop-decorator]
    @property
    def duration(self) -> int | None:
        """Years the project ran, counting both the first and the last year."""
        if self.start is None or self.end is None:
            return None
        return self.end - self.start + 1

    @computed_field  # type: ignore[prop-decorator]
    @property
    def period(self) -> str:
        if self.start and self.end:
            return f"{self.start}–{self.end}" if self.end != self.start else str(self.start)
        if self.start:
            return f"{self.start}–present"
        return str(self.end or "")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def summary_html(self) -> str:
        # Not cached: a caller may tailor `summary` in a context before rendering.
        from ..text.markdown import render_inline

        return render_inline(self.summary)

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def body(self) -> Body:
        from .body import parse_body

        if self._body_cache is not None:
            body = self._body_cache.get(self._body_source, self._body_line, parse_body)
            if isinstance(body, Body):
                return body
        return parse_body(self._body_source, first_line=self._body_line)

    @property
    def country_names(self) -> list[str]:
        return [c.name for c in self.countries]

    def brief(self) -> dict[str, Any]:
        """The front-matter view used by listings: never parses the body."""
        return {
            "slug": self.slug,
            "title": self.title,
            "countries": self.country_names,
            "clients": self.clients,
            "regions": self.regions,
            "solutions": self.solutions,
            "start": self.start,
            "end": self.end,
            "status": self.status,
            "draft": self.draft,
            "source": self.source,
        }


from .bid import Bid  # noqa: E402 - bid keys use Money, defined above

Project.model_rebuild()
