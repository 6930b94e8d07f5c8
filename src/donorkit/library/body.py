"""Stage 2b: a project body (Markdown) -> sections, media and links.

Sections are cut at the body's top-level headings: text before the first heading is the overview,
"Sample/Select Activities" and "Select/Sample Results ..." are recognised at any heading level,
other headings become named sections in order. Embedded videos become titled links (a browser-only
iframe cannot print), and an image or video followed by a `backtick` line takes that line as its
caption.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html

from ..text.htmlbounds import TagBudget, bound_html
from ..text.markdown import LINE_ATTRIBUTE, clean_text, normalise_inline_tags, parser, sanitise
from .model import Body, Link, Media, Section

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_ACTIVITIES = re.compile(r"^(sample|select|selected|key|main|illustrative)?\s*activities\b"
                         # translated pages: "Principales activités", "Exemples d'activités",
                         # "Actividades principales", "Principais atividades"
                         r"|^(?:\w+\s+)?(?:d['’])?(activités|actividades|atividades)\b", re.I)
_RESULTS = re.compile(r"^(select|sample|selected|key|main)?\s*(results|achievements)\b"
                      r"|^(?:\w+\s+)?(?:de\s+)?(résultats|resultados|réalisations|logros|"
                      r"realizações)\b", re.I)
_CAPTION = re.compile(r"^\s*`([^`]+)`\s*$")
_PROVIDERS = {
    "vimeo.com": "vimeo", "youtube.com": "youtube", "youtube-nocookie.com": "youtube",
    "youtu.be": "youtube", "dailymotion.com": "dailymotion", "facebook.com": "facebook",
}
_PROVIDER_NAMES = {"vimeo": "Vimeo", "youtube": "YouTube", "dailymotion": "Dailymotion",
                   "facebook": "Facebook"}


def _as_written(message: str) -> str:
    return message


def video_paragraph(url: str, provider: str, title: str,
                    gettext: Callable[[str], str] = _as_written) -> lxml_html.HtmlElement:
    """A video on paper: its title as the link, then where to watch it, the address printed so a
    reader of the printed page can type it. *gettext* puts the words donorkit adds into the
    document's language."""
    label = _PROVIDER_NAMES.get(provider, "")
    p = lxml_html.Element("p")
    a = etree.SubElement(p, "a", href=url)
    if title:
        a.text = gettext("Video: %(title)s") % {"title": title}
    elif label:
        a.text = gettext("Video on %(provider)s") % {"provider": label}
    else:
        a.text = gettext("Video")
    shown = re.sub(r"^https?://(www\.)?", "", url)
    a.tail = f" ({label}, {shown})" if label and title else f": {shown}"
    return p


def section_key(title: str) -> str:
    title = " ".join(title.split())
    if _ACTIVITIES.match(title):
        return "activities"
    if _RESULTS.match(title):
        return "results"
    return "other"


def video_link(src: str) -> tuple[str, str]:
    """(provider, a URL a reader can open) for an embed URL."""
    url = "https:" + src if src.startswith("//") else src
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.").removeprefix("player.")
    provider = next((p for h, p in _PROVIDERS.items() if host == h or host.endswith("." + h)), "")
    if provider == "vimeo":
        match = re.search(r"/video/(\d+)", parts.path)
        if match:
            url = f"https://vimeo.com/{match[1]}"
    elif provider == "youtube":
        match = re.search(r"/embed/([\w-]+)", parts.path)
        if match:
            url = f"https://www.youtube.com/watch?v={match[1]}"
    return provider, url


#: huge_tree: libxml2 otherwise stops at 256 levels and silently drops the rest of the section
#: (bound_html keeps the sanitiser's output within about twice MAX_MARKUP_DEPTH).
_PARSER = lxml_html.HTMLParser(huge_tree=True)
#: Lists and quotes deeper than this are flattened: no reader follows more levels, and the PDF
#: writer refuses very deep trees.
MAX_LIST_NESTING = 8
#: Any element deeper than this (nested inline tags, tables in tables ...) is unwrapped.
MAX_ELEMENT_DEPTH = 32
#: Top-level headings past this many stay in the last section (each section costs a parse).
MAX_SECTIONS = 100


def _fragment(html: str) -> lxml_html.HtmlElement:
    return lxml_html.fragment_fromstring(html, create_parent="div", parser=_PARSER)


def _ancestors(el: lxml_html.HtmlElement, *tags: str) -> int:
    return sum(1 for _ in el.iterancestors(*tags))


def _flatten(root: lxml_html.HtmlElement) -> None:
    """Cap nesting without losing text: quotes past MAX_LIST_NESTING are unwrapped, list items
    past it become items of the deepest list allowed (in order), anything past MAX_ELEMENT_DEPTH
    is unwrapped. Elements are visited outer first, so each sees the depth its flattened
    ancestors left."""
    for el in list(root.iter("blockquote", "ul", "ol")):
        if el.tag == "blockquote":
            if _ancestors(el, "blockquote") >= MAX_LIST_NESTING:
                el.drop_tag()
            continue
        parent = el.getparent()
        if _ancestors(el, "ul", "ol") < MAX_LIST_NESTING:
            continue
        if parent is None or parent.tag != "li":
            el.drop_tag()
            continue
        anchor = parent
        for item in list(el):
            anchor.addnext(item)
            anchor = item
        _remove_keep_tail(el)
    _unwrap_deep(root)


def _unwrap_deep(root: lxml_html.HtmlElement) -> None:
    """Unwrap elements past MAX_ELEMENT_DEPTH, in one walk (an unwrapped element's children take
    its depth)."""
    doomed = []
    stack = [(child, 1) for child in root]
    while stack:
        el, depth = stack.pop()
        if depth > MAX_ELEMENT_DEPTH:
            doomed.append(el)
        stack.extend((child, depth if depth > MAX_ELEMENT_DEPTH else depth + 1) for child in el)
    for el in doomed:
        el.drop_tag()


def _take_caption(el: lxml_html.HtmlElement) -> str:
    """A `backtick` line right after *el* (its tail text or a following <code>) is its caption."""
    tail = el.tail or ""
    match = _CAPTION.match(tail)
    if match:
        el.tail = ""
        return match[1].strip()
    nxt = el.getnext()
    if nxt is not None and nxt.tag == "code" and not tail.strip() and not (nxt.tail or "").strip():
        caption = nxt.text_content().strip()
        nxt.getparent().remove(nxt)
        return caption
    return ""


def _figure(parent: lxml_html.HtmlElement, index: int, caption: str) -> lxml_html.HtmlElement:
    figure = lxml_html.Element("figure")
    parent.insert(index, figure)
    if caption:
        cap = lxml_html.Element("figcaption")
        cap.text = caption
        figure.append(cap)
    return figure


def _block_ancestor(el: lxml_html.HtmlElement, root: lxml_html.HtmlElement
                    ) -> lxml_html.HtmlElement:
    while el.getparent() is not root and el.getparent() is not None:
        if el.getparent().tag in ("li", "td", "th", "blockquote", "dd"):
            return el
        el = el.getparent()
    return el


def _remove_keep_tail(el: lxml_html.HtmlElement) -> None:
    """Remove *el* alone; its tail text stays where it was."""
    parent, tail = el.getparent(), el.tail or ""
    prev = el.getprevious()
    if prev is not None:
        prev.tail = (prev.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    el.tail = None
    parent.remove(el)


def _move_out(el: lxml_html.HtmlElement, root: lxml_html.HtmlElement, caption: str
              ) -> lxml_html.HtmlElement:
    """Detach *el* and put an empty figure where a block may stand: in its place when it sits
    directly in a block container, else right after the paragraph holding it."""
    block = _block_ancestor(el, root)
    holder = block.getparent()
    if el is block:
        index, tail = holder.index(el), el.tail
        el.tail = None
        holder.remove(el)
        figure = _figure(holder, index, caption)
        figure.tail = tail
        return figure
    _remove_keep_tail(el)
    index = holder.index(block) + 1
    if block.tag == "p" and not block.text_content().strip() and not len(block):
        _remove_keep_tail(block)
        index -= 1
    return _figure(holder, index, caption)


def _transform(root: lxml_html.HtmlElement, media: list[Media], base_level: int,
               gettext: Callable[[str], str]) -> None:
    for iframe in list(root.iter("iframe")):
        caption = _take_caption(iframe)
        src = iframe.get("src") or ""
        figure = _move_out(iframe, root, caption)
        if not src:
            figure.getparent().remove(figure)
            continue
        title = " ".join((iframe.get("title") or "").split())
        provider, url = video_link(src)
        figure.set("class", "video")
        # the embed's own title names the video; without one the caption below still says
        # what it shows
        figure.insert(0, video_paragraph(url, provider, title, gettext))
        media.append(Media(kind="video", url=url, provider=provider, caption=caption))
    for img in list(root.iter("img")):
        line = img.attrib.pop(LINE_ATTRIBUTE, None)
        line = int(line) if line and line.isdigit() else None
        parent = img.getparent()
        if parent is not None and parent.tag == "figure":
            # Already a figure in the page's own HTML: it stays, but is still one of the media.
            cap = parent.find("figcaption")
            caption = " ".join(cap.text_content().split()) if cap is not None else ""
            if img.get("src"):
                media.append(Media(kind="image", url=img.get("src"), caption=caption,
                                   alt=img.get("alt") or "", line=line))
            continue
        caption = _take_caption(img)
        src, alt = img.get("src") or "", img.get("alt") or ""
        figure = _move_out(img, root, caption)
        if not src:
            # An image without a source shows nothing; its alt text is still content.
            if alt and not caption:
                cap = etree.SubElement(figure, "figcaption")
                cap.text = alt
            elif not caption:
                _remove_keep_tail(figure)  # nothing left to show: no empty figure box
            continue
        figure.insert(0, img)
        media.append(Media(kind="image", url=src, caption=caption, alt=alt, line=line))
    for el in root.iter("h1", "h2", "h3", "h4", "h5", "h6"):
        level = int(el.tag[1]) - base_level + 3  # body headings sit under the template's h2
        el.tag = f"h{min(max(level, 3), 4)}"
    for el in root.iter("b", "i"):
        el.tag = "strong" if el.tag == "b" else "em"
    for th in root.iter("th"):
        th.set("scope", _scope(th))
    for p in list(root.iter("p")):
        if not p.text_content().strip() and not len(p):
            p.drop_tree()


def _scope(th: lxml_html.HtmlElement) -> str:
    """The page's own scope if it gave a valid one; else a column header when the cell is in a
    header row (in thead, or a row of header cells only), a row header otherwise. A screen
    reader needs it to say which header a cell belongs to (docs/accessibility.md)."""
    given = (th.get("scope") or "").strip().lower()
    if given in ("row", "col"):
        return given
    row = th.getparent()
    group = row.getparent() if row is not None else None
    if group is not None and group.tag == "thead":
        return "col"
    cells = [c for c in row if c.tag in ("th", "td")] if row is not None else []
    return "col" if all(c.tag == "th" for c in cells) else "row"


def _inner_html(el: lxml_html.HtmlElement) -> str:
    parts = [el.text or ""]
    parts += [lxml_html.tostring(child, encoding="unicode") for child in el]
    return "".join(parts).strip()


def _items(root: lxml_html.HtmlElement) -> list[str]:
    items = []
    for lst in root:
        if lst.tag in ("ul", "ol"):
            items += [_inner_html(li) for li in lst if li.tag == "li"]
    return items


def _section(key: str, title: str, html: str, media: list[Media], base_level: int,
             budget: TagBudget, gettext: Callable[[str], str]
             ) -> tuple[Section, list[tuple[int, str]]]:
    bounded, problems = bound_html(html, budget)
    root = _fragment(sanitise(bounded, image_lines=True))
    _flatten(root)
    _transform(root, media, base_level, gettext)
    body = normalise_inline_tags(_inner_html(root))
    return Section(key=key, title=title, html=body, items=_items(root)), problems


#: Quote markers past the fiftieth on a line add nothing a reader can see; dropping them keeps
#: absurd nesting under markdown-it's limit, where it would lose the text.
_DEEP_QUOTES = re.compile(r"^([ \t]*(?:>[ \t]?){50})(?:>[ \t]?)+", re.MULTILINE)


def parse_body(source: str, *, first_line: int = 1,
               gettext: Callable[[str], str] = _as_written) -> Body:
    """Sections, media and links of a body; *first_line* is the file line where it starts (for
    the lines of ``Body.problems``). The few words the parser writes itself (the overview's title,
    the links that stand for videos) go through *gettext*: a document in French asks for them
    in French."""
    md = parser()
    env: dict = {}
    tokens = md.parse(_DEEP_QUOTES.sub(r"\1", clean_text(source)), env)
    problems: list[tuple[int, str]] = []

    def line_of(token: object) -> int:
        return first_line + (token.map[0] if token.map else 0)  # type: ignore[attr-defined]

    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    top = min(levels) if levels else 0
    cuts = [i for i, t in enumerate(tokens) if t.type == "heading_open" and int(t.tag[1]) == top]
    if len(cuts) > MAX_SECTIONS:
        problems.append((line_of(tokens[cuts[MAX_SECTIONS]]),
                         f"more than {MAX_SECTIONS} sections; the headings from here on stay in "
                         "the last section"))
        cuts = cuts[:MAX_SECTIONS]
    media: list[Media] = []
    sections: list[Section] = []
    budget = TagBudget()
    # A body that opens with a heading has no overview: without the dedup, the empty chunk before
    # it would be read as a heading.
    bounds = sorted({0, *cuts, len(tokens)})
    headings = set(cuts)
    for start, stop in zip(bounds, bounds[1:], strict=False):
        chunk = tokens[start:stop]
        if start in headings:
            title = " ".join(clean_text(chunk[1].content).split())
            key = section_key(title)
            chunk = chunk[3:]  # heading_open, inline, heading_close
        else:
            title, key = gettext("Overview"), "overview"
        # the line of the chunk's first token: after a heading, not the heading's own
        first = chunk[0] if chunk and chunk[0].map else tokens[start]
        html, offsets, lines = _render(md, chunk, env, line_of(first))
        html, offsets = _mark_image_lines(html, offsets, lines)
        section, found = _section(key, title, html, media, top + 1, budget, gettext)
        problems += [(lines[bisect_right(offsets, at) - 1], message) for at, message in found]
        if section.html or key != "overview":
            sections.append(section)
    body = Body(sections=sections, media=media)
    for section in sections:
        key = section.key
        if key in ("overview", "activities", "results") and getattr(body, key) is None:
            setattr(body, section.key, section)
        else:
            body.other.append(section)
    body.links = _links(sections)
    body._problems = problems
    return body


def _render(md: MarkdownIt, tokens: list[Token], env: dict, line: int
            ) -> tuple[str, list[int], list[int]]:
    """HTML of *tokens*, as markdown-it's renderer makes it, with the offset at which each token's
    HTML starts and that token's file line (so a problem found in the HTML can name its line)."""
    renderer, options = md.renderer, md.options
    parts: list[str] = []
    offsets: list[int] = []
    lines: list[int] = []
    pos, base = 0, line - (tokens[0].map[0] if tokens and tokens[0].map else 0)
    for i, token in enumerate(tokens):
        if token.map:
            line = base + token.map[0]
        if token.type == "inline":
            piece = renderer.renderInline(token.children or [], options, env)
        elif token.type in renderer.rules:
            piece = renderer.rules[token.type](tokens, i, options, env)
        else:
            piece = renderer.renderToken(tokens, i, options, env)
        parts.append(piece)
        offsets.append(pos)
        lines.append(line)
        pos += len(piece)
    return "".join(parts), offsets or [0], lines or [line]


_IMG_TAG = re.compile(r"<img(?=[\s/>])", re.IGNORECASE)


def _mark_image_lines(html: str, offsets: list[int], lines: list[int]
                      ) -> tuple[str, list[int]]:
    """*html* with each ``<img`` carrying its file line (``data-line``, which :func:`_transform`
    moves into ``Media.line``), and *offsets* moved by what was inserted before them."""
    marks = [(m.end(), f' {LINE_ATTRIBUTE}="{lines[bisect_right(offsets, m.start()) - 1]}"')
             for m in _IMG_TAG.finditer(html)]
    if not marks:
        return html, offsets
    parts, pos = [], 0
    for at, mark in marks:
        parts += [html[pos:at], mark]
        pos = at
    parts.append(html[pos:])
    ends = [at for at, _ in marks]
    added = [0]
    for _, mark in marks:
        added.append(added[-1] + len(mark))
    return "".join(parts), [o + added[bisect_right(ends, o)] for o in offsets]


def _links(sections: list[Section]) -> list[Link]:
    links: list[Link] = []
    for section in sections:
        if not section.html:
            continue
        for a in _fragment(section.html).iter("a"):
            href = a.get("href")
            if href:
                links.append(Link(title=" ".join(a.text_content().split()) or href, url=href))
    return links
