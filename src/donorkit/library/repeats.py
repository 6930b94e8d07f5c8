"""A body that repeats its page's summary: web pages often repeat the summary as a paragraph of
the overview (usually the first, sometimes after an opening line), and a document that shows the
summary as its lead would then say it twice."""

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
    """*body* without the overview paragraphs that say what the summary says (same words, any
    markup and punctuation), wherever they stand in the overview; an overview left empty goes
    too. Only whole top-level paragraphs count: a summary quoted inside a longer paragraph, a
    list or a quote stays."""
    summary = _words(summary_html)
    overview = body.overview
    if not summary or overview is None or overview not in body.sections:
        return body
    root = lxml_html.fragment_fromstring(overview.html, create_parent="div")
    repeats = [el for el in root if el.tag == "p"
               and _words(lxml_html.tostring(el, encoding="unicode", with_tail=False)) == summary]
    if not repeats:
        return body
    for paragraph in repeats:
        paragraph.drop_tree()  # its tail text stays
    rest = (root.text or "") + "".join(lxml_html.tostring(c, encoding="unicode") for c in root)
    sections: list[Section] = list(body.sections)
    at = sections.index(overview)
    left = overview.model_copy(update={"html": rest}) if rest.strip() else None
    if left is None:
        sections.pop(at)
    else:
        sections[at] = left
    return body.model_copy(update={"overview": left, "sections": sections})
