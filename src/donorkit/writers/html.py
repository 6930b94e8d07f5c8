"""HTML writer: the rendered vocabulary HTML with the stylesheets inlined, so the file opens
correctly on its own in a browser (screen preview of what the PDF will hold)."""

from __future__ import annotations

from typing import BinaryIO

from ..brand import Brand
from ..render.assets import AssetPolicy
from ..render.css import tokens_css
from ..render.document import RenderedDocument
from ..resources import styles_dir


def write_html(doc: RenderedDocument, dest: BinaryIO, *, brand: Brand, policy: AssetPolicy,
               paper: str | None = None) -> None:
    css = [(styles_dir() / "base.css").read_text(encoding="utf-8"), tokens_css(brand, paper)]
    if brand.print_css is not None:
        css.append(brand.print_css.read_text(encoding="utf-8"))
    style = "<style>\n" + "\n".join(css) + "\n</style>\n"
    html = doc.html.replace("</head>", style + "</head>", 1)
    dest.write(html.encode("utf-8"))
