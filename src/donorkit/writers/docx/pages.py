"""Page-level constructs: cover page, running header/footer, TOC field, document properties."""

from __future__ import annotations

import datetime as dt

from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import _Footer, _Header
from lxml.html import HtmlElement

from ...graphics.style import look_for
from . import oxml
from .core import Story, TranslatorCore
from .oxml import w
from .tables import FALLBACK_ROOM, TCPR_ORDER
from .text import clean_inline

#: base.css: the running header's and footer's text is 7.5 pt; the title at most 60% wide
RUNNING_PT = 7.5
_TITLE_SHARE = 0.6
_ONE_LINE = frozenset({"p", "img", "span", "a", "strong", "em", "code"})
_TOC_INSTR = 'TOC \\o "{levels}" \\h \\z \\u'


class PageVisitors(TranslatorCore):
    def cover_page(self) -> None:
        """The cover is the first page of the section: give it its own, empty header/footer."""
        section = self.doc.sections[0]
        section.different_first_page_header_footer = True
        for part in (section.first_page_header, section.first_page_footer):
            part.is_linked_to_previous = False
            root = part._element
            _empty(root)
            root.append(w("p"))  # a header/footer part needs at least one paragraph

    def running(self, el: HtmlElement, hdrftr: _Header | _Footer, kind: str) -> None:
        """A running header/footer: its content goes to the section's default header/footer."""
        self.close_para()
        hdrftr.is_linked_to_previous = False
        root = hdrftr._element
        if kind not in self.claimed:  # replace the template's/reference's, keep a second one
            _empty(root)
            self.claimed.add(kind)
        self.push_story(Story(root, hdrftr.part, self.text_width, style=self.sid(kind),
                              main=False))
        items = [c for c in el if isinstance(c.tag, str)]
        loose = (el.text or "").strip() or any((c.tail or "").strip() for c in items)
        if 2 <= len(items) <= 3 and not loose and all(c.tag in _ONE_LINE for c in items):
            if kind == "header" and self.title_wraps(items):
                self.logo_beside_title(items, root)
            else:
                self.one_line(items, kind)
        else:
            self.walk_children(el)
        self.close_para()
        if not len(root) or root[-1].tag != qn("w:p"):
            root.append(w("p"))  # a header/footer must end with a paragraph, like a cell
        self.pop_story()

    def title_wraps(self, items: list[HtmlElement]) -> bool:
        """A logo and a title too long for the PDF's title box (base.css: right-aligned, at
        most 60% of the width, 7.5 pt), which wraps there beside the logo."""
        if len(items) != 2 or items[0].tag != "img" or items[1].tag != "p":
            return False
        title = clean_inline(items[1].text_content())
        room = self.text_width / 12700 * _TITLE_SHARE
        return look_for(self.brand).width(title, RUNNING_PT) * FALLBACK_ROOM > room

    def logo_beside_title(self, items: list[HtmlElement], root: BaseOxmlElement) -> None:
        """Logo left, title right in a borderless layout row: a long title wraps in its own
        cell, beside the logo, instead of under it; the header's rule follows the row."""
        started = self.body_started
        self.side_by_side([[items[0]], [items[1]]], [1 - _TITLE_SHARE, _TITLE_SHARE],
                          "Layout table: the logo beside the document title", gaps=[0, 0],
                          style=self.sid("Header Text"))
        self.body_started = started
        tbl = root[-1]
        for tc in tbl.iter(qn("w:tc")):
            oxml.insert_ordered(tc.find(qn("w:tcPr")), w("vAlign", val="center"), TCPR_ORDER)
        for p in tbl.findall(f"{qn('w:tr')}/{qn('w:tc')}[2]/{qn('w:p')}"):
            oxml.set_ppr(p, w("jc", val="right"))
        rule = self.open_para(numbered=False)  # in the Header style, which draws the rule
        oxml.set_ppr(rule, w("spacing", before=0, after=0, line=40, lineRule="exact"))
        self.close_para()

    def one_line(self, items: list[HtmlElement], kind: str) -> None:
        """Two or three parts of a running header/footer on one line, as the PDF lays them out
        (flex, space-between): left, (centre,) right, through tab stops."""
        p = self.open_para()
        width = self.text_width // 635  # twips
        stops = [("center", width // 2), ("right", width)] if len(items) == 3 else [
            ("right", width)]
        # the Header/Footer style's own stops (any reference document's) would catch the tabs
        style = self.doc.styles.element.get_by_id(self.sid(kind) or "")
        inherited = style.findall(f"{qn('w:pPr')}/{qn('w:tabs')}/{qn('w:tab')}") if (
            style is not None) else []
        ours = {str(pos) for _, pos in stops}
        clear = {t.get(qn("w:pos")) for t in inherited if t.get(qn("w:val")) != "clear"} - ours
        oxml.set_ppr(p, w("tabs", *(w("tab", val="clear", pos=pos) for pos in sorted(clear)),
                          *(w("tab", val=val, pos=pos) for val, pos in stops)))
        self.flat = True
        try:
            for i, child in enumerate(items):
                if i:
                    self.trim_line()
                    self.run().append(w("tab"))
                    self.line_start = True
                self.walk(child)
        finally:
            self.flat = False

    def toc(self, nav: HtmlElement) -> None:
        """A real TOC field, pre-filled with the nav's entries so it reads right before Word
        (or a user pressing F9) recomputes it with page numbers."""
        self.block()
        self.bookmark(nav)
        self.has_toc = self.in_toc = True
        entries: list[tuple[int, str, str | None]] = []
        for lst in nav:
            if lst.tag in ("ul", "ol"):
                entries.extend(toc_entries(lst, 1, self.bookmark_names))
        self.toc_levels = _linked_levels(nav)
        emitted = False
        if nav.text:
            self.text(nav.text)
        for child in nav:
            if child.tag in ("ul", "ol"):
                if not emitted:
                    self.toc_field(entries)
                    emitted = True
            elif isinstance(child.tag, str):
                self.walk(child)
            if child.tail:
                self.text(child.tail)
        if not emitted:
            self.toc_field(entries)
        self.in_toc = False
        self.end_block()

    def toc_field(self, entries: list[tuple[int, str, str | None]]) -> None:
        # Word rebuilds the field from the outline levels it names: the levels of the headings
        # the contents links point at, so an update lists what the pre-filled entries list.
        instr = _TOC_INSTR.format(levels=getattr(self, "toc_levels", "1-3"))
        if not entries:
            self.open_para(self.sid("toc 1"), numbered=False)
            self.add_runs(oxml.field(instr, "Update the table of contents (F9)."))
            self.close_para()
            return
        for i, (level, label, anchor) in enumerate(entries):
            p = self.open_para(self.sid(f"toc {min(level, 3)}"), numbered=False)
            if i == 0:
                p.extend(oxml.field_begin(instr, dirty=True))
            target = oxml.hyperlink(anchor=anchor) if anchor else p
            if target is not p:
                p.append(target)
            target.append(oxml.text_run(label))
            if i == len(entries) - 1:
                p.append(oxml.field_end())
            self.close_para()

    def finish(self) -> None:
        """Core properties from <head> (a reference document's own are overwritten), the
        proofing language, and the setting that makes Word fill in the TOC's page numbers."""
        props = self.doc.core_properties
        author = self.meta.get("author") or self.brand.organisation
        props.title = _limit(self.meta.get("title", ""))
        props.author = props.last_modified_by = _limit(author)
        props.subject = _limit(self.meta.get("description", ""))
        props.keywords = _limit(self.meta.get("keywords", ""))
        props.comments = props.category = ""
        props.revision = 1
        created = _date(self.meta.get("dcterms.created", ""))
        if created is None and self.meta.get("dcterms.created"):
            self.warn(f"dcterms.created {self.meta['dcterms.created']!r} is not an ISO date")
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)  # python-docx writes naive as UTC
        props.created, props.modified = created or now, now
        if self.lang:
            props.language = _limit(self.lang)
            normal = self.sid("Normal")
            style = self.doc.styles.element.get_by_id(normal) if normal else None
            if style is not None:
                oxml.style_lang(style, self.lang)
        if self.has_toc:
            oxml.set_update_fields(self.doc.settings.element)


def toc_entries(lst: HtmlElement, level: int, names: dict[str, str]
                ) -> list[tuple[int, str, str | None]]:
    """(level, label, bookmark) for every item of a nav list, depth first."""
    out: list[tuple[int, str, str | None]] = []
    for li in lst:
        if li.tag != "li":
            continue
        nested = [c for c in li if c.tag in ("ul", "ol")]
        link = next((a for c in li if c.tag not in ("ul", "ol") and isinstance(c.tag, str)
                     for a in c.iter("a")), None)
        if link is not None:
            label = clean_inline(link.text_content())
            href = (link.get("href") or "").strip()
            anchor = names.get(href[1:]) if href.startswith("#") else None
        else:
            label = clean_inline((li.text or "") + "".join(
                c.text_content() + (c.tail or "") for c in li if c.tag not in ("ul", "ol")
                and isinstance(c.tag, str)))
            anchor = None
        if label:
            out.append((level, label, anchor))
        for sub in nested:
            out.extend(toc_entries(sub, level + 1, names))
    return out


def _empty(container: BaseOxmlElement) -> None:
    for child in list(container):
        container.remove(child)


def _limit(text: str) -> str:
    return text[:255]  # the core-properties part's limit


def _date(value: str) -> dt.datetime | None:
    value = value.strip()
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = dt.datetime.combine(dt.date.fromisoformat(value[:10]), dt.time())
        except ValueError:
            return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
    return parsed


def _linked_levels(nav: HtmlElement) -> str:
    """"2-3" when the contents links point at h2 and h3 headings; "1-3" when they point at none."""
    root = nav.getroottree().getroot()
    levels = set()
    for a in nav.iter("a"):
        href = a.get("href") or ""
        if href.startswith("#"):
            target = root.get_element_by_id(href[1:], None)
            if target is not None and target.tag in ("h1", "h2", "h3", "h4"):
                levels.add(int(target.tag[1]))
    return f"{min(levels)}-{max(levels)}" if levels else "1-3"
