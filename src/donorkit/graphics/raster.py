"""Charts and maps as PNG for Word, at print resolution, drawn by resvg in the brand's font.

Word and LibreOffice do not show SVG alike, so the DOCX gets a PNG at :data:`DPI` (the PDF keeps
the SVG as vectors). Only the SVG that :mod:`donorkit.graphics` writes is drawn here: one with an
external reference (``href``, ``<image``) is refused, so nothing outside the document is read.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

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


def to_png(svg: bytes, fonts: Sequence[Path] = ()) -> bytes | None:
    """PNG of *svg* at :data:`DPI`, or None when it is not a graphic of ours or cannot be drawn."""
    if not is_graphic_svg(svg):
        return None
    import resvg_py

    files = [str(p) for p in fonts if Path(p).is_file()]
    try:
        return bytes(resvg_py.svg_to_bytes(svg_string=svg.decode("utf-8"), zoom=_ZOOM,
                                           font_files=files or None,
                                           skip_system_fonts=bool(files),
                                           background="#FFFFFF"))
    except (ValueError, UnicodeDecodeError):
        return None
