"""Hostile and broken project pages: each page of the matrix below has one expected outcome.

* ``error``: the page is left out of the library with an error diagnostic naming its file (and the
  line, where the problem has one), and no document is written for it;
* ``render``: the page exports to PDF and DOCX (and HTML) without error, its visible text is in
  both documents, anything it tried to smuggle in is in none of them, and the warnings say what
  was left out.

All pages live in one library, loaded and exported once, as a real library with a few bad pages
would be: one bad page must not stop the others. Text pages are in tests/fixtures/hostile/ (with
``@PORT@`` and ``@BASE@`` filled in here); pages that are not plain UTF-8 text, or are
too big to keep, are generated below.

Outcomes worth knowing (see docs/security.md):

* Latin-1 is refused with the line of the first non-UTF-8 byte, not guessed at.
* Right-to-left text comes out of the PDF in visual order (each word intact, words in reverse), so
  the PDF check is per word; the DOCX keeps logical order and is compared exactly.
* CJK: neither the brand fonts nor the fonts installed here have CJK glyphs, so the PDF shows
  .notdef boxes (with one ``pdf: no installed font has …`` warning) but its text layer keeps the
  characters. WeasyPrint then encodes that font with an embedded CMap that pdfminer (pdfplumber,
  pypdf) cannot decode, so PDF text here is read with pdfium, as a viewer would.
"""

from __future__ import annotations

import codecs
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import html as lxml_html

from donorkit.cachestore import cache_dir
from donorkit.exporting import ExportOptions, export
from donorkit.library import Selection, load_library
from donorkit.library.reader import read_record
from donorkit.rendering.assets import link_allowed
from donorkit.rendering.document import RenderedDocument
from test_security import Loopback, assert_reads_inside, png_bytes, watch
from textutil import MM, docx_text, project_page, squash

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"

def good(title: str, body: str, summary: str = "A generated page.") -> str:
    return project_page(title, body, summary)


@dataclass(frozen=True)
class Env:
    base: Path  # holds the library, the output folder, and sentinels outside the library
    lib: Path
    port: int
    marker: Path  # created if a YAML tag ever executed


# -- generated pages -------------------------------------------------------------------------------


def _nested_list(depth: int) -> str:
    items = "\n".join("  " * i + f"- level{i}" for i in range(depth))
    return f"Before the list.\n\n{items}\n\nAfter the list.\n"


GENERATED: dict[str, Callable[[Env], bytes]] = {
    "empty": lambda env: b"",
    "whitespace-only": lambda env: b"\n  \n\t\n",
    "binary": lambda env: png_bytes() + bytes(range(256)),
    "latin1": lambda env: good("Latin-1 page", "Body.", summary="Caf\u00e9 in Latin-1.").encode(
        "latin-1"),
    "utf16-le-bom": lambda env: codecs.BOM_UTF16_LE + good(
        "UTF-16 little-endian page", "UTF-16 LE body text survives.").encode("utf-16-le"),
    "utf16-be-bom": lambda env: codecs.BOM_UTF16_BE + good(
        "UTF-16 big-endian page", "UTF-16 BE body text survives.").encode("utf-16-be"),
    "utf8-bom": lambda env: codecs.BOM_UTF8 + good(
        "UTF-8 BOM page", "BOM body text survives.").encode(),
    "crlf": lambda env: good(
        "CRLF page", "First CRLF paragraph.\n\nSecond CRLF paragraph.").replace(
        "\n", "\r\n").encode(),
    "cr-only": lambda env: good("CR page", "First CR paragraph.\n\nSecond CR paragraph.").replace(
        "\n", "\r").encode(),
    "crlf-error": lambda env: good("CRLF error", "Body.").replace("end: 2018", "end: 2010").replace(
        "\n", "\r\n").encode(),
    "python-tag": lambda env: good("YAML tag", "Body.").replace(
        "client: Test Donor",
        f'client: !!python/object/apply:os.system ["touch {env.marker}"]').encode(),
    "deep-yaml": lambda env: good("Deep YAML", "Body.").replace(
        "country: Kenya", "country: Kenya\nnest: " + "{a: " * 60 + "x" + "}" * 60).encode(),
    "huge-body": lambda env: good("Huge page", "lorem ipsum " * 20_000).encode(),
    "long-word": lambda env: good("Long word", f"Before the word.\n\n{LONG_WORD}\n\nAfter the word."
                                  ).encode(),
    "nested-list": lambda env: good("Nested list", _nested_list(200)).encode(),
    "deep-raw-html": lambda env: good(
        "Deep raw HTML", "Before the quotes.\n\n" + "<blockquote>" * 300 + "Deepest quote."
        + "</blockquote>" * 300 + "\n\nAfter the quotes.").encode(),
    "control-chars": lambda env: good(
        "Control characters",
        "Bell\x07and\x1bescape removed.\n\nZero\u200bwidth\u2060joined\ufeffwords.\n\n"
        "Soft\u00adhyphen gone, \x0bvertical tab gone.").encode(),
}
LONG_WORD = "Start" + "x" * 4990 + "End"  # 5,000 characters, no break opportunity

# -- the matrix ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str  # file stem, and so the slug and output name
    outcome: str  # "error" or "render"
    #: (regex, line) pairs: an error diagnostic (error) or a warning (render) that must be
    #: reported for this page; line None means the problem has no line (the whole file).
    expect: tuple[tuple[str, int | tuple[int, ...] | None], ...] = ()
    visible: tuple[str, ...] = ()  # in the PDF and the DOCX
    absent: tuple[str, ...] = ()  # in no output at all (HTML source, PDF, DOCX)
    folder: str = ""  # sub-folder of the library


CASES = [
    # -- refused, with file and line
    Case("malformed-yaml", "error", (("malformed front matter", (3, 4)),)),
    Case("no-front-matter", "error", (("no front matter", 1),)),
    Case("unclosed-front-matter", "error", (("front matter is not closed", 1),)),
    Case("list-front-matter", "error", (("front matter must be a mapping", 1),)),
    Case("empty", "error", (("file is empty", None),)),
    Case("whitespace-only", "error", (("file is empty", None),)),
    Case("binary", "error", (("binary file", None),)),
    Case("latin1", "error", ((r"not valid UTF-8 \(byte 0xe9 at line 3\); save the file as UTF-8",
                              3),)),
    Case("crlf-error", "error", (("end 2010 is before start 2015", 5),)),
    Case("missing-title", "error", (("title: missing title", None),)),
    Case("title-list", "error", (("title: expected text, got list", 2),)),
    Case("wrong-types", "error", (("start: expected a year such as 2017, got 'soon'", 4),
                                  ("country: expected text or a list of text, got dict", 7),
                                  ("staff_months: expected a number, got 'many'", 8))),
    Case("end-before-start", "error", (("end 2012 is before start 2018", 5),)),
    Case("python-tag", "error", (("YAML tags such as !!python/object are not allowed", 6),)),
    Case("alias-bomb", "error", (("expands to more than 20000 YAML nodes", (3, 4, 5, 6, 7, 8, 9,
                                                                             10, 11)),)),
    Case("alias-cycle", "error", (("refers to itself", 4),)),
    Case("deep-yaml", "error", (("nested more than 50 levels deep", 8),)),
    Case("huge-body", "error", (("file is 234 KB; project pages are limited to 64 KB", None),)),
    # -- rendered, possibly with warnings
    Case("utf16-le-bom", "render", visible=("UTF-16 little-endian page",
                                            "UTF-16 LE body text survives.")),
    Case("utf16-be-bom", "render", visible=("UTF-16 big-endian page",
                                            "UTF-16 BE body text survives.")),
    Case("utf8-bom", "render", visible=("UTF-8 BOM page", "BOM body text survives.")),
    Case("crlf", "render", visible=("First CRLF paragraph.", "Second CRLF paragraph.")),
    Case("cr-only", "render", visible=("First CR paragraph.", "Second CR paragraph.")),
    Case("missing-optional", "render", (("summary: missing summary", None),
                                        ("client: missing client", None)),
         visible=("Body text of a page with few fields survives.",)),
    Case("hostile-front-matter", "render",
         (("link \"javascript:alert\\('PAYLOAD-PROMO'\\)\" is not a web", None),),
         visible=("Summary text survives", "summary link", "Highlight label survives",
                  "Body text of the hostile front matter page survives.", "Promo with a safe link"),
         absent=("PAYLOAD-SUMMARY", "PAYLOAD-SUMLINK", "PAYLOAD-SUMCLICK", "PAYLOAD-PROMO")),
    Case("long-word", "render", visible=("Before the word.", LONG_WORD, "After the word.")),
    # markdown-it's single nesting limit (20) once dropped list levels past nine and all text
    # after them; blocks now get a higher limit than inline content (text/markdown.py).
    Case("nested-list", "render", visible=("Before the list.", *(f"level{i}" for i in range(200)),
                                           "After the list.")),
    # Flattened by the loader (lists and quotes past eight levels), so every format can lay it out.
    Case("deep-raw-html", "render", visible=("Before the quotes.", "Deepest quote.",
                                             "After the quotes.")),
    Case("control-chars", "render",
         visible=("Bellandescape removed.", "Zerowidthjoinedwords.",
                  "Softhyphen gone, vertical tab gone."),
         absent=("\x07", "\x1b", "\u200b", "\u2060", "\ufeff", "\x0b")),
    Case("world-scripts", "render",
         visible=("Arabic: مرحبا بالعالم", "Hebrew: שלום עולם", "Chinese: 你好世界",
                  "Japanese: こんにちは世界", "Korean: 안녕하세요 세계")),
    Case("script", "render",
         visible=("Text before the script survives.", "Text after the script survives."),
         absent=("PAYLOAD-SCRIPT", "evil.js", "alert(")),
    Case("handlers", "render",
         visible=("Clickable paragraph text survives.", "A real report link",
                  "Bold text survives."),
         absent=("PAYLOAD-ONCLICK", "PAYLOAD-ONERROR", "PAYLOAD-ONLOAD", "PAYLOAD-HOVER",
                 "PAYLOAD-FOCUS", "color:red")),
    Case("js-links", "render",
         visible=("Raw script link text.", "Mixed case link text.", "Tab entity link text.",
                  "Leading space link text.", "Visual Basic link text.", "Data link text.",
                  "File link text.", "Markdown script link", "safe link", "mail link"),
         absent=("PAYLOAD-JSHREF", "PAYLOAD-JSCASE", "PAYLOAD-JSTAB", "PAYLOAD-JSSPACE",
                 "PAYLOAD-VB", "PHNjcmlwdD5")),
    Case("img-file", "render",
         (("image /etc/passwd left out: site paths need an assets folder", None),
          (r"image \.\./secret\.txt left out: outside the allowed folders", None)),
         visible=("Text around local file images survives.",),
         absent=("root:x:0:0", "id_rsa")),
    Case("stylesheets", "render",
         visible=("Styled div text survives.", "Styled paragraph text survives."),
         absent=("evil.css", "style-bg.png", "div-bg.png", "/etc/hostname", "@import")),
    Case("objects", "render",
         visible=("Object fallback text survives.", "Text after the objects survives."),
         absent=("object.swf", "PAYLOAD-FORM", "/etc/passwd")),
    # The SVG is drawn (vector in the PDF, rasterised for the DOCX); what it names outside the
    # allowed folders is refused in both (the DOCX rasteriser strips every external reference).
    Case("svg", "render", ((r"image at 'file:///etc/passwd'.* outside the allowed folders", None),),
         visible=("Text before the SVG survives.", "Text after the SVG survives."),
         absent=("PAYLOAD-SVGSCRIPT", "inline-svg.png", "/etc/passwd")),
    Case("traversal", "render",
         ((r"image \.\./\.\./outside\.png left out: outside the allowed folders", None),
          (r"image %2e%2e/%2e%2e/outside\.png left out: outside the allowed folders", None),
          (r"image link-to-outside\.png left out: outside the allowed folders", None),
          (r"image \.\./\.\./secret\.txt left out: outside the allowed folders", None)),
         visible=("Text around the traversals survives.",), absent=("SECRET-SENTINEL",),
         folder="deep"),
    Case("loopback", "render",
         ((r"remote image http://127\.0\.0\.1:\d+/markdown\.png left out \(remote images are "
           r"fetched only with allow_remote", None),
          (r"remote image https://127\.0\.0\.1:\d+/protocol-relative\.png left out", None),
          (r"remote image http://localhost:\d+/localhost\.png left out", None)),
         visible=("Text around remote images survives.",)),
]
SVG_FILE = """<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     width="40" height="40">
  <style>rect {{ fill: url(http://127.0.0.1:{port}/svg-style.png) }}</style>
  <rect width="40" height="40"/>
  <image href="file:///etc/passwd" width="10" height="10"/>
  <image xlink:href="http://127.0.0.1:{port}/svg-file.png" width="10" height="10"/>
  <image href="../outside.png" width="10" height="10"/>
</svg>
"""


def _case(param: object) -> Case:
    return param.values[0] if hasattr(param, "values") else param  # type: ignore[return-value]


def _build(env: Env) -> None:
    (env.base / "secret.txt").write_text("SECRET-SENTINEL", encoding="utf-8")
    (env.base / "outside.png").write_bytes(png_bytes())
    (env.lib / "deep").mkdir(parents=True)
    (env.lib / "chart.png").write_bytes(png_bytes("green"))
    (env.lib / "reaching.svg").write_text(SVG_FILE.format(port=env.port), encoding="utf-8")
    (env.lib / "deep" / "link-to-outside.png").symlink_to(env.base / "outside.png")
    for param in CASES:
        case = _case(param)
        target = env.lib / case.folder / f"{case.name}.md"
        if case.name in GENERATED:
            target.write_bytes(GENERATED[case.name](env))
        else:
            text = (HOSTILE / f"{case.name}.md").read_text(encoding="utf-8")
            text = text.replace("@PORT@", str(env.port)).replace("@BASE@", str(env.base))
            target.write_text(text, encoding="utf-8")


@dataclass
class Run:
    env: Env
    library: object
    results: dict
    out: Path
    accesses: object
    requests: list[str]


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> Run:
    base = tmp_path_factory.mktemp("hostile")
    with Loopback() as server:
        env = Env(base, base / "lib", server.port, base / "tag-executed")
        _build(env)
        out = base / "out"
        with watch() as accesses:
            library = load_library(env.lib)
            results = export("case-study", library=library,
                             selection=Selection(include_drafts=True),
                             options=ExportOptions(formats=("pdf", "docx", "html"), out=out))
        requests = list(server.requests)
    return Run(env, library, {r.name: r for r in results}, out, accesses, requests)


# -- reading the outputs ---------------------------------------------------------------------------


def pdf_plain(path: Path) -> str:
    """PDF text as pdfium (Chrome's PDF engine) extracts it (see the module docstring), without
    the running header and footer, so text broken across pages reads as one piece (as
    textutil.pdf_text does)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        parts = []
        for page in document:
            width, height = page.get_size()
            # PDF coordinates run upwards from the bottom edge.
            parts.append(page.get_textpage().get_text_bounded(
                left=0, bottom=21 * MM, right=width, top=height - 25 * MM))
        return "\n".join(parts)
    finally:
        document.close()


def pdf_uris(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [str(a.get_object()["/A"].get("/URI")) for page in PdfReader(path).pages
            for a in page.get("/Annots", []) if a.get_object().get("/A", {}).get("/URI")]


def docx_targets(path: Path) -> list[str]:
    import docx

    return [r.target_ref for r in docx.Document(str(path)).part.rels.values() if r.is_external]


#: What a page's content may never bring into the document body, whatever it wrote.
FORBIDDEN_TAGS = {"script", "style", "link", "object", "embed", "iframe", "svg", "form", "input",
                  "noscript", "video", "audio", "base", "meta", "frame", "frameset", "applet"}


def _own_graphic(el: lxml_html.HtmlElement) -> bool:
    parent = el.getparent()
    return (el.tag == "img" and parent is not None and parent.tag == "figure"
            and bool({"chart", "map"} & set(parent.get("class", "").split())))


def assert_html_is_inert(path: Path, env: Env) -> None:
    root = lxml_html.document_fromstring(path.read_text(encoding="utf-8"))
    body = root.find("body")
    for el in body.iter():
        if not isinstance(el.tag, str):
            continue
        assert el.tag not in FORBIDDEN_TAGS, f"<{el.tag}> in the body of {path.name}"
        for name, value in el.attrib.items():
            assert not name.startswith("on"), f"{name}= on <{el.tag}> in {path.name}"
            assert name != "style", f"style= on <{el.tag}> in {path.name}"
            if name == "href":
                assert link_allowed(value), f"unsafe link {value!r} in {path.name}"
            if name == "src" and _own_graphic(el):
                assert value.startswith("data:image/svg+xml;base64,"), value[:60]
                continue  # a chart or map donorkit drew (tests/test_graphics.py)
            if name == "src":
                # Every image the policy allowed is embedded: opening the file loads nothing.
                assert re.match(r"data:image/[a-z+]+;base64,", value), \
                    f"image {value[:80]!r} in {path.name}"


# -- the tests -------------------------------------------------------------------------------------


def _diagnostics_for(run: Run, case: Case) -> list:
    return [d for d in run.library.diagnostics
            if Path(d.file).name == f"{case.name}.md" and Path(d.file).parent.name in (
                case.folder or run.env.lib.name,)]


def _line_ok(line: int | None, expected: int | tuple[int, ...] | None) -> bool:
    if isinstance(expected, tuple):
        return line in expected
    return line == expected


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_matrix(case: Case, run: Run):
    diags = _diagnostics_for(run, case)
    files = sorted(run.out.glob(f"case-study/{case.name}.*"))
    if case.outcome == "error":
        errors = [d for d in diags if d.severity == "error"]
        for pattern, line in case.expect:
            found = [d for d in errors if re.search(pattern, str(d))]
            assert found, f"no error matching {pattern!r} in {[str(d) for d in diags]}"
            assert any(_line_ok(d.line, line) for d in found), \
                f"{pattern!r} reported at {[d.line for d in found]}, expected line {line}"
            # The message names the file as the user would find it.
            assert all(d.file.endswith(f"{case.name}.md") for d in found)
        assert case.name not in {p.slug for p in run.library.projects}
        assert case.name not in run.results and files == []
        return

    assert not [str(d) for d in diags if d.severity == "error"]
    result = run.results[case.name]
    assert result.ok, result.error
    pdf, docx_path, html = (run.out / "case-study" / f"{case.name}{s}"
                            for s in (".pdf", ".docx", ".html"))
    assert result.files == [pdf, docx_path, html]
    reported = [str(d) for d in diags] + result.warnings
    for pattern, _ in case.expect:
        assert any(re.search(pattern, r) for r in reported), \
            f"no warning matching {pattern!r} in {reported}"

    pdf_text, docx_plain = pdf_plain(pdf), docx_text(docx_path)
    pdf_squashed, pdf_words = squash(pdf_text), set(pdf_text.split())
    html_source = html.read_text(encoding="utf-8")
    for text in case.visible:
        assert text in docx_plain, f"{text[:60]!r} missing from the DOCX"
        if re.search("[\u0590-\u08ff]", text):
            # Right-to-left runs come out of the PDF in visual order: every word intact, the
            # words of a run reversed.
            missing = [w for w in text.split() if w not in pdf_words and w.strip(":") not in
                       pdf_text]
            assert not missing, f"{missing} missing from the PDF"
        else:
            assert squash(text) in pdf_squashed, f"{text[:60]!r} missing from the PDF"
    for text in case.absent:
        assert text not in html_source, f"{text!r} in the HTML"
        assert text not in docx_plain, f"{text!r} in the DOCX"
        assert text not in pdf_text, f"{text!r} in the PDF"
    assert_html_is_inert(html, run.env)
    assert all(link_allowed(u) for u in pdf_uris(pdf)), pdf_uris(pdf)
    assert all(link_allowed(u) for u in docx_targets(docx_path)), docx_targets(docx_path)


def test_broken_pages_do_not_stop_the_good_ones(run: Run):
    rendered = {_case(p).name for p in CASES if _case(p).outcome == "render"}
    assert rendered <= set(run.results)
    failed = {name: r.error for name, r in run.results.items() if not r.ok}
    assert failed == {}


def test_yaml_tags_never_execute(run: Run):
    assert not run.env.marker.exists()


def test_nothing_outside_the_library_is_read_and_nothing_fetched(run: Run):
    assert run.requests == []
    assert run.accesses.connects == []
    assert not run.accesses.touched(run.env.base / "secret.txt")
    assert not run.accesses.touched(run.env.base / "outside.png")
    assert not run.accesses.touched(Path("/etc/passwd"))
    assert not run.accesses.touched(Path("/etc/hostname"))
    # donorkit's own cache folder holds the map outlines (a temporary folder under the tests)
    assert_reads_inside(run.accesses, run.env.lib, run.out, cache_dir())
    # The SVG file in the library was read, so its own references were tried and refused.
    assert run.accesses.touched(run.env.lib / "reaching.svg")


def test_huge_page_is_refused_before_it_is_parsed(run: Run):
    page = run.env.lib / "huge-body.md"
    started = time.perf_counter()
    diags = read_record(page)
    assert time.perf_counter() - started < 0.5
    assert [d.message for d in diags] == [
        "file is 234 KB; project pages are limited to 64 KB (split a longer page)"]


def test_long_word_is_kept_whole(run: Run):
    # A 5,000-character word overflows any line; it must neither crash the layout nor be cut.
    text = docx_text(run.out / "case-study" / "long-word.docx")
    assert LONG_WORD in text.split()
    assert squash(LONG_WORD) in squash(pdf_plain(run.out / "case-study" / "long-word.pdf"))


def test_missing_glyphs_are_one_warning(run: Run):
    # Which characters lack a glyph depends on the fonts installed; however many, one warning.
    glyphs = [w for w in run.results["world-scripts"].warnings if "glyph" in w or "font" in w]
    assert len(glyphs) <= 1, glyphs
    from donorkit.writers.pdf import _group_missing_glyphs

    notdef = '.notdef glyph rendered for Unicode string unsupported by fonts: "{}" (U+{:04X})'
    messages = [notdef.format(c, ord(c)) for c in "你好你"] + ["Ignored `foo` at 1:1."]
    assert _group_missing_glyphs(messages) == [
        "Ignored `foo` at 1:1.",
        "no installed font has 2 of the characters used; they print as boxes (the text stays "
        "searchable): 你 好"]


def test_pdf_writer_refuses_too_deep_html_quickly(tmp_path):
    """Whatever the loader lets through, the PDF writer reports nesting WeasyPrint cannot lay
    out as a clear error, at once, instead of a RecursionError after a minute."""
    from donorkit.brand import load_brand
    from donorkit.errors import RenderError
    from donorkit.rendering.assets import AssetPolicy
    from donorkit.writers.pdf import write_pdf

    deep = "<ul><li>x" * 300 + "deep" + "</li></ul>" * 300
    html = f"<!DOCTYPE html><html><head><title>T</title></head><body>{deep}</body></html>"
    doc = RenderedDocument("case-study", "deep", "T", html, "case-study/document.html.j2")
    started = time.perf_counter()
    with pytest.raises(RenderError, match="nests .* too deeply"), \
            open(tmp_path / "deep.pdf", "wb") as handle:
        write_pdf(doc, handle, brand=load_brand("default"), policy=AssetPolicy())
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize(("extra", "message"), [
    pytest.param("date: 2020-13-45", "cannot read date '2020-13-45' (", id="impossible-date"),
])
def test_front_matter_values_that_once_crashed_the_loader(extra, message, tmp_path):
    """PyYAML raises a bare ValueError for an impossible timestamp, and float() for "1.2.3":
    either used to escape load_library and stop the whole library. The date is now kept as
    text, so the page loads and warns at its line (issue 16: one pass)."""
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "page.md").write_text(good("Crash", "Body.").replace(
        "country: Kenya", f"country: Kenya\n{extra}"), encoding="utf-8")
    (lib / "other.md").write_text(good("Other page", "Body."), encoding="utf-8")
    library = load_library(lib)
    assert sorted(p.slug for p in library.projects) == ["other", "page"]
    [diagnostic] = library.diagnostics
    assert (diagnostic.line, diagnostic.severity, diagnostic.field) == (8, "warning", "date")
    assert message in diagnostic.message
