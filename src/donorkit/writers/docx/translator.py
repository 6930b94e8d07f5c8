"""The DOCX translator: vocabulary HTML -> Word constructs, docutils style.

Each element has a ``visit_<tag>`` method (and optionally ``depart_<tag>``), grouped by kind in
the mixins below; :meth:`~.core.TranslatorCore.walk` dispatches on the tag name, so a tag
without a visitor raises :class:`~donorkit.errors.VocabularyError` rather than vanishing.
"""

from __future__ import annotations

from .blocks import BlockVisitors
from .core import SkipNode, Story
from .inline import InlineVisitors
from .layout import LayoutVisitors
from .lists import ListVisitors
from .pages import PageVisitors
from .sections import SectionVisitors
from .tables import TableVisitors

__all__ = ["DocxTranslator", "SkipNode", "Story"]


class DocxTranslator(BlockVisitors, ListVisitors, TableVisitors, InlineVisitors,
                     SectionVisitors, PageVisitors, LayoutVisitors):
    """Translates one parsed document into a prepared python-docx document.

    ``DocxTranslator(document, base, brand=..., template=..., fetch=..., warn=...)
    .translate(tree)``; see :func:`donorkit.writers.docx.build_docx`.
    """
