"""The starting document for a brand: template, styles from brand tokens, page setup.

Without ``brand.reference_docx`` the styles are derived from the brand's typography and colours.
With one, the reference document's styles win (like pandoc's ``--reference-doc``) and only the
styles the translator needs but the reference lacks are added, still from brand tokens.

Opening a template and restyling it costs more than the translation of a short document, so the
prepared document is cached per brand and every build works on a deep copy.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import quoteattr

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Emu, Mm

from ...brand.model import Brand
from ...errors import BrandError
from ..density import NORMAL, Density
from .oxml import RPR_ORDER, insert_ordered

_PAPER = {"A4": (Mm(210), Mm(297)), "Letter": (Emu(7772400), Emu(10058400))}  # 8.5 x 11 in
_MARGIN = Mm(22)
_HEADER_DISTANCE = Mm(10)
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_HEX = re.compile(r"#?([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})")


@dataclass(frozen=True)
class Base:
    """A prepared document plus what the translator needs to know about it."""

    document: Document
    style_ids: dict[str, str]  # lower-case style name -> styleId
    text_width: int  # EMU
    text_height: int  # EMU


def base_document(brand: Brand, density: Density = NORMAL) -> tuple[Document, Base]:
    """A fresh, private copy of the brand's prepared document, its styles spaced as *density*
    says, and its description."""
    ref = brand.reference_docx
    stamp = None
    if ref is not None:
        try:
            stat = ref.stat()
        except OSError as exc:
            raise BrandError(f"reference_docx cannot be read: {exc.strerror}", file=ref) from exc
        stamp = (stat.st_mtime_ns, stat.st_size)
    # keyed on the brand's JSON (a frozen model holding lists is not hashable) and on the
    # reference file's mtime/size, so an edited reference.docx is picked up without a restart
    key = (brand.model_dump_json(), stamp, density.name)
    base = _CACHE.get(key)
    if base is None:
        base = _prepare(brand, density)
        while len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = base
    return copy.deepcopy(base.document), base


_CACHE: dict[tuple[str, tuple[int, int] | None, str], Base] = {}
_CACHE_SIZE = 8


def _prepare(brand: Brand, density: Density) -> Base:
    if brand.reference_docx is not None:
        try:
            doc = docx.Document(str(brand.reference_docx))
        except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
            raise BrandError(f"reference_docx is not a readable .docx file ({exc})",
                             file=brand.reference_docx) from exc
        _clear_body(doc)
    else:
        doc = copy.deepcopy(_default_template())
    _drop_stale_parts(doc)
    _page_setup(doc, brand)
    section = doc.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    text_height = section.page_height - section.top_margin - section.bottom_margin
    _apply_styles(doc, brand, text_width, density,
                  keep_existing=brand.reference_docx is not None)
    if brand.reference_docx is None:  # a reference document keeps the layout mode it was made in
        _word_2013_layout(doc)
    ids = {s.get(qn("w:styleId")): s for s in doc.styles.element.iterchildren(qn("w:style"))}
    style_ids = {_style_name(s).lower(): sid for sid, s in ids.items()}
    return Base(doc, style_ids, int(text_width), int(text_height))


@lru_cache(maxsize=1)
def _default_template() -> Document:
    """python-docx's own template, opened once; brands restyle deep copies of it."""
    return docx.Document()


def _clear_body(doc: Document) -> None:
    """Keep the reference's final section properties (margins, headers), drop its content."""
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _drop_stale_parts(doc: Document) -> None:
    # stylesWithEffects.xml is a Word 2010 copy of styles.xml that would keep the template's
    # look there; the template's thumbnail would show a preview of some other document.
    part = doc.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype == _STYLES_WITH_EFFECTS:
            part.drop_rel(rid)
    package_rels = part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package_rels.pop(rid)


def _word_2013_layout(doc: Document) -> None:
    """python-docx's template is in Word 2010 compatibility mode (14): Word flags the document
    "[Compatibility Mode]", and Word and LibreOffice shift every table left by its cell margin,
    out of line with the text. Mode 15 lays tables out flush with the margins."""
    compat = doc.settings.element.find(qn("w:compat"))
    if compat is None:
        return
    for setting in compat.iterchildren(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
            return
    compat.append(parse_xml(
        f'<w:compatSetting {nsdecls("w")} w:name="compatibilityMode" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>'))


def _page_setup(doc: Document, brand: Brand) -> None:
    section = doc.sections[0]
    # every template has a running header and footer; creating their parts here (python-docx
    # reads a template file from disk for each) keeps that cost out of every build
    for hdrftr in (section.header, section.footer):
        if hdrftr.is_linked_to_previous:
            hdrftr.is_linked_to_previous = False
            root = hdrftr._element
            for child in list(root):  # python-docx's empty "Header" paragraph would draw its rule
                root.remove(child)
            root.append(parse_xml(f"<w:p {nsdecls('w')}/>"))
    section.page_width, section.page_height = _PAPER[brand.paper]
    if brand.reference_docx is None:  # a reference document keeps its own margins
        section.left_margin = section.right_margin = _MARGIN
        section.top_margin = section.bottom_margin = _MARGIN
        section.header_distance = section.footer_distance = _HEADER_DISTANCE


def _style_name(style_el: BaseOxmlElement) -> str:
    name = style_el.find(qn("w:name"))
    return name.get(qn("w:val")) if name is not None else ""


def hex_color(value: str | None, fallback: str) -> str:
    """``#1f4e79``/``#abc`` -> ``1F4E79``; anything unparseable gives *fallback*."""
    match = _HEX.fullmatch((value or "").strip())
    if not match:
        return fallback
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return digits.upper()


# --- style definitions -----------------------------------------------------------------------

@dataclass(frozen=True)
class _Spec:
    name: str  # the name Word shows (built-in styles use Word's own, sometimes lower-case, name)
    style_id: str
    kind: str  # paragraph | character | table
    body: str  # the XML after w:name (basedOn ... rPr), with {Normal}-style placeholders
    based_on: str | None = "Normal"
    rebuild: bool = True  # replace the template's definition when styling from brand tokens


def _fonts(family: str) -> str:
    f = quoteattr(family)
    # all four slots, or Word falls back to the theme font for East-Asian/complex-script text
    return f"<w:rFonts w:ascii={f} w:hAnsi={f} w:eastAsia={f} w:cs={f}/>"


def _sz(pt: float) -> str:
    half = max(2, round(pt * 2))
    return f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'


def _tw(pt: float) -> int:
    return round(pt * 20)


@dataclass(frozen=True)
class _Tokens:
    """The brand's values as Word style XML wants them (hex without #, twips, rFonts)."""

    base: float  # body size, pt
    fg: str
    primary: str
    secondary: str
    light: str
    link: str
    head_color: str
    bold: str  # <w:b/> for headings heavy enough to be bold, else ""
    line: int  # line spacing, 240ths
    body_font: str
    heads: str
    mono: str
    center: int  # tab stops across the text width, twips
    right: int
    density: Density


def _tokens(brand: Brand, text_width_twips: int, density: Density) -> _Tokens:
    t, c = brand.typography, brand.colors
    primary = hex_color(c.primary, "1F4E79")
    return _Tokens(
        base=t.base_size_pt if t.base_size_pt > 0 else 10.0,
        fg=hex_color(c.foreground, "1A1A1A"),
        primary=primary,
        secondary=hex_color(c.secondary, "5B6770"),
        light=hex_color(c.light, "EEF3F8"),
        link=hex_color(c.link, primary),
        head_color=hex_color(t.headings_color, primary),
        bold="<w:b/><w:bCs/>" if t.headings_weight >= 600 else "",
        line=max(240, round(240 * t.line_height)) if t.line_height > 0 else 276,
        body_font=_fonts(t.base_family),
        heads=_fonts(t.headings_family),
        mono=_fonts(t.monospace_family),
        center=text_width_twips // 2,
        right=text_width_twips,
        density=density,
    )


def _para(name: str, sid: str, ppr: str = "", rpr: str = "", extra: str = "",
          based_on: str | None = "Normal", rebuild: bool = True) -> _Spec:
    body = extra + (f"<w:pPr>{ppr}</w:pPr>" if ppr else "") + (
        f"<w:rPr>{rpr}</w:rPr>" if rpr else "")
    return _Spec(name, sid, "paragraph", body, based_on, rebuild)


def _specs(brand: Brand, text_width_twips: int, density: Density) -> list[_Spec]:
    k = _tokens(brand, text_width_twips, density)
    return [*_body_styles(k), *_block_styles(k), *_page_styles(k), *_list_styles(k),
            *_figure_styles(k), *_toc_styles(k), *_character_and_table_styles(k)]


def _body_styles(k: _Tokens) -> list[_Spec]:
    """Normal and the four heading levels, spaced as the density says (a ratio to base.css's
    spacing, which these mirror in Word's terms)."""
    d = k.density
    specs = [
        _para("Normal", "Normal", based_on=None, extra="<w:qFormat/>",
              # base.css's line-height is a multiple of the font size; Word's "multiple" one of
              # the font's own line (1.36 em for Open Sans), so body text would run a third
              # taller than in the PDF: the same height in points instead
              ppr=f'<w:spacing w:after="{_tw(k.base * 0.6 * d.ratio("paragraph_after"))}" '
              f'w:line="{round(k.base * k.line * d.line_height / 12)}" w:lineRule="atLeast"/>',
              rpr=f'{k.body_font}<w:color w:val="{k.fg}"/>{_sz(k.base)}'),
    ]
    spacing = {1: (1.0, d.ratio("h1_after")), 2: (d.ratio("h2_before"), d.ratio("h2_after")),
               3: (d.ratio("h3_before"), 1.0), 4: (1.0, 1.0)}
    for level, scale in ((1, 1.9), (2, 1.5), (3, 1.25), (4, 1.1)):
        size = k.base * scale
        before, after = spacing[level]
        specs.append(_para(
            f"heading {level}", f"Heading{level}",
            extra='<w:next w:val="{normal}"/><w:uiPriority w:val="9"/><w:qFormat/>',
            ppr=(f'<w:keepNext/><w:keepLines/><w:spacing w:before="{_tw(size * 0.9 * before)}" '
                 f'w:after="{_tw(size * 0.35 * after)}" w:line="288" '
                 'w:lineRule="auto"/>'  # 1.2 lines
                 f'<w:outlineLvl w:val="{level - 1}"/>'),
            rpr=f'{k.heads}{k.bold}<w:color w:val="{k.head_color}"/>{_sz(size)}'))
    return specs


def _block_styles(k: _Tokens) -> list[_Spec]:
    """Title, subtitle, lead and the boxed or quoted blocks."""
    return [
        _para("Title", "Title", extra='<w:next w:val="{normal}"/><w:uiPriority w:val="10"/>'
              "<w:qFormat/>", ppr=f'<w:spacing w:before="0" w:after="{_tw(k.base)}" '
              'w:line="240" w:lineRule="auto"/><w:contextualSpacing/>',
              rpr=f'{k.heads}{k.bold}<w:color w:val="{k.head_color}"/><w:kern w:val="28"/>'
              f"{_sz(k.base * 2.6)}"),
        _para("Subtitle", "Subtitle", extra='<w:next w:val="{normal}"/>'
              '<w:uiPriority w:val="11"/><w:qFormat/>', ppr=f'<w:spacing w:after="{_tw(k.base)}"/>',
              rpr=f'{k.heads}<w:color w:val="{k.secondary}"/>{_sz(k.base * 1.4)}'),
        # below Heading 3 (1.25), so a profile's heading outranks its lead; kept with what follows
        # (the key facts), so a heading and lead never sit alone at a page foot
        _para("Lead", "Lead", extra="<w:qFormat/>",
              rpr=_sz(k.base * 1.12 * k.density.ratio("lead_size")),
              ppr=f'<w:keepNext/><w:spacing '
              f'w:after="{_tw(k.base * 0.9 * k.density.ratio("lead_after"))}"/>'),
        _para("Meta", "Meta", extra="<w:qFormat/>",
              rpr=f'<w:color w:val="{k.secondary}"/>{_sz(k.base * 0.85)}'),
        # borders in the fill colour pad the shaded box; Word joins identical borders of
        # consecutive paragraphs into one box
        _para("Callout", "Callout", extra="<w:qFormat/>",
              ppr="<w:pBdr>" + "".join(
                  f'<w:{s} w:val="single" w:sz="4" w:space="6" w:color="{k.light}"/>'
                  for s in ("top", "left", "bottom", "right")) + "</w:pBdr>"
              f'<w:shd w:val="clear" w:color="auto" w:fill="{k.light}"/>'
              '<w:ind w:left="170" w:right="170"/>'),
        _para("caption", "Caption", extra='<w:next w:val="{normal}"/><w:uiPriority w:val="35"/>'
              "<w:qFormat/>", ppr=f'<w:spacing w:before="{_tw(k.base * 0.3)}" '
              f'w:after="{_tw(k.base)}"/>',
              rpr=f'<w:i/><w:iCs/><w:color w:val="{k.secondary}"/>{_sz(k.base * 0.85)}'),
        _para("Quote", "Quote", extra='<w:next w:val="{normal}"/><w:uiPriority w:val="29"/>'
              "<w:qFormat/>", ppr=f'<w:pBdr><w:left w:val="single" w:sz="18" w:space="8" '
              f'w:color="{k.primary}"/></w:pBdr><w:ind w:left="567" w:right="567"/>',
              rpr=f'<w:i/><w:iCs/><w:color w:val="{k.fg}"/>'),
        _para("Source Code", "SourceCode", extra="<w:qFormat/>",
              ppr=(f'<w:shd w:val="clear" w:color="auto" w:fill="{k.light}"/>'
                   f'<w:spacing w:after="{_tw(k.base * 0.6)}" w:line="240" w:lineRule="auto"/>'),
              rpr=f"{k.mono}{_sz(k.base * 0.9)}"),
    ]


def _page_styles(k: _Tokens) -> list[_Spec]:
    """Header and footer: the rules under the header and over the footer of base.css."""
    tabs = (f'<w:tabs><w:tab w:val="center" w:pos="{k.center}"/>'
            f'<w:tab w:val="right" w:pos="{k.right}"/></w:tabs>'
            '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>')
    # base.css sets the running header and footer at 7.5 pt whatever the body size: larger,
    # a long footer line wrapped and the header pushed the text down on every page
    rpr = f'<w:color w:val="{k.secondary}"/>{_sz(7.5)}'
    return [
        _para("header", "Header", rpr=rpr, ppr='<w:pBdr><w:bottom w:val="single" w:sz="5" '
              f'w:space="4" w:color="{k.primary}"/></w:pBdr>{tabs}'),
        # the cells of a header laid out as logo beside title (pages.py): no rule of their own
        _para("Header Text", "HeaderText", based_on="header",
              ppr='<w:pBdr><w:bottom w:val="nil"/></w:pBdr>'),
        _para("footer", "Footer", rpr=rpr, ppr='<w:pBdr><w:top w:val="single" w:sz="5" '
              f'w:space="4" w:color="{k.light}"/></w:pBdr>{tabs}'),
        # outline level 9 = body text, so a "Contents" heading does not list itself in the TOC
        _para("TOC Heading", "TOCHeading", based_on="heading 1",
              extra='<w:next w:val="{normal}"/><w:uiPriority w:val="39"/><w:qFormat/>',
              ppr='<w:outlineLvl w:val="9"/>'),
    ]


def _list_styles(k: _Tokens) -> list[_Spec]:
    return [
        _para("List Paragraph", "ListParagraph", rebuild=False, extra="<w:qFormat/>",
              ppr='<w:ind w:left="720"/><w:contextualSpacing/>'),
        _para("List Bullet", "ListBullet", rebuild=False, ppr="<w:contextualSpacing/>"),
        _para("List Number", "ListNumber", rebuild=False, ppr="<w:contextualSpacing/>"),
        _para("Definition Term", "DefinitionTerm", extra='<w:next w:val="Definition"/>',
              ppr='<w:keepNext/><w:spacing w:after="0"/>', rpr="<w:b/><w:bCs/>"),
        _para("Definition", "Definition", ppr='<w:ind w:left="567"/>'),
    ]


def _figure_styles(k: _Tokens) -> list[_Spec]:
    """Table and form cell text and the large key figures."""
    return [
        # Paragraph properties of a table style lose to those of the paragraph's own style
        # (Normal), so cell text gets a compact style of its own instead of Normal's spacing.
        _para("Table Text", "TableText", extra="<w:qFormat/>",
              ppr='<w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/>'),
        # the cells of a data table (base.css: table { font-size: 0.9em }); key facts keep 1em
        _para("Data Table Text", "DataTableText", based_on="Table Text",
              rpr=_sz(k.base * 0.9)),
        # the cells of a form's sheet: room around each value, paragraphs apart, as on paper
        _para("Form Text", "FormText", based_on="Table Text",
              ppr='<w:spacing w:before="60" w:after="80" w:line="252" w:lineRule="auto"/>'),
        # the cells of a one-row-per-reference form table: a dozen columns on a landscape page
        _para("Form Table Text", "FormTableText", based_on="Table Text",
              ppr='<w:spacing w:before="20" w:after="20" w:line="228" w:lineRule="auto"/>',
              rpr=_sz(k.base * 0.75)),
        # a closing band's text (layout.py): base.css sets section.about and section.related
        # at 0.85em, line-height 1.35
        _para("Closing Text", "ClosingText", extra="<w:qFormat/>",
              ppr=f'<w:spacing w:after="{_tw(k.base * 0.25)}" '
              f'w:line="{_tw(k.base * 0.85 * 1.35)}" w:lineRule="atLeast"/>',
              rpr=_sz(k.base * 0.85)),
        # its headings: 1.5em of that text, no space above, line-height 1.2 in points as CSS
        # sets it, not Word's multiple of the font's own line (base.css: section.about h2)
        _para("Closing Heading", "ClosingHeading", based_on="heading 2", extra="<w:qFormat/>",
              ppr=f'<w:spacing w:before="0" w:after="{_tw(k.base * 0.85 * 1.5 * 0.3)}" '
              f'w:line="{_tw(k.base * 0.85 * 1.5 * 1.2)}" w:lineRule="atLeast"/>',
              rpr=_sz(k.base * 0.85 * 1.5)),
        # its address line: p.meta's 0.85em of the band's 0.85em, at the band's line-height
        _para("Closing Meta", "ClosingMeta", based_on="Meta", extra="<w:qFormat/>",
              ppr=f'<w:spacing w:after="{_tw(k.base * 0.25)}" '
              f'w:line="{_tw(k.base * 0.85 ** 2 * 1.35)}" w:lineRule="atLeast"/>',
              rpr=_sz(k.base * 0.85 ** 2)),
        # a chart's or map's note under the picture (base.css: figure.map p)
        _para("Figure Note", "FigureNote", extra="<w:qFormat/>",
              ppr=f'<w:spacing w:before="{_tw(4.25)}" w:after="{_tw(k.base * 1.2)}" '
              f'w:line="{_tw(k.base * 0.85 * 1.35)}" w:lineRule="atLeast"/>',
              rpr=f'<w:color w:val="{k.secondary}"/>{_sz(k.base * 0.85)}'),
        # big figures as base.css sets them: left-aligned under one another's left edge, the
        # figure 1.8em in the headings font at line-height 1.1, its label 0.85em below
        _para("Highlight Number", "HighlightNumber",
              ppr='<w:spacing w:before="0" w:after="0" '
              f'w:line="{_tw(max(k.base * 1.8, 18) * 1.15)}" w:lineRule="exact"/>',
              rpr=f'{k.heads}<w:b/><w:bCs/><w:color w:val="{k.primary}"/>'
              f'{_sz(max(k.base * 1.8, 18))}'),
        _para("Highlight Label", "HighlightLabel",
              ppr=f'<w:spacing w:after="0" w:line="{_tw(k.base * 0.85 * 1.3)}" '
              'w:lineRule="atLeast"/>', rpr=f'<w:color w:val="{k.secondary}"/>'
              f'{_sz(k.base * 0.85)}'),
    ]


def _toc_styles(k: _Tokens) -> list[_Spec]:
    tabs = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{k.right}"/></w:tabs>'
    return [_para(f"toc {level}", f"TOC{level}", extra='<w:next w:val="{normal}"/>'
                  '<w:uiPriority w:val="39"/><w:unhideWhenUsed/>',
                  ppr=f'{tabs}<w:spacing w:after="{_tw(k.base * 0.3)}"/>'
                  f'<w:ind w:left="{220 * (level - 1)}"/>')
            for level in (1, 2, 3)]


def _character_and_table_styles(k: _Tokens) -> list[_Spec]:
    return [
        _Spec("Hyperlink", "Hyperlink", "character",
              '<w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
              f'<w:rPr><w:color w:val="{k.link}"/><w:u w:val="single"/></w:rPr>',
              based_on="default paragraph font"),
        _Spec("Verbatim Char", "VerbatimChar", "character",
              f"<w:rPr>{k.mono}{_sz(k.base * 0.9)}</w:rPr>", based_on="default paragraph font"),
        _Spec("Table Grid", "TableGrid", "table", _table_body(
            "".join(f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
                    for s in ("top", "left", "bottom", "right", "insideH", "insideV"))),
              based_on="normal table", rebuild=False),
        # data tables as in the PDF: hairlines between rows in the brand's light colour, no
        # vertical rules (Word's "Table Grid" draws a black box around every cell)
        _Spec("Data Table", "DataTable", "table", _table_body(
            "".join(f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="{k.light}"/>'
                    for s in ("bottom", "insideH"))), based_on="normal table"),
        _Spec("Key Facts", "KeyFacts", "table", _table_body(
            "".join(f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="{k.primary}"/>'
                    for s in ("top", "bottom"))
            + '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="FFFFFF"/>',
            f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{k.light}"/></w:tcPr>',
            # rows as close as base.css sets them (0.8 mm): the cell text's own spacing suffices
            vertical=0), based_on="normal table"),
        # no margin left of the first figure (flush with the text, as in the PDF); the 4 mm
        # column gap of base.css right of each
        _Spec("Highlights", "Highlights", "table", _table_body("", vertical=0, left=0, right=227),
              based_on="normal table"),
    ]


def _table_body(borders: str, tcpr: str = "", vertical: int = 57, left: int = 108,
                right: int = 108) -> str:
    """A table style's XML; *vertical* is the cells' top and bottom margin, *left* and *right*
    their side margins, twips."""
    return ('<w:uiPriority w:val="59"/><w:pPr><w:spacing w:before="40" w:after="40" '
            'w:line="240" w:lineRule="auto"/></w:pPr><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
            f"<w:tblBorders>{borders}</w:tblBorders><w:tblCellMar>"
            f'<w:top w:w="{vertical}" w:type="dxa"/><w:left w:w="{left}" w:type="dxa"/>'
            f'<w:bottom w:w="{vertical}" w:type="dxa"/><w:right w:w="{right}" w:type="dxa"/>'
            f"</w:tblCellMar></w:tblPr>{tcpr}")


def _apply_styles(doc: Document, brand: Brand, text_width: int, density: Density, *,
                  keep_existing: bool) -> None:
    root = doc.styles.element
    by_name = {_style_name(s).lower(): s for s in root.iterchildren(qn("w:style"))}
    taken = {s.get(qn("w:styleId")) for s in by_name.values()}
    if not keep_existing:
        _brand_defaults(root, brand)
        _prune_table_styles(root, by_name)

    def sid(name: str) -> str | None:
        el = by_name.get(name.lower())
        return el.get(qn("w:styleId")) if el is not None else None

    for spec in _specs(brand, round(text_width / 635), density):  # EMU -> twips
        existing = by_name.get(spec.name.lower())
        if existing is not None and (keep_existing or not spec.rebuild):
            continue
        style_id = spec.style_id if existing is None else existing.get(qn("w:styleId"))
        if existing is None:
            while style_id in taken:  # a reference may use the id for an unrelated style
                style_id += "1"
        taken.add(style_id)
        based_on = sid(spec.based_on) if spec.based_on else None
        body = spec.body.replace("{normal}", sid("Normal") or "Normal")
        custom = "" if spec.name.lower() in _BUILT_IN else ' w:customStyle="1"'
        default = ' w:default="1"' if spec.style_id == "Normal" else ""
        xml = (f'<w:style {nsdecls("w")} w:type="{spec.kind}"{default}{custom} '
               f'w:styleId="{style_id}"><w:name w:val="{spec.name}"/>'
               + (f'<w:basedOn w:val="{based_on}"/>' if based_on else "") + body + "</w:style>")
        new = parse_xml(xml)
        if existing is not None:
            existing.addprevious(new)
            root.remove(existing)
        else:
            root.append(new)
        by_name[spec.name.lower()] = new


_BUILT_IN = frozenset({
    "normal", "heading 1", "heading 2", "heading 3", "heading 4", "title", "subtitle", "caption",
    "quote", "header", "footer", "toc heading", "list paragraph", "list bullet", "list number",
    "toc 1", "toc 2", "toc 3", "hyperlink", "table grid",
})


_KEEP_TABLE_STYLES = frozenset({"normal table", "table grid"})


def _prune_table_styles(root: BaseOxmlElement, by_name: dict[str, BaseOxmlElement]) -> None:
    """Drop python-docx's ~140 unused table styles: they are most of styles.xml, so most of the
    cost of copying and saving every document. Word re-adds a built-in one when it is chosen."""
    for name, style in list(by_name.items()):
        if style.get(qn("w:type")) == "table" and name not in _KEEP_TABLE_STYLES:
            root.remove(style)
            del by_name[name]


def _brand_defaults(styles_root: BaseOxmlElement, brand: Brand) -> None:
    """Document defaults without theme fonts: a theme font attribute beats any explicit font
    name further down the style chain, so the brand font would not show in Word."""
    rpr = styles_root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if rpr is None:
        return
    t = brand.typography
    size = _sz(t.base_size_pt if t.base_size_pt > 0 else 10.0)
    for new in list(parse_xml(f"<w:x {nsdecls('w')}>{_fonts(t.base_family)}{size}</w:x>")):
        insert_ordered(rpr, new, RPR_ORDER)
