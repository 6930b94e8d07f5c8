"""What PDF/UA-1 asks for that WeasyPrint's ``pdf/ua-1`` variant does not write yet, added to
the PDF objects just before WeasyPrint serialises them (its ``finisher`` hook).

- Table header cells get ``/Scope`` (Column or Row, from the ``th``'s ``scope`` attribute):
  WeasyPrint links data cells to headers through ``/Headers``/``/ID`` but writes no ``/Scope``
  (Kozea/WeasyPrint#2508).
- Content of the page margins (the running header with its logo, the running footer with the page
  numbers) becomes ``/Artifact /Pagination``: WeasyPrint tags it with MCIDs whose structure
  elements hang outside the document tree (Kozea/WeasyPrint#1836), so assistive technology meets
  tagged text that belongs to no element, repeated on every page.

Both work on the PDF structure WeasyPrint builds (documented PDF objects, not WeasyPrint
internals) except for the ``th`` -> scope lookup, which falls back to the structure (a header in
a ``THead`` is a column header, any other a row header) if WeasyPrint stops recording it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pydyf

VARIANT = "pdf/ua-1"
_PAGINATION = pydyf.Dictionary({"Type": "/Pagination"})


def _number(ref: object) -> int | None:
    """Object number of an indirect reference as pydyf writes it (``b"12 0 R"``)."""
    if isinstance(ref, bytes | str):
        text = ref.decode("ascii") if isinstance(ref, bytes) else ref
        head, _, tail = text.partition(" ")
        if head.isdigit() and tail == "0 R":
            return int(head)
    return None


class _Objects:
    def __init__(self, pdf: Any) -> None:
        self.objects = pdf.objects

    def get(self, ref: object) -> Any:
        number = _number(ref)
        return self.objects[number] if number is not None else None

    def kids(self, element: Any) -> Iterator[object]:
        kids = element.get("K") if isinstance(element, pydyf.Dictionary) else None
        if isinstance(kids, list):
            yield from kids
        elif kids is not None:
            yield kids


def finish(document: Any, pdf: Any) -> None:
    """WeasyPrint finisher: scopes on header cells, margin content as artifacts."""
    objects = _Objects(pdf)
    root = objects.get(pdf.catalog.get("StructTreeRoot"))
    if root is None:  # untagged output: nothing to complete
        return
    _scope_headers(document, objects)
    _margins_as_artifacts(pdf, objects, root)


def _scope_headers(document: Any, objects: _Objects) -> None:
    scopes = {"row": "/Row", "col": "/Column", "rowgroup": "/Row", "colgroup": "/Column"}
    for page in document.pages:
        for box in page._page_box.descendants():
            element = getattr(box, "mark", None)  # the cell's structure element (WeasyPrint)
            if box.element_tag == "th" and isinstance(element, pydyf.Dictionary):
                scope = scopes.get((box.element.get("scope") or "").lower())
                if scope:
                    element.setdefault("A", pydyf.Dictionary({"O": "/Table"}))["Scope"] = scope
    for obj in objects.objects:
        if isinstance(obj, pydyf.Dictionary) and obj.get("S") == "/TH":
            attributes = obj.setdefault("A", pydyf.Dictionary({"O": "/Table"}))
            if "Scope" not in attributes:
                group = objects.get(objects.get(obj.get("P")).get("P"))
                in_head = group is not None and group.get("S") == "/THead"
                attributes["Scope"] = "/Column" if in_head else "/Row"


def _margins_as_artifacts(pdf: Any, objects: _Objects, root: Any) -> None:
    reachable: set[int] = set()
    stack = list(objects.kids(root))
    while stack:
        ref = stack.pop()
        number = _number(ref)
        if number is None or number in reachable:
            continue
        reachable.add(number)
        stack.extend(objects.kids(objects.objects[number]))
    parent_tree = objects.get(root.get("ParentTree"))
    nums = parent_tree.get("Nums", []) if parent_tree is not None else []
    pages = [objects.get(ref) for ref in pdf.page_references]
    for key, value in zip(nums[::2], nums[1::2], strict=True):
        if not isinstance(value, list) or not 0 <= key < len(pages):
            continue  # an annotation's entry, not a page's marked content
        orphans = {mcid for mcid, ref in enumerate(value) if _number(ref) not in reachable}
        if not orphans:
            continue
        for mcid in orphans:
            value[mcid] = b"null"
        _retag(objects.get(pages[key].get("Contents")), orphans)


def _retag(stream: Any, mcids: set[int]) -> None:
    """``/Tag <</MCID n>> BDC`` -> ``/Artifact <</Type /Pagination>> BDC`` for each of *mcids*."""
    if stream is None:
        return
    ops = stream.stream
    for i in range(1, len(ops) - 1):
        props = ops[i]
        if (isinstance(props, pydyf.Dictionary) and props.get("MCID") in mcids
                and ops[i + 1] == b"BDC"):
            ops[i - 1] = "/Artifact"
            ops[i] = _PAGINATION
