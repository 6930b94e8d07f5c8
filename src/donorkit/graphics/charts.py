"""Portfolio charts as SVG: horizontal bars (long names wrap beside their bar) and a timeline.

A small template of our own rather than a charting library: the charts need bars, text and the
brand's font, nothing more, and this way they cost a few milliseconds and no import (see
docs/decisions.md). All sizes are CSS px; the SVG is drawn at the text width (170 mm = 640 px).
"""

from __future__ import annotations

from collections.abc import Sequence

from .style import Look, esc

WIDTH = 640
FONT = 11.0  # px: 8.25 pt at the width the PDF shows it
_LINE = 13.0
_BAR = 12.0
_GAP = 8.0


def wrap(text: str, look: Look, width: float, lines: int = 2) -> list[str]:
    """*text* in at most *lines* lines no wider than *width* px; the last one ends in an ellipsis
    when the text does not fit."""
    words = text.split()
    out: list[str] = []
    current = ""
    for i, word in enumerate(words):
        trial = f"{current} {word}".strip()
        if look.width(trial, FONT) <= width or not current:
            current = trial
            continue
        out.append(current)
        current = word
        if len(out) == lines - 1:
            current = " ".join(words[i:])
            break
    out.append(current)
    last = out[-1]
    if look.width(last, FONT) > width:
        while last and look.width(last + "…", FONT) > width:
            last = last[:-1]
        out[-1] = last.rstrip() + "…"
    return out[:lines]


def top(rows: Sequence[tuple[str, int]], limit: int, other: str) -> list[tuple[str, int]]:
    """The *limit* largest rows; the rest summed into one row named by *other* (with how many
    it holds), so a long tail of single projects does not fill the page."""
    rows = list(rows)
    if len(rows) <= limit:
        return rows
    rest = rows[limit - 1:]
    return rows[:limit - 1] + [(other.format(n=len(rest)), sum(c for _, c in rest))]


def bar_chart(rows: Sequence[tuple[str, int]], look: Look, *, width: float = WIDTH,
              summed: bool = False) -> str:
    """Horizontal bars, largest first as given; the count at the end of each bar. With *summed*
    the last row is the sum of the rest (see :func:`top`): a line under a hairline, its label
    and total in muted type, without a bar. Drawn to scale, a tail of 27 clients summed to 32
    dwarfed the real bars and read as the largest client; the scale is the real bars'."""
    bars, rest = (rows[:-1], rows[-1]) if summed and len(rows) > 1 else (rows, None)
    label_w = min(width * 0.42, max((look.width(n, FONT) for n, _ in rows), default=0) + 4)
    count_w = max((look.width(str(c), FONT, bold=True) for _, c in bars), default=10) + 6
    bar_x = label_w + 10
    span = max(1.0, width - bar_x - count_w)
    most = max((c for _, c in bars), default=1) or 1
    parts, y = [], 2.0
    for name, count in bars:
        lines = wrap(name, look, label_w)
        row_h = max(_BAR, len(lines) * _LINE) + _GAP
        mid = y + row_h / 2 - _GAP / 2
        parts.append(_label(lines, label_w, mid, look.foreground))
        bar_w = max(2.0, span * count / most)
        parts.append(f'<rect x="{bar_x:.1f}" y="{mid - _BAR / 2:.1f}" width="{bar_w:.1f}" '
                     f'height="{_BAR:.0f}" fill="{look.primary}"/>')
        parts.append(f'<text x="{bar_x + bar_w + 4:.1f}" y="{mid + FONT * 0.35:.1f}" '
                     f'font-weight="700" fill="{look.foreground}">{count}</text>')
        y += row_h
    if rest is not None:
        name, count = rest
        parts.append(f'<line x1="0" y1="{y - _GAP / 2:.1f}" x2="{width:.0f}" '
                     f'y2="{y - _GAP / 2:.1f}" stroke="{look.light}" stroke-width="0.8"/>')
        lines = wrap(name, look, label_w)
        mid = y + max(_BAR, len(lines) * _LINE) / 2
        parts.append(_label(lines, label_w, mid, look.secondary))
        parts.append(f'<text x="{bar_x:.1f}" y="{mid + FONT * 0.35:.1f}" font-weight="700" '
                     f'fill="{look.secondary}">{count}</text>')
        y += max(_BAR, len(lines) * _LINE) + _GAP
    height = y + 2
    return _svg(width, height, look, "".join(parts))


def _label(lines: list[str], right: float, mid: float, fill: str) -> str:
    """A bar's name, right-aligned at *right*, its lines centred on *mid*."""
    first = mid - (len(lines) - 1) * _LINE / 2 + FONT * 0.35
    text = "".join(f'<tspan x="{right:.1f}" y="{first + i * _LINE:.1f}">{esc(line)}</tspan>'
                   for i, line in enumerate(lines))
    return f'<text text-anchor="end" fill="{fill}">{text}</text>'


def timeline(per_year: Sequence[tuple[int, int]], look: Look, *, width: float = WIDTH,
             height: float = 150) -> str:
    """Columns of projects active per year, the count above each column."""
    n = max(1, len(per_year))
    base = height - FONT - 8
    top_pad = FONT + 6
    step = width / n
    col = min(34.0, step * 0.7)
    most = max((c for _, c in per_year), default=1) or 1
    label_every = 1 if n <= 16 else 2 if n <= 32 else 5
    parts = [f'<line x1="0" y1="{base + 0.5:.1f}" x2="{width:.0f}" y2="{base + 0.5:.1f}" '
             f'stroke="{look.secondary}" stroke-width="0.8"/>']
    for i, (year, count) in enumerate(per_year):
        cx = step * i + step / 2
        h = (base - top_pad) * count / most
        if count:
            parts.append(f'<rect x="{cx - col / 2:.1f}" y="{base - h:.1f}" width="{col:.1f}" '
                         f'height="{h:.1f}" fill="{look.primary}"/>')
            if n <= 32:
                parts.append(f'<text x="{cx:.1f}" y="{base - h - 4:.1f}" text-anchor="middle" '
                             f'font-weight="700" fill="{look.foreground}">{count}</text>')
        if year % label_every == 0 or label_every == 1:
            parts.append(f'<text x="{cx:.1f}" y="{height - 3:.1f}" text-anchor="middle" '
                         f'fill="{look.secondary}">{year}</text>')
    return _svg(width, height, look, "".join(parts))


def _svg(width: float, height: float, look: Look, body: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="{esc(look.family)}" '
            f'font-size="{FONT:g}">{body}</svg>')
