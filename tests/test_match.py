"""donorkit match: reading each ToR file type, the ranking and its reasons, the spec it writes,
the JSON shape, French/Spanish/Portuguese ToRs, and the on-disk index cache.

The ToR texts here are written for these tests (paraphrasing a need as a contracting authority
would), not copied from the example pages.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml
from typer.testing import CliRunner

import donorkit
from donorkit.cli import app
from donorkit.errors import SelectionError, TorError
from donorkit.library import load_library
from donorkit.matching import Tor, evidence, match, read_bytes, read_tor
from donorkit.matching.analysis import fold, words
from donorkit.matching.index import field_texts
from donorkit.resources import example_library
from donorkit.spec import load_spec

KENYA = "kenya-county-health-financing-support-chfs"
NIGER = "niger-sahel-community-stability-and-resilience-programme-scsr"
ACFLA = "andean-amazon-cocoa-and-forest-livelihoods-activity-acfla"
EGRIP = "mozambique-early-grade-reading-improvement-programme-egrip"
JORDAN = "jordan-every-drop-counts-water-demand-management-activity-edc"

KENYA_TOR = """TERMS OF REFERENCE

Title: Strengthening county financing of primary health care in Kenya
Solicitation No.: 72061526R00031

1. Background
Since devolution, Kenyan counties carry the cost of dispensaries and health centres but many
county treasuries still lack the systems to budget for them. USAID/Kenya seeks a firm to place
health financing advisers in county departments, help county assemblies approve costed health
plans, and let facilities retain and spend the fees they collect.
2. Deliverables
A costed plan per county; a budget analysis each fiscal year; quarterly progress reports.
"""

NIGER_TOR_FR = """TERMES DE RÉFÉRENCE
Appui à la stabilité communautaire dans les régions de Tillabéri et Tahoua (Niger)
Référence : 72068526R00007

Contexte. L'Agence des États-Unis pour le développement international (USAID) finance une
activité visant à renforcer la confiance entre les communautés nigériennes et les autorités
locales dans les zones touchées par l'extrémisme violent au Sahel. Le prestataire appuiera les
comités de paix, la gouvernance locale et les moyens de subsistance des jeunes.
"""

COCOA_TOR_ES = """TÉRMINOS DE REFERENCIA
Cacao sostenible y bosques en la Amazonía de Perú, Colombia y Ecuador

La Agencia de los Estados Unidos para el Desarrollo Internacional (USAID) busca una firma para
vincular a pequeños productores de cacao con mercados libres de deforestación, mejorar la
calidad del grano y conservar el bosque en pie en la región andino-amazónica.
"""

READING_TOR_PT = """TERMOS DE REFERÊNCIA
Melhoria da leitura nas primeiras classes do ensino primário em Moçambique

O programa procura uma empresa para apoiar o Ministério da Educação na formação de professores
das três primeiras classes, materiais de leitura em português e em línguas locais, e avaliação
da leitura dos alunos nas províncias de Nampula e Zambézia.
"""


@pytest.fixture(scope="module")
def example():
    return load_library(example_library())


def run(*args: str, input: str | None = None):  # noqa: A002 - CliRunner's own keyword
    result = CliRunner().invoke(app, list(args), input=input)
    return result


# -- reading ToR files -----------------------------------------------------------------------------


def test_reads_text_and_markdown(tmp_path):
    txt = tmp_path / "tor.txt"
    txt.write_text(KENYA_TOR, encoding="utf-8")
    tor = read_tor(txt)
    assert tor.title == "Strengthening county financing of primary health care in Kenya"
    assert tor.reference == "72061526R00031"
    assert tor.language == "en"
    md = tmp_path / "tor.md"
    md.write_text("# Terms of Reference: Water Demand Management in Jordan\n\nThe ministry...\n",
                  encoding="utf-8")
    assert read_tor(md).title == "Water Demand Management in Jordan"


def test_reads_windows_text(tmp_path):
    path = tmp_path / "tor.txt"
    path.write_bytes("Appui à la décentralisation au Sénégal\nLe ministère...".encode("cp1252"))
    tor = read_tor(path)
    assert "décentralisation" in tor.text and tor.language == "fr"


def test_reads_docx_paragraphs_and_table_cells(tmp_path):
    from docx import Document

    doc = Document()
    doc.add_paragraph("TERMS OF REFERENCE")
    doc.add_paragraph("Coastal erosion and mangrove protection in the Gulf of Guinea")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Contracting authority"
    table.cell(0, 1).text = "Delegation of the European Union to Ghana"
    table.cell(1, 0).text = "Publication reference"
    table.cell(1, 1).text = "EuropeAid/182455/DD/ACT/GH"
    doc.add_paragraph("The consultant will help Togo and Benin protect their shoreline.")
    path = tmp_path / "tor.docx"
    doc.save(path)
    tor = read_tor(path)
    assert tor.title == "Coastal erosion and mangrove protection in the Gulf of Guinea"
    assert tor.reference == "EuropeAid/182455/DD/ACT/GH"
    assert "Delegation of the European Union to Ghana" in tor.text  # a table cell
    assert tor.text.index("Gulf of Guinea") < tor.text.index("Delegation") < tor.text.index(
        "Togo and Benin")  # reading order


def _pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def test_reads_pdf(tmp_path):
    path = tmp_path / "tor.pdf"
    path.write_bytes(_pdf(
        "<h1>Terms of Reference</h1><h2>Early grade reading in Mozambique</h2>"
        "<p>RFP No. 72065626R10002</p><p>The Ministry of Education needs support for teachers "
        "of the first three grades in Nampula.</p>"))
    tor = read_tor(path)
    assert tor.title == "Early grade reading in Mozambique"
    assert tor.reference == "72065626R10002"
    assert "Nampula" in tor.text


def test_a_pdf_title_broken_over_lines_is_joined(tmp_path):
    """Review item 17: a PDF's title stopped at the first line break ("...Public Financial
    Management"), and a reference after two labels was not found."""
    title = ("Strengthening public financial management and domestic revenue mobilisation in "
             "the Ministry of Finance")
    path = tmp_path / "tor.pdf"
    path.write_bytes(_pdf(
        "<style>@page { size: 90mm 200mm; margin: 10mm }</style>"
        f"<h1>Terms of Reference</h1><h2>{title}</h2><p>Reference: RFP No. 72065623R00012</p>"
        "<h3>1. Background</h3><p>The Ministry seeks a firm to help its treasury.</p>"))
    tor = read_tor(path)
    assert len(tor.text.split(title.split()[-1])[0].splitlines()) > 3  # the PDF wrapped it
    assert tor.title == title
    assert tor.reference == "72065623R00012"


def test_pdf_without_text_layer_is_a_clear_error(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(_pdf('<div style="width:10cm;height:10cm;background:#333"></div>'))
    with pytest.raises(TorError, match=r"scan.pdf: the PDF has no text layer \(a scanned"):
        read_tor(path)


@pytest.mark.parametrize(("name", "data", "message"), [
    ("broken.pdf", b"%PDF-1.7\n this is not really a PDF", "not a readable PDF"),
    ("broken.docx", b"PK\x03\x04 not a zip at all", "not a readable Word document"),
    ("word.doc", b"whatever", "unsupported file type '.doc'"),
    ("binary.txt", b"\x00\x01\x02ELF", "not a text file"),
    ("empty.md", b"  \n\n", "contain no text"),
])
def test_unreadable_files_are_errors(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(TorError, match=re.escape(message)):
        read_tor(path)


def test_missing_file_and_folder_are_errors(tmp_path):
    with pytest.raises(TorError, match="no such file"):
        read_tor(tmp_path / "nope.pdf")
    (tmp_path / "dir.txt").mkdir()
    with pytest.raises(TorError, match="is a folder"):
        read_tor(tmp_path / "dir.txt")


def test_cli_reports_an_unreadable_tor_without_traceback(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4 garbage")
    result = run("match", str(path))
    assert result.exit_code == 1
    assert "not a readable PDF" in result.output and "Traceback" not in result.output


def test_a_damaged_pdf_is_one_error_line_without_pypdf_chatter(tmp_path, capfd, caplog):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"\x86>=F garbage " * 200)
    with pytest.raises(TorError, match="not a readable PDF"):
        read_tor(path.rename(tmp_path / "tor.pdf"))
    assert "EOF marker" not in capfd.readouterr().err
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]


def test_a_folder_is_called_a_folder_whatever_its_name(tmp_path):
    (tmp_path / "out").mkdir()
    with pytest.raises(TorError, match="out: is a folder, not a file"):
        read_tor(tmp_path / "out")


def test_bytes_are_sniffed():
    assert read_bytes(KENYA_TOR.encode()).reference == "72061526R00031"
    with pytest.raises(TorError, match="not a readable PDF"):
        read_bytes(b"%PDF-junk")


# -- title and reference ---------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "title", "reference"), [
    ("TERMS OF REFERENCE\n\nTECHNICAL ASSISTANCE TO THE PFM REFORM IN ALGERIA (REFIN)\n"
     "Reference: EuropeAid/178345/DH/SER/DZ\n",
     "Technical Assistance to the PFM Reform in Algeria (REFIN)", "EuropeAid/178345/DH/SER/DZ"),
    ("Annex II\nTerms of Reference for the Provincial Reform Facility\nRFP No. 72044019R00003\n",
     "Provincial Reform Facility", "72044019R00003"),
    ("# Termes de référence : Appui à la gestion des finances publiques\n\nRéf. : AO-2026-014\n",
     "Appui à la gestion des finances publiques", "AO-2026-014"),
    ("Water for towns\nThe year 2024 was dry.\n", "Water for towns", ""),
    # a label after a label: the code is after the last one
    ("Support to county treasuries\nReference: RFP No. 72065623R00012\n",
     "Support to county treasuries", "72065623R00012"),
    # a title wrapped by a PDF: continued in capitals, in Title Case, after a small word
    ("TERMS OF REFERENCE\nSTRENGTHENING PUBLIC FINANCIAL MANAGEMENT\nIN THE MINISTRY OF "
     "FINANCE\n1. BACKGROUND\nThe ministry seeks a firm.\n",
     "Strengthening Public Financial Management in the Ministry of Finance", ""),
    ("Terms of Reference\nTechnical Assistance for Public Financial Management\nReform in "
     "Ghana\nThe Ministry of Finance seeks a firm.\n",
     "Technical Assistance for Public Financial Management Reform in Ghana", ""),
    ("Title: Support to the\nMinistry of Health\nSolicitation No.: 72061526R00031\n",
     "Support to the Ministry of Health", "72061526R00031"),
    # ... but not a heading, a labelled line or the first sentence after it
    ("Public Financial Management\nBackground\nThe ministry seeks a firm.\n",
     "Public Financial Management", ""),
    ("Public Financial Management\nCountry: Ghana\n", "Public Financial Management", ""),
    ("Cacao sostenible en la Amazonía\nLa Agencia busca una firma para vincular a\n"
     "productores de cacao.\n", "Cacao sostenible en la Amazonía", ""),
])
def test_title_and_reference(text, title, reference):
    tor = Tor.from_text(text)
    assert (tor.title, tor.reference) == (title, reference)


# -- evidence --------------------------------------------------------------------------------------


def test_countries_by_name_code_demonym_and_translation():
    found = evidence.find("Kenyan counties; KEN; la Jordanie; Moçambique; nigériennes; the "
                          "Republic of Kenya; Côte d'Ivoire")
    assert found.countries == {"KE": 3, "JO": 1, "MZ": 1, "NE": 1, "CI": 1}


def test_words_that_only_look_like_names_are_not_evidence():
    found = evidence.find("La réunion a eu lieu. Lutte contre le SIDA. Contact us. The "
                          "global objective. Funded by the Agence des États-Unis pour le "
                          "développement international.")
    assert not found.countries  # "réunion" (a meeting), "us", the USAID's "États-Unis"
    assert set(found.funders) == {"USAID"}  # not EU ("eu"), not Sida ("SIDA" is AIDS)
    assert not found.regions  # "global" as an adjective


def test_regions_longest_name_wins():
    found = evidence.find("Programmes in North Africa and in the Sahel.")
    assert found.regions == {"mena": 1, "africa": 1}


# -- ranking and reasons ---------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "best"), [
    (KENYA_TOR, KENYA),
    (NIGER_TOR_FR, NIGER),
    (COCOA_TOR_ES, ACFLA),
    (READING_TOR_PT, EGRIP),
])
def test_best_match_in_four_languages(example, text, best):
    result = match(Tor.from_text(text), library=example, top=3)
    assert result.matches[0].project.slug == best


def test_french_tor_finds_the_english_page_and_says_why(example):
    result = match(Tor.from_text(NIGER_TOR_FR), library=example, top=3)
    assert result.tor.language == "fr"
    top = result.matches[0]
    assert top.project.slug == NIGER
    assert top.reasons.countries == ["Niger"]
    assert top.reasons.clients == ["US Agency for International Development"]
    assert top.reasons.regions == ["Africa"]
    assert {"tillaberi", "tahoua"} <= set(top.reasons.terms)
    assert "niger" not in top.reasons.terms  # shown as the country, not again as a word
    assert result.client == "US Agency for International Development"


def test_boilerplate_of_a_tor_is_never_a_reason(example):
    """Review item 17: "terms", "particularly", "required" were given as why a page matched;
    the ToR boilerplate list (matching/data/tor-stopwords.toml) keeps them out."""
    from donorkit.matching.analysis import boilerplate_words

    text = KENYA_TOR + (
        "3. Requirements\nThe terms of this assignment are particularly demanding: the firm "
        "is required to field advisers, particularly in health financing, as required by the "
        "terms of reference. Required qualifications include county experience.\n")
    tor = Tor.from_text(text)
    reasons = {t for m in match(tor, library=example, top=10).matches for t in m.reasons.terms}
    assert reasons  # the test can fail: there are reasons
    assert not reasons & {"terms", "particularly", "required", "reference", "firm"}, reasons
    assert not reasons & boilerplate_words("en")
    assert {"health", "county"} & reasons
    assert {"termes", "notamment", "requis"} <= boilerplate_words("fr")


def test_every_reason_is_real(example):
    from donorkit.library.funders import table

    for text in (KENYA_TOR, NIGER_TOR_FR, COCOA_TOR_ES, READING_TOR_PT):
        tor = Tor.from_text(text)
        tor_words = set(words(tor.text))
        found = evidence.find(tor.text)
        for m in match(tor, library=example, top=15).matches:
            page_words = set(words(" ".join(field_texts(m.project).values())))
            for term in m.reasons.terms:
                assert term in tor_words and term in page_words, (m.project.slug, term)
            codes = {c.name: c.iso for c in m.project.countries}
            for country in m.reasons.countries:
                assert found.countries[codes[country]] > 0
            for client in m.reasons.clients:
                assert client in m.project.clients
                assert table().identify(client) & set(found.funders)
            for region in m.reasons.regions:
                assert region in m.project.regions
                assert evidence.region_keys(region) & set(found.regions)
            assert set(m.reasons.solutions) <= set(m.project.solutions)
            assert m.reasons.years == m.project.period


def test_among_equals_ongoing_work_comes_first(tmp_path, today):
    for slug, start, end in (("old", 2001, 2004), ("ongoing", 2022, 2030), ("recent", 2018, 2022)):
        (tmp_path / f"{slug}.md").write_text(
            f"---\ntitle: Ruritania—Bridge Repair\nsummary: Bridges.\nclient: X\nstart: {start}"
            f"\nend: {end}\n---\n\nBridge repair.\n", encoding="utf-8")
    library = load_library(tmp_path, today=today)
    result = match(Tor.from_text("Bridge repair works"), library=library, today=today)
    assert [m.project.slug for m in result.matches] == ["ongoing", "recent", "old"]


def test_selection_and_drafts(example, tmp_path, today):
    result = match(Tor.from_text(KENYA_TOR), library=example,
                   selection=donorkit.Selection(region=["Asia and the Pacific"]))
    assert result.matches and all("Asia and the Pacific" in m.project.regions
                                  for m in result.matches)
    (tmp_path / "draft.md").write_text(
        "---\ntitle: Kenya—County Health Budgets\nsummary: Health budgets in Kenyan counties.\n"
        "client: X\nstart: 2020\nend: 2022\npublished: false\n---\n\nCounty health financing.\n",
        encoding="utf-8")
    library = load_library(tmp_path, today=today)
    with pytest.raises(SelectionError, match=r"1 draft\(s\) left out \(--include-drafts\)"):
        match(Tor.from_text(KENYA_TOR), library=library)
    with_drafts = match(Tor.from_text(KENYA_TOR), library=library,
                        selection=donorkit.Selection(include_drafts=True))
    assert [m.project.slug for m in with_drafts.matches] == ["draft"]


# -- command line: table, JSON, spec ---------------------------------------------------------------


def test_json_shape(tmp_path):
    path = tmp_path / "tor.txt"
    path.write_text(KENYA_TOR, encoding="utf-8")
    result = run("match", str(path), "--json", "--top", "3", "-l", str(example_library()))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data) == 3 and data[0]["slug"] == KENYA
    assert set(data[0]) == {"slug", "title", "score", "reasons"}
    assert set(data[0]["reasons"]) == {"terms", "countries", "regions", "clients", "solutions",
                                       "years"}
    assert data[0]["reasons"]["years"] == "2013–2018"
    assert [d["score"] for d in data] == sorted((d["score"] for d in data), reverse=True)


def test_table_and_stdin():
    result = run("match", "-", "-l", str(example_library()), "--top", "2", input=NIGER_TOR_FR)
    assert result.exit_code == 0, result.output
    assert "Niger—Sahel" in result.stdout
    assert "US Agency for International Development" in result.stdout


def test_write_spec_round_trip(tmp_path):
    tor = tmp_path / "tor.md"
    tor.write_text(KENYA_TOR, encoding="utf-8")
    spec_path = tmp_path / "bid.yml"
    result = run("match", str(tor), "--top", "4", "--write-spec", str(spec_path), "--json",
                 "-l", str(example_library()))
    assert result.exit_code == 0, result.output
    ranked = [d["slug"] for d in json.loads(result.stdout)]
    spec = load_spec(spec_path)
    assert spec.title == "Strengthening county financing of primary health care in Kenya"
    assert spec.prepared_for.client == "US Agency for International Development"
    assert spec.reference == "72061526R00031"
    assert spec.projects == ranked
    assert "# best match first" in spec_path.read_text(encoding="utf-8")

    out = tmp_path / "out"
    export = run("export", "capability-statement", "--spec", str(spec_path), "--format", "html",
                 "--out", str(out), "-l", str(example_library()))
    assert export.exit_code == 0, export.output
    html = next(out.rglob("*.html")).read_text(encoding="utf-8")
    assert "Strengthening county financing of primary health care in Kenya" in html
    assert "72061526R00031" in html
    positions = [html.index(f'id="p-{slug}"') for slug in ranked]
    assert positions == sorted(positions)  # the profiles in rank order


@pytest.mark.parametrize(("text", "language"), [
    (NIGER_TOR_FR, "fr"), (COCOA_TOR_ES, "es"), (READING_TOR_PT, "pt"), (KENYA_TOR, "en")])
def test_write_spec_keeps_the_tors_language(tmp_path, example, text, language):
    """Nice-to-have of the review: a spec written from a French ToR had no `language: fr`, and
    its English subtitle ("Capability statement") stayed English in the French statement."""
    result = match(Tor.from_text(text), library=example, top=2)
    spec = load_spec(result.write_spec(tmp_path / "bid.yml"))
    assert spec.language == language
    assert spec.subtitle == ""  # the type's label, in the document's language
    [statement] = donorkit.export("capability-statement", library=example, spec=spec,
                                  formats=["html"], out=tmp_path / "out")
    html = statement.files[0].read_text(encoding="utf-8")
    assert f'<html lang="{language}"' in html
    if language != "en":
        assert "Capability statement" not in html


def test_a_spec_is_not_given_a_language_on_thin_evidence(tmp_path, example):
    result = match(Tor.from_text("Water demand management\nUtilities lose water."),
                   library=example, top=2)
    assert result.tor.language == "en" and not result.tor.language_sure
    text = result.write_spec(tmp_path / "bid.yml").read_text(encoding="utf-8")
    assert "language" not in yaml.safe_load(text) and "# language: " in text


def test_spec_without_funder_or_reference_says_so(tmp_path, example):
    result = match(Tor.from_text("Water demand management\nUtilities lose water."),
                   library=example, top=2)
    text = result.write_spec(tmp_path / "bid.yml").read_text(encoding="utf-8")
    assert "# prepared_for: no funder found" in text and "# reference: no tender" in text
    assert yaml.safe_load(text)["projects"][0] == JORDAN


# -- the index cache -------------------------------------------------------------------------------


def test_index_is_cached_and_invalidated_when_a_page_changes(tmp_path, today):
    pages, cache = tmp_path / "pages", tmp_path / "cache"
    pages.mkdir()
    page = pages / "a.md"
    page.write_text("---\ntitle: Ruritania—Irrigation\nsummary: Canals.\nclient: X\nstart: 2010"
                    "\nend: 2012\n---\n\nIrrigation canals.\n", encoding="utf-8")
    (pages / "b.md").write_text("---\ntitle: Ruritania—Roads\nsummary: Roads.\nclient: X\n"
                                "start: 2010\nend: 2012\n---\n\nGravel roads.\n", encoding="utf-8")
    tor = Tor.from_text("Rehabilitation of irrigation canals")
    first = match(tor, library=load_library(pages, today=today), cache=cache)
    assert [m.project.slug for m in first.matches] == ["a"]
    folders = list((cache / "match-index").iterdir())
    assert len(folders) == 1
    again = match(tor, library=load_library(pages, today=today), cache=cache)
    assert [m.project.slug for m in again.matches] == ["a"]
    assert list((cache / "match-index").iterdir()) == folders  # read, not rebuilt

    page.write_text(page.read_text().replace("Irrigation", "Market").replace("anals", "talls"))
    (pages / "b.md").write_text((pages / "b.md").read_text().replace("Gravel roads",
                                                                     "Irrigation canals"))
    changed = match(tor, library=load_library(pages, today=today), cache=cache)
    assert [m.project.slug for m in changed.matches][0] == "b"
    assert len(list((cache / "match-index").iterdir())) == 2


def test_a_damaged_cache_is_rebuilt(tmp_path, example):
    tor = Tor.from_text(KENYA_TOR)
    match(tor, library=example, cache=tmp_path)
    folder = next((tmp_path / "match-index").iterdir())
    (folder / "pages.json").write_text("{not json", encoding="utf-8")
    assert match(tor, library=example, cache=tmp_path).matches[0].project.slug == KENYA
    json.loads((folder / "pages.json").read_text(encoding="utf-8"))  # replaced, not left broken


def test_fold():
    assert fold("Développement São Tomé") == "developpement sao tome"


def test_nothing_to_match_is_an_error_and_nothing_shared_a_note(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run("match", "-", "-l", str(tmp_path / "empty"), input=KENYA_TOR)
    # a folder without a single page is refused when the library loads (issue 16)
    assert result.exit_code == 1 and "0 project pages found" in result.output
    result = run("match", "-", "-l", str(example_library()), "--country", "Peru", "--region",
                 "Africa", input=KENYA_TOR)
    assert result.exit_code == 1 and "country=['Peru']" in result.output
    result = run("match", "-", "-l", str(example_library()), input="Zzyzx qwertyuiop")
    assert result.exit_code == 0 and "no project shares" in result.output


def test_pages_without_summaries_are_indexed(tmp_path, today):
    (tmp_path / "a.md").write_text("---\ntitle: Ruritania—Canals\nclient: X\nstart: 2010\n"
                                   "end: 2012\n---\n\nIrrigation canals.\n", encoding="utf-8")
    library = load_library(tmp_path, today=today)
    for cache in (tmp_path / "cache", tmp_path / "cache"):  # built, then read back
        found = match(Tor.from_text("irrigation canals"), library=library, cache=cache)
        assert [m.project.slug for m in found.matches] == ["a"]


def test_sort_and_limit_are_refused_rather_than_ignored():
    result = run("match", "-", "-l", str(example_library()), "--limit", "3", input=KENYA_TOR)
    assert result.exit_code == 1 and "use --top N" in result.output


@pytest.mark.parametrize("columns", ["80", "200"])
def test_the_table_never_breaks_a_slug(monkeypatch, columns):
    """Slugs are for copying into `export`: whole on one line at any terminal width."""
    monkeypatch.setenv("COLUMNS", columns)
    result = run("match", "-", "-l", str(example_library()), "--top", "3", input=KENYA_TOR)
    assert result.exit_code == 0, result.output
    slug = "kenya-county-health-financing-support-chfs"
    assert any(slug in line for line in result.stdout.splitlines())
