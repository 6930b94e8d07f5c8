"""Keeping a document's closing box off a page of its own.

A case study whose closing matter (its "About" box, with the related reading beside it in a
closing band) just misses the last page of text would print a page holding nothing else. When the
laid-out document ends like that, the PDF writer lays it out once more with :data:`TIGHTER`:
smaller gaps, lead and pictures, which wins back a tenth of a page, so a project whose text
nearly fills a page fits on one; and the closing matter kept with the text before it, so when the
document still needs another page, its last lines of text go there with the About box. That
layout is kept when it has fewer pages or no longer ends with the closing matter alone
(:func:`improves`). Documents that fit the first time are laid out once.
"""

from __future__ import annotations

from collections.abc import Iterable

from .density import TIGHT

#: The fit pass's stylesheet: the same design a little denser (about 15% of a page of text), and
#: the closing matter kept with the text before it. Its numbers are :data:`.density.TIGHT`'s, which
#: the DOCX writer takes too.
TIGHTER = TIGHT.css()


#: Classes of a document's closing matter: the About box, alone or in a closing band with the
#: related reading (a page of links and the About box is as empty as one of the About box).
CLOSING = frozenset({"about", "closing"})


def _closing(root: object) -> set[int]:
    """ids of the elements inside the document's closing matter (:data:`CLOSING`)."""
    inside: set[int] = set()
    for el in root.iter():  # type: ignore[attr-defined]
        if CLOSING & set((el.get("class") or "").split()):
            inside.update(id(child) for child in el.iter())
    return inside


def has_band(root: object) -> bool:
    """Whether the document ends with a closing band (``div.closing``, a case study's): a
    document of a page or two, cheap to lay out just to decide Word's density. A long document
    that merely ends with an About box (a capability statement) is not laid out for that: a
    second layout of a hundred pages costs seconds, to save at most its last page."""
    return any("closing" in (el.get("class") or "").split()
               for el in root.iter() if isinstance(el.tag, str))  # type: ignore[attr-defined]


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


def improves(tighter: object, document: object, root: object) -> bool:
    """Whether the *tighter* layout of a document whose closing matter stood alone is better:
    fewer pages, or as many with the closing matter no longer alone."""
    new, old = len(tighter.pages), len(document.pages)  # type: ignore[attr-defined]
    return new < old or (new == old and not closing_box_alone(tighter, root))
