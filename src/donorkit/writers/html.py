"""HTML writer: the rendered vocabulary HTML with the stylesheets inlined, so the file opens
correctly on its own in a browser (screen preview of what the PDF will hold)."""

from __future__ import annotations

from typing import BinaryIO

from lxml import etree
from lxml import html as lxml_html

from ..brand import Brand
from ..rendering.assets import AssetPolicy, neutralise_links
from ..rendering.css import tokens_css
from ..rendering.document import RenderedDocument
from ..resources import styles_dir


def write_html(doc: RenderedDocument, dest: BinaryIO, *, brand: Brand, policy: AssetPolicy,
               paper: str | None = None) -> None:
    css = [(styles_dir() / "base.css").read_text(encoding="utf-8"), tokens_css(brand, paper)]
    if brand.print_css is not None:
        css.append(brand.print_css.read_text(encoding="utf-8"))
    # Parsed as the vocabulary check and the DOCX writer parse it: a browser opens this file, so
    # a javascript: or file: link must go from the tree, whatever quoting the template used.
    root = lxml_html.document_fromstring(doc.html)
    neutralise_links(root.iter(), lambda message: doc.warnings.append(f"html: {message}"))
    head = root.find("head")
    if head is None:
        head = etree.Element("head")
        root.insert(0, head)
    style = etree.SubElement(head, "style")
    style.text = "\n" + "\n".join(css) + "\n"
    html = lxml_html.tostring(root, doctype="<!DOCTYPE html>", encoding="unicode")
    dest.write(html.encode("utf-8"))
