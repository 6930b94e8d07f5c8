"""Bounds on raw HTML from a page (its body, its summary) before it is sanitised, so that no page
can stall a run.

The sanitiser (nh3, html5ever) walks the stack of open elements for many start tags, so its time
grows with the number of tags times their nesting depth: ``"<div>" * 100000`` took minutes. Before
it runs, each body gets a budget of MAX_TAGS tags (markup past it is dropped, its text kept), and
one pass over the tags models the HTML parser's stack of open elements. When the model's depth
stays within MAX_MARKUP_DEPTH (every real page), the HTML goes on unchanged; otherwise it is
rewritten: tags deeper than the limit are dropped (their text kept) and every element is closed
explicitly, so the sanitiser sees well-formed HTML no deeper than the model.

The model errs on the deep side only. It pops an element where an HTML parser certainly would
(its end tag, not hidden behind a special element; a new paragraph or list item right after an
open one) and otherwise keeps it open, and it counts formatting elements (<b>, <em> ...) closed
implicitly, because the parser reopens them at the next text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import islice

#: Tags (start and end) a body may hold. Real pages hold a few dozen; a 200-row table ~2,500.
MAX_TAGS = 10_000
#: Elements open at once. A page's own structure is under 20; the PDF writer refuses 100.
MAX_MARKUP_DEPTH = 200
#: Formatting elements closed implicitly (and so reopened at every text) a page may leave.
MAX_REOPENED = 4
#: How far down the stack an end tag looks for its element; deeper, it counts as unmatched.
_SCAN = 32

#: Anything an HTML parser may read as a tag: counting these bounds the tags whatever the syntax.
_TAG_START = re.compile(r"</?[A-Za-z]")
_TOKEN = re.compile(
    r"(?P<comment><!--(?:>|->|.*?(?:--!?>|\Z)))"
    r"|<(?P<end>/?)(?P<name>[A-Za-z][^\t\n\f\r />]*)[^<>]*>"
    r"|(?P<stray><(?=/?[A-Za-z]))",
    re.DOTALL,
)
_ANY_TAG = re.compile(r"<!--.*?(?:-->|\Z)|</?[A-Za-z][^>]*>?", re.DOTALL)

_VOID = frozenset("area base br col embed hr img input keygen link meta param source track "
                  "wbr".split())
_FORMATTING = frozenset("a b big code em font i nobr s small strike strong tt u".split())
_FOREIGN = frozenset(("svg", "math"))
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
#: HTML's "special" elements: an end tag for an ordinary element does not close past one.
_SPECIAL = frozenset(
    "address applet area article aside base basefont bgsound blockquote body br button caption "
    "center col colgroup dd details dir div dl dt embed fieldset figcaption figure footer form "
    "frame frameset head header hgroup hr html iframe img input keygen li link listing main "
    "marquee menu meta nav noembed noframes noscript object ol p param plaintext pre script "
    "search section select source style summary table tbody td template textarea tfoot th thead "
    "title tr track ul wbr xmp mi mo mn ms mtext annotation-xml foreignobject desc".split()
) | _HEADINGS
#: Elements an end tag of a special element does not close past (HTML's "scope" boundaries).
_SCOPE = frozenset("applet caption html table td th marquee object template svg math mi mo mn ms "
                   "mtext annotation-xml foreignobject desc title".split())
_P = frozenset(("p",))
_CELLS = frozenset(("td", "th"))
#: Start tag -> the open elements it closes, in order, each only when it is the current element
#: (where every HTML parser closes it too).
_CLOSES: dict[str, tuple[frozenset[str], ...]] = {
    **{name: (_P,) for name in (
        "address article aside blockquote center details dialog dir div dl fieldset figcaption "
        "figure footer header hgroup main menu nav ol p search section summary ul pre listing "
        "form hr xmp").split()},
    **{name: (_P, _HEADINGS) for name in _HEADINGS},
    "li": (_P, frozenset(("li",))),
    "dd": (_P, frozenset(("dd", "dt"))),
    "dt": (_P, frozenset(("dd", "dt"))),
    "td": (_CELLS,), "th": (_CELLS,),
    "tr": (_CELLS, frozenset(("tr",))),
    **{name: (_CELLS, frozenset(("tr",)), frozenset(("thead", "tbody", "tfoot")))
       for name in ("thead", "tbody", "tfoot")},
    "option": (frozenset(("option",)),),
    "optgroup": (frozenset(("option",)), frozenset(("optgroup",))),
}


@dataclass
class TagBudget:
    """Tags a body may still hold; shared by its sections."""

    left: int = MAX_TAGS


def bound_html(html: str, budget: TagBudget) -> tuple[str, list[tuple[int, str]]]:
    """*html* within the budget and the depth limit, and what had to be dropped to get there
    (each with the offset in *html* where it starts)."""
    problems: list[tuple[int, str]] = []
    tags = len(_TAG_START.findall(html))
    if tags > budget.left:
        at = next(islice(_TAG_START.finditer(html), budget.left, None)).start()
        # After the budget, tags become spaces and no '<' is left.
        html = html[:at] + _ANY_TAG.sub(" ", html[at:]).replace("<", "&lt;")
        problems.append((at, f"more than {MAX_TAGS:,} HTML tags; the markup after that is "
                             "dropped and its text kept"))
        tags = budget.left
    budget.left -= tags
    model = _Model(html)
    if model.needs_rewrite:
        problems.append(model.needs_rewrite)
        problems.sort()
        html = _Model(html, rewrite=True).output()
    return html, problems


class _Model:
    """One pass over the tags of *html*, keeping a stack of the elements an HTML parser would
    hold open (or more). With *rewrite*, it also writes the bounded, well-formed HTML."""

    def __init__(self, html: str, *, rewrite: bool = False) -> None:
        self.rewrite = rewrite
        self.stack: list[str] = []  # "" for a '<' + letter that is no complete tag
        self.open: Counter[str] = Counter()
        self.reopened: Counter[str] = Counter()  # formatting elements closed implicitly
        self.dropped: Counter[str] = Counter()  # start tags dropped, by name: their end tags go
        self.foreign = 0
        self.needs_rewrite: tuple[int, str] | None = None  # (offset, why) when it does
        self.at = 0  # offset of the tag being read
        self.out: list[str] = []
        pos = 0
        for match in _TOKEN.finditer(html):
            self._text(html[pos:match.start()])
            self.at = match.start()
            pos = match.end()
            if match["comment"] is not None:
                self._keep(match[0])  # the sanitiser strips comments
            elif match["stray"] is not None:
                self._start("", "&lt;")
            elif match["end"]:
                self._end(match["name"].lower())
            else:
                self._start(match["name"].lower(), match[0])
        self._text(html[pos:])

    def output(self) -> str:
        while self.stack:
            self._pop()
        return "".join(self.out)

    def _text(self, text: str) -> None:
        if self.rewrite and text:
            self.out.append(text.replace("<", "&lt;"))

    def _keep(self, tag: str) -> None:
        if self.rewrite:
            self.out.append(tag)

    def _depth(self) -> int:
        return len(self.stack) + self.reopened.total()

    def _start(self, name: str, tag: str) -> None:
        if name in _VOID:
            self._keep(tag)
            return
        if not self.foreign:
            for names in _CLOSES.get(name, ()):
                if self.stack and self.stack[-1] in names:
                    self._pop()
        if self._depth() >= MAX_MARKUP_DEPTH:
            self.needs_rewrite = self.needs_rewrite or (
                self.at, f"HTML nested more than {MAX_MARKUP_DEPTH} levels deep; the deeper "
                         "tags are dropped and their text kept")
            self.dropped[name] += 1
            return
        self.stack.append(name)
        self.open[name] += 1
        self.foreign += name in _FOREIGN
        self._keep(tag)

    def _end(self, name: str) -> None:
        if self.dropped[name]:
            self.dropped[name] -= 1
            return
        if not self.open[name]:
            if self.reopened[name]:  # the parser forgets a reopened element at its end tag
                self.reopened[name] -= 1
            return
        stops = _SCOPE if name in _SPECIAL else _SPECIAL
        for index in range(len(self.stack) - 1, max(len(self.stack) - _SCAN, 0) - 1, -1):
            here = self.stack[index]
            if here == name:
                while len(self.stack) > index + 1:
                    self._pop(implicit=True)
                self._pop()
                return
            if here in stops:
                return  # the parser ignores this end tag: the element stays open

    def _pop(self, *, implicit: bool = False) -> None:
        name = self.stack.pop()
        self.open[name] -= 1
        self.foreign -= name in _FOREIGN
        if implicit and name in _FORMATTING and not self.rewrite:
            # Closed without its end tag, the parser reopens it at the next text: it still counts.
            self.reopened[name] += 1
            if self.reopened.total() > MAX_REOPENED and not self.needs_rewrite:
                self.needs_rewrite = (self.at, "HTML leaves formatting tags such as <b> unclosed "
                                               "inside blocks; they are closed where their block "
                                               "ends")
        if self.rewrite and name:
            self.out.append(f"</{name}>")
