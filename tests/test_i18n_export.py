"""French and Spanish documents from the example library, end to end: no English label from the
templates is left in the PDF or DOCX text, dates and numbers are in the locale's format, the page
footer is localised (around real PAGE/NUMPAGES fields in Word), translated page content is used
where the page has it and warned about, naming the page, where it does not."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from donorkit.brand import load_brand
from donorkit.exporting import ExportOptions, export
from donorkit.i18n.catalogs import catalog
from donorkit.library import Selection, load_library
from donorkit.resources import example_library
from donorkit.spec import PreparedFor, Spec
from test_i18n import _extracted_labels
from textutil import docx_text, fragment_texts, pdf_text

TODAY = date(2026, 1, 15)
COTE = "cote-divoire-cocoa-belt-rural-water-and-sanitation-project-crwsp"  # French sibling page
ANDES = "andean-amazon-cocoa-and-forest-livelihoods-activity-acfla"  # Spanish sibling page
NIGER = "niger-sahel-community-stability-and-resilience-programme-scsr"  # front matter fr, es
SLUGS = [COTE, ANDES, NIGER]
FOOTER = {"fr": r"Page \d+ sur \d+", "es": r"Página \d+ de \d+"}
DATE = {"fr": "15 janvier 2026", "es": "15 de enero de 2026"}


@pytest.fixture(scope="module")
def library():
    return load_library(example_library(), today=TODAY)


@pytest.fixture(scope="module", params=["fr", "es"])
def exported(request, library, tmp_path_factory):
    lang = request.param
    out = tmp_path_factory.mktemp(f"i18n-{lang}")
    options = ExportOptions(formats=("pdf", "docx"), out=out, language=lang, today=TODAY)
    cases = export("case-study", library=library, selection=Selection(slug=SLUGS),
                   options=options)
    spec = Spec(title={"fr": "Eau, climat et gouvernance", "es": "Agua, clima y gobernanza"}[lang],
                prepared_for=PreparedFor(client="AfDB", tender="AO-2026-014"),
                reference="REF-77", language=lang, projects=SLUGS)
    statement = export("capability-statement", library=library, spec=spec, options=options)
    for result in [*cases, *statement]:
        assert result.ok, result.error
    return lang, {r.name: r for r in cases}, statement[0]


def _file(result, suffix: str) -> Path:
    return next(p for p in result.files if p.suffix == suffix)


def _clean(text: str) -> str:
    """PDF/DOCX text as one line: hyphenation undone, every space a plain space."""
    text = re.sub("\u2010\n", "", text)  # WeasyPrint's automatic hyphenation
    text = re.sub(r"-\n", "-", text)
    return " ".join(text.replace("\u00a0", " ").split())


def _content(library) -> list[str]:
    """Everything the pages and the brand say in English, which a label check must not count:
    project content that has no translation stays English by design (and is warned about)."""
    brand = load_brand("default")
    texts = [brand.organisation, brand.footer_line, brand.about, *brand.contact]
    for slug in SLUGS:
        p = library.get(slug)
        texts += [p.title, p.name, p.place, p.summary, p.location or "", *p.partners,
                  *(h.label for h in p.highlights), *(link.title for link in p.promos)]
        for section in p.body.sections:
            texts += [section.title, *fragment_texts(section.html)]
    return sorted({_clean(t) for t in texts if t.strip()}, key=len, reverse=True)


def _english_labels(lang: str) -> dict[str, re.Pattern[str]]:
    """Every template label whose translation differs from the English, as a pattern over
    extracted text (placeholders match any word)."""
    patterns = {}
    for msgid, languages in _extracted_labels().items():
        if lang not in languages:
            continue  # a form's label in a language its funder has no version of
        if catalog(lang).gettext(msgid).casefold() == msgid.casefold():
            continue  # "Introduction", "Contact": the same word in French
        parts = re.split(r"%\(\w+\)[sd]", msgid)
        body = r"\s*\S+\s*".join(r"\s+".join(map(re.escape, part.split())) for part in parts)
        patterns[msgid] = re.compile(rf"(?<!\w){body}(?!\w)")
    return patterns


def _leftover_labels(text: str, lang: str, library, *, table_cells_mixed: bool = False
                     ) -> list[str]:
    text = _clean(text)
    content = _content(library)
    for piece in content:
        text = text.replace(piece, " ")
    labels = _english_labels(lang)
    if table_cells_mixed:
        # PDF text of a table row interleaves its cells' lines, so an English title in a cell is
        # not found whole: a one-word label that such content contains cannot be told apart.
        words = set(re.findall(r"\w+", " ".join(content)))
        labels = {m: p for m, p in labels.items() if " " in m or m not in words}
    return [msgid for msgid, pattern in labels.items() if pattern.search(text)]


def test_no_english_template_label_in_pdf_or_docx(exported, library):
    lang, cases, statement = exported
    for result in [*cases.values(), statement]:
        for suffix, extract in ((".pdf", lambda p: pdf_text(p, body_only=False)),
                                (".docx", docx_text)):
            left = _leftover_labels(extract(_file(result, suffix)), lang, library,
                                    table_cells_mixed=suffix == ".pdf")
            assert left == [], f"{lang} {result.name}{suffix}: English labels left: {left}"


def test_the_label_check_can_fail(library, tmp_path):
    options = ExportOptions(formats=("pdf",), out=tmp_path, language="en", today=TODAY)
    (result,) = export("case-study", library=library, selection=Selection(slug=[COTE]),
                       options=options)
    left = _leftover_labels(pdf_text(_file(result, ".pdf"), body_only=False), "fr", library)
    assert {"Period", "Beneficiaries"} <= set(left)


def test_dates_and_numbers_in_the_locale(exported):
    lang, cases, statement = exported
    cover = _clean(pdf_text(_file(statement, ".pdf"), body_only=False))
    assert DATE[lang] in cover
    assert DATE[lang] in _clean(docx_text(_file(statement, ".docx")))
    cote = _clean(pdf_text(_file(cases[COTE], ".pdf")))
    expected = {"fr": ["410 000", "9,8 millions USD"], "es": ["410.000", "9,8 millones USD"]}
    for text in (cote, _clean(docx_text(_file(cases[COTE], ".docx")))):
        for figure in expected[lang]:
            assert figure in text
        assert "USD 9.8 million" not in text  # (the English page's own "410,000" highlight stays)


def test_countries_regions_and_clients_in_the_language(exported):
    lang, cases, _ = exported
    andes = _clean(docx_text(_file(cases[ANDES], ".docx")))
    names = {"fr": ["Colombie", "Équateur", "Pérou", "Amérique latine et Caraïbes"],
             "es": ["Colombia", "Ecuador", "Perú", "América Latina y el Caribe"]}
    for name in names[lang]:
        assert name in andes
    cote = _clean(docx_text(_file(cases[COTE], ".docx")))
    assert {"fr": "Banque mondiale", "es": "Banco Mundial"}[lang] in cote


def test_pdf_footer_is_localised(exported):
    lang, cases, statement = exported
    import pdfplumber

    with pdfplumber.open(_file(statement, ".pdf")) as pdf:
        last = len(pdf.pages)
        footer = _clean(pdf.pages[-1].extract_text())
    assert re.search(FOOTER[lang].replace(r"\d+ ", f"{last} ", 1), footer), footer


def test_docx_footer_is_localised_around_page_fields(exported):
    lang, cases, _ = exported
    document = docx.Document(str(_file(cases[COTE], ".docx")))
    footers = [p for s in document.sections for p in s.footer.paragraphs]
    (paragraph,) = [p for p in footers if "PAGE" in p._p.xml]
    pieces = []
    for node in paragraph._p.iter(qn("w:t"), qn("w:instrText")):
        text = node.text or ""
        pieces.append(f"{{{text.strip()}}}" if node.tag == qn("w:instrText") else text)
    joined = "".join(pieces)
    before, word = {"fr": ("Page", "sur"), "es": ("Página", "de")}[lang]
    assert re.search(rf"{before} {{PAGE}}\d* {word} {{NUMPAGES}}", joined), joined


def test_document_language_in_pdf_and_docx(exported):
    lang, cases, _ = exported
    from pypdf import PdfReader

    assert PdfReader(_file(cases[COTE], ".pdf")).trailer["/Root"]["/Lang"] == lang
    document = docx.Document(str(_file(cases[COTE], ".docx")))
    assert document.core_properties.language == lang
    styles = document.styles.element.xml
    assert f'w:val="{lang}"' in styles


def test_translated_content_is_used(exported, library):
    lang, cases, statement = exported
    cote_pdf = _clean(pdf_text(_file(cases[COTE], ".pdf")))
    andes_pdf = _clean(pdf_text(_file(cases[ANDES], ".pdf")))
    niger_docx = _clean(docx_text(_file(cases[NIGER], ".docx")))
    if lang == "fr":
        assert "Projet d'hydraulique et d'assainissement ruraux" in cote_pdf
        assert "Principaux résultats" in cote_pdf and "Select Results" not in cote_pdf
        assert "Programme de stabilité et de résilience communautaires" in niger_docx
    else:
        assert "Actividad de Cacao y Medios de Vida Forestales" in andes_pdf
        assert "Resultados principales" in andes_pdf
        assert "Programa de Estabilidad y Resiliencia Comunitaria" in niger_docx
    # The statement's short profile shows the translated results of a sibling page.
    page = COTE if lang == "fr" else ANDES
    sibling = {"fr": "612 points d'eau construits", "es": "21.400 hogares"}[lang]
    assert sibling in _clean(pdf_text(_file(statement, ".pdf")))
    assert library.get(page).title not in _clean(docx_text(_file(statement, ".docx")))


def test_fallbacks_are_warned_naming_the_page(exported):
    lang, cases, statement = exported
    untranslated = ANDES if lang == "fr" else COTE
    language = {"fr": "French", "es": "Spanish"}[lang]
    (warning,) = [w for w in cases[untranslated].warnings if "translation" in w]
    assert f"{untranslated}.md" in warning and f"no {language} translation" in warning
    (niger,) = [w for w in cases[NIGER].warnings if "translation" in w]
    assert f"{NIGER}.md" in niger and "no body" in niger
    translated = COTE if lang == "fr" else ANDES
    assert not [w for w in cases[translated].warnings if "translation" in w]
    assert sum("translation" in w for w in statement.warnings) == 2


ARABIC = """---
title: الأردن—نشاط كل قطرة مهمة لإدارة الطلب على المياه
summary: ساعد المشروع المرافق على خفض الفاقد من المياه بنسبة ٢٢٪ في ثلاث محافظات.
start: 2016
end: 2021
client: World Bank
country: Jordan
translations:
  ar: {title: عنوان}
---

يعاني الأردن من أحد أدنى معدلات توافر المياه للفرد في العالم.

## النتائج

* خفض الفاقد من المياه بنسبة ٢٢٪.
* تدريب ٣٥٠ فنياً في المرافق.
"""


def test_a_page_in_arabic_renders_without_error(tmp_path):
    """Not right-to-left layout (docs/languages.md says what that would take), but no crash and
    no lost text: an Arabic page exports to both formats in an English document."""
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "jordan-ar.md").write_text(ARABIC, encoding="utf-8")
    options = ExportOptions(formats=("pdf", "docx"), out=tmp_path / "out", today=TODAY)
    (result,) = export("case-study", library=tmp_path / "lib", options=options)
    assert result.ok, result.error
    text = _clean(docx_text(_file(result, ".docx")))
    assert "يعاني الأردن من أحد أدنى معدلات توافر المياه" in text
    assert "خفض الفاقد من المياه بنسبة ٢٢٪." in text
    assert _file(result, ".pdf").stat().st_size > 1000


# -- donor forms: in the languages their funders publish them in ---------------------------------

BIDS = Path(__file__).parent / "fixtures" / "library" / "bids"


@pytest.mark.parametrize(("form", "lang", "labels", "english"), [
    ("eu-references", "fr", ["Intitulé du projet", "Origine des fonds", "Référence 1",
                             "Expérience du soumissionnaire", "[à compléter :"],
     ["Project title", "Origin of funding"]),
    ("wb-experience", "es", ["Nombre del trabajo", "Lugar dentro del país", "Trabajo 1",
                             "Duración del trabajo (meses)"], ["Assignment name"]),
])
def test_form_labels_in_the_funders_language(form, lang, labels, english, tmp_path):
    options = ExportOptions(formats=("html",), out=tmp_path, language=lang, today=TODAY)
    (result,) = export(form, library=BIDS, spec=Spec(projects=["full-ghana-schools",
                                                               "partial-togo-roads"]),
                       options=options)
    assert result.ok, result.error
    html = _file(result, ".html").read_text(encoding="utf-8")
    for label in labels:
        assert label in html, label
    for label in english:
        assert f">{label}<" not in html, label
    assert f'lang="{lang}"' in html


def test_a_form_the_funder_has_only_in_english_keeps_its_labels(tmp_path):
    options = ExportOptions(formats=("html", "pdf"), out=tmp_path, language="fr", today=TODAY)
    (result,) = export("usaid-past-performance", library=BIDS,
                       spec=Spec(projects=["full-ghana-schools"]), options=options)
    html = _file(result, ".html").read_text(encoding="utf-8")
    assert ">Name of contracting organisation<" in html
    assert any("publishes this form in en only" in w for w in result.warnings)
    # the document's own words still follow its language (the HTML has no page counters)
    assert "Page 1 sur" in PdfReader(_file(result, ".pdf")).pages[0].extract_text()


# -- batch manifests: a language per job, or every document in several ----------------------------

def test_batch_languages_give_a_folder_per_language(tmp_path):
    from donorkit.batching import batch

    lib = tmp_path / "lib"
    lib.mkdir()
    source = example_library() / f"{COTE}.md"
    (lib / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    french = example_library() / f"{COTE}.fr.md"
    (lib / french.name).write_text(french.read_text(encoding="utf-8"), encoding="utf-8")
    manifest = tmp_path / "batch.yml"
    manifest.write_text(f"defaults:\n  library: lib\n  formats: [html]\n  out: out\n"
                        f"  languages: [en, fr]\njobs:\n  - doctype: case-study\n"
                        f"  - doctype: capability-statement\n    name: bid\n"
                        f"    select: {{slug: [{COTE}]}}\n    language: es\n", encoding="utf-8")
    report = batch(manifest, jobs=1)
    assert not report.failed
    out = tmp_path / "out"
    english = (out / "en" / "case-study" / f"{COTE}.html").read_text(encoding="utf-8")
    french_doc = (out / "fr" / "case-study" / f"{COTE}.html").read_text(encoding="utf-8")
    spanish = (out / "capability-statement" / "bid.html").read_text(encoding="utf-8")
    assert 'lang="en"' in english and "Period" in english
    assert 'lang="fr"' in french_doc and "Période" in french_doc
    assert "Projet d'hydraulique" in french_doc  # the sibling page
    assert 'lang="es"' in spanish and "Período" in spanish
    assert not batch(manifest, jobs=1).built  # incremental, per language
    (lib / french.name).write_text(french.read_text(encoding="utf-8").replace(
        "Principaux résultats", "Résultats obtenus"), encoding="utf-8")
    rebuilt = batch(manifest, jobs=1).built
    assert [r.key for r in rebuilt] == [f"fr/case-study/{COTE}"]  # only the French document


def test_batch_language_errors_name_the_line(tmp_path):
    from donorkit.batching import load_manifest

    manifest = tmp_path / "batch.yml"
    manifest.write_text("defaults:\n  languages: [fr, de]\njobs:\n  - doctype: case-study\n"
                        "    language: xx\n", encoding="utf-8")
    with pytest.raises(Exception) as info:
        load_manifest(manifest)
    text = str(info.value)
    assert f"{manifest}:2" in text and "'de' (German)" in text
    assert f"{manifest}:5" in text and "'xx'" in text


def test_charts_and_maps_speak_the_language(exported):
    lang, _, statement = exported
    document = docx.Document(str(_file(statement, ".docx")))
    text = _clean(docx_text(_file(statement, ".docx")))
    title, alt = {"fr": ("Nos zones d'intervention", "Carte"),
                  "es": ("Dónde hemos trabajado", "Mapa:")}[lang]
    assert title in text and "Where we have worked" not in text
    descriptions = [d.get("descr", "") for d in document.element.body.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    assert any(d.startswith(alt) for d in descriptions), descriptions
    assert not any(d.startswith(("Map:", "Bar chart")) for d in descriptions if lang == "fr")


# -- a document without a title of its own is titled in its language ------------------------------

MINI = Path(__file__).parent / "fixtures" / "library" / "mini"


def test_an_untitled_statement_is_titled_in_its_language(tmp_path):
    """Review item 14: a French statement without --title had "Capability statement" on its
    cover and in its running header (the default title was English; only the subtitle, the
    document type's label, went through the catalogs)."""
    import pdfplumber

    options = ExportOptions(formats=("html", "pdf", "docx"), out=tmp_path, language="fr",
                            today=TODAY)
    (result,) = export("capability-statement", library=MINI, options=options)
    assert result.ok, result.error
    html = _file(result, ".html").read_text(encoding="utf-8")
    assert '<h1 id="cover">Présentation des références</h1>' in html
    assert "Capability statement" not in html
    assert html.count('class="subtitle"') == 0  # the type's label would only repeat the title
    with pdfplumber.open(_file(result, ".pdf")) as pdf:
        header = pdf.pages[1].within_bbox((0, 0, pdf.pages[1].width, 25 * 72 / 25.4))
        assert "Présentation des références" in header.extract_text()
    document = docx.Document(str(_file(result, ".docx")))
    headers = " ".join(p.text for s in document.sections for p in s.header.paragraphs)
    assert "Présentation des références" in headers
    assert "Capability statement" not in docx_text(_file(result, ".docx"))
    # a title of one's own stays, with the type's label under it, in the language
    (es,) = export("capability-statement", library=MINI, spec=Spec(title="Agua", language="es"),
                   options=ExportOptions(formats=("html",), out=tmp_path / "es", today=TODAY))
    es_html = _file(es, ".html").read_text(encoding="utf-8")
    assert '<h1 id="cover">Agua</h1>' in es_html
    assert '<p class="subtitle">Declaración de capacidades</p>' in es_html


def test_a_forms_type_label_is_in_its_language(tmp_path):
    options = ExportOptions(formats=("html",), out=tmp_path, language="fr", today=TODAY)
    (result,) = export("eu-references", library=BIDS, spec=Spec(projects=["full-ghana-schools"]),
                       options=options)
    html = _file(result, ".html").read_text(encoding="utf-8")
    assert "Références de projets" in html and "Project references" not in html
