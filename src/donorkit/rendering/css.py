"""Brand tokens as CSS: custom properties, @font-face rules and the page size.

styles/base.css reads only these variables, so most brands need no CSS of their own.
"""

from __future__ import annotations

from ..brand import Brand

PAPER = {"A4": "A4", "Letter": "letter"}

#: Appended to every brand family in the tokens. WeasyPrint adds @font-face files to the
#: system's fontconfig set, so under the plain family name a weight or style the brand does not
#: ship (or the whole family, if a face fails to load) silently comes from an installed font of
#: that name, and the PDF differs from machine to machine. No installed font has this private
#: name: a missing weight is synthesised from the brand's own file instead.
PRIVATE_SUFFIX = " donorkit"


def css_string(text: str) -> str:
    """A CSS string literal. A family name is brand data: a quote, backslash or any line end
    (CSS counts \\r and \\f as line ends too) must not end the string and start a rule, so the
    CSS serialiser WeasyPrint itself uses escapes them; NUL, which CSS reads as U+FFFD, is
    replaced the same way."""
    from tinycss2.serializer import serialize_string_value

    return '"' + serialize_string_value(text.replace("\0", "\ufffd")) + '"'


def private_family(family: str) -> str:
    return family + PRIVATE_SUFFIX


def tokens_css(brand: Brand, paper: str | None = None) -> str:
    t, c = brand.typography, brand.colors
    faces = "\n".join(
        f"@font-face {{ font-family: {css_string(name)}; src: url({css_string(f.path.as_uri())}); "
        f"font-weight: {f.weight}; font-style: {f.style}; }}"
        for f in t.fonts
        # the plain name too, for a print.css that names a brand family instead of a variable
        for name in (private_family(f.family), f.family)
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
  --font-base: {css_string(private_family(t.base_family))};
  --font-headings: {css_string(private_family(t.headings_family))};
  --font-monospace: {css_string(private_family(t.monospace_family))};
  --font-size-base: {t.base_size_pt}pt;
  --line-height-base: {t.line_height};
  --font-weight-headings: {t.headings_weight};
}}
@page {{ size: {PAPER[paper or brand.paper]}; }}
@page landscape {{ size: {PAPER[paper or brand.paper]} landscape; }}
"""
