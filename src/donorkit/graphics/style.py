"""The brand as the graphics see it: colours, the text family, and text measured in its font.

Measuring with the brand's own font file (Pillow) is what lets a chart wrap a long client name
where it really ends, instead of guessing from a character count.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..brand import Brand
from ..rendering.css import private_family


@dataclass(frozen=True)
class Look:
    primary: str
    secondary: str  # muted text
    foreground: str
    light: str  # the quiet fill (land on maps, tracks)
    family: str  # CSS font-family list
    font_file: Path | None  # the regular face, for measuring
    bold_file: Path | None

    def tint(self, share: float) -> str:
        """The primary colour mixed with white: *share* 1.0 is the primary itself."""
        return mix(self.primary, share)

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """Advance width of *text* in px at *size* px."""
        return _measure(self.bold_file if bold else self.font_file, size, text)


def mix(color: str, share: float) -> str:
    """*color* (#RRGGBB) mixed with white; *share* 1.0 is the colour itself."""
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(255 - (255 - c) * share):02X}" for c in (r, g, b))


def look_for(brand: Brand) -> Look:
    t, c = brand.typography, brand.colors
    faces = [f for f in t.fonts if f.family == t.base_family and f.style == "normal"]
    regular = min(faces, key=lambda f: abs(f.weight - 400), default=None)
    bold = min(faces, key=lambda f: abs(f.weight - 700), default=None)
    family = ", ".join(f"'{name}'" for name in (private_family(t.base_family), t.base_family))
    return Look(primary=_hex(c.primary, "#1F4E79"), secondary=_hex(c.secondary, "#5B6770"),
                foreground=_hex(c.foreground, "#1A1A1A"), light=_hex(c.light, "#EEF3F8"),
                family=family + ", sans-serif",
                font_file=regular.path if regular else None,
                bold_file=bold.path if bold else None)


def _hex(value: str, fallback: str) -> str:
    value = value.strip()
    if len(value) == 4 and value.startswith("#"):
        value = "#" + "".join(ch * 2 for ch in value[1:])
    try:
        int(value[1:], 16)
    except ValueError:
        return fallback
    return value.upper() if len(value) == 7 and value.startswith("#") else fallback


@lru_cache(maxsize=8192)
def _measure(path: Path | None, size: float, text: str) -> float:
    font = _font(path, round(size * 4))
    if font is None:
        return len(text) * size * 0.55  # no file to measure with: an average sans advance
    return font.getlength(text) / 4


@lru_cache(maxsize=32)
def _font(path: Path | None, size: int) -> object | None:
    from PIL import ImageFont

    if path is None:
        return None
    try:
        return ImageFont.truetype(str(path), size)
    except OSError:
        return None


def esc(text: str) -> str:
    """Text for an SVG text node or attribute."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))
