"""Guards of the writers that a refactor could quietly drop (issue #17), each asserted on the files
written: links in every format, the image policy in the HTML, the spec's intro going through the
body pipeline, an encoded NUL in an image path, the document language, and --strict after writing.

One small hostile library and one spec are exported once (module scope) in PDF, DOCX and HTML;
scripts/mutation-probes.sh breaks each guard in turn and checks that a test here fails.
"""

from __future__ import annotations

import base64
import re
import zipfile
from pathlib import Path

import pytest
from lxml import html as lxml_html
from pypdf import PdfReader

from donorkit.exporting import ExportOptions, export
from donorkit.library import Selection, load_library
from donorkit.urls import link_allowed
from test_hostile_pages import docx_targets, pdf_uris
from test_security import Loopback, png_bytes
from textutil import docx_text, pdf_text, project_page, squash

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FORMATS = ("pdf", "docx", "html")

#: Link targets a page may write that no document may carry. The text of each link stays.
HOSTILE_LINKS = {
    "Parent path": "../../../../etc/passwd",
    "Site path": "/etc/passwd",
    "Bare file": "secret.txt",
    "Raw file link": "file:///etc/passwd",
}


def _links_body(port: int) -> str:
    markdown = "\n".join(f"* [{text}]({href})" for text, href in HOSTILE_LINKS.items()
                         if not href.startswith("file:"))
    return (
        "A page that tries every kind of link and image.\n\n"
        f"{markdown}\n"
        '* <a href="file:///etc/passwd">Raw file link</a>\n'
        "* [Safe web link](https://example.org/ok)\n\n"
        f"![tracking pixel](http://127.0.0.1:{port}/page-pixel.png)\n\n"
        "![nul byte](a%00.png)\n\n"
        "The body text after the images survives.\n"
    )


SPEC = """\
title: Guarded statement
projects: [hostile-links]
sections: [cover, introduction, profiles]
intro: |
  An intro with <b>bold</b>, <i>italic</i> and a [parent link](../../../etc/passwd).

  ###### A level-six heading

  <iframe src="https://player.vimeo.com/video/76979871"></iframe>

  ![chart](chart.png)

  ![remote pixel](http://127.0.0.1:{port}/intro-pixel.png)

  ![missing](missing.png)
"""


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    base = tmp_path_factory.mktemp("guards")
    lib = base / "library"
    lib.mkdir()
    specs = base / "specs"
    specs.mkdir()
    (specs / "chart.png").write_bytes(png_bytes("green"))
    with Loopback() as server:
        (lib / "hostile-links.md").write_text(
            project_page("Hostile links", _links_body(server.port)), encoding="utf-8")
        (specs / "bid.yml").write_text(SPEC.format(port=server.port), encoding="utf-8")
        library = load_library(lib)
        options = ExportOptions(formats=FORMATS, out=base / "out")
        [case] = export("case-study", library=library, options=options)
        [statement] = export("capability-statement", library=library, spec=specs / "bid.yml",
                             options=options)
        requests = list(server.requests)
    return {"case": case, "statement": statement, "requests": requests, "spec": specs / "bid.yml"}


def _file(result, fmt: str) -> Path:
    return next(f for f in result.files if f.suffix == f".{fmt}")


def html_links(path: Path) -> list[str]:
    root = lxml_html.document_fromstring(path.read_text(encoding="utf-8"))
    return [a.get("href") for a in root.iter("a") if a.get("href") is not None]


LINKS_IN = {"pdf": pdf_uris, "docx": docx_targets, "html": html_links}


@pytest.mark.parametrize("doc", ["case", "statement"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_no_document_carries_a_local_file_link(exported, doc, fmt):
    result = exported[doc]
    assert result.ok, result.error
    links = LINKS_IN[fmt](_file(result, fmt))
    unsafe = [h for h in links if not link_allowed(h) or "passwd" in h or h.startswith("file:")]
    assert unsafe == []
    if doc == "case":
        assert "https://example.org/ok" in links  # the filter keeps what is safe


@pytest.mark.parametrize("fmt", FORMATS)
def test_link_text_survives_without_its_target(exported, fmt):
    path = _file(exported["case"], fmt)
    text = squash(pdf_text(path) if fmt == "pdf" else docx_text(path) if fmt == "docx"
                  else lxml_html.document_fromstring(path.read_bytes()).text_content())
    for words in [*HOSTILE_LINKS, "Safe web link", "The body text after the images survives."]:
        assert squash(words) in text, words


def test_writers_warn_about_each_link_they_drop(exported):
    warnings = exported["case"].warnings
    for fmt in FORMATS:
        assert any(w.startswith(f"{fmt}: ") and "../../../../etc/passwd" in w for w in warnings), (
            fmt, warnings)


def test_remote_images_are_not_fetched_and_not_left_in_the_html(exported):
    assert exported["requests"] == []
    for doc in ("case", "statement"):
        html = _file(exported[doc], "html").read_text(encoding="utf-8")
        srcs = re.findall(r'<img[^>]*\ssrc="([^"]*)"', html)
        assert all(s.startswith("data:") for s in srcs), srcs
        assert "127.0.0.1" not in html
        assert any("--allow-remote" in w for w in exported[doc].warnings)


def test_html_inlines_local_images_and_embeds_no_file_url(exported):
    html = _file(exported["statement"], "html").read_text(encoding="utf-8")
    root = lxml_html.document_fromstring(html)
    srcs = [img.get("src") for img in root.find("body").iter("img")]
    inlined = [base64.b64decode(s.partition(",")[2]) for s in srcs if s.startswith("data:")]
    assert png_bytes("green") in inlined  # the chart beside the spec
    assert 'src="file:' not in html


def test_html_image_left_out_by_the_policy_goes_with_a_warning(tmp_path):
    """A template may name an image directly (not through a body): the HTML writer applies the
    policy itself."""
    from donorkit.brand import load_brand
    from donorkit.rendering.assets import AssetPolicy
    from donorkit.rendering.document import RenderedDocument
    from donorkit.writers.html import write_html

    warnings: list[str] = []
    doc = RenderedDocument("x", "x", "x", '<html lang="en"><body><figure>'
                           '<img src="https://tracker.example/p.png" alt=""></figure>'
                           '<p><img src="file:///etc/hostname" alt=""></p></body></html>', "t")
    out = tmp_path / "x.html"
    with out.open("wb") as handle:
        write_html(doc, handle, brand=load_brand("default"),
                   policy=AssetPolicy(roots=[tmp_path], warn=warnings.append))
    html = out.read_text(encoding="utf-8")
    assert "<img" not in html and "<figure" not in html
    assert len(warnings) == 2, warnings


def test_spec_intro_goes_through_the_body_pipeline(exported):
    statement = exported["statement"]
    assert statement.ok, statement.error
    html = _file(statement, "html").read_text(encoding="utf-8")
    intro = html.split('id="introduction"', 1)[1].split("</section>", 1)[0]
    assert "<strong>bold</strong>" in intro and "<em>italic</em>" in intro
    assert "<b>" not in intro and "<i>" not in intro and "<iframe" not in intro
    assert re.search(r"<h3>A level-six heading</h3>", intro), intro
    assert "https://vimeo.com/76979871" in intro  # the video became a link
    docx = _file(statement, "docx")
    with zipfile.ZipFile(docx) as archive:
        assert any(n.startswith("word/media/") for n in archive.namelist())
    assert "A level-six heading" in docx_text(docx)
    reader = PdfReader(_file(statement, "pdf"))
    images = [x for page in reader.pages for x in page.images]
    assert images, "the intro's chart is in the PDF"


def test_intro_image_warnings_name_the_spec_file_and_line(exported):
    spec = exported["spec"]
    line = next(i for i, text in enumerate(spec.read_text().splitlines(), 1)
                if text.startswith("intro:"))
    missing = [w for w in exported["statement"].warnings if "missing.png" in w]
    assert missing and missing[0].startswith(f"{spec.resolve()}:{line}: "), missing


def test_encoded_nul_in_an_image_path_is_a_warning(exported):
    case = exported["case"]
    assert case.ok, case.error
    assert {f.suffix for f in case.files} == {".pdf", ".docx", ".html"}
    assert any("a%00.png" in w and "NUL" in w for w in case.warnings), case.warnings


# -- language --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def in_french(tmp_path_factory, exported):
    out = tmp_path_factory.mktemp("french")
    library = load_library(_file(exported["case"], "pdf").parents[2] / "library")
    options = ExportOptions(formats=FORMATS, out=out, language="fr")
    return {doctype: export(doctype, library=library, selection=Selection(), options=options)[0]
            for doctype in ("case-study", "capability-statement")}


@pytest.mark.parametrize("doctype", ["case-study", "capability-statement"])
def test_language_option_reaches_every_format(in_french, doctype):
    result = in_french[doctype]
    assert result.ok, result.error
    assert PdfReader(_file(result, "pdf")).trailer["/Root"]["/Lang"] == "fr"
    html = lxml_html.document_fromstring(_file(result, "html").read_bytes())
    assert html.get("lang") == "fr"
    with zipfile.ZipFile(_file(result, "docx")) as archive:
        styles = archive.read("word/styles.xml").decode()
        core = archive.read("docProps/core.xml").decode()
    assert re.search(r'<w:lang [^>]*w:val="fr"', styles), "proofing language"
    assert "<dc:language>fr</dc:language>" in core


def test_spec_language_holds_unless_an_option_says_otherwise(tmp_path, exported):
    library = load_library(_file(exported["case"], "pdf").parents[2] / "library")
    # (a language with a catalog: an unknown one is refused, docs/languages.md)
    spec = tmp_path / "es.yml"
    spec.write_text("title: En español\nlanguage: es\n", encoding="utf-8")
    [result] = export("capability-statement", library=library, spec=spec,
                      options=ExportOptions(formats=("html",), out=tmp_path / "out"))
    assert lxml_html.document_fromstring(_file(result, "html").read_bytes()).get("lang") == "es"


# -- --strict after writing ------------------------------------------------------------------------


def test_strict_fails_on_a_warning_raised_while_writing_and_leaves_no_file(tmp_path, own_brand):
    """The parent-path link is only found by the writers, after the document was rendered: the
    check after writing must still fail the document and remove what was written."""
    lib = tmp_path / "library"
    lib.mkdir()
    (lib / "one-link.md").write_text(
        project_page("One link", "See [the file](../../../../etc/passwd)."), encoding="utf-8")
    out = tmp_path / "out"
    # a brand of the firm's own: the bundled demo brand would fail --strict before writing
    [result] = export("case-study", library=load_library(lib),
                      options=ExportOptions(formats=("html", "docx"), out=out, strict=True,
                                            brand=str(own_brand)))
    assert not result.ok and "(strict)" in (result.error or "")
    assert any("html: link" in w for w in result.warnings)  # raised by a writer, after rendering
    assert result.files == []
    assert not any(p.is_file() for p in out.rglob("*")), list(out.rglob("*"))


def test_batch_keeps_a_spec_language_unless_its_manifest_sets_one(tmp_path, exported):
    from donorkit import batch

    library = _file(exported["case"], "pdf").parents[2] / "library"
    (tmp_path / "es.yml").write_text("title: En español\nlanguage: es\n", encoding="utf-8")
    langs = {}
    for defaults in ("", "  language: fr\n"):
        manifest = tmp_path / "batch.yml"
        manifest.write_text(f"defaults:\n  library: {library}\n  formats: [html]\n{defaults}"
                            "jobs:\n  - doctype: capability-statement\n    spec: es.yml\n",
                            encoding="utf-8")
        out = tmp_path / f"out{len(langs)}"
        report = batch(manifest, jobs=1, out=out)
        assert not report.failed, report.failed
        [html] = out.rglob("*.html")
        langs[defaults] = lxml_html.document_fromstring(html.read_bytes()).get("lang")
    assert langs == {"": "es", "  language: fr\n": "fr"}
