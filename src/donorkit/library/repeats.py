"""A body that opens with its page's summary: web pages often repeat the summary as the first
paragraph, and a document that shows the summary as its lead would then say it twice."""

from __future__ import annotations

import re

from lxml import html as lxml_html

from .model import Body, Section


def _words(html: str) -> str:
    if not html.strip():
        return ""
    text = lxml_html.fragment_fromstring(html, create_parent="div").text_content()
    return " ".join(re.findall(r"\w+", text.casefold()))


def without_repeated_summary(body: Body, summary_html: str) -> Body:
    """*body* without its first paragraph when that paragraph says what the summary says (same
    words, any markup and punctuation); a section left empty goes too."""
    summary = _words(summary_html)
    first = body.sections[0] if body.sections else None
    if not summary or first is None or first.key != "overview":
        return body
    root = lxml_html.fragment_fromstring(first.html, create_parent="div")
    paragraph = next((el for el in root if isinstance(el.tag, str)), None)
    if paragraph is None or paragraph.tag != "p" or (root.text or "").strip():
        return body
    if _words(lxml_html.tostring(paragraph, encoding="unicode")) != summary:
        return body
    root.remove(paragraph)
    rest = "".join(lxml_html.tostring(c, encoding="unicode") for c in root)
    sections: list[Section] = list(body.sections)
    if rest.strip():
        sections[0] = first.model_copy(update={"html": rest})
    else:
        sections.pop(0)
    overview = sections[0] if sections and sections[0].key == "overview" else None
    return body.model_copy(update={"overview": overview, "sections": sections})
