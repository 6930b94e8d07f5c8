"""Real Word list numbering (``numbering.xml``) for ``ul``/``ol``.

Two abstract definitions are added per document, one bullet and one decimal, each defining all
nine levels, so any nesting depth renders. Every list that must count on its own gets its own
``w:num`` with a ``w:startOverride``: without the override Word and LibreOffice continue the
count of an earlier list that shares the abstract definition.
"""

from __future__ import annotations

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.parts.document import DocumentPart
from docx.parts.numbering import NumberingPart

from .oxml import w

MAX_LEVEL = 8  # Word knows levels 0..8; deeper HTML nesting is drawn at the last level
_STEP = 425  # twips per level (0.75 cm), close to a browser's 40px list padding at 10pt
_HANGING = 357  # room for "10." at body size
_BULLETS = ("\u2022", "\u25e6", "\u25aa")  # disc, circle, square: the CSS defaults by depth


def indent(ilvl: int) -> int:
    """Left indent in twips of the text of a list paragraph at level *ilvl*."""
    return _STEP * (ilvl + 1)


class Numbering:
    """Allocates ``w:num`` instances in the document's numbering part, creating it when absent."""

    def __init__(self, document_part: DocumentPart) -> None:
        self._doc_part = document_part
        self._root: BaseOxmlElement | None = None
        self._abstract: dict[bool, int] = {}

    def new_list(self, *, ordered: bool, ilvl: int, start: int = 1) -> int:
        """numId of a fresh list whose first item, at level *ilvl*, is numbered *start*."""
        root = self._numbering()
        abstract_id = self._abstract_id(ordered)
        num_id = 1 + max((int(n.get(qn("w:numId"))) for n in root.iterchildren(qn("w:num"))),
                         default=0)
        num = w("num", w("abstractNumId", val=abstract_id),
                w("lvlOverride", w("startOverride", val=max(start, 0)), ilvl=ilvl),
                numId=num_id)
        cleanup = root.find(qn("w:numIdMacAtCleanup"))
        if cleanup is None:
            root.append(num)
        else:
            cleanup.addprevious(num)
        return num_id

    def _numbering(self) -> BaseOxmlElement:
        if self._root is None:
            try:
                part = self._doc_part.part_related_by(RT.NUMBERING)
            except KeyError:
                # python-docx cannot create this part (NumberingPart.new is unimplemented) and
                # reference documents without any list in them have none.
                part = NumberingPart(PackURI("/word/numbering.xml"), CT.WML_NUMBERING,
                                     parse_xml(f"<w:numbering {nsdecls('w')}/>"),
                                     self._doc_part.package)
                self._doc_part.relate_to(part, RT.NUMBERING)
            self._root = part.element
        return self._root

    def _abstract_id(self, ordered: bool) -> int:
        if ordered not in self._abstract:
            root = self._numbering()
            existing = [int(a.get(qn("w:abstractNumId")))
                        for a in root.iterchildren(qn("w:abstractNum"))]
            abstract_id = max(existing, default=-1) + 1
            abstract = _abstract_num(abstract_id, ordered)
            # schema order: w:numPicBullet*, w:abstractNum*, w:num*, w:numIdMacAtCleanup?
            following = root.find(qn("w:num"))
            if following is None:
                following = root.find(qn("w:numIdMacAtCleanup"))
            if following is None:
                root.append(abstract)
            else:
                following.addprevious(abstract)
            self._abstract[ordered] = abstract_id
        return self._abstract[ordered]


def _abstract_num(abstract_id: int, ordered: bool) -> BaseOxmlElement:
    levels = []
    for ilvl in range(MAX_LEVEL + 1):
        if ordered:
            # HTML numbers nested <ol> "1." at every depth (no "1.1"), so each level shows only
            # its own counter.
            fmt, text = "decimal", f"%{ilvl + 1}."
        else:
            fmt, text = "bullet", _BULLETS[min(ilvl, len(_BULLETS) - 1)]
        levels.append(w(
            "lvl",
            w("start", val=1), w("numFmt", val=fmt), w("lvlText", val=text),
            w("lvlJc", val="left"),
            w("pPr", w("ind", left=indent(ilvl), hanging=_HANGING)),
            ilvl=ilvl,
        ))
    # a stable nsid per definition; Word uses it to tell lists apart when pasting between files
    return w("abstractNum", w("nsid", val=f"D0C{abstract_id:05X}"),
             w("multiLevelType", val="multilevel"), *levels, abstractNumId=abstract_id)
