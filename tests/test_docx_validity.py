"""The DOCX files donorkit writes are valid Office Open XML, not only what our own XML assertions
expect: Open XML SDK validation (openxml-audit), package relationships, a python-docx round trip,
and, where LibreOffice is installed, a real layout engine that must open them and evaluate their
fields.

Issue 3: "The result opens in Word and LibreOffice without repair and passes openxml-audit."
"""

from __future__ import annotations

import io
import posixpath
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree
from lxml import html as lxml_html
from openxml_audit import FileFormat, OpenXmlValidator
from PIL import Image
from pypdf import PdfReader

from donorkit.brand import load_brand
from donorkit.exporting import ExportOptions, export
from donorkit.library import Selection
from donorkit.writers.docx import write_docx
from textutil import own_text, squash

ROOT = Path(__file__).resolve().parents[1]
LIBRARY = ROOT / "examples" / "library"
SPEC = ROOT / "examples" / "specs" / "governance-asia.yml"
# Translation pages (<name>.fr.md) belong to their originals: they are no case study of their own.
SLUGS = sorted(p.stem for p in LIBRARY.glob("*.md")
               if p.name != "README.md" and not re.search(r"\.(fr|es|pt)\.md$", p.name))

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
WP_DOCPR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
W = f"{{{W_NS}}}"


# --- documents under test ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, Path]:
    """Every example case study (default brand), one in the second brand on Letter paper, and
    the capability statement: name -> .docx. The HTML is written too, for the expected text."""
    out = tmp_path_factory.mktemp("docx-validity")
    results = export("case-study", library=LIBRARY, selection=Selection(include_drafts=True),
                     options=ExportOptions(formats=("docx", "html"), out=out))
    results += export("capability-statement", library=LIBRARY, spec=SPEC,
                      options=ExportOptions(formats=("docx", "html"), out=out))
    harbour = out / "harbour"
    results += export("case-study", library=LIBRARY, selection=Selection(include_drafts=True),
                      options=ExportOptions(formats=("docx",), out=harbour, brand="harbour",
                                            paper="Letter"))[:1]
    docs: dict[str, Path] = {}
    for result in results:
        assert result.error is None, (result.name, result.error)
        (path,) = [f for f in result.files if f.suffix == ".docx"]
        key = result.name if not path.is_relative_to(harbour) else f"harbour/{result.name}"
        docs[key] = path
    assert set(SLUGS) <= set(docs), "every example project must give a case study"
    return docs


def png(width: int = 320, height: int = 160) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (30, 90, 160)).save(out, "PNG")
    return out.getvalue()


# Every element and class of docs/vocabulary.md at least once, in the combinations the
# example templates do not produce (nesting, a list in a cell, tables back to back, ...).
VOCABULARY_PAGE = """<!DOCTYPE html><html lang="fr-CA"><head><title>Everything</title>
<meta name="author" content="Org"><meta name="description" content="All of it">
<meta name="keywords" content="a, b"><meta name="dcterms.created" content="2024-05-01"></head>
<body>
<header class="running-header"><img class="logo" src="logo.png" alt="Org logo">
<span>Everything</span></header>
<footer class="running-footer"><p>Org</p><p>Page <span class="page-number"></span> of
<span class="page-count"></span></p></footer>
<section class="cover"><img class="logo" src="logo.png" alt="Org logo"><h1>Everything</h1>
<p class="subtitle">Sub</p><p class="meta">Meta line</p></section>
<nav class="toc"><h2>Contents</h2><ul><li><a href="#one">One</a><ul><li><a href="#two">Two</a>
</li></ul></li><li>No link</li></ul></nav>
<div class="page-break"></div>
<h2 id="one">One</h2><p class="lead">Lead <strong>bold <em>both</em></strong> <code>x()</code>
<a href="https://example.org/?a=1&amp;b=2">link <code>code</code></a> <a href="#two">back</a>
<a href="mailto:a@example.org">mail</a><br>after break</p>
<ol start="3"><li>three<ol><li>nested<ul><li>deeper</li></ul></li></ol></li>
<li><p>para one</p><p>para two</p></li></ol>
<ol><li>restarts</li></ol>
<h3 id="two">Two</h3>
<dl class="key-facts"><dt>Client</dt><dd>World Bank</dd><dt>Country</dt><dd>Peru</dd>
<dd>Chile</dd></dl>
<table class="key-facts"><tbody><tr><th scope="row">Client</th><td>World Bank</td></tr>
<tr><th scope="row">Value</th><td>USD 1 million</td></tr></tbody></table>
<dl class="highlights"><dt>12</dt><dd>villages</dd><dt>3,000</dt><dd>farmers</dd><dt>5</dt>
<dd>a</dd><dt>6</dt><dd>b</dd><dt>7</dt><dd>c</dd></dl>
<table class="data"><thead><tr><th scope="col">A</th><th scope="col" colspan="2">B</th></tr></thead>
<tbody><tr><td>1</td><td>2</td><td><ul><li>in a cell</li></ul>
<table><tr><td>nested</td></tr></table></td></tr><tr><td colspan="9">wide</td></tr>
<tr><td>short row</td></tr></tbody></table>
<table><tr><td>back to back</td></tr></table>
<figure><img src="pic.png" alt="A blue box"><figcaption>Caption <em>text</em></figcaption>
</figure>
<figure class="video"><a href="https://video.example.org/1">A video</a>
<figcaption>Its caption</figcaption></figure>
<blockquote><p>Quoted</p></blockquote>
<div class="callout"><p>Callout one</p><p>Callout two</p></div>
<dl><dt>Term</dt><dd>Definition</dd></dl>
<hr>
<pre>line 1
  line 2</pre>
<h4 id="four">Four</h4><p>Loose<img src="missing.png" alt="gone"></p>
<section class="about"><p>About</p></section>
<section class="profile" id="profile"><h3>Profile</h3><p>Text</p></section>
</body></html>"""


@pytest.fixture(scope="module")
def vocabulary_docx(tmp_path_factory) -> Path:
    images = {"logo.png": png(200, 60), "pic.png": png()}
    path = tmp_path_factory.mktemp("vocabulary") / "vocabulary.docx"
    with path.open("wb") as handle:
        write_docx(VOCABULARY_PAGE, handle, brand=load_brand("default"),
                   template="test/vocabulary", fetch=images.get)
    return path


@pytest.fixture(scope="module")
def validator() -> OpenXmlValidator:
    return OpenXmlValidator(file_format=FileFormat.OFFICE_2019, max_errors=200)


def problems(validator: OpenXmlValidator, path: Path) -> list[str]:
    result = validator.validate(path)
    return [str(e) for e in result.errors]


def all_documents(exported: dict[str, Path], vocabulary: Path) -> dict[str, Path]:
    return {**exported, "vocabulary": vocabulary}


# --- openxml-audit -------------------------------------------------------------------------------

def test_every_exported_docx_passes_openxml_audit(exported, validator):
    found = {name: problems(validator, path) for name, path in exported.items()}
    assert {name: errs for name, errs in found.items() if errs} == {}


def test_vocabulary_document_passes_openxml_audit(vocabulary_docx, validator):
    assert problems(validator, vocabulary_docx) == []


def rewrite(src: Path, dest: Path, part: str, change) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == part:
                new = change(data.decode("utf-8"))
                assert new != data.decode("utf-8"), "the mutation must change the part"
                data = new.encode("utf-8")
            zout.writestr(item, data)
    return dest


@pytest.mark.parametrize(("what", "change"), [
    # a paragraph style after other paragraph properties: the mistake Word "repairs"
    ("pPr order", lambda xml: re.sub(
        r"<w:pPr><w:pStyle ([^>]*)/>(<w:numPr>.*?</w:numPr>)", r"<w:pPr>\2<w:pStyle \1/>",
        xml, count=1)),
    ("unknown element", lambda xml: xml.replace("<w:body>", "<w:body><w:p><w:bogus/></w:p>", 1)),
    ("dangling r:embed", lambda xml: xml.replace('r:embed="', 'r:embed="missing', 1)),
])
def test_validator_catches_broken_documents(vocabulary_docx, validator, tmp_path, what, change):
    """The checks above would pass vacuously if the validator accepted anything."""
    broken = rewrite(vocabulary_docx, tmp_path / "broken.docx", "word/document.xml", change)
    assert problems(validator, broken), what


# --- package structure ---------------------------------------------------------------------------

def story_parts(z: zipfile.ZipFile) -> list[str]:
    return [n for n in z.namelist() if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", n)]


def relationships(z: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str | None]]:
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels not in z.namelist():
        return {}
    root = etree.fromstring(z.read(rels))
    return {r.get("Id"): (r.get("Target"), r.get("TargetMode")) for r in root.iter(PKG_REL)}


def reference_problems(path: Path) -> list[str]:
    """Every r:id/r:embed/r:link of the body, headers and footers names a relationship of its own
    part, and an internal target exists in the package."""
    found: list[str] = []
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        parts = story_parts(z)
        assert "word/document.xml" in parts and len(parts) >= 3  # body + a header + a footer
        for part in parts:
            rels = relationships(z, part)
            for el in etree.fromstring(z.read(part)).iter():
                for attr, rid in el.attrib.items():
                    if not attr.startswith(f"{{{R_NS}}}"):
                        continue
                    if rid not in rels:
                        found.append(f"{part}: {etree.QName(attr).localname}={rid} unresolved")
                        continue
                    target, mode = rels[rid]
                    full = posixpath.normpath(posixpath.join(posixpath.dirname(part), target))
                    if mode != "External" and full not in names:
                        found.append(f"{part}: {rid} -> {full} not in the package")
    return found


def test_every_relationship_reference_resolves(exported, vocabulary_docx):
    found = {name: reference_problems(path)
             for name, path in all_documents(exported, vocabulary_docx).items()}
    assert {name: errs for name, errs in found.items() if errs} == {}


def test_reference_check_catches_a_dangling_id(vocabulary_docx, tmp_path):
    broken = rewrite(vocabulary_docx, tmp_path / "broken.docx", "word/document.xml",
                     lambda xml: xml.replace('r:id="', 'r:id="nope', 1))
    assert any("nope" in p for p in reference_problems(broken))


def test_references_in_headers_are_checked(vocabulary_docx):
    """The logo lives in a header part with relationships of its own: the check must see it."""
    with zipfile.ZipFile(vocabulary_docx) as z:
        embeds = [part for part in story_parts(z) if part.startswith("word/header")
                  and b"r:embed=" in z.read(part)]
    assert embeds


def test_drawing_ids_are_unique(exported, vocabulary_docx):
    """Word repairs a document whose pictures share a wp:docPr id, headers included."""
    for name, path in all_documents(exported, vocabulary_docx).items():
        with zipfile.ZipFile(path) as z:
            ids = [int(d.get("id")) for part in story_parts(z)
                   for d in etree.fromstring(z.read(part)).iter(WP_DOCPR)]
        assert len(ids) == len(set(ids)) and 0 not in ids, name


def test_fields_and_bookmarks_are_balanced(exported, vocabulary_docx):
    for name, path in all_documents(exported, vocabulary_docx).items():
        with zipfile.ZipFile(path) as z:
            for part in story_parts(z):
                root = etree.fromstring(z.read(part))
                depth = 0
                for fld in root.iter(f"{W}fldChar"):
                    depth += {"begin": 1, "end": -1}.get(fld.get(f"{W}fldCharType"), 0)
                    assert depth >= 0, (name, part)
                assert depth == 0, (name, part)
                starts = [b.get(f"{W}id") for b in root.iter(f"{W}bookmarkStart")]
                ends = [b.get(f"{W}id") for b in root.iter(f"{W}bookmarkEnd")]
                assert sorted(starts) == sorted(ends) and len(set(starts)) == len(starts), name


def test_no_two_tables_touch(exported, vocabulary_docx):
    """Word merges adjacent tables into one; the vocabulary page has two back to back."""
    for name, path in all_documents(exported, vocabulary_docx).items():
        body = docx.Document(str(path)).element.body
        for tbl in body.iter(f"{W}tbl"):
            following = tbl.getnext()
            assert following is None or following.tag != f"{W}tbl", name


# --- python-docx round trip ----------------------------------------------------------------------

def snapshot(document) -> tuple:
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    headers = [[p.text for p in s.header.paragraphs] for s in document.sections]
    footers = [[p.text for p in s.footer.paragraphs] for s in document.sections]
    return ([(p.style.name, p.text) for p in document.paragraphs], tables, headers, footers,
            document.core_properties.title, len(document.inline_shapes))


def test_python_docx_round_trip(exported, vocabulary_docx, validator, tmp_path):
    for name, path in all_documents(exported, vocabulary_docx).items():
        first = docx.Document(str(path))
        saved = tmp_path / f"{name.replace('/', '-')}.docx"
        first.save(str(saved))
        again = docx.Document(str(saved))
        assert snapshot(again) == snapshot(first), name
        assert snapshot(first)[0], name  # not vacuously equal
    assert problems(validator, saved) == []  # the re-saved package is still valid


# --- LibreOffice ---------------------------------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")


def to_pdf(docs: list[Path], out: Path) -> dict[Path, Path]:
    """Convert with a private profile: a shared one is locked by any running LibreOffice."""
    profile = out / "profile"
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), *map(str, docs)],
                   check=True, capture_output=True, timeout=300)
    pdfs = {doc: out / f"{doc.stem}.pdf" for doc in docs}
    missing = [doc.name for doc, pdf in pdfs.items() if not pdf.exists()]
    assert not missing, f"LibreOffice did not convert {missing}"
    return pdfs


def list_items(html_path: Path) -> list[str]:
    """Own text of every list item of the body (TOC entries and running parts aside)."""
    root = lxml_html.parse(str(html_path)).getroot()
    items = []
    for li in root.iter("li"):
        if li.xpath("ancestor::nav[contains(@class, 'toc')]"):
            continue
        text = own_text(li)
        if text:
            items.append(text)
    return items


@pytest.fixture(scope="module")
def rendered(exported, tmp_path_factory) -> dict[str, tuple[Path, Path, Path]]:
    """name -> (docx, html, pdf) for a case study with numbered and bulleted lists, one with
    pictures, and the capability statement (cover page, TOC)."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) not installed")
    names = ["philippines-local-fiscal-transparency-project-lift",
             "bangladesh-coastal-climate-resilient-agriculture-project-ccrap", "governance-asia"]
    pdfs = to_pdf([exported[n] for n in names], tmp_path_factory.mktemp("lo-pdf"))
    return {n: (exported[n], exported[n].with_suffix(".html"), pdfs[exported[n]]) for n in names}


@needs_soffice
def test_libreoffice_renders_title_and_every_list_item(rendered):
    for name, (docx_path, html_path, pdf_path) in rendered.items():
        reader = PdfReader(pdf_path)
        text = squash("\n".join(page.extract_text() or "" for page in reader.pages))
        title = docx.Document(str(docx_path)).core_properties.title
        assert title and squash(title) in text, name
        items = list_items(html_path)
        assert len(items) >= 3, name
        assert [i for i in items if squash(i) not in text] == [], name


@needs_soffice
def test_libreoffice_evaluates_page_fields(rendered):
    # a two-page case study and a one-page one ("Page 1 of 1": NUMPAGES evaluated, not left 0)
    for name, least in (("bangladesh-coastal-climate-resilient-agriculture-project-ccrap", 2),
                        ("philippines-local-fiscal-transparency-project-lift", 1)):
        reader = PdfReader(rendered[name][2])
        pages = len(reader.pages)
        assert pages >= least, name
        for number, page in enumerate(reader.pages, 1):
            assert f"Page {number} of {pages}" in page.extract_text(), (name, number)


@needs_soffice
def test_libreoffice_cover_page_has_no_header_or_footer(rendered):
    docx_path, _, pdf_path = rendered["governance-asia"]
    reader = PdfReader(pdf_path)
    pages = len(reader.pages)
    cover, second = (reader.pages[i].extract_text() for i in (0, 1))
    assert "Page 1 of" not in cover  # the cover's own empty footer
    assert f"Page 2 of {pages}" in second
    # the running header repeats the title in small type from page 2 on; on the cover the title
    # appears once, as the cover's heading
    title = docx.Document(str(docx_path)).core_properties.title
    assert squash(cover).count(squash(title)) == 1
    assert squash(second).count(squash(title)) >= 1
    assert "Contents" in second  # the TOC follows the cover


@needs_soffice
def test_libreoffice_shows_pictures(rendered):
    """The case study's pictures and the header logos reach the PDF as images."""
    for name in ("bangladesh-coastal-climate-resilient-agriculture-project-ccrap",
                 "governance-asia"):
        docx_path, _, pdf_path = rendered[name]
        expected = len(docx.Document(str(docx_path)).inline_shapes)  # body pictures
        reader = PdfReader(pdf_path)
        on_pages = [len(page.images) for page in reader.pages]
        with_header = len(reader.pages) - (name == "governance-asia")  # not on the cover
        assert expected >= 1 and sum(on_pages) >= expected + with_header, (name, on_pages)
