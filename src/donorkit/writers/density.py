"""How densely a document is set: the measures the fit pass changes, declared once for both writers.

:data:`NORMAL` is the design of ``styles/base.css`` (a test keeps the two in step); :data:`TIGHT`
is the same design a little denser (about 15% of a page of text), used when a case study's closing
matter would otherwise stand alone on its last page (:mod:`.fit`). The PDF writer applies
:data:`TIGHT` as a stylesheet (:meth:`Density.css`); the DOCX writer takes its style spacing as
the ratio of the two (its own spacing is tuned to Word's line model, not a copy of the CSS) and its
picture sizes as they are, so both formats make the same decision with the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Density:
    """Spacing in em of the element's own font size, sizes in mm, as CSS sets them."""

    name: str
    line_height: float  # factor on the brand's line height
    paragraph_after: float  # p and li
    lead_size: float
    lead_after: float
    h1_after: float
    h2_before: float
    h2_after: float
    h3_before: float
    list_after: float
    figure_after: float
    photo_height: float  # mm: the hero photo's banner
    locator_width: float  # mm: the locator map beside the key facts
    locator_gap: float  # mm: between the key facts and the map
    facts_padding: tuple[float, float]  # mm: the key facts box, vertical and horizontal
    facts_row: float  # mm: above and below each key fact
    facts_after: float
    highlights_after: float
    picture_height: float  # mm: at most, for a page's own pictures
    closing_before: float  # above the closing band (or the About box alone)

    def ratio(self, name: str) -> float:
        """This density's value of measure *name* against :data:`NORMAL`'s."""
        return float(getattr(self, name)) / float(getattr(NORMAL, name))

    def css(self) -> str:
        """The stylesheet that sets this density over base.css (and keeps the closing matter
        with the text before it, as the fit pass needs)."""
        v = self
        return f"""
html {{ line-height: calc(var(--line-height-base) * {v.line_height:g}); }}
p, li {{ margin-bottom: {v.paragraph_after:g}em; }}
p.lead {{ font-size: {v.lead_size:g}em; margin-bottom: {v.lead_after:g}em; }}
h1 {{ margin-bottom: {v.h1_after:g}em; }}
h2 {{ margin-top: {v.h2_before:g}em; margin-bottom: {v.h2_after:g}em; }}
h3 {{ margin-top: {v.h3_before:g}em; }}
ul, ol {{ margin-bottom: {v.list_after:g}em; }}
figure {{ margin-bottom: {v.figure_after:g}em; }}
figure.photo img {{ height: {v.photo_height:g}mm; }}
figure.locator {{ width: {v.locator_width:g}mm; }}
figure.locator + .key-facts {{ width: calc(100% - {v.locator_width + v.locator_gap:g}mm); }}
table.key-facts {{ padding: {v.facts_padding[0]:g}mm {v.facts_padding[1]:g}mm; \
margin-bottom: {v.facts_after:g}em; }}
table.key-facts th, table.key-facts td {{ padding: {v.facts_row:g}mm 0; }}
dl.highlights {{ margin-bottom: {v.highlights_after:g}em; }}
section figure:not(.chart):not(.map):not(.photo) img {{ max-height: {v.picture_height:g}mm; }}
section.about, div.closing {{ margin-top: {v.closing_before:g}em; break-before: avoid; \
page-break-before: avoid; }}
"""


#: base.css as it is (tests/test_docx_layout.py checks them against the stylesheet).
NORMAL = Density("normal", line_height=1.0, paragraph_after=0.7, lead_size=1.25, lead_after=1.0,
                 h1_after=0.4, h2_before=1.4, h2_after=0.5, h3_before=1.2, list_after=0.8,
                 figure_after=1.0, photo_height=62, locator_width=44, locator_gap=4,
                 facts_padding=(3, 4), facts_row=0.8, facts_after=1.2,
                 highlights_after=1.2, picture_height=80,
                 closing_before=1.2)

#: The fit pass's density: the same design a little denser.
TIGHT = Density("tight", line_height=0.9, paragraph_after=0.3, lead_size=1.15, lead_after=0.7,
                h1_after=0.3, h2_before=0.8, h2_after=0.3, h3_before=0.8, list_after=0.5,
                figure_after=0.7, photo_height=48, locator_width=38, locator_gap=4,
                facts_padding=(2, 3), facts_row=0.4, facts_after=0.8,
                highlights_after=0.8, picture_height=62,
                closing_before=0.8)

DENSITIES = {d.name: d for d in (NORMAL, TIGHT)}
MEASURES = tuple(f.name for f in fields(Density) if f.name != "name")
