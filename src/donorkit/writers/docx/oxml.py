"""Low-level WordprocessingML helpers for what python-docx has no API for.

Hyperlinks, complex fields, bookmarks, borders and shading are built as raw XML here so the
translator reads as a mapping of HTML onto Word concepts. Word validates child order strictly
(a misplaced element makes it report the file as corrupt), so properties are inserted through
:func:`insert_ordered` with the schema sequence instead of being appended.
"""

from __future__ import annotations

import copy
from functools import lru_cache

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from lxml import etree

# Schema order of the children of w:pPr, w:rPr and w:settings (ECMA-376 part 1, 17.3.1.26,
# 17.3.2.28 and 17.15.1.78), trimmed to the elements anything in donorkit touches or that
# may already sit there.
PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle",
    "rPr", "sectPr", "pPrChange",
)
RPR_ORDER = (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
    "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden",
    "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr",
    "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish",
    "oMath",
)
# Only the part of the settings sequence that can follow w:updateFields.
_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
    "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
    "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol",
    "listSeparator",
)


_EAST_ASIAN = frozenset({"zh", "ja", "ko"})
_RTL = frozenset({"ar", "he", "fa", "ur", "ps", "yi", "dv", "ug", "ku", "sd"})


def w(tag: str, *children: BaseOxmlElement, **attrs: str | int) -> BaseOxmlElement:
    """``w(tag, *children, val=...)``: a ``w:`` element whose attributes are all ``w:`` too."""
    el = OxmlElement(f"w:{tag}", attrs={qn(f"w:{k}"): str(v) for k, v in attrs.items()})
    for child in children:
        el.append(child)
    return el


@lru_cache(maxsize=256)
def _qn(name: str) -> str:
    return qn(f"w:{name}")


def sub(parent: BaseOxmlElement, tag: str, **attrs: str | int) -> BaseOxmlElement:
    """Like :func:`w`, created as the last child of *parent*: about three times faster, since
    the element is born inside the document instead of as a root of its own (hot paths)."""
    return etree.SubElement(parent, _qn(tag), {_qn(k): str(v) for k, v in attrs.items()})


def _local(el: BaseOxmlElement) -> str:
    return el.tag.rpartition("}")[2]


def insert_ordered(parent: BaseOxmlElement, child: BaseOxmlElement,
                   order: tuple[str, ...]) -> BaseOxmlElement:
    """Put *child* into *parent* at its schema position, replacing an element of the same name."""
    name = _local(child)
    rank = order.index(name)
    later = set(order[rank + 1:])
    for existing in list(parent):
        local = _local(existing)
        if local == name:
            existing.addprevious(child)
            parent.remove(existing)
            return child
        if local in later:
            existing.addprevious(child)
            return child
    parent.append(child)
    return child


def set_ppr(p: BaseOxmlElement, child: BaseOxmlElement) -> BaseOxmlElement:
    return insert_ordered(p.get_or_add_pPr(), child, PPR_ORDER)


def border(side: str, color: str, size: int = 4, space: int = 0, val: str = "single"
           ) -> BaseOxmlElement:
    """One side of a paragraph/table/cell border; *size* is in eighths of a point."""
    return w(side, val=val, sz=size, space=space, color=color)


def bookmark_start(bid: int, name: str) -> BaseOxmlElement:
    return w("bookmarkStart", id=bid, name=name)


def bookmark_end(bid: int) -> BaseOxmlElement:
    return w("bookmarkEnd", id=bid)


def hyperlink(*, rid: str | None = None, anchor: str | None = None) -> BaseOxmlElement:
    """An empty ``w:hyperlink``: external through relationship *rid*, or internal to a bookmark."""
    link = w("hyperlink", history=1)
    if rid is not None:
        link.set(qn("r:id"), rid)
    if anchor is not None:
        link.set(qn("w:anchor"), anchor)
    return link


def _run(rpr: BaseOxmlElement | None, *children: BaseOxmlElement) -> BaseOxmlElement:
    r = w("r")
    if rpr is not None:
        r.append(copy.deepcopy(rpr))
    for child in children:
        r.append(child)
    return r


def text_run(text: str, rpr: BaseOxmlElement | None = None) -> BaseOxmlElement:
    t = w("t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    return _run(rpr, t)


def field_begin(instr: str, rpr: BaseOxmlElement | None = None, *, dirty: bool = False
                ) -> list[BaseOxmlElement]:
    """The runs opening a complex field up to its result: begin, instruction, separate.

    A complex field (not ``w:fldSimple``) is used because its result can span paragraphs, which
    a pre-filled TOC needs, and because Word and LibreOffice both update it reliably.
    """
    begin = w("fldChar", fldCharType="begin")
    if dirty:  # asks Word to recompute this field when the document opens
        begin.set(qn("w:dirty"), "true")
    instr_el = w("instrText")
    instr_el.text = f" {instr} "
    instr_el.set(qn("xml:space"), "preserve")
    return [_run(rpr, begin), _run(rpr, instr_el), _run(rpr, w("fldChar", fldCharType="separate"))]


def field_end(rpr: BaseOxmlElement | None = None) -> BaseOxmlElement:
    return _run(rpr, w("fldChar", fldCharType="end"))


def field(instr: str, placeholder: str, rpr: BaseOxmlElement | None = None
          ) -> list[BaseOxmlElement]:
    """All runs of a one-paragraph complex field showing *placeholder* until Word updates it."""
    return [*field_begin(instr, rpr), text_run(placeholder, rpr), field_end(rpr)]


def set_update_fields(settings: BaseOxmlElement) -> None:
    """Make Word refresh all fields (TOC page numbers) when the document is opened."""
    insert_ordered(settings, w("updateFields", val="true"), ("updateFields", *_AFTER_UPDATE_FIELDS))


def style_lang(style: BaseOxmlElement, lang: str) -> None:
    """Set the proofing language on a style (its ``w:rPr/w:lang``), keeping other properties."""
    rpr = style.find(qn("w:rPr"))
    if rpr is None:
        rpr = w("rPr")
        tail = [qn("w:tblPr"), qn("w:trPr"), qn("w:tcPr"), qn("w:tblStylePr")]
        after = next((c for c in style if c.tag in tail), None)
        if after is None:
            style.append(rpr)
        else:
            after.addprevious(rpr)
    # w:val covers Latin text; East-Asian and right-to-left scripts have their own slots.
    primary = lang.split("-")[0].lower()
    attrs = {"val": lang}
    if primary in _EAST_ASIAN:
        attrs["eastAsia"] = lang
    if primary in _RTL:
        attrs["bidi"] = lang
    insert_ordered(rpr, w("lang", **attrs), RPR_ORDER)


#: Office 2019's "Mark as decorative" (MS-ODRAWXML 2.3.2): an a:ext of the picture's wp:docPr.
DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
ADEC = "http://schemas.microsoft.com/office/drawing/2017/decorative"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def mark_decorative(doc_pr: BaseOxmlElement) -> None:
    """Mark a picture decorative: screen readers skip it and Word's checker asks no alt text."""
    doc_pr.attrib.pop("descr", None)
    ext_lst = etree.SubElement(doc_pr, f"{{{_A}}}extLst")
    ext = etree.SubElement(ext_lst, f"{{{_A}}}ext", uri=DECORATIVE_URI)
    etree.SubElement(ext, f"{{{ADEC}}}decorative", {"val": "1"}, nsmap={"adec": ADEC})


def crop_vertically(inline: BaseOxmlElement, share: float) -> None:
    """Crop *share* of a picture's height, half at the top and half at the bottom (a:srcRect,
    which Word and LibreOffice both honour); the picture's extent is already the cropped one."""
    blip_fill = inline.find(".//" + qn("pic:blipFill"))
    blip = blip_fill.find(qn("a:blip")) if blip_fill is not None else None
    if blip is None:
        return
    edge = str(round(share / 2 * 100000))  # thousandths of a percent
    rect = OxmlElement("a:srcRect")
    rect.set("t", edge)
    rect.set("b", edge)
    blip.addnext(rect)
