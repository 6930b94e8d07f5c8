"""Brand tokens as CSS: custom properties, @font-face rules and the page size.

styles/base.css reads only these variables, so most brands need no CSS of their own.
"""

from __future__ import annotations

from ..brand import Brand

PAPER = {"A4": "A4", "Letter": "letter"}


def tokens_css(brand: Brand, paper: str | None = None) -> str:
    t, c = brand.typography, brand.colors
    faces = "\n".join(
        f'@font-face {{ font-family: "{f.family}"; src: url("{f.path.as_uri()}"); '
        f"font-weight: {f.weight}; font-style: {f.style}; }}"
        for f in t.fonts
    )
    return f"""{faces}
:root {{
  --color-primary: {c.primary};
  --color-secondary: {c.secondary};
  --color-foreground: {c.foreground};
  --color-background: {c.background};
  --color-light: {c.light};
  --color-link: {c.link};
  --color-headings: {t.headings_color or c.primary};
  --font-base: "{t.base_family}";
  --font-headings: "{t.headings_family}";
  --font-monospace: "{t.monospace_family}";
  --font-size-base: {t.base_size_pt}pt;
  --line-height-base: {t.line_height};
  --font-weight-headings: {t.headings_weight};
}}
@page {{ size: {PAPER[paper or brand.paper]}; }}
"""
