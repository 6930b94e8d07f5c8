"""Landscape sections (``section.landscape``): a wide form table on turned pages.

Word lays pages out by sections: a section ends with a paragraph holding its ``w:sectPr``, the
last section with the body's own. A landscape part of the document therefore closes the portrait
pages before it (if there are any) with a copy of the body's page setup, and closes itself with a
turned copy. When nothing follows, the body's own setup is turned instead, so no empty trailing
section (a blank page) is left behind.
"""

from __future__ import annotations

import copy

from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

from .core import TranslatorCore
from .grid import EMU_PER_TWIP
from .oxml import sub, w

_SECT_PR = qn("w:sectPr")
_PPR = qn("w:pPr")


def turned(sect_pr: BaseOxmlElement) -> BaseOxmlElement:
    """A copy of *sect_pr* on landscape pages (same paper, same margins)."""
    out = copy.deepcopy(sect_pr)
    size = out.find(qn("w:pgSz"))
    if size is not None:
        width, height = size.get(qn("w:w")), size.get(qn("w:h"))
        if width and height and int(width) < int(height):
            size.set(qn("w:w"), height)
            size.set(qn("w:h"), width)
        size.set(qn("w:orient"), "landscape")
    for first_page in out.findall(qn("w:titlePg")):  # the cover stays in the first section
        out.remove(first_page)
    return out


def text_width(sect_pr: BaseOxmlElement) -> int | None:
    """The text width (EMU) of a page setup, or None when it does not say."""
    size, margins = sect_pr.find(qn("w:pgSz")), sect_pr.find(qn("w:pgMar"))
    try:
        return (int(size.get(qn("w:w"))) - int(margins.get(qn("w:left")))
                - int(margins.get(qn("w:right")))) * EMU_PER_TWIP
    except (AttributeError, TypeError, ValueError):
        return None


class SectionVisitors(TranslatorCore):
    landscape_breaks: list[BaseOxmlElement]
    saved_widths: list[int]

    def body_sect_pr(self) -> BaseOxmlElement | None:
        return self.doc.element.body.find(_SECT_PR)

    def section_break(self, sect_pr: BaseOxmlElement) -> BaseOxmlElement:
        """End the current section here with *sect_pr*; returns the carrying paragraph."""
        self.close_para()
        p = self.append_block("p")
        sub(p, "pPr").append(sect_pr)
        return p

    def landscape_start(self) -> None:
        if not hasattr(self, "landscape_breaks"):
            self.landscape_breaks, self.saved_widths = [], []
        final = self.body_sect_pr()
        if final is None or not self.story.top:
            return
        if self.body_started:  # portrait pages before: they end here
            self.section_break(copy.deepcopy(final))
            for first_page in final.findall(qn("w:titlePg")):
                final.remove(first_page)  # the last section no longer holds the cover
        body = self.stories[0]
        self.saved_widths.append(body.width)
        body.width = text_width(turned(final)) or body.width

    def landscape_end(self) -> None:
        final = self.body_sect_pr()
        if final is None or not getattr(self, "saved_widths", None):
            return
        self.landscape_breaks.append(self.section_break(turned(final)))
        self.stories[0].width = self.saved_widths.pop()

    def finish(self) -> None:
        body = self.doc.element.body
        final = body.find(_SECT_PR)
        breaks = getattr(self, "landscape_breaks", [])
        if breaks and final is not None and final.getprevious() is breaks[-1]:
            # nothing after the landscape part: it is the last section
            last = breaks[-1]
            sect_pr = last.find(_PPR).find(_SECT_PR)
            final.addprevious(sect_pr)
            body.remove(final)
            body.remove(last)
            if body.find(f"{qn('w:p')}/{_PPR}/{_SECT_PR}") is None:
                self.widen_running(sect_pr)  # one section: the whole document is landscape
        super().finish()

    def widen_running(self, sect_pr: BaseOxmlElement) -> None:
        """Move the running header's and footer's centre and right tab stops to the landscape
        text width (they were set for portrait pages)."""
        width = text_width(sect_pr)
        if width is None:
            return
        twips = width // EMU_PER_TWIP
        section = self.doc.sections[0]
        for part in (section.header, section.footer):
            for tabs in part._element.iter(qn("w:tabs")):
                old = set()
                for tab in tabs.findall(qn("w:tab")):
                    kind = tab.get(qn("w:val"))
                    if kind in ("right", "center"):
                        old.add(tab.get(qn("w:pos")))
                        tab.set(qn("w:pos"), str(twips if kind == "right" else twips // 2))
                # the Header/Footer style's portrait stops would still catch the tab first
                cleared = {t.get(qn("w:pos")) for t in tabs.findall(qn("w:tab"))
                           if t.get(qn("w:val")) == "clear"}
                for pos in sorted(old - cleared - {str(twips), str(twips // 2)}):
                    tabs.insert(0, w("tab", val="clear", pos=pos))
