"""Selection: the filters every command that takes projects shares (CLI options, specs, manifests).

OR within one option, AND across options; matching is case-insensitive. Countries match names,
ISO codes and common aliases; clients match whole words ("World Bank" finds "World Bank Group") or
the same funder by another name or acronym (USAID, FCDO/DFID, EU...: library/funders.py); regions
and solutions match exactly. A value no project has (drafts included) is an error naming what was
close, even when the option's other values match: one misspelt value is never dropped silently.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Literal

from pydantic import ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from ..errors import DonorkitError, ProjectNotFound, SelectionError
from ..modelerrors import Checked
from . import countries
from .inventory import fold as _fold  # case and runs of spaces make no difference
from .model import Project

SortKey = Literal["end", "start", "title", "relevance"]


def _listify(value: object) -> object:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return value


def _year(value: object, info: ValidationInfo) -> object:
    # "since: 2015-13-01" should not meet pydantic's "expected a valid integer"
    if isinstance(value, dt.date) or (
            isinstance(value, str) and not value.strip().lstrip("-").isdigit()):
        raise PydanticCustomError("year", f"{info.field_name} takes a year, such as 2015")
    return value


class Selection(Checked):
    """Which projects a document covers. Every field is optional; an empty selection is all.

    Invalid values raise :class:`~donorkit.errors.SelectionError`."""

    model_config = ConfigDict(extra="forbid")

    @classmethod
    def invalid(cls, found: list[str]) -> DonorkitError:
        return SelectionError("invalid selection: " + "; ".join(found))

    country: list[str] = Field(default_factory=list)
    region: list[str] = Field(default_factory=list)
    solution: list[str] = Field(default_factory=list)
    client: list[str] = Field(default_factory=list)
    since: int | None = None
    until: int | None = None
    status: Literal["ongoing", "completed"] | None = None
    query: str | None = None
    slug: list[str] = Field(default_factory=list)
    include_drafts: bool = False
    sort: SortKey | None = None
    limit: int | None = Field(default=None, ge=1)

    _coerce = field_validator("country", "region", "solution", "client", "slug",
                              mode="before")(_listify)
    _years = field_validator("since", "until", mode="before")(_year)

    def describe(self) -> str:
        parts = [f"{k}={v}" for k, v in self.model_dump(exclude_defaults=True).items()]
        return ", ".join(parts) or "all projects"


def _any_equal(values: Iterable[str], wanted: Sequence[str]) -> bool:
    have = {_fold(v) for v in values}
    return any(_fold(w) in have for w in wanted)


def _any_words(values: Iterable[str], wanted: Sequence[str]) -> bool:
    for w in wanted:
        pattern = re.compile(rf"(?<!\w){re.escape(_fold(w))}(?!\w)")
        if any(pattern.search(_fold(v)) for v in values):
            return True
    return False


def _client_match(project: Project, wanted: Sequence[str]) -> bool:
    """Whole words of the page's client, or the same funder by another name ("USAID" is "U.S.
    Agency for International Development"; library/funders.py)."""
    if _any_words(project.clients, wanted):
        return True
    from .funders import table

    funders = table()
    asked = set().union(*(funders.identify(w) for w in wanted))
    return bool(asked) and any(asked & funders.identify(c) for c in project.clients)


def _country_match(project: Project, wanted: Sequence[str]) -> bool:
    return any(countries.matches(c, w) for c in project.countries for w in wanted)


#: Selection fields that hold values to find in the pages, and the page field each is found in.
VALUE_FIELDS = {"country": "countries", "region": "regions", "solution": "solutions",
                "client": "clients"}


def matches(project: Project, field: str, wanted: Sequence[str]) -> bool:
    """Whether *project* has any of the *wanted* values of selection *field* (country, region,
    solution, client)."""
    if field == "country":
        return _country_match(project, wanted)
    if field == "client":
        return _client_match(project, wanted)
    return _any_equal(getattr(project, VALUE_FIELDS[field]), wanted)


def unmatched(projects: Sequence[Project], selection: Selection) -> list[tuple[str, str]]:
    """(field, value) of every selection value that no project has, drafts included: a value
    the library does not hold at all is a typo, not a filter (a slug's rule too)."""
    return [(field, value) for field in VALUE_FIELDS for value in getattr(selection, field)
            if not any(matches(p, field, [value]) for p in projects)]


def _active(project: Project, since: int | None, until: int | None) -> bool:
    if project.start is None and project.end is None:
        return False
    if since is not None and project.end is not None and project.end < since:
        return False
    return not (until is not None and project.start is not None and project.start > until)


def select(projects: Sequence[Project], selection: Selection) -> list[Project]:
    """Apply *selection* to *projects* (in library order) and return the chosen ones in order."""
    s = selection
    if s.since and s.until and s.until < s.since:
        raise SelectionError(f"until {s.until} is before since {s.since}")
    if s.slug:
        by_slug = {p.slug: p for p in projects}
        folded = {p.slug.casefold(): p for p in projects}
        pool = []
        missing = []
        for slug in s.slug:
            project = by_slug.get(slug) or folded.get(slug.casefold())
            if project is None:
                missing.append(slug)
            elif project not in pool:
                pool.append(project)
        if missing:  # every unknown slug at once, not one per run
            raise ProjectNotFound.many(missing, list(by_slug))
    else:
        pool = [p for p in projects if s.include_drafts or not p.draft]
    unknown = unmatched(projects, s)
    if unknown:  # every value at once, as for slugs; one match among the values is not enough
        from .nearby import unmatched_message

        raise SelectionError(unmatched_message(projects, s, unknown))
    chosen = []
    for p in pool:
        if any(getattr(s, f) and not matches(p, f, getattr(s, f)) for f in VALUE_FIELDS):
            continue
        if (s.since or s.until) and not _active(p, s.since, s.until):
            continue
        if s.status and p.status != s.status:
            continue
        chosen.append(p)
    sort = s.sort or ("relevance" if s.query else None if s.slug else "end")
    if s.query:
        # The ranker of `donorkit match` (BM25 by field plus countries, funders and regions),
        # imported here: only a query needs it, and it sits above the library stage.
        from ..matching import rank_query

        ranked = rank_query(projects, chosen, s.query)
        if sort == "relevance":
            chosen = [p for _, p in ranked]
        else:
            kept = {id(p) for _, p in ranked}
            chosen = [p for p in chosen if id(p) in kept]
    if sort == "end":
        chosen.sort(key=lambda p: (-(p.end or 9999), -(p.start or 0), p.title))
    elif sort == "start":
        chosen.sort(key=lambda p: (-(p.start or 0), p.title))
    elif sort == "title":
        chosen.sort(key=lambda p: p.title.casefold())
    return chosen[: s.limit] if s.limit else chosen
