"""Visitors for ``ul``/``ol``/``li``: real Word numbering (see :mod:`.numbering`)."""

from __future__ import annotations

from lxml.html import HtmlElement

from .core import Item, ListLevel, TranslatorCore
from .numbering import MAX_LEVEL


class ListVisitors(TranslatorCore):
    def number_item(self) -> None:
        """Before a list or table opens a list item, give the item its numbered paragraph."""
        item = self.items[-1] if self.items and self.items[-1].story is self.story else None
        if item is not None and not item.numbered:
            self.open_para()
            self.close_para()

    def visit_ul(self, el: HtmlElement) -> None:
        self.start_list(el, ordered=False)

    def visit_ol(self, el: HtmlElement) -> None:
        self.start_list(el, ordered=True)

    def start_list(self, el: HtmlElement, *, ordered: bool) -> None:
        self.close_para()
        self.number_item()
        item = self.items[-1] if self.items and self.items[-1].story is self.story else None
        start = _int(el.get("start"), 1) if ordered else 1
        parent = item.level if item is not None else None
        if parent is None:
            level = ListLevel(self.numbering.new_list(ordered=ordered, ilvl=0, start=start), 0,
                              ordered)
        else:
            ilvl = min(parent.ilvl + 1, MAX_LEVEL)
            if parent.ordered == ordered and start == 1:
                # same kind: next level of the same list; Word restarts a level's count after
                # each item of the level above, as HTML does
                level = ListLevel(parent.num_id, ilvl, ordered)
            else:  # a <ol> in a <ul> (or a new start): its own numbering at this depth
                level = ListLevel(self.numbering.new_list(ordered=ordered, ilvl=ilvl,
                                                          start=start), ilvl, ordered)
        self.lists.append(level)
        self.block_styles.append(self.block_styles[-1] if self.block_styles else None)

    def depart_ul(self, el: HtmlElement) -> None:
        self.close_para()
        self.lists.pop()
        self.block_styles.pop()

    depart_ol = depart_ul

    def visit_li(self, el: HtmlElement) -> None:
        self.close_para()
        self.bookmark(el)
        level = self.lists[-1] if self.lists else ListLevel(
            self.numbering.new_list(ordered=False, ilvl=0), 0, False)  # a stray <li>
        self.items.append(Item(level, self.story))

    def depart_li(self, el: HtmlElement) -> None:
        self.close_para()
        if not self.items[-1].numbered:  # an empty <li> still shows its bullet
            self.open_para()
            self.close_para()
        self.items.pop()


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
