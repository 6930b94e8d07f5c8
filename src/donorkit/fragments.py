"""Markdown and HTML fragments that are not a project's body, made safe the same way a body is.

A spec's ``intro`` is untrusted Markdown like a page's: it goes through the body pipeline
(sanitised, headings levelled, videos made links), then its images are resolved against the spec's
folder under the asset policy, with warnings naming the spec file and line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from lxml import html as lxml_html

from .library.body import parse_body
from .rendering.assets import AssetPolicy


def resolve_images(html: str, base: Path | None, where: str, policy: AssetPolicy,
                   lines: Mapping[str, Sequence[int]] | None = None) -> str:
    """*html* with every ``<img>`` pointed at a URL the policy allows, or removed (warned, naming
    *where* and, from *lines* (src -> file lines, in order), the image's first line)."""
    if "<img" not in html:
        return html
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    for img in list(root.iter("img")):
        src = img.get("src", "")
        at = (lines or {}).get(src)
        # an image used twice is one problem: one warning, at its first line (the same message
        # twice is said once)
        url = policy.resolve(src, base, context=f"{where}:{at[0]}" if at else where)
        if url:
            img.set("src", url)
            continue
        figure = img.getparent()
        img.drop_tree()
        # A figure left with nothing in it would print an empty box.
        if figure is not None and figure.tag == "figure" and not figure.text_content().strip():
            figure.drop_tree()
    parts = [root.text or ""] + [lxml_html.tostring(c, encoding="unicode") for c in root]
    return "".join(parts)


def _demote(html: str) -> str:
    """Headings inside a titled part sit one level below its title (h3 -> h4)."""
    if "<h3" not in html:
        return html
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    for el in root.iter("h3"):
        el.tag = "h4"
    return "".join([root.text or ""] + [lxml_html.tostring(c, encoding="unicode") for c in root])


def markdown_block(text: str, *, base: Path | None, where: str, policy: AssetPolicy) -> str:
    """Block Markdown (a spec's intro) as vocabulary HTML to stand under a template's ``<h2>``:
    its top headings become ``<h3>``, deeper ones ``<h4>``."""
    from markupsafe import escape

    parts = []
    for section in parse_body(text).sections:
        if section.key != "overview" or section.title != "Overview":
            parts.append(f"<h3>{escape(section.title)}</h3>{_demote(section.html)}")
        else:
            parts.append(section.html)
    return resolve_images("".join(parts), base, where, policy)
