"""Charts and maps as PNG for Word, at print resolution, drawn by resvg in the brand's font.

Word and LibreOffice do not show SVG alike, so the DOCX gets a PNG at :data:`DPI` (the PDF keeps
the SVG as vectors). Only the SVG that :mod:`donorkit.graphics` writes is drawn here: one with an
external reference (``href``, ``<image``) is refused, so nothing outside the document is read.

Drawing and encoding a map at 300 dpi takes resvg about 50 ms, a quarter of a case study's DOCX
and PDF together, and the same picture comes back often (every project in Kenya has the same
locator map; a batch re-run draws every one again). So a PNG is kept, addressed by a hash of the
SVG, the resolution and the font files, in this process and in donorkit's cache folder (kind
``rasters``; off with ``--no-cache``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from .. import cachestore

DPI = 300
_ZOOM = DPI / 96  # the SVG's px are CSS px


def svg_size(svg: str) -> tuple[int, int]:
    """(width, height) in CSS px of an SVG whose root gives them in px (as ours do);
    ValueError otherwise."""
    head = svg[:300]
    try:
        width = float(head.split('width="', 1)[1].split('"', 1)[0])
        height = float(head.split('height="', 1)[1].split('"', 1)[0])
    except IndexError:
        raise ValueError("no width and height on the SVG root") from None
    return round(width), round(height)


def is_graphic_svg(data: bytes) -> bool:
    head = data[:200].lstrip()
    return head.startswith(b"<svg") and b"href" not in data and b"<image" not in data


#: PNGs drawn by this process, by key (a batch worker meets the same maps again and again).
_DRAWN: dict[str, bytes] = {}
_KEEP = 64
_FORMAT = 1


def to_png(svg: bytes, fonts: Sequence[Path] = ()) -> bytes | None:
    """PNG of *svg* at :data:`DPI`, or None when it is not a graphic of ours or cannot be drawn."""
    if not is_graphic_svg(svg):
        return None
    files = [str(p) for p in fonts if Path(p).is_file()]
    key = _key(svg, files)
    png = _DRAWN.get(key)
    if png is not None:
        return png
    stored = cachestore.cache_dir() / "rasters" / key[:2] / f"{key}.png"
    if cachestore.enabled():
        try:
            png = stored.read_bytes()
        except OSError:
            png = None
    if png is None:
        png = _draw(svg, files)
        if png is None:
            return None
        if cachestore.enabled():
            try:
                cachestore.write_atomic(stored, png)
            except OSError:
                pass  # a read-only or full cache folder costs speed, never a document
    if len(_DRAWN) >= _KEEP:
        _DRAWN.pop(next(iter(_DRAWN)))
    _DRAWN[key] = png
    return png


def _key(svg: bytes, files: Sequence[str]) -> str:
    digest = hashlib.blake2b(svg, digest_size=20)
    digest.update(f"|{_FORMAT}|{DPI}".encode())
    for name in files:
        stat = Path(name).stat()
        digest.update(f"|{name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def _draw(svg: bytes, files: Sequence[str]) -> bytes | None:
    import resvg_py

    try:
        return bytes(resvg_py.svg_to_bytes(svg_string=svg.decode("utf-8"), zoom=_ZOOM,
                                           font_files=list(files) or None,
                                           skip_system_fonts=bool(files),
                                           background="#FFFFFF"))
    except (ValueError, UnicodeDecodeError):
        return None
