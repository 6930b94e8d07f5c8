"""Map outlines at print scale (graphics/geometry.py): simplified within less than a printed
border's width, few enough points for WeasyPrint, and a region's hatching still drawn in the PDF
and in the DOCX's PNG."""

from __future__ import annotations

import base64
import io
import math

import pytest
from PIL import Image

from donorkit.brand import load_brand
from donorkit.graphics import geometry, maps
from donorkit.graphics.raster import DPI, to_png
from donorkit.graphics.style import look_for

#: Path data is written with one decimal.
ROUNDING = 0.05 * math.sqrt(2)


def _source_rings(iso: str) -> list[list[tuple[float, float]]]:
    """The country's outline as the package draws it (every point, curves' end points)."""
    svg = geometry._source().read_text("utf-8")
    [inner] = [inner for code, inner in geometry._GROUP.findall(svg) if code.upper() == iso]
    outer = geometry._affine(inner[:inner.find("<path")]) if "<g" in inner else geometry._IDENTITY
    rings = []
    for tag in geometry._PATH.findall(inner):
        d = geometry._D.search(tag)
        own = geometry._affine(tag)
        rings += [geometry._apply(outer, geometry._apply(own, r))
                  for r in geometry._rings(d[1]) if len(r) >= 3]
    return rings


def _segments(d: str) -> list[tuple[float, float, float, float]]:
    out = []
    for part in filter(None, d.split("Z")):
        ring = [tuple(map(float, p.split())) for p in part[1:].split("L")]
        out += [(*a, *b) for a, b in zip(ring, ring[1:] + ring[:1], strict=True)]
    return out


def _distance(x: float, y: float, seg: tuple[float, float, float, float]) -> float:
    x0, y0, x1, y1 = seg
    dx, dy = x1 - x0, y1 - y0
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((x - x0) * dx + (y - y0) * dy) / length))
    return math.hypot(x - x0 - t * dx, y - y0 - t * dy)


def _sliver(ring: list[tuple[float, float]], width: float) -> bool:
    """Whether every point of *ring* lies within *width* of the line from its first point to
    the point farthest from it."""
    x0, y0 = ring[0]
    far = max(ring, key=lambda p: math.hypot(p[0] - x0, p[1] - y0))
    return all(_distance(x, y, (x0, y0, *far)) <= width for x, y in ring)


@pytest.mark.parametrize("iso", ["NO", "GR", "KE"])  # fjords, islands, a plain border
@pytest.mark.parametrize("level", ["fine", "coarse"])
def test_outlines_stay_within_the_tolerance_of_the_source(iso, level):
    detail = geometry.FINE if level == "fine" else geometry.COARSE
    drawn = _segments(getattr(geometry.shapes()[iso], level))
    checked = 0
    for ring in _source_rings(iso):
        xs, ys = [x for x, _ in ring], [y for _, y in ring]
        if max(max(xs) - min(xs), max(ys) - min(ys)) < detail.speck:
            continue  # an islet too small to draw at this level
        if _sliver(ring, detail.tolerance):
            continue  # narrower than the tolerance: it simplifies to a line, drawn as nothing
        for x, y in ring:
            nearest = min(_distance(x, y, seg) for seg in drawn)
            assert nearest <= detail.tolerance + ROUNDING, (iso, level, x, y, nearest)
            checked += 1
    assert checked > 50


def test_the_world_map_has_few_enough_points_for_weasyprint():
    """WeasyPrint spends about 12 µs a point; the world map had 12,700 points (over 0.15 s a
    capability statement) when points near the last kept were dropped instead."""
    svg = maps.country_map({"KE": 1, "PE": 1, "NP": 1}, look_for(load_brand("default")))
    assert 'viewBox="45.0 70.0 2620.0 1175.0"' in svg  # the world
    assert svg.count("L") + svg.count("M") < 8000


HATCHED = {"CN", "MN"}


def _hatched_map() -> tuple[str, tuple[float, float]]:
    """A world map hatching China and Mongolia, and the point of China to look at (in CSS px)."""
    svg = maps.country_map({"KE": 1, "PE": 1}, look_for(load_brand("default")), region=HATCHED,
                           world=True)
    vx, vy, vw, _ = geometry.WORLD_VIEW
    unit = vw / 640
    bx, by, bw, bh = geometry.shapes()["CN"].box
    return svg, ((bx + bw * 0.45 - vx) / unit, (by + bh * 0.5 - vy) / unit)


def _stripes(image: Image.Image, at: tuple[float, float], scale: float) -> set[str]:
    """Which of the hatching's two colours a run of pixels through *at* shows."""
    look = look_for(load_brand("default"))
    colours = {"stripe": look.tint(0.6), "ground": look.tint(maps.REGION_TINT)}
    rgb = {name: tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) for name, c in colours.items()}
    x0, y = round(at[0] * scale), round(at[1] * scale)
    found = set()
    for x in range(x0 - round(12 * scale), x0 + round(12 * scale)):
        pixel = image.getpixel((x, y))[:3]
        for name, want in rgb.items():
            if max(abs(a - b) for a, b in zip(pixel, want, strict=True)) <= 12:
                found.add(name)
    return found


def test_resvg_draws_the_hatching_for_word():
    svg, at = _hatched_map()
    image = Image.open(io.BytesIO(to_png(svg.encode()))).convert("RGB")
    assert _stripes(image, at, DPI / 96) == {"stripe", "ground"}


def test_weasyprint_draws_the_hatching_in_the_pdf():
    import pypdfium2
    from weasyprint import HTML

    svg, at = _hatched_map()
    src = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    pdf = HTML(string=f'<style>@page {{ size: 640px 300px; margin: 0 }} img {{ display: block }}'
                      f'</style><img src="{src}" width="640">').write_pdf()
    page = pypdfium2.PdfDocument(pdf)[0]
    scale = 4  # pdfium's scale is per pt; a CSS px is 0.75 pt
    image = page.render(scale=scale).to_pil().convert("RGB")
    assert _stripes(image, at, scale * 0.75) == {"stripe", "ground"}
