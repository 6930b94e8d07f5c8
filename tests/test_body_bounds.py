"""Bounded body parsing (issue 17): hostile HTML cannot make the sanitiser quadratic, and parsing
never touches the process-wide recursion limit.

No timings here (benchmarks/hostile_bodies.py has them): each test asserts what the bound does
(the warning, the text kept, the depth the sanitiser is given), which fails without the bound.
"""

from __future__ import annotations

import sys
import threading
from datetime import date
from pathlib import Path

import pytest
from lxml import html as lxml_html

from donorkit.context import resolve_body
from donorkit.library import load_library
from donorkit.library.body import MAX_SECTIONS, parse_body
from donorkit.rendering.assets import AssetPolicy
from donorkit.text.htmlbounds import MAX_MARKUP_DEPTH, MAX_TAGS, TagBudget, bound_html

_PARSER = lxml_html.HTMLParser(huge_tree=True)


def _depth(html: str) -> int:
    """Depth of the tree the sanitiser (html5ever) builds from *html*, measured on its output with
    every tag of these tests allowed."""
    import nh3

    kept = nh3.clean(html, tags={"div", "span", "ul", "li", "table", "tbody", "tr", "td", "a",
                                 "p", "b"})
    root = lxml_html.fragment_fromstring(kept or "<p></p>", create_parent="div", parser=_PARSER)
    deepest, stack = 0, [(root, 0)]
    while stack:
        el, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in el)
    return deepest


def _messages(body) -> list[str]:
    return [message for _, message in body.problems]


def test_the_issue_page_is_bounded_and_says_so():
    body = parse_body("<div>" * 100_000 + "the text\n", first_line=7)
    assert "the text" in body.overview.html
    assert body.problems == [  # in the order they occur in the page
        (7, f"HTML nested more than {MAX_MARKUP_DEPTH} levels deep; the deeper tags are dropped "
            "and their text kept"),
        (7, f"more than {MAX_TAGS:,} HTML tags; the markup after that is dropped and its text "
            "kept"),
    ]


def test_deep_nesting_within_the_tag_budget_keeps_the_text_before_and_after():
    body = parse_body("Before.\n\n<div>" + "<div>" * 1000 + "deep</div>\n\nAfter.\n")
    html = body.overview.html
    assert all(text in html for text in ("Before.", "deep", "After."))
    assert _messages(body) == [f"HTML nested more than {MAX_MARKUP_DEPTH} levels deep; the "
                               "deeper tags are dropped and their text kept"]


@pytest.mark.parametrize("hostile", [
    "<div>" * 1000,
    "<ul><li>" * 1000,
    "<span><div></span>" * 1000,  # the parser ignores each </span>: a special <div> is open
    "<table><tr><td>" * 600,
    '<a b"c>' + "<div>" * 1000 + '">',  # a quote in an attribute name does not open a value
    "<!-->" + "<div>" * 1000,  # an empty comment ends at once
    '<div title="<">' * 1000,  # no complete tag to the model, a start tag to the parser
    ("<div>" + "".join(f"<b id={i}>" for i in range(20)) + "</div>x") * 50,  # reopened <b>s
], ids=["div", "ul-li", "ignored-end", "tables", "quote-in-name", "empty-comment",
        "lt-in-value", "reopened-b"])
def test_the_sanitiser_never_sees_more_than_the_bound(hostile):
    assert _depth(hostile) > 2 * MAX_MARKUP_DEPTH  # the attack works on the raw HTML ...
    bounded, problems = bound_html(hostile, TagBudget())
    assert problems
    assert _depth(bounded) <= 2 * MAX_MARKUP_DEPTH + 4  # ... and not past the bound


@pytest.mark.parametrize("html", [
    "<ul>" + "<li>item " * 500 + "</ul>",  # end tags a parser infers are not nesting
    "<p>para " * 500,
    "<dl>" + "<dt>term<dd>definition" * 300 + "</dl>",
    "<table>" + "<tr><td>a<td>b" * 300 + "</table>",
    "<div><b>bold</div>" * 3,  # a few reopened formatting tags are normal HTML
    "<h2>x</h2><p>Some <em>text</em> and <a href='https://example.org'>a link</a>.</p>" * 300,
])
def test_ordinary_html_passes_unchanged(html):
    assert bound_html(html, TagBudget()) == (html, [])


def test_the_tag_budget_is_per_body_not_per_section():
    section = "<p>x</p>" * (MAX_TAGS // 8)  # a quarter of the budget in each section
    source = "\n\n".join(f"# Part {i}\n\n{section}" for i in range(5))
    body = parse_body(source)
    assert [line for line, _ in body.problems] == [3 + 4 * 4]  # the fifth section's first tag
    assert all(s.html.count("x") == MAX_TAGS // 8 for s in body.sections)


def test_sections_past_the_limit_stay_in_the_last_one():
    body = parse_body("".join(f"# Heading {i}\n\ntext {i}\n\n" for i in range(MAX_SECTIONS + 20)),
                      first_line=5)
    assert len(body.sections) == MAX_SECTIONS
    assert f"text {MAX_SECTIONS + 19}" in body.sections[-1].html
    assert body.problems == [(5 + 4 * MAX_SECTIONS, f"more than {MAX_SECTIONS} sections; the "
                              "headings from here on stay in the last section")]


def test_check_and_documents_report_the_warning_with_file_and_line(tmp_path: Path):
    page = tmp_path / "deep.md"
    page.write_text("---\ntitle: Deep\nsummary: s\nclient: c\n---\n\nIntro.\n\n"
                    + "<div>" * 500 + "x\n", encoding="utf-8")
    library = load_library(tmp_path, today=date(2024, 1, 1))
    [warning] = library.check_bodies()
    assert (warning.severity, warning.line, warning.field) == ("warning", 9, "body")
    assert "nested more than" in warning.message
    warnings: list[str] = []
    resolve_body(library.projects[0], AssetPolicy(roots=[tmp_path], warn=warnings.append))
    assert len(warnings) == 1 and warnings[0].startswith(f"{library.projects[0].source}:9: HTML")


# -- recursion (issue 17, defect 9) ----------------------------------------------------------------

_DEEP = ["> " * 2000 + "deepest words\n\nafter",
         "- > " * 500 + "deepest words\n\nafter",
         "".join("  " * i + f"- level{i}\n" for i in range(400)) + "\nafter"]


def test_parsing_never_changes_the_recursion_limit(monkeypatch):
    def refuse(limit: int) -> None:
        raise AssertionError("parse_body changed the process-wide recursion limit")

    monkeypatch.setattr(sys, "setrecursionlimit", refuse)
    for source in _DEEP:
        html = "".join(s.html for s in parse_body(source).sections)
        assert "after" in html and ("deepest words" in html or "level399" in html)


def test_deep_bodies_parse_within_the_default_limit_in_threads():
    # Each thread starts with a fresh stack: about 1,000 frames under the default limit.
    errors: list[BaseException] = []

    def parse(source: str) -> None:
        try:
            html = "".join(s.html for s in parse_body(source).sections)
            assert "after" in html
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=parse, args=(s,)) for s in _DEEP * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sys.getrecursionlimit() == 1000
    assert errors == []


def test_inline_markup_is_bounded_too_and_warned_about_at_load(tmp_path: Path):
    from donorkit.text.markdown import render_inline

    summary = "Deep " + "<em>" * 1000 + "words"
    problems: list[str] = []
    assert render_inline(summary, problems).endswith("words" + "</em>" * MAX_MARKUP_DEPTH)
    assert problems == [f"HTML nested more than {MAX_MARKUP_DEPTH} levels deep; the deeper tags "
                        "are dropped and their text kept"]
    (tmp_path / "page.md").write_text(f"---\ntitle: T\nsummary: {summary}\nclient: c\n---\nB.\n",
                                      encoding="utf-8")
    [warning] = load_library(tmp_path).diagnostics
    assert (warning.line, warning.field, warning.message) == (3, "summary", problems[0])
