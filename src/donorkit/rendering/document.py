"""Render a context through its document type's template into checked vocabulary HTML."""

from __future__ import annotations

import html as html_lib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel

from ..text.markdown import clean_text
from ..text.names import safe_filename
from . import vocabulary
from .templates import DocType, environment, render_string, render_template

if TYPE_CHECKING:
    from ..i18n.content import Localiser


@dataclass
class RenderedDocument:
    doctype: str
    name: str  # file stem
    title: str
    html: str
    template: str
    warnings: list[str] = field(default_factory=list)
    #: the PDF writer's laid-out document and fit decision, made once and shared with the DOCX
    #: writer (writers/pdf.py: lay_out)
    layout: object | None = field(default=None, repr=False, compare=False)


def template_vars(context: BaseModel) -> dict[str, object]:
    # Pass the models themselves (not a dump) so templates can use properties such as
    # project.country_names and project.period.
    return {name: getattr(context, name) for name in type(context).model_fields}


def render_html(doctype: DocType, context: BaseModel, *, overrides: Sequence[Path] = (),
                name: str | None = None, localiser: Localiser | None = None) -> RenderedDocument:
    """Render *context*; its labels are in *localiser*'s language, else in the context's own
    ``document.language`` (without a glossary)."""
    if localiser is None:
        from ..i18n.content import Localiser

        document = getattr(context, "document", None)
        localiser = Localiser.create(getattr(document, "language", None))
    env = environment(overrides, localiser)
    variables = template_vars(context)
    # Control characters cannot be stored in XML (DOCX) and corrupt PDF text: gone before any
    # writer sees them, whatever a template or page holds.
    html = clean_text(render_template(env, doctype.template, variables))
    vocabulary.check(vocabulary.parse(html), doctype.template)
    # The environment autoescapes for HTML; a title and a file name are plain text.
    title = html_lib.unescape(render_string(env, doctype.title, variables)).strip()
    stem = safe_filename(name or html_lib.unescape(render_string(env, doctype.filename,
                                                                   variables)))
    return RenderedDocument(doctype.name, stem, title, html, doctype.template)
