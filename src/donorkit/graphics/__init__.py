"""Stage 4b: the pictures of a document (maps and charts), computed once from the selection.

The context builder calls :func:`portfolio_graphics` or :func:`project_graphics`; templates place
the results with the ``figure class="map"`` / ``figure class="chart"`` partials; both writers then
handle them as vocabulary (vector SVG in the PDF, a print-resolution PNG with the same alt text in
the DOCX). Each picture carries alt text that states its data (:mod:`.alt`).
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from typing import Any, Literal

from pydantic import BaseModel

from ..brand import Brand
from ..library import Project
from . import alt, charts, maps
from .raster import svg_size
from .style import Look, look_for

__all__ = ["Graphic", "PortfolioGraphics", "ProjectGraphics", "portfolio_graphics",
           "project_graphics", "svg_data_url"]

#: Bars shown before the rest are summed into one "others" bar.
MAX_BARS = 8


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


def _ranked(values: Sequence[str]) -> list[tuple[str, int]]:
    from ..library.inventory import tally

    # The same counting as the at-a-glance numbers: case and stray spaces are one name.
    return [(f.name, f.count) for f in tally(values)]


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
                       t: alt.Words = alt.ENGLISH) -> PortfolioGraphics:
    """The footprint map and the charts of a selection, in the brand's colours and font, their
    words in the language of *t* (a Localiser)."""
    look = look_for(brand)
    names = {c.iso: c.name for p in projects for c in p.countries if c.iso}
    # a project counts once in a country, however often its page names it
    countries = _ranked([names[iso] for p in projects
                         for iso in dict.fromkeys(c.iso for c in p.countries if c.iso)])
    by_country = {iso: n for iso in names for name, n in countries if name == names[iso]}
    labels = _ranked([c.name for p in projects for c in p.countries if not c.iso])
    out = PortfolioGraphics()
    svg = _map(by_country, look, warn, legend_title=t.gettext("Projects")) if countries else None
    if svg is not None:
        out.footprint = _graphic("map", t.gettext("Where we have worked"), svg,
                                 alt.map_alt(len(projects), countries, labels, t),
                                 caption=alt.listing(countries + labels))
    for field, title, values in (
            ("by_region", t.gettext("Projects by region"),
             [r for p in projects for r in p.regions]),
            ("by_solution", t.gettext("Projects by solution"),
             [s for p in projects for s in p.solutions]),
            ("by_client", t.gettext("Projects by client"),
             [c for p in projects for c in p.clients])):
        rows = _ranked(values)
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
    """A locator map of the project's countries (none when it names no country)."""
    look = look_for(brand)
    names = [c.name for c in project.countries if c.iso]
    if not names:
        return ProjectGraphics()
    svg = _map({c.iso: 1 for c in project.countries if c.iso}, look, warn, width=240,
               aspect=1.25, min_width=380, legend=False)
    if svg is None:
        return ProjectGraphics()
    return ProjectGraphics(locator=_graphic("map", t.gettext("Location"), svg,
                                            alt.locator_alt(names, t)))
