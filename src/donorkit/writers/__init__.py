"""Writers, in one lookup table (as pandoc's): format name -> file suffix and writer function.

Every writer takes the same rendered HTML and writes to an open binary file; atomicity and file
naming are the caller's (see donorkit.exporting).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO

from ..brand import Brand
from ..rendering.assets import AssetPolicy
from ..rendering.document import RenderedDocument
from .html import write_html
from .pdf import fitted_density, write_pdf
from .png import write_png_pages

Writer = Callable[..., object]
PAGED_SUFFIX = "-{page}.png"


def _write_docx(doc: RenderedDocument, dest: BinaryIO, *, brand: Brand, policy: AssetPolicy,
                paper: str | None = None) -> None:
    from .docx import write_docx

    # the PDF's fit decision, so Word sets a case study on as many pages as the PDF has
    density = fitted_density(doc, brand=brand, policy=policy, paper=paper)
    if paper and paper != brand.paper:
        brand = brand.model_copy(update={"paper": paper})
    write_docx(doc.html, dest, brand=brand, template=doc.template, fetch=policy.fetch,
               warn=lambda message: doc.warnings.append(f"docx: {message}"), density=density)


WRITERS: dict[str, tuple[str, Writer]] = {
    "pdf": (".pdf", write_pdf),
    "docx": (".docx", _write_docx),
    "html": (".html", write_html),
    # one file per page: the writer gets the folder and writes <name>-<page>.png itself
    "png": (PAGED_SUFFIX, write_png_pages),
}
FORMATS = tuple(WRITERS)
