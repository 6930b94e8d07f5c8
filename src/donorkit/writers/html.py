"""HTML writer: the rendered vocabulary HTML with the stylesheets and images inlined, so the file
opens correctly on its own in a browser (screen preview of what the PDF will hold) and opening it
loads nothing: every image goes through the asset policy, as in the PDF and DOCX, and is embedded
as a ``data:`` URL; one the policy refuses (a remote image without ``allow_remote``) is left out."""

from __future__ import annotations

import base64
import mimetypes
from typing import BinaryIO
from urllib.parse import urlsplit

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
    inline_images(root, policy)
    drop_page_counters(root)
    head = root.find("head")
    if head is None:
        head = etree.Element("head")
        root.insert(0, head)
    style = etree.SubElement(head, "style")
    style.text = "\n" + "\n".join(css) + "\n"
    html = lxml_html.tostring(root, doctype="<!DOCTYPE html>", encoding="unicode")
    dest.write(html.encode("utf-8"))


_MAGIC = ((b"\x89PNG", "image/png"), (b"\xff\xd8", "image/jpeg"), (b"GIF8", "image/gif"),
          (b"RIFF", "image/webp"), (b"<svg", "image/svg+xml"), (b"<?xml", "image/svg+xml"))


def _mime(url: str, data: bytes) -> str:
    sniffed = next((m for magic, m in _MAGIC if data.lstrip()[:5].startswith(magic)), None)
    return sniffed or mimetypes.guess_type(urlsplit(url).path)[0] or "application/octet-stream"


def inline_images(root: lxml_html.HtmlElement, policy: AssetPolicy) -> None:
    """Every ``<img>`` fetched through *policy* and embedded; one it refuses is removed (the
    policy warns), with the figure around it if nothing else is left in that."""
    for img in list(root.iter("img")):
        src = (img.get("src") or "").strip()
        if src.startswith("data:"):
            continue
        data = policy.fetch(src) if src else None
        if data is not None:
            img.set("src", f"data:{_mime(src, data)};base64,{base64.b64encode(data).decode()}")
            continue
        figure = img.getparent()
        img.drop_tree()
        if figure is not None and figure.tag == "figure" and not figure.text_content().strip():
            figure.drop_tree()


def drop_page_counters(root: lxml_html.HtmlElement) -> None:
    """A browser shows one long page, so "Page N of M" would read "Page 0 of 0": the paragraph
    that holds the counters goes (the PDF and DOCX keep theirs)."""
    for span in root.xpath('//footer[contains(@class, "running-footer")]'
                           '//span[contains(@class, "page-number")]'):
        paragraph = span.getparent()
        while paragraph is not None and paragraph.tag != "p":
            paragraph = paragraph.getparent()
        if paragraph is not None and paragraph.getparent() is not None:
            paragraph.getparent().remove(paragraph)
