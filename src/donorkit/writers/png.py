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
from ..rendering.assets import AssetPolicy
from ..rendering.document import RenderedDocument
from .atomic import atomic_write
from .pdf import write_pdf

DEFAULT_DPI = 110
MIN_DPI, MAX_DPI = 20, 600


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
    """Write ``folder/<name>-<n>.png`` for every page; returns the paths, page order."""
    pdf = io.BytesIO()
    write_pdf(doc, pdf, brand=brand, policy=policy, paper=paper)
    written = []
    for number, png in enumerate(render_pages(pdf.getvalue(), dpi), start=1):
        target = folder / f"{doc.name}-{number}.png"
        with atomic_write(target) as handle:
            handle.write(png)
        written.append(target)
    stale = re.compile(re.escape(doc.name) + r"-(\d+)\.png")
    for old in folder.glob(f"{doc.name}-*.png"):
        match = stale.fullmatch(old.name)
        if match and int(match[1]) > len(written):
            old.unlink(missing_ok=True)
    return written
