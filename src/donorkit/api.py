"""The one-call functions of the public API that are not a stage of their own."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from .brand import load_brand
from .exporting import ExportOptions, asset_policy, write_document
from .i18n.content import Localiser
from .i18n.glossary import load_glossary
from .rendering.document import render_html
from .rendering.templates import get_doctype


def render(context: BaseModel, *, formats: tuple[str, ...] | list[str] = ("pdf", "docx"),
           out: str | Path = "out", options: ExportOptions | None = None,
           library_root: str | Path | None = None, name: str | None = None) -> list[Path]:
    """Render a context from :func:`donorkit.build_context` to files; returns their paths.

    The context may have been changed by the caller (a tailored summary, a removed section):
    what it holds is what the document shows.
    """
    options = options or ExportOptions(formats=tuple(formats), out=Path(out))
    doctype = get_doctype(context.document.doctype, options.templates)  # type: ignore[attr-defined]
    brand = load_brand(options.brand)
    warnings: list[str] = []
    policy = asset_policy(Path(library_root) if library_root else None, brand, options, warnings)
    # The labels follow the context's language (a caller may have built it in French).
    language = getattr(context, "document").language  # noqa: B009 - typed as BaseModel
    localiser = Localiser.create(language, load_glossary(options.glossary)
                                 if options.glossary else None)
    doc = render_html(doctype, context, overrides=options.templates, name=name,
                      localiser=localiser)
    doc.warnings = warnings
    return write_document(doc, brand=brand, policy=policy, options=options)
