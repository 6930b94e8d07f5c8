"""Markdown and HTML hygiene shared by the loader: one parser, one sanitiser, one text cleaner.

Project pages are untrusted. Whatever they hold is parsed as CommonMark (raw HTML allowed, because
real pages embed iframes and <hr>), then sanitised with nh3 to a subset of the template vocabulary,
so nothing a page writes can reach a writer outside that vocabulary or point it at a script.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..urls import LINK_SCHEMES
from .htmlbounds import TagBudget, bound_html

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

# C0/C1 controls (but tab and newline), XML-invalid code points, and invisible characters that only
# corrupt search and text extraction. ZWJ/ZWNJ stay: Arabic and Indic scripts need them.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b\u2060\ufeff\ufffe\uffff\ud800-\udfff]"
)

#: Tags a page's own HTML may keep (a subset of render/vocabulary.py); iframes are kept only long
#: enough to become video entries.
BODY_TAGS = {
    "p", "br", "strong", "em", "b", "i", "code", "pre", "a", "ul", "ol", "li", "blockquote",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "img", "figure", "figcaption", "table", "thead",
    "tbody", "tr", "th", "td", "dl", "dt", "dd", "iframe",
}
BODY_ATTRIBUTES = {
    "a": {"href"}, "img": {"src", "alt"}, "ol": {"start"}, "td": {"colspan"},
    "th": {"colspan", "scope"},
    "iframe": {"src", "title"},  # the title names the video on paper
}
INLINE_TAGS = {"strong", "em", "b", "i", "code", "a", "br"}


def clean_text(text: str) -> str:
    """Remove characters no writer can or should carry (see _INVISIBLE)."""
    return _INVISIBLE.sub("", text)


#: Block nesting markdown-it follows (lists in lists, quotes in quotes); deeper content is kept
#: as a plain paragraph. markdown-it recurses twice per level, so this keeps a parse within about
#: 400 frames, well inside Python's default limit of 1,000 wherever the caller stands: the process
#: recursion limit is never touched (it is shared by every thread).
BLOCK_NESTING = 200
#: Quote and list markers opening a line: past BLOCK_NESTING they are markup no reader can follow.
_MARKERS = re.compile(r"^(?:[ \t]*(?:>|[-+*]|\d{1,9}[.)])(?=[ \t]|$))+[ \t]*", re.MULTILINE)


def _too_deep(state: Any, start: int, end: int, silent: bool) -> bool:
    """A block rule tried first: at BLOCK_NESTING, the rest of the container becomes one paragraph
    (markers dropped), where markdown-it would otherwise drop it without a word."""
    if state.level < BLOCK_NESTING:
        return False
    stop = start + 1
    # The container ends where markdown-it's own loop would end it: at a line indented less.
    while stop < end and (state.isEmpty(stop) or state.sCount[stop] >= state.blkIndent):
        stop += 1
    if not silent:
        text = _MARKERS.sub("", state.getLines(start, stop, state.blkIndent, False))
        state.push("paragraph_open", "p", 1).map = [start, stop]
        inline = state.push("inline", "", 0)
        inline.content, inline.map, inline.children = text.strip(), [start, stop], []
        state.push("paragraph_close", "p", -1)
    state.line = stop
    return True


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    # Imported here, like nh3 below: listing a library needs neither (bodies are parsed lazily and
    # plain titles skip the parser), and every command pays for an import at start-up.
    from markdown_it import MarkdownIt

    # CommonMark with raw HTML (sanitised afterwards) and GFM tables, which real pages use.
    # markdown-it's own limit (past which it drops the rest silently) stays out of _too_deep's way.
    md = MarkdownIt("commonmark", {"html": True, "maxNesting": BLOCK_NESTING + 10})
    md.enable("table")
    md.block.ruler.before("table", "too_deep", _too_deep)
    # markdown-it has one nesting limit for blocks and inline. At the default (20) a list nested
    # past nine levels silently loses the rest of the page; raised for all, pathological inline
    # input ([[[[... x 50,000) takes minutes. So blocks get the high limit and inline content
    # is parsed by a twin parser that keeps the default.
    inline_md = MarkdownIt("commonmark", {"html": True}).enable("table")

    def inline(state: object) -> None:
        for token in state.tokens:  # type: ignore[attr-defined]
            if token.type == "inline":
                if token.children is None:
                    token.children = []
                inline_md.inline.parse(token.content, inline_md, state.env,  # type: ignore[attr-defined]
                                       token.children)

    md.core.ruler.at("inline", inline)
    return md


#: The file line the body parser puts on each image (library/body.py), kept through sanitising
#: and taken off again before the HTML goes anywhere.
LINE_ATTRIBUTE = "data-line"


def sanitise(html: str, *, inline: bool = False, image_lines: bool = False) -> str:
    import nh3

    tags = INLINE_TAGS if inline else BODY_TAGS
    attributes = {t: a for t, a in BODY_ATTRIBUTES.items() if t in tags}
    if image_lines:
        attributes["img"] = {*attributes["img"], LINE_ATTRIBUTE}
    return nh3.clean(
        html,
        tags=tags,
        attributes=attributes,
        url_schemes=set(LINK_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


_B_I = re.compile(r"<(/?)(b|i)>")


def normalise_inline_tags(html: str) -> str:
    """<b>/<i> from raw HTML become the vocabulary's <strong>/<em>."""
    return _B_I.sub(lambda m: f"<{m[1]}{'strong' if m[2] == 'b' else 'em'}>", html)


#: Characters that can start inline Markdown or need escaping in HTML (and line breaks, which may
#: become <br>). Text without any of them renders to itself.
_MARKUP = re.compile(r"[\\`*_\[\]<>!&~\n\r\u00a0]|^\s|\s$|https?:|www\.|@")


def render_inline(text: str, problems: list[str] | None = None) -> str:
    """Inline Markdown (a summary, a promo title) to sanitised inline HTML; what the HTML bounds
    drop (see htmlbounds) is added to *problems*."""
    if not text:
        return ""
    text = clean_text(text)
    if not _MARKUP.search(text):
        # Most titles are plain words: skip the parser and sanitiser (a third of the load time of a
        # large library went here).
        return text
    html, found = bound_html(parser().renderInline(text), TagBudget())
    if problems is not None:
        problems += [message for _, message in found]
    return normalise_inline_tags(sanitise(html, inline=True)).strip()
