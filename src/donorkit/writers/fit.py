"""Keeping a document's closing box off a page of its own.

A case study whose "About" box just misses the last page of text would print a page holding
nothing else. When the laid-out document ends like that, the PDF writer lays it out once more
with :data:`TIGHTER` (slightly smaller gaps and pictures), and keeps that layout only if it has
fewer pages. Documents that fit the first time are laid out once.
"""

from __future__ import annotations

from collections.abc import Iterable

#: Small enough that nobody sees a different design, large enough to win the few lines needed.
TIGHTER = """
html { line-height: calc(var(--line-height-base) * 0.95); }
p, li { margin-bottom: 0.45em; }
h2 { margin-top: 1em; }
h3 { margin-top: 0.9em; }
figure { margin-bottom: 0.7em; }
figure.photo img { height: 52mm; }
section figure:not(.chart):not(.map):not(.photo) img { max-height: 62mm; }
section.about { margin-top: 0.6em; }
"""


def _closing(root: object) -> set[int]:
    """ids of the elements inside the document's closing box(es) (``section.about``)."""
    inside: set[int] = set()
    for el in root.iter():  # type: ignore[attr-defined]
        if el.tag == "section" and "about" in (el.get("class") or "").split():
            inside.update(id(child) for child in el.iter())
    return inside


def closing_box_alone(document: object, root: object) -> bool:
    """Whether the last page of a laid-out WeasyPrint *document* holds only the closing box."""
    from weasyprint.formatting_structure import boxes

    pages = document.pages  # type: ignore[attr-defined]
    if len(pages) < 2:
        return False
    closing = _closing(root)
    if not closing:
        return False
    page_box = pages[-1]._page_box
    content: Iterable[object] = page_box.children[:1]  # the root box; margin boxes follow
    seen = False
    for top in content:
        for box in top.descendants():  # type: ignore[attr-defined]
            if not isinstance(box, (boxes.TextBox, boxes.ReplacedBox)):
                continue
            if id(box.element) not in closing:  # type: ignore[attr-defined]
                return False
            seen = True
    return seen
