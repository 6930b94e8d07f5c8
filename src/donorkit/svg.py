"""SVG -> PNG for Word, which cannot show SVG everywhere (the PDF keeps SVG as vectors).

resvg draws it (see docs/decisions.md). resvg loads any file an ``<image href>`` names, which would
step round the asset policy, so every reference that is not inside the SVG itself (``#id``) or
inline (``data:``) is removed before it is drawn.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass

from lxml import etree

#: Pixels per CSS pixel when rasterising: 2 gives about 192 dpi at the SVG's natural size,
#: sharp in print without bloating the DOCX.
SCALE = 2
#: Larger natural sizes are drawn smaller (same aspect): an SVG that claims to be 100,000 px wide
#: must not allocate gigabytes.
MAX_SIDE_PX = 4000
_HREF = ("href", "{http://www.w3.org/1999/xlink}href")


@dataclass(frozen=True)
class Raster:
    png: bytes
    width_px: int  # natural size in CSS pixels (the PNG holds SCALE times as many)
    height_px: int


def looks_like_svg(data: bytes) -> bool:
    head = data[:1024].lstrip()
    return head.startswith(b"\x1f\x8b") or b"<svg" in head or (
        head.startswith(b"<?xml") and b"<svg" in data[:4096])


_UNITS = {"": 1.0, "px": 1.0, "pt": 96 / 72, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54,
          "in": 96.0}


def _length(value: str | None) -> float | None:
    match = re.fullmatch(r"\s*([0-9.]+(?:e[+-]?\d+)?)\s*([a-z]*)\s*", value or "", re.I)
    if not match or match[2].lower() not in _UNITS:
        return None  # a percentage or nonsense: the size comes from the viewBox
    try:
        return float(match[1]) * _UNITS[match[2].lower()]
    except ValueError:
        return None


def _natural_size(root: etree._Element) -> tuple[float, float]:
    """The size a browser gives the SVG (CSS px): width/height, else the viewBox, else 300x150."""
    width, height = _length(root.get("width")), _length(root.get("height"))
    try:
        box = [float(v) for v in re.split(r"[\s,]+", (root.get("viewBox") or "").strip())]
    except ValueError:
        box = []
    ratio = box[3] / box[2] if len(box) == 4 and box[2] > 0 and box[3] > 0 else None
    if width and height:
        return width, height
    if width and ratio:
        return width, width * ratio
    if height and ratio:
        return height / ratio, height
    if len(box) == 4 and ratio:
        return box[2], box[3]
    return 300.0, 150.0


def _confined(data: bytes) -> etree._Element:
    """The SVG with every external reference removed (no entity expansion, no network)."""
    if data.startswith(b"\x1f\x8b"):
        data = gzip.decompress(data)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"not a well-formed SVG: {exc}") from None
    if etree.QName(root).localname != "svg":
        raise ValueError("not an SVG document")
    for el in root.iter():
        for name in _HREF:
            value = (el.get(name) or "").strip()
            if value and not value.startswith(("#", "data:")):
                del el.attrib[name]
    return root


def rasterise(data: bytes) -> Raster:
    """PNG of an SVG at SCALE times its natural size; ValueError if it cannot be drawn."""
    import resvg_py

    root = _confined(data)
    width, height = _natural_size(root)
    if width <= 0 or height <= 0:
        raise ValueError("the SVG has no size")
    zoom = min(SCALE, MAX_SIDE_PX / max(width, height))
    png = resvg_py.svg_to_bytes(svg_string=etree.tostring(root, encoding="unicode"),
                                width=max(1, round(width * zoom)),
                                height=max(1, round(height * zoom)))
    return Raster(bytes(png), max(1, round(width)), max(1, round(height)))
