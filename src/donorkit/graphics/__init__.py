"""Stage 4b: the pictures of a document (maps and charts), computed once from the selection.

The context builder calls :func:`portfolio_graphics` or :func:`project_graphics`; templates place
the results with the ``figure class="map"`` / ``figure class="chart"`` partials; both writers then
handle them as vocabulary (vector SVG in the PDF, a print-resolution PNG with the same alt text in
the DOCX). Each picture carries alt text that states its data (:mod:`.alt`).
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from typing import Any, Literal, Protocol

from pydantic import BaseModel

from ..brand import Brand
from ..library import Project
from . import alt, charts, maps, regions
from .footprint import footprint_of, places
from .raster import svg_size
from .style import Look, look_for

__all__ = ["Graphic", "PortfolioGraphics", "ProjectGraphics", "portfolio_graphics",
           "project_graphics", "svg_data_url"]

#: Bars shown before the rest are summed into one "others" bar.
MAX_BARS = 8
#: The footprint map is 2.3 times as wide as high; a tall selection (Africa) may make it this
#: high rather than shrink to a corner of the world.
FOOTPRINT_MIN_ASPECT = 1.6


class Graphic(BaseModel):
    kind: Literal["chart", "map"]
    title: str
    src: str  # data:image/svg+xml URL
    alt: str
    caption: str = ""  # plain text under the picture (a map's country list)
    width: int  # CSS px at its natural size
    height: int


class PortfolioGraphics(BaseModel):
    footprint: Graphic | None = None
    by_region: Graphic | None = None
    by_solution: Graphic | None = None
    by_client: Graphic | None = None
    timeline: Graphic | None = None


class ProjectGraphics(BaseModel):
    locator: Graphic | None = None


def svg_data_url(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _graphic(kind: Literal["chart", "map"], title: str, svg: str, alt_text: str,
             caption: str = "") -> Graphic:
    width, height = svg_size(svg)
    return Graphic(kind=kind, title=title, src=svg_data_url(svg), alt=alt_text, caption=caption,
                   width=width, height=height)


class Counted(Protocol):
    name: str
    count: int


class Tallies(Protocol):
    """The counts the graphics draw: a :class:`donorkit.context.Glance`, so the numbers in the
    tables, the charts and the alt text come from one tally."""

    by_country: Sequence[Counted]
    by_region: Sequence[Counted]
    by_solution: Sequence[Counted]
    by_client: Sequence[Counted]


def _rows(counts: Sequence[Counted]) -> list[tuple[str, int]]:
    return [(c.name, c.count) for c in counts]


def active_years(projects: Sequence[Project], year: int) -> list[tuple[int, int]]:
    """(year, projects active that year) from the first start to *year* or the last end."""
    spans = []
    for p in projects:
        start = p.start or p.end
        if start is None:
            continue
        end = min(p.end, year) if p.end else (year if p.status != "completed" else start)
        spans.append((start, max(start, end)))
    if not spans:
        return []
    first, last = min(s for s, _ in spans), max(e for _, e in spans)
    return [(y, sum(1 for s, e in spans if s <= y <= e)) for y in range(first, last + 1)]


def _quiet(message: str) -> None:
    pass


def _map(counts: dict[str, int], look: Look, warn: Callable[[str], None],
         **layout: Any) -> str | None:
    """A map's SVG, or None (with a warning) when the outlines cannot be read: a document
    without its map is better than no document."""
    try:
        return maps.country_map(counts, look, **layout)
    except (OSError, ValueError) as exc:
        warn(f"map left out: {exc}")
        return None


def portfolio_graphics(projects: Sequence[Project], brand: Brand, year: int,
                       warn: Callable[[str], None] = _quiet,
                       t: alt.Words = alt.ENGLISH, *, glance: Tallies) -> PortfolioGraphics:
    """The footprint map and the charts of a selection, in the brand's colours and font, their
    words in the language of *t* (a Localiser), their figures those of *glance*."""
    look = look_for(brand)
    where = footprint_of(projects, _rows(glance.by_country))
    out = PortfolioGraphics()
    svg = None
    if not where.empty:
        svg = _map(where.by_iso, look, warn, legend_title=t.gettext("Projects"),
                   region=where.covered, region_label=t.gettext("Regional"),
                   world=where.worldwide, min_aspect=FOOTPRINT_MIN_ASPECT)
    if svg is not None:
        figures = {"regions": where.regions, "regional": where.regional}
        out.footprint = _graphic(
            "map", t.gettext("Where we have worked"), svg,
            alt.map_alt(len(projects), where.countries, where.unmapped, t, **figures),
            caption=alt.map_caption(where.countries, where.unmapped, t, **figures))
    for field, title, counts in (
            ("by_region", t.gettext("Projects by region"), glance.by_region),
            ("by_solution", t.gettext("Projects by solution"), glance.by_solution),
            ("by_client", t.gettext("Projects by client"), glance.by_client)):
        rows = _rows(counts)
        if len(rows) < 2:
            continue  # one bar says nothing the text does not
        shown = charts.top(rows, MAX_BARS, t.gettext("{n} others"))
        svg = charts.bar_chart(shown, look, summed=len(shown) < len(rows))
        setattr(out, field, _graphic("chart", title, svg, alt.bars_alt(title, rows, t)))
    per_year = active_years(projects, year)
    if len(per_year) >= 3:
        title = t.gettext("Projects active per year")
        out.timeline = _graphic("chart", title, charts.timeline(per_year, look),
                                alt.timeline_alt(title, per_year, t))
    return out


def project_graphics(project: Project, brand: Brand,
                     warn: Callable[[str], None] = _quiet,
                     t: alt.Words = alt.ENGLISH) -> ProjectGraphics:
    """A locator map of the project's countries, or of its region for a regional project (none
    when it names neither, or only the whole world)."""
    look = look_for(brand)
    names = [c.name for c in project.countries if c.iso]
    known, _ = places(project)
    region = regions.countries_in(known)
    if not names and not region:
        return ProjectGraphics()
    svg = _map({c.iso: 1 for c in project.countries if c.iso}, look, warn, width=240,
               aspect=1.25, min_width=380, legend=False, region=region)
    if svg is None:
        return ProjectGraphics()
    return ProjectGraphics(locator=_graphic("map", t.gettext("Location"), svg,
                                            alt.locator_alt(names, t, known)))
