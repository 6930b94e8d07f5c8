"""What a library holds: countries (scope labels such as "Regional" kept apart), regions,
solutions, clients and years with project counts.

`donorkit projects facets` prints this so a user can see which values a selection can take before
typing one. Names that differ only in case or spacing ("Multinational corporation" and
"Multinational Corporation ") are one entry, shown in their most common spelling.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from pydantic import BaseModel

from .model import Project

if TYPE_CHECKING:
    from .library import Library
    from .select import Selection


class Facet(BaseModel):
    name: str
    count: int


class Facets(BaseModel):
    """Project counts per value; each list is ordered by count, then name (years by year)."""

    projects: int
    countries: list[Facet]  # real countries only, as the glance and the map count them
    # Names in a page's countries that are not countries ("Regional", "Worldwide", "Multiple",
    # an unrecognised name); --country still selects them, so they are listed, apart.
    other_places: list[Facet]
    regions: list[Facet]
    solutions: list[Facet]
    clients: list[Facet]
    years: list[Facet]  # projects active in each year (an ongoing project counts to this year)


def fold(text: str) -> str:
    """The identity of a name: case and runs of spaces do not make a different client."""
    return " ".join(text.casefold().split())


def tally(values: Iterable[str]) -> list[Facet]:
    """Count *values* with :func:`fold` as identity; ordered by count, then name."""
    counts: dict[str, int] = {}
    spellings: dict[str, dict[str, int]] = {}
    for value in values:
        key = fold(value)
        if not key:
            continue
        counts[key] = counts.get(key, 0) + 1
        shown = " ".join(value.split())
        seen = spellings.setdefault(key, {})
        seen[shown] = seen.get(shown, 0) + 1
    facets = []
    for key, count in counts.items():
        # The most frequent spelling wins; on a tie, the one with more capitals ("Corporation").
        name = max(spellings[key].items(),
                   key=lambda kv: (kv[1], sum(c.isupper() for c in kv[0])))[0]
        facets.append(Facet(name=name, count=count))
    return sorted(facets, key=lambda f: (-f.count, f.name.casefold()))


def _each_project(projects: Sequence[Project], values: str) -> Iterable[str]:
    # A project counts once per value even when a page repeats it.
    for p in projects:
        yield from {fold(v): v for v in getattr(p, values)}.values()


def _places(projects: Sequence[Project], kind: str) -> Iterable[str]:
    for p in projects:
        yield from {c.name: None for c in p.countries if c.kind == kind}


def _years(projects: Sequence[Project], this_year: int) -> list[Facet]:
    counts: dict[int, int] = {}
    for p in projects:
        if p.start is None and p.end is None:
            continue
        first = p.start if p.start is not None else p.end
        last = p.end if p.end is not None else this_year
        last = max(first, min(last, max(this_year, first)))  # a far-off planned end is not yet
        for year in range(first, last + 1):
            counts[year] = counts.get(year, 0) + 1
    return [Facet(name=str(y), count=counts[y]) for y in sorted(counts)]


def facets(projects: Library | Sequence[Project], selection: Selection | None = None, *,
           today: date | None = None) -> Facets:
    """Counts of every country, region, solution, client and active year over *projects* (a
    library, whose drafts are left out unless the selection includes them, or a list)."""
    from .library import Library

    if isinstance(projects, Library):
        projects = projects.select(selection)
    elif selection is not None:
        from .select import select

        projects = select(projects, selection)
    year = (today or date.today()).year
    return Facets(
        projects=len(projects),
        countries=tally(_places(projects, "country")),
        other_places=tally(_places(projects, "label")),
        regions=tally(_each_project(projects, "regions")),
        solutions=tally(_each_project(projects, "solutions")),
        clients=tally(_each_project(projects, "clients")),
        years=_years(projects, year),
    )
