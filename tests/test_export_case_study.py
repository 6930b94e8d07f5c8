"""End to end: case studies of every example project, in PDF, DOCX and HTML, checked against
the source pages."""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path

import pytest
from pypdf import PdfReader

from donorkit.exporting import ExportOptions, export
from donorkit.library import Selection, load_library
from donorkit.resources import example_library
from textutil import docx_text, fragment_texts, link_texts, pdf_text, squash

TODAY = date(2026, 1, 15)


@pytest.fixture(scope="module")
def library():
    return load_library(example_library(), today=TODAY)


@pytest.fixture(scope="module")
def exported(library, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    results = export("case-study", library=library, selection=Selection(include_drafts=True),
                     options=ExportOptions(formats=("pdf", "docx", "html"), out=out, today=TODAY))
    return {r.name: r for r in results}, out


def expected_texts(project) -> list[str]:
    # The title block shows the place label and the name apart ("Case study · Nepal")
    texts = [project.place, project.name, project.summary and squash_inline(project.summary_html)]
    for section in project.body.sections:
        texts.append(section.title if section.key != "overview" else "")
        texts += fragment_texts(section.html)
        texts += link_texts(section.html)
    texts += [p.title for p in project.promos]
    return [t for t in texts if t]


def squash_inline(html: str) -> str:
    return " ".join(fragment_texts(f"<p>{html}</p>"))


def test_every_project_exported_without_error(exported, library):
    results, _ = exported
    assert len(results) == len(library.projects)
    failures = {name: r.error for name, r in results.items() if not r.ok}
    assert failures == {}


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_no_source_text_is_lost(exported, library, fmt):
    results, out = exported
    # the closing band sets related reading beside the About box: read the PDF in drawing order
    extract = partial(pdf_text, flow=True) if fmt == "pdf" else docx_text
    missing = {}
    for project in library.projects:
        text = squash(extract(out / "case-study" / f"{project.slug}.{fmt}"))
        lost = [t for t in expected_texts(project) if squash(t) not in text]
        if lost:
            missing[project.slug] = lost
    assert missing == {}


def test_pdf_metadata_bookmarks_and_links(exported, library):
    _, out = exported
    project = library.get("nepal-municipal-governance-and-service-delivery-programme-mgsd")
    reader = PdfReader(out / "case-study" / f"{project.slug}.pdf")
    meta = reader.metadata
    assert meta.title == project.title
    assert meta.author == "Meridian Development Partners"
    assert meta.subject and meta.subject.split()[:4] == project.summary.split()[:4]
    assert "Governance" in meta["/Keywords"] and "Nepal" in meta["/Keywords"]
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]  # tagged PDF

    def titles(outline):
        for item in outline:
            if isinstance(item, list):
                yield from titles(item)
            else:
                yield item.title

    bookmarks = list(titles(reader.outline))
    for section in project.body.sections:
        if section.key != "overview":
            assert section.title in bookmarks
    uris = {a.get_object()["/A"].get("/URI") for page in reader.pages
            for a in page.get("/Annots", []) if a.get_object().get("/A")}
    for link in project.body.links:
        assert link.url in uris


def test_pdf_embeds_only_brand_fonts(exported):
    _, out = exported
    reader = PdfReader(next((out / "case-study").glob("*.pdf")))
    fonts = {f.get_object()["/BaseFont"].split("+")[-1] for page in reader.pages
             for f in page["/Resources"]["/Font"].values()}
    assert fonts and all(name.startswith("Open-Sans") for name in fonts), fonts


def test_page_x_of_y_footer(exported):
    _, out = exported
    slug = "nepal-municipal-governance-and-service-delivery-programme-mgsd"
    reader = PdfReader(out / "case-study" / f"{slug}.pdf")
    count = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        assert f"Page {number} of {count}" in page.extract_text()  # footer, in the margin


def test_html_has_no_page_counters_a_browser_cannot_fill(exported):
    """On screen there are no pages: "Page 0 of 0" must not show; the PDF keeps its footer."""
    _, out = exported
    slug = "nepal-municipal-governance-and-service-delivery-programme-mgsd"
    html = (out / "case-study" / f"{slug}.html").read_text(encoding="utf-8")
    assert 'class="running-footer"' in html
    body = html.split("<body", 1)[1]  # the inlined stylesheet still names the classes
    assert "page-number" not in body and "page-count" not in body
    assert "Page 1 of" in PdfReader(out / "case-study" / f"{slug}.pdf").pages[0].extract_text()


def test_video_becomes_titled_link_with_caption(exported, library):
    _, out = exported
    project = next(p for p in library.projects if any(m.kind == "video" and m.caption
                                                      for m in p.body.media))
    video = next(m for m in project.body.media if m.kind == "video" and m.caption)
    text = squash(pdf_text(out / "case-study" / f"{project.slug}.pdf"))
    # the embed's title is the link, the address is printed for paper, the caption follows
    assert squash("Video: Keeping the water flowing in Côte d'Ivoire (Vimeo, vimeo.com/") in text
    assert squash(video.caption) in text
    assert "Watch the video" not in text


def test_images_are_embedded_with_alt_text(exported, library):
    _, out = exported
    project = next(p for p in library.projects if any(m.kind == "image" for m in p.body.media))
    html = (out / "case-study" / f"{project.slug}.html").read_text(encoding="utf-8")
    for media in project.body.media:
        if media.kind == "image" and media.alt:
            assert f'alt="{media.alt}"' in html
    reader = PdfReader(out / "case-study" / f"{project.slug}.pdf")
    images = [img for page in reader.pages for img in page.images]
    # the running-header logo on every page plus the page's own images
    assert len(images) > len(reader.pages)


def test_outputs_are_written_atomically_and_named_by_slug(exported, library):
    _, out = exported
    names = {p.name for p in (out / "case-study").iterdir()}
    assert not [n for n in names if n.endswith(".part") or n.startswith(".")]
    for project in library.projects:
        for suffix in ("pdf", "docx", "html"):
            assert f"{project.slug}.{suffix}" in names


def test_html_has_no_element_outside_the_vocabulary(exported):
    from donorkit.rendering import vocabulary

    _, out = exported
    for path in (out / "case-study").glob("*.html"):
        tree = vocabulary.parse(path.read_text(encoding="utf-8"))
        assert [v for v in vocabulary.violations(tree) if v.tag != "style"] == []


def test_letter_paper_option(library, tmp_path):
    results = export("case-study", library=library, selection=Selection(limit=1),
                     options=ExportOptions(formats=("pdf",), out=tmp_path, paper="Letter"))
    box = PdfReader(results[0].files[0]).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_default_paper_is_a4(exported):
    _, out = exported
    box = PdfReader(next((out / "case-study").glob("*.pdf"))).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_missing_image_is_a_warning_and_left_out(tmp_path):
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "p.md").write_text(
        "---\ntitle: Kenya—Test\nsummary: S.\nclient: X\ncountry: Kenya\nstart: 2020\nend: 2021\n"
        "---\n\nBefore.\n\n![A missing picture](images/nope.png)\n`The caption stays.`\n\nAfter.\n",
        encoding="utf-8")
    results = export("case-study", library=lib, options=ExportOptions(
        formats=("pdf", "docx"), out=tmp_path / "out"))
    result = results[0]
    assert result.ok, result.error
    assert any("images/nope.png" in w and "does not exist" in w for w in result.warnings)
    text = squash(pdf_text(result.files[0]))
    assert squash("Before.") in text and squash("After.") in text
    assert squash("The caption stays.") in text


def test_one_failing_project_does_not_stop_the_others(tmp_path, monkeypatch):
    import donorkit.exporting as export_module

    lib = tmp_path / "lib"
    lib.mkdir()
    for slug in ("a", "b", "c"):
        (lib / f"{slug}.md").write_text(
            f"---\ntitle: Kenya—{slug}\nsummary: S.\nclient: X\ncountry: Kenya\nstart: 2020\n"
            "end: 2021\n---\n\nBody.\n", encoding="utf-8")
    real = export_module.project_context

    def flaky(doctype, project, **kw):
        if project.slug == "b":
            raise RuntimeError("boom")
        return real(doctype, project, **kw)

    monkeypatch.setattr(export_module, "project_context", flaky)
    results = export("case-study", library=lib, options=ExportOptions(
        formats=("pdf",), out=tmp_path / "out"))
    assert [r.ok for r in results] == [True, False, True]
    assert "boom" in results[1].error
    assert sorted(p.name for p in (tmp_path / "out" / "case-study").iterdir()) == ["a.pdf", "c.pdf"]


def test_strict_turns_warnings_into_failures_and_writes_nothing(tmp_path):
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "p.md").write_text(
        "---\ntitle: Kenya—Test\nsummary: S.\nclient: X\ncountry: Kenya\nstart: 2020\nend: 2021\n"
        "---\n\n![x](https://example.org/remote.png)\n", encoding="utf-8")
    results = export("case-study", library=lib, options=ExportOptions(
        formats=("pdf",), out=tmp_path / "out", strict=True))
    assert not results[0].ok and "strict" in results[0].error
    assert not (tmp_path / "out" / "case-study" / "p.pdf").exists()


def test_empty_selection_is_an_error(library, tmp_path):
    from donorkit.errors import SelectionError

    with pytest.raises(SelectionError, match="no project matches"):
        export("case-study", library=library, selection=Selection(country=["Atlantis"]),
               options=ExportOptions(out=tmp_path))
    assert not any(Path(tmp_path).rglob("*.pdf"))


def test_docx_has_real_lists_links_and_fields(exported, library):
    """For every example: each list item is a numbered Word paragraph, each link a w:hyperlink,
    and the footer holds PAGE and NUMPAGES fields."""
    import docx
    from lxml import html as lxml_html

    _, out = exported
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for project in library.projects:
        html = (out / "case-study" / f"{project.slug}.html").read_text(encoding="utf-8")
        body = lxml_html.document_fromstring(html).find("body")
        items = len(body.findall(".//li")) - len(body.findall(".//nav//li"))
        links = len([a for a in body.iter("a") if a.get("href")])
        document = docx.Document(str(out / "case-study" / f"{project.slug}.docx"))
        root = document.element.body
        numbered = root.findall(f".//{w}p/{w}pPr/{w}numPr")
        hyperlinks = root.findall(f".//{w}hyperlink")
        assert len(numbered) == items, project.slug
        assert len(hyperlinks) == links, project.slug
        footer = "".join(t.text or "" for t in
                         document.sections[0].footer._element.iter(f"{w}instrText"))
        assert "PAGE" in footer and "NUMPAGES" in footer, project.slug
