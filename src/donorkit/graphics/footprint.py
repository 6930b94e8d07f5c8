"""Where a selection's projects are, as the maps draw and state it.

A project counts in each country its page names (the Glance's tally, ``by_country``). A page whose
country is a scope label ("Regional", "West Africa", "Worldwide"), or that names no country, is a
regional project: it counts once in each region it names, never in that region's countries, so no
country's "N projects" grows with a region's projects. A known region is hatched on the map (see
:mod:`.regions`); the world ("Worldwide", "Global") and unknown regions are listed beside it. A
page that names countries keeps its ``regions`` as a classification: Kenya's "Sub-Saharan Africa"
shades Kenya, not the continent.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..library import Project
from ..library.countries import LABEL_WORDS
from ..library.inventory import fold, tally
from . import regions

Rows = list[tuple[str, int]]


@dataclass(frozen=True)
class Footprint:
    countries: Rows  # (country, projects), from the Glance
    by_iso: dict[str, int]  # the same, by ISO alpha-2
    regions: Rows = field(default_factory=list)  # (known region, regional projects)
    covered: frozenset[str] = frozenset()  # ISO alpha-2 of the known regions' countries
    regional: int = 0  # projects in at least one known region
    unmapped: Rows = field(default_factory=list)  # worldwide, unknown regions, stray labels
    worldwide: bool = False  # a worldwide project: the map shows the world

    @property
    def empty(self) -> bool:
        return not self.countries and not self.regions


def places(project: Project) -> tuple[list[str], list[str]]:
    """(known regions to hatch, names to list beside the map) of one project's coverage wider
    than its countries; both empty for a project of named countries."""
    labels = [c.name for c in project.countries if not c.iso]
    named = [n for n in labels if regions.countries_of(n) is not None or regions.worldwide(n)]
    scope = named + [n for n in labels if n not in named
                     and (LABEL_WORDS.search(n) or regions.scope_label(n))]
    # an unresolved country name ("Decomcratic Republic of the Congo") is listed as written
    stray = [n for n in labels if n not in scope]
    if not scope and (stray or any(c.iso for c in project.countries)):
        return [], stray
    wanted = list({fold(n): n for n in (named or project.regions or scope)}.values())
    known = [n for n in wanted if regions.countries_of(n) is not None]
    return known, [n for n in wanted if n not in known] + stray


def footprint_of(projects: Sequence[Project], by_country: Sequence[tuple[str, int]]) -> Footprint:
    """The map's figures: the countries' counts as the Glance tallied them (*by_country*), and
    the regional projects counted here by region."""
    iso_of = {fold(c.name): c.iso for p in projects for c in p.countries if c.iso}
    countries = [(name, n) for name, n in by_country if fold(name) in iso_of]
    known: list[str] = []
    listed: list[str] = []
    regional = 0
    for project in projects:
        hatched, beside = places(project)
        # two names of one region ("SSA", "Sub-Saharan Africa") count the project once
        known += {regions.countries_of(n): n for n in reversed(hatched)}.values()
        listed += beside
        regional += bool(hatched)
    return Footprint(
        countries=countries,
        by_iso={iso_of[fold(name)]: n for name, n in countries},
        regions=_by_region(known),
        covered=regions.countries_in(known),
        regional=regional,
        unmapped=[(f.name, f.count) for f in tally(listed)],
        worldwide=any(regions.worldwide(n) for n in listed),
    )


def _by_region(names: list[str]) -> Rows:
    """Regional projects per region, the names that name the same countries counted as one
    ("Afrique subsaharienne" and an untranslated "sub-saharan africa" in a French document),
    shown in their most frequent spelling (on a tie, the one with more capitals)."""
    spellings = Counter(names)
    shown: dict[frozenset[str] | None, str] = {}
    for name in sorted(spellings, key=lambda n: (-spellings[n], -sum(c.isupper() for c in n))):
        shown.setdefault(regions.countries_of(name), name)
    return [(f.name, f.count) for f in tally(shown[regions.countries_of(n)] for n in names)]
