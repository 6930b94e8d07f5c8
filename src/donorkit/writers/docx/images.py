"""Image bytes -> something python-docx can embed, and its display size.

Pillow reads the pixel size (python-docx would use the file's dpi, often 72 or absent, which
makes pictures 33% too big compared with the browser/PDF rendering at 96 px per inch) and
rejects bytes that are not an image at all. Formats Word cannot show (WebP, ...) are re-encoded
as PNG, and SVG is rasterised (``donorkit.svg``).
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from ...svg import looks_like_svg, rasterise

EMU_PER_PX = 9525  # 914400 EMU per inch / 96 px per inch
_EMBEDDABLE = frozenset({"PNG", "JPEG", "GIF"})  # shown by Word and LibreOffice alike


@dataclass(frozen=True)
class Picture:
    data: bytes
    width_px: int
    height_px: int


def load(data: bytes) -> Picture | None:
    """The picture in *data*, or None when it is not a readable image. An SVG is rasterised (Word
    2016 and LibreOffice differ in what they make of an embedded SVG; a PNG shows everywhere)."""
    if looks_like_svg(data):
        try:
            raster = rasterise(data)
        except ValueError:
            return None
        return Picture(raster.png, raster.width_px, raster.height_px)
    try:
        with warnings.catch_warnings():
            # DecompressionBombWarning: a huge image still goes in, just scaled down
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                width, height = img.size
                if width <= 0 or height <= 0:
                    return None
                if img.format not in _EMBEDDABLE:
                    data = as_png(img)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError):
        return None
    return Picture(data, width, height)


def graphic(data: bytes, fonts: Sequence[Path]) -> Picture | None:
    """A donorkit chart or map (SVG) as a print-resolution PNG, shown at the SVG's own size."""
    from ...graphics.raster import svg_size, to_png

    png = to_png(data, fonts)
    if png is None:
        return None
    try:
        width, height = svg_size(data[:300].decode("utf-8", "replace"))
    except ValueError:
        return None
    return Picture(png, width, height)


def as_png(img: Image.Image) -> bytes:
    if img.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        img = img.convert("RGBA")
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def reencode(data: bytes) -> bytes | None:
    """PNG bytes of *data*, for the rare JPEG/TIFF whose header python-docx cannot parse."""
    try:
        with Image.open(io.BytesIO(data)) as img:
            return as_png(img)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError):
        return None


def fit(pic: Picture, max_width: int, max_height: int) -> tuple[int, int]:
    """Natural size at 96 dpi, shrunk (never enlarged) to fit the box; aspect ratio kept. EMU."""
    width, height = pic.width_px * EMU_PER_PX, pic.height_px * EMU_PER_PX
    scale = min(1.0, max_width / width, max_height / height)
    return max(1, int(width * scale)), max(1, int(height * scale))


def banner(pic: Picture, width: int, height: int) -> tuple[int, int, float]:
    """(cx, cy, share cropped off top and bottom together) for a picture shown *width* wide and
    at most *height* high, cropped about its middle rather than shrunk. EMU."""
    natural = width * pic.height_px / pic.width_px
    if natural <= height:
        return width, max(1, int(natural)), 0.0
    return width, height, 1 - height / natural


def fixed_height(pic: Picture, height: int, max_width: int) -> tuple[int, int]:
    """Size for a logo: the given height unless that makes it wider than *max_width*. EMU."""
    width = height * pic.width_px / pic.height_px
    if width > max_width:
        height = int(height * max_width / width)
        width = max_width
    return max(1, int(width)), max(1, int(height))
