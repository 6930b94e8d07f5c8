"""Page previews: the PDF drawn page by page to PNG (``<name>-<page>.png``) with pypdfium2.

For web pages, e-mails and thumbnails. The pages are what the PDF writer makes, so a preview never
differs from the document; each file is written atomically, and pages left from a longer earlier
version of the same document are removed so a folder never mixes two versions.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from ..brand import Brand
from ..errors import RenderError
from ..formats import DEFAULT_DPI, MAX_DPI, MIN_DPI
from ..rendering.assets import AssetPolicy
from ..rendering.document import RenderedDocument
from .atomic import atomic_write
from .pdf import write_pdf


def render_pages(pdf: bytes, dpi: int = DEFAULT_DPI) -> list[bytes]:
    """PNG bytes of every page of *pdf* at *dpi*."""
    import pypdfium2 as pdfium

    if not MIN_DPI <= dpi <= MAX_DPI:
        raise RenderError(f"--dpi must be between {MIN_DPI} and {MAX_DPI}, not {dpi}")
    document = pdfium.PdfDocument(pdf)
    pages = []
    try:
        for page in document:
            image = page.render(scale=dpi / 72).to_pil()
            out = io.BytesIO()
            image.save(out, "PNG", optimize=False)
            pages.append(out.getvalue())
            page.close()
    finally:
        document.close()
    return pages


def write_png_pages(doc: RenderedDocument, folder: Path, *, brand: Brand, policy: AssetPolicy,
                    paper: str | None = None, dpi: int = DEFAULT_DPI) -> list[Path]:
    """Write ``folder/<name>-<page>.png`` for every page; returns the paths, page order."""
    pdf = io.BytesIO()
    write_pdf(doc, pdf, brand=brand, policy=policy, paper=paper)
    pages = render_pages(pdf.getvalue(), dpi)
    written = []
    for file_name, png in zip(page_file_names(doc.name, len(pages)), pages, strict=True):
        target = folder / file_name
        with atomic_write(target) as handle:
            handle.write(png)
        written.append(target)
    # pages of an earlier version: beyond this one's last page, or numbered another width
    stale = re.compile(re.escape(doc.name) + r"-\d+\.png")
    keep = {p.name for p in written}
    for old in folder.glob(f"{doc.name}-*.png"):
        if stale.fullmatch(old.name) and old.name not in keep:
            old.unlink(missing_ok=True)
    return written


def page_file_names(name: str, pages: int) -> list[str]:
    """``<name>-<page>.png`` for each page; the numbers zero-padded to one width when there are
    ten pages or more (``-01`` ... ``-12``), so the files sort in page order."""
    width = len(str(pages))
    return [f"{name}-{number:0{width}d}.png" for number in range(1, pages + 1)]
