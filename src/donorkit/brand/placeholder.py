"""The logo a new brand starts with, and how a logo that is not the brand's own is recognised.

`brands init` copies a brand's look but not its logo: the demo firm's logo on a real firm's
documents is worse than no logo, and nothing would say so. The new brand gets a neutral
placeholder instead (its name, in its own headings font, in a dashed frame) that documents can
show while the brand is being filled in, and that exports warn about (``strict`` fails) until it
is replaced, as with the TODO text fields (brand/safety.py).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from .model import Brand, FontFace

PLACEHOLDER_FILE = "logo-placeholder.svg"
#: Written into the placeholder's <desc>; a logo file holding it is still the placeholder.
PLACEHOLDER_MARK = "donorkit placeholder logo"
# The demo logos are 900 x 220: the placeholder keeps their height, so the running header and the
# cover look the same size, and takes the width its text needs.
HEIGHT, TEXT_HEIGHT, PAD = 220.0, 96.0, 48.0


def placeholder_svg(text: str, brand: Brand) -> str:
    """An SVG logo showing *text* in *brand*'s headings font (drawn as outlines, so the PDF, the
    DOCX rasteriser and any viewer draw the same letters without the font installed)."""
    face = _headings_face(brand)
    drawn = _outline(text, face.path, TEXT_HEIGHT) if face else None
    if drawn is None:  # no usable font file: the viewer's sans-serif
        width = len(text) * TEXT_HEIGHT * 0.6
        letters = (f'<text x="{PAD}" y="{(HEIGHT + TEXT_HEIGHT * 0.7) / 2:.1f}" '
                   f'font-family="sans-serif" font-size="{TEXT_HEIGHT:.0f}" '
                   f'fill="{brand.colors.primary}">{escape(text)}</text>')
    else:
        path, width, top = drawn
        letters = (f'<path transform="translate({PAD:.1f} {(HEIGHT - top) / 2 + top:.1f})" '
                   f'fill="{brand.colors.primary}" d="{path}"/>')
    total = width + 2 * PAD
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{total:.0f}" height="{HEIGHT:.0f}" '
            f'viewBox="0 0 {total:.0f} {HEIGHT:.0f}" role="img">\n'
            f"<title>{escape(text)}</title>\n"
            f"<desc>{PLACEHOLDER_MARK}: made by `donorkit brands init`; replace it with the "
            "organisation's logo and name that file in _brand.yml</desc>\n"
            f'<rect x="4" y="4" width="{total - 8:.0f}" height="{HEIGHT - 8:.0f}" rx="24" '
            f'fill="none" stroke="{brand.colors.secondary}" stroke-width="4" '
            'stroke-dasharray="18 12"/>\n'
            f"{letters}\n</svg>\n")


def _headings_face(brand: Brand) -> FontFace | None:
    typography = brand.typography
    for family in (typography.headings_family, typography.base_family):
        faces = [f for f in typography.fonts if f.family == family and f.style == "normal"]
        if faces:
            return min(faces, key=lambda f: abs(f.weight - typography.headings_weight))
    return typography.fonts[0] if typography.fonts else None


def _outline(text: str, font_file: Path, cap: float) -> tuple[str, float, float] | None:
    """(SVG path data of *text* with its baseline at y=0, its width, its cap height), the capital
    letters *cap* units tall; None when the font cannot be read or lacks a letter."""
    from fontTools.pens.svgPathPen import SVGPathPen
    from fontTools.pens.transformPen import TransformPen
    from fontTools.ttLib import TTFont, TTLibError

    try:
        font = TTFont(str(font_file), lazy=True)
        cmap = font.getBestCmap() or {}
        glyphs = font.getGlyphSet()
        os2 = font["OS/2"] if "OS/2" in font else None
        cap_units = getattr(os2, "sCapHeight", 0) or font["head"].unitsPerEm * 0.7
        scale = cap / cap_units
        pen = SVGPathPen(glyphs, ntos=lambda n: f"{n:.1f}".removesuffix(".0"))
        x = 0.0
        for char in text:
            name = cmap.get(ord(char))
            if name is None:
                return None
            glyphs[name].draw(TransformPen(pen, (scale, 0, 0, -scale, x, 0)))
            x += font["hmtx"][name][0] * scale
    except (OSError, KeyError, TTLibError):
        return None
    return pen.getCommands(), x, cap


def is_placeholder(logo: Path) -> bool:
    """Whether *logo* is (still) the placeholder `brands init` wrote."""
    if logo.suffix.lower() != ".svg":
        return False
    try:
        return PLACEHOLDER_MARK.encode() in logo.read_bytes()[:4096]
    except OSError:
        return False


def demo_logo_owner(logo: Path) -> str | None:
    """The bundled brand whose logo *logo* is, byte for byte (a logo copied by hand, or by
    `brands init` before it stopped copying logos); None for any other file."""
    try:
        stat = logo.stat()
    except OSError:
        return None
    return _bundled_logos().get(_digest(str(logo), stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=64)
def _digest(path: str, _mtime: int, _size: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@lru_cache(maxsize=1)
def _bundled_logos() -> dict[str, str]:
    from ..resources import styles_dir

    found: dict[str, str] = {}
    for folder in sorted(p for p in styles_dir().iterdir() if p.is_dir()):
        for image in folder.iterdir():
            if image.suffix.lower() in (".png", ".jpg", ".jpeg", ".svg"):
                found[hashlib.sha256(image.read_bytes()).hexdigest()] = folder.name
    return found
