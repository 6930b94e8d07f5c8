"""Map outlines are cut to the map's window (graphics/geometry.clip): fewer points for
WeasyPrint and resvg to walk, the same picture."""

from __future__ import annotations

import io

from PIL import Image, ImageChops

from donorkit.brand import load_brand
from donorkit.graphics import geometry, maps
from donorkit.graphics.raster import to_png
from donorkit.graphics.style import look_for


def _area(d: str) -> float:
    total = 0.0
    for part in filter(None, d.split("Z")):
        ring = [tuple(map(float, p.split())) for p in part[1:].split("L")]
        total += abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1)
                         in zip(ring, ring[1:] + ring[:1], strict=True))) / 2
    return total


def test_clip_keeps_inside_drops_outside_cuts_across():
    inside = "M1.0 1.0L3.0 1.0L3.0 3.0L1.0 3.0Z"
    outside = "M20.0 20.0L30.0 20.0L30.0 30.0Z"
    across = "M5.0 5.0L15.0 5.0L15.0 15.0L5.0 15.0Z"  # a square half out of the box
    clipped = geometry.clip(inside + outside + across, (0, 0, 10, 10))
    assert clipped.startswith(inside)
    assert "20.0" not in clipped and "30.0" not in clipped
    assert _area(clipped) == _area(inside) + 25.0  # the quarter of the square in the box


def test_locator_map_is_cut_to_its_window_and_looks_the_same():
    look = look_for(load_brand("default"))
    layout = {"width": 240, "aspect": 1.25, "min_width": 380, "legend": False}
    cut = maps.country_map({"GE": 1}, look, **layout)  # Georgia: Russia and Turkey around it
    shape_path = geometry.Shape.path
    try:
        geometry.Shape.path = lambda self, coarse=False, within=None: shape_path(self, coarse)
        whole = maps.country_map({"GE": 1}, look, **layout)
    finally:
        geometry.Shape.path = shape_path
    assert cut.count("L") < whole.count("L") / 2
    a, b = (Image.open(io.BytesIO(to_png(svg.encode()))).convert("RGB") for svg in (cut, whole))
    diff = ImageChops.difference(a, b).convert("L")
    assert diff.getextrema()[1] <= 16  # anti-aliasing at most
    assert sum(diff.histogram()[1:]) < 0.001 * a.width * a.height
