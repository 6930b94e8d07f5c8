"""`donorkit serve` over HTTP with Starlette's TestClient: every page and every error."""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
import warnings
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from donorkit import load_spec
from donorkit.cli import app as cli
from donorkit.web import create_app
from donorkit.web.documents import DocumentCache
from textutil import docx_text, pdf_text, squash

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

MINI = Path(__file__).parent / "fixtures" / "library" / "mini"
KCWG = "kenya-county-water-governance-programme-kcwg"
MYANMAR = "myanmar-township-planning-support-tps"
HOSTS = ("testserver", "127.0.0.1", "localhost")


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """The mini library plus a page with a warning and one that cannot load."""
    root = tmp_path / "library"
    shutil.copytree(MINI, root)
    (root / "warned-page-wp.md").write_text(
        "---\ntitle: Ghana—Warned Page (WP)\nclient: World Bank\ncountry: Ghana\nstart: 2019\n"
        "end: 2020\nsummary: A page with a stray key.\nflavour: vanilla\n---\n\nBody text.\n",
        encoding="utf-8")
    (root / "broken-page.md").write_text(
        "---\ntitle: Uganda—Broken\nsummary: [never closed\n---\n\nBody.\n", encoding="utf-8")
    return root


@pytest.fixture
def client(library: Path) -> TestClient:
    return TestClient(create_app(library, allowed_hosts=HOSTS))


# -- library -------------------------------------------------------------------------------------

def test_library_lists_projects_with_counts_and_check_badges(client):
    page = client.get("/")
    assert page.status_code == 200
    assert "Kenya—County Water Governance Programme (KCWG)" in page.text
    assert "<strong id=\"count\">7</strong> of 8 projects" in page.text
    # the stray key is a warning badge on its row; the broken file is listed with its line
    row = page.text[page.text.index("Ghana—Warned Page"):]
    assert "1 warning" in row[:row.index("</tr>")]
    assert "1 file not loaded" in page.text
    assert "broken-page.md:4" in page.text
    assert "Kenya (2)" in page.text  # facet counts in the filter
    summary = re.search(r"(\d+) errors?, (\d+) warnings? in the library", page.text)
    assert summary is not None
    for number, word in zip(summary.groups(), ("error", "warning"), strict=True):
        assert (word + "s" in summary[0]) == (number != "1"), summary[0]


def test_library_filters(client):
    page = client.get("/", params={"country": "Kenya"})
    assert "<strong id=\"count\">2</strong> of 8" in page.text
    assert "Kenya—County Water" in page.text and "Nepal—" not in page.text
    assert "Capability statement from these 2" in page.text
    page = client.get("/", params={"q": "sanitation", "until": "2030"})
    assert "Peru—Andean Rural Sanitation" in page.text
    assert "Kenya—County Water" not in page.text
    page = client.get("/", params={"status": "ongoing", "solution": "No such solution"})
    assert "No project matches these filters" in page.text


def test_library_only_pages_with_problems(client):
    page = client.get("/", params={"problems": "1"})
    assert "<strong id=\"count\">1</strong> of 8" in page.text
    assert "Ghana—Warned Page" in page.text and "Kenya—County Water" not in page.text
    builder = client.get("/capability", params={"problems": "1", "from": "library"})
    assert 'id="ticked">1<' in builder.text and 'value="warned-page-wp" checked' in builder.text


def test_library_bad_filter_values_are_explained_not_crashed(client):
    page = client.get("/", params={"since": "last year"})
    assert page.status_code == 200
    assert "“last year” is not a year" in page.text
    page = client.get("/", params={"since": "2020", "until": "2010"})
    assert page.status_code == 200
    assert "2010 is before since 2020" in page.text  # the web names no command-line flag


def test_drafts_only_on_request(client):
    assert "Nepal—District Health" not in client.get("/").text
    with_drafts = client.get("/", params={"drafts": "1"}).text
    assert "Nepal—District Health" in with_drafts and "badge-draft" in with_drafts


# -- project -------------------------------------------------------------------------------------

def test_project_page_key_facts_problems_brands_and_downloads(client):
    page = client.get(f"/projects/{KCWG}")
    assert page.status_code == 200
    for text in ("Key facts", "US Agency for International Development", "2012–2017",
                 "no problems", f"/projects/{KCWG}/case-study.pdf?brand=default",
                 f"/projects/{KCWG}/case-study.docx?brand=default", 'value="harbour"',
                 f'src="/projects/{KCWG}/preview?brand=default&amp;language=en"'):
        assert text in page.text
    warned = client.get("/projects/warned-page-wp")
    assert "line 8" in warned.text and "stray key" in warned.text


def test_unknown_slug_is_404_with_a_suggestion(client):
    page = client.get("/projects/kenya-county")
    assert page.status_code == 404
    assert "did you mean" in page.text and KCWG in page.text
    assert client.get("/projects/..%2F..%2Fpyproject.toml").status_code == 404
    assert client.get(f"/projects/{KCWG}/case-study.exe").status_code == 404


def test_unknown_brand_is_refused_never_read_as_a_path(client, library):
    for brand in ("nope", str(library), "../../styles/default"):
        page = client.get(f"/projects/{KCWG}/preview", params={"brand": brand})
        assert page.status_code == 400
        assert "unknown brand" in page.text


def test_preview_hides_the_pdf_page_footer_a_browser_cannot_number(client):
    """Page counters are 0 in a browser: the running footer would read "Page 0 of 0" under the
    header of every preview. It is hidden there (the PDF and its page images still have it)."""
    page = client.get(f"/projects/{KCWG}/preview").text
    assert '<footer class="running-footer"' in page and 'class="page-count"' not in page
    styles = " ".join(re.findall(r"<style>(.*?)</style>", page, re.S))
    assert re.search(r"footer\.running-footer\s*\{\s*display:\s*none", styles)


def test_preview_is_the_case_study_in_the_chosen_brand(client):
    page = client.get(f"/projects/{KCWG}/preview", params={"brand": "harbour"})
    assert page.status_code == 200
    assert "County Water Governance Programme" in page.text
    assert "sandbox" in page.headers["content-security-policy"]
    assert "file://" not in page.text
    # fonts and the logo are served by opaque token, and nothing else is
    token_urls = [u.split('"')[0].split(")")[0] for u in page.text.split("/files/")[1:]]
    assert token_urls
    assert client.get("/files/" + token_urls[0]).status_code == 200
    assert client.get("/files/0123456789abcdef/pyproject.toml").status_code == 404


def test_thumbnails_of_the_pdf_pages(client):
    fragment = client.get(f"/projects/{KCWG}/pages")
    assert fragment.status_code == 200
    assert f"/projects/{KCWG}/pages/1.png" in fragment.text
    png = client.get(f"/projects/{KCWG}/pages/1.png")
    assert png.headers["content-type"] == "image/png"
    assert png.content.startswith(b"\x89PNG")
    assert client.get(f"/projects/{KCWG}/pages/99.png").status_code == 404


def test_downloads_hold_the_project(client, tmp_path):
    for fmt, read in (("pdf", pdf_text), ("docx", docx_text)):
        response = client.get(f"/projects/{KCWG}/case-study.{fmt}")
        assert response.status_code == 200
        assert response.headers["content-disposition"].startswith("attachment;")
        assert f'filename="{KCWG}.{fmt}"' in response.headers["content-disposition"]
        path = tmp_path / f"out.{fmt}"
        path.write_bytes(response.content)
        assert squash("County Water Governance Programme") in squash(read(path))


def test_edits_show_on_the_next_request_without_restart(client, library):
    page = library / f"{KCWG}.md"
    assert "Lakeside" in client.get(f"/projects/{KCWG}/preview").text
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("Lakeside Advisory", "Riverside Advisory"), encoding="utf-8")
    later = time.time() + 5
    os.utime(page, (later, later))  # a coarse file-system clock must not hide the edit
    assert "Riverside Advisory" in client.get(f"/projects/{KCWG}/preview").text
    page.write_text(text.replace("title: Kenya—County", "title: Kenya—Renamed"),
                    encoding="utf-8")
    os.utime(page, (later + 5, later + 5))
    assert "Kenya—Renamed Water Governance" in client.get("/").text


def test_documents_are_cached_by_their_inputs(client):
    web = client.app.state.web
    client.get(f"/projects/{KCWG}/case-study.docx")
    renders = web.cache.renders
    client.get(f"/projects/{KCWG}/case-study.docx")
    assert web.cache.renders == renders
    client.get(f"/projects/{KCWG}/case-study.docx", params={"brand": "harbour"})
    assert web.cache.renders == renders + 1


def test_case_study_in_the_chosen_language(client, tmp_path):
    """The language chooser sits beside the brand chooser; preview, page images and downloads
    follow it, and the app's own labels stay English."""
    page = client.get(f"/projects/{KCWG}", params={"language": "fr"})
    assert page.status_code == 200
    assert '<select name="language"' in page.text and '<option value="fr" selected' in page.text
    for url in (f"/projects/{KCWG}/case-study.pdf?brand=default&amp;language=fr",
                f"/projects/{KCWG}/case-study.docx?brand=default&amp;language=fr",
                f"/projects/{KCWG}/pages?brand=default&amp;language=fr",
                f"/projects/{KCWG}/preview?brand=default&amp;language=fr"):
        assert url in page.text
    assert "<h2>Key facts</h2>" in page.text and "<dt>Period</dt>" in page.text

    english = client.get(f"/projects/{KCWG}/preview").text
    french = client.get(f"/projects/{KCWG}/preview", params={"language": "fr"}).text
    assert "Période" in french and "Période" not in english
    assert '<html lang="fr"' in french
    fragment = client.get(f"/projects/{KCWG}/pages", params={"language": "fr"}).text
    assert f"/projects/{KCWG}/pages/1.png?brand=default&amp;language=fr" in fragment

    docx = client.get(f"/projects/{KCWG}/case-study.docx", params={"language": "fr"})
    assert docx.status_code == 200
    (tmp_path / "fr.docx").write_bytes(docx.content)
    text = docx_text(tmp_path / "fr.docx")
    assert "Période" in text and squash("County Water Governance") in squash(text)


def test_the_language_is_part_of_the_document_cache_key(client):
    web = client.app.state.web
    client.get(f"/projects/{KCWG}/case-study.docx")
    renders = web.cache.renders
    client.get(f"/projects/{KCWG}/case-study.docx", params={"language": "fr"})
    assert web.cache.renders == renders + 1
    client.get(f"/projects/{KCWG}/case-study.docx", params={"language": "FR"})  # same tag
    assert web.cache.renders == renders + 1


def test_unknown_language_is_refused_like_an_unknown_brand(client):
    for path in ("", "/preview", "/pages", "/case-study.pdf", "/pages/1.png"):
        for language in ("de", "klingon", "../../etc/passwd"):
            page = client.get(f"/projects/{KCWG}{path}", params={"language": language})
            assert page.status_code == 400, (path, language)
            assert "language" in page.text and "available: en, fr, es, pt" in page.text
    page = client.post("/capability/preview", data={**FORM, "language": "de"})
    assert page.status_code == 400 and "German" in page.text
    assert client.get("/capability", params={"language": "xx-nope"}).status_code == 400


def test_concurrent_requests_for_one_document_render_it_once():
    cache = DocumentCache()
    calls = []

    def make() -> bytes:
        calls.append(1)
        time.sleep(0.2)
        return b"document"

    results = []
    threads = [threading.Thread(target=lambda: results.append(cache.get("k", make)))
               for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls == [1] and results == [b"document"] * 8


def test_failed_render_is_a_page_that_explains_it(library, tmp_path):
    broken = tmp_path / "templates" / "_base" / "partials"
    broken.mkdir(parents=True)
    (broken / "key_facts.html.j2").write_text("{{ project.no_such_field.at_all }}",
                                              encoding="utf-8")
    client = TestClient(create_app(library, allowed_hosts=HOSTS,
                                   templates=[tmp_path / "templates"]))
    for url in (f"/projects/{KCWG}/case-study.pdf", f"/projects/{KCWG}/preview",
                f"/projects/{KCWG}/pages"):
        page = client.get(url)
        assert page.status_code == 422, url
        assert "could not be made" in page.text
        assert "no_such_field" in page.text
        assert "Traceback" not in page.text
    # the project page itself still opens: only the document failed
    assert client.get(f"/projects/{KCWG}").status_code == 200


def test_an_internal_error_is_a_page_not_a_traceback(library, monkeypatch):
    def boom() -> None:
        raise RuntimeError("secret internals")

    client = TestClient(create_app(library, allowed_hosts=HOSTS), raise_server_exceptions=False)
    monkeypatch.setattr(client.app.state.web.state, "current", boom)
    page = client.get("/")
    assert page.status_code == 500
    assert "internal error (RuntimeError)" in page.text
    assert "secret internals" not in page.text and "Traceback" not in page.text


# -- guard ---------------------------------------------------------------------------------------

def test_foreign_host_header_is_refused(client):
    page = client.get("/", headers={"host": "attacker.example:8765"})
    assert page.status_code == 400
    assert "answers only at its own address" in page.text
    assert client.get("/", headers={"host": "127.0.0.1:8765"}).status_code == 200
    assert client.get("/", headers={"host": "[::1]:8765"}).status_code == 400  # not allowed here


def test_default_hosts_are_local_only(library):
    local = TestClient(create_app(library), base_url="http://127.0.0.1:8765")
    assert local.get("/").status_code == 200
    assert local.get("/", headers={"host": "localhost:8765"}).status_code == 200
    assert local.get("/", headers={"host": "testserver"}).status_code == 400


def test_form_from_another_site_is_refused(client):
    page = client.post("/capability/spec.yml", data={"project": KCWG},
                       headers={"origin": "https://attacker.example"})
    assert page.status_code == 403


def test_oversize_upload_is_refused(library):
    client = TestClient(create_app(library, allowed_hosts=HOSTS, max_upload=10_000))
    page = client.post("/capability/open", files={"spec": ("big.yml", b"x" * 20_000)})
    assert page.status_code == 413
    assert "limited to 9 KB" in page.text
    # without a Content-Length (chunked), the body is counted as it arrives
    chunks = (b"x" * 4096 for _ in range(5))
    page = client.post("/capability/open", content=chunks,
                       headers={"content-type": "multipart/form-data; boundary=b"})
    assert page.status_code == 413
    ok = client.post("/capability/open", files={"spec": ("s.yml", b"title: Small\n")})
    assert ok.status_code == 200


def test_static_assets_only_by_known_name(client):
    assert client.get("/static/app.css").headers["content-type"].startswith("text/css")
    assert client.get("/static/app.js").status_code == 200
    for bad in ("/static/nope.css", "/static/..%2Fapp.py", "/static/../app.py"):
        assert client.get(bad).status_code == 404
    page = client.get("/")
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"


# -- capability statement builder ----------------------------------------------------------------

def test_builder_starts_empty_or_from_a_selection(client):
    empty = client.get("/capability")
    assert empty.status_code == 200
    assert 'id="ticked">0<' in empty.text
    chosen = client.get("/capability", params={"solution": "Governance"})
    assert 'id="ticked">' in chosen.text
    assert f'value="{KCWG}" checked' in chosen.text
    assert 'src="/capability/preview?' in chosen.text


FORM = {"title": "Water and Health", "client": "World Bank", "tender": "Sector review",
        "reference": "WB-42", "profile": "full", "brand": "harbour",
        "section": ["cover", "table", "profiles"], "project": [MYANMAR, KCWG]}


def test_builder_preview_and_downloads(client, tmp_path):
    preview = client.post("/capability/preview", data=FORM)
    assert preview.status_code == 200
    assert "Water and Health" in preview.text and "WB-42" in preview.text
    pdf = client.post("/capability/document.pdf", data=FORM)
    assert pdf.status_code == 200
    assert pdf.headers["content-disposition"].startswith('attachment; filename="Water-and-Health')
    (tmp_path / "c.pdf").write_bytes(pdf.content)
    text = squash(pdf_text(tmp_path / "c.pdf", body_only=False))
    for expected in ("Water and Health", "Prepared for World Bank", "Myanmar—Township Planning",
                     "Kenya—County Water"):
        assert squash(expected) in text
    assert squash("Portfolio at a glance") not in text  # section not ticked
    docx = client.get("/capability/document.docx", params=FORM)
    (tmp_path / "c.docx").write_bytes(docx.content)
    assert squash("Water and Health") in squash(docx_text(tmp_path / "c.docx"))


def test_builder_downloads_donor_forms_of_the_ticked_projects(client, tmp_path):
    """The builder offers every donor form (docs/forms.md) over its projects, in Word and PDF,
    so a bid manager without a terminal gets them too."""
    page = client.get("/capability").text
    for form in ("wb-experience", "eu-references", "usaid-past-performance"):
        assert f'formaction="/capability/forms/{form}.docx"' in page
    docx = client.post("/capability/forms/eu-references.docx", data=FORM)
    assert docx.status_code == 200
    assert docx.headers["content-disposition"].startswith(
        'attachment; filename="eu-references-Water-and-Health.docx')
    (tmp_path / "f.docx").write_bytes(docx.content)
    text = squash(docx_text(tmp_path / "f.docx"))
    for expected in ("Myanmar—Township Planning", "Kenya—County Water", "Origin of funding",
                     "Reference 1", "Reference 2"):
        assert squash(expected) in text, expected
    pdf = client.post("/capability/forms/wb-experience.pdf", data=FORM)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.post("/capability/forms/case-study.pdf", data=FORM).status_code == 404
    assert client.post("/capability/forms/eu-references.html", data=FORM).status_code == 404


def test_builder_problems_are_explained(client):
    page = client.post("/capability/document.pdf", data={"title": "T", "section": ["cover"]})
    assert page.status_code == 400 and "Tick at least one project" in page.text
    page = client.post("/capability/preview", data={"project": KCWG})
    assert page.status_code == 400 and "Choose at least one section" in page.text
    page = client.post("/capability/preview",
                       data={"project": "no-such-slug", "section": ["cover"]})
    assert page.status_code == 404


def test_saved_spec_round_trips_through_the_cli_and_the_builder(client, library, tmp_path):
    saved = client.post("/capability/spec.yml", data=FORM)
    assert saved.status_code == 200
    assert saved.headers["content-disposition"].startswith('attachment; filename="Water-and')
    spec_file = tmp_path / "bid.yml"
    spec_file.write_bytes(saved.content)
    data = yaml.safe_load(saved.text)
    assert data["projects"] == [MYANMAR, KCWG] and data["brand"] == "harbour"
    spec = load_spec(spec_file)
    assert spec.title == "Water and Health" and spec.prepared_for.tender == "Sector review"
    assert spec.included == ["cover", "table", "profiles"] and spec.profile == "full"

    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["export", "capability-statement", "--spec", str(spec_file),
                                      "--library", str(library), "--out", str(out), "-f", "docx"])
    assert result.exit_code == 0, result.output
    written = out / "capability-statement" / "bid.docx"
    text = squash(docx_text(written))
    assert squash("Water and Health") in text and squash("Myanmar—Township Planning") in text

    opened = client.post("/capability/open", files={"spec": ("bid.yml", saved.content)})
    assert opened.status_code == 200
    assert "Opened bid.yml: 2 projects" in opened.text
    assert 'value="Water and Health"' in opened.text
    assert f'value="{MYANMAR}" checked' in opened.text
    assert 'value="full" checked' in opened.text
    assert 'value="harbour" selected' in opened.text


def test_builder_language_goes_into_the_preview_downloads_and_saved_spec(client, tmp_path):
    assert '<select name="language">' in client.get("/capability").text
    french = {**FORM, "language": "fr"}
    preview = client.post("/capability/preview", data=french)
    assert preview.status_code == 200 and '<html lang="fr"' in preview.text
    assert "Période" in preview.text
    assert "Période" not in client.post("/capability/preview", data=FORM).text
    docx = client.post("/capability/document.docx", data=french)
    (tmp_path / "c.docx").write_bytes(docx.content)
    assert "Période" in docx_text(tmp_path / "c.docx")

    saved = client.post("/capability/spec.yml", data={**FORM, "language": "pt-br"})
    assert yaml.safe_load(saved.text)["language"] == "pt-BR"
    spec_file = tmp_path / "bid.yml"
    spec_file.write_bytes(saved.content)
    assert load_spec(spec_file).language == "pt-BR"
    opened = client.post("/capability/open", files={"spec": ("bid.yml", saved.content)})
    assert opened.status_code == 200
    assert '<option value="pt-BR" selected>Portuguese (Brazil) (pt-BR)' in opened.text
    assert "language=pt-BR" in opened.text  # the preview the opened builder shows
    assert "language" not in opened.text.split('name="carry"')[1].split(">")[0]


def test_opening_a_bad_spec_names_the_line(client):
    page = client.post("/capability/open",
                       files={"spec": ("bad.yml", b"title: T\nprofile: medium\n")})
    assert page.status_code == 422
    assert "bad.yml:2" in page.text and "profile" in page.text


def test_a_tor_upload_fills_the_builder_from_donorkit_match(client):
    """The builder starts from terms of reference through `donorkit match`: the ToR's title,
    funder and reference fill the form, and the best projects are ticked, best first."""
    assert 'name="tor"' in client.get("/capability").text
    tor = (b"TERMS OF REFERENCE\nTitle: Kenya county water governance support\n"
           b"Reference: WB/2026/KEN/007\nThe World Bank seeks a firm to strengthen county "
           b"water governance in Kenya: water utilities, county budgets, water service "
           b"delivery.\n")
    page = client.post("/capability/from-tor", files={"tor": ("tor.txt", tor)})
    assert page.status_code == 200
    assert 'value="Kenya county water governance support"' in page.text
    assert 'value="WB/2026/KEN/007"' in page.text
    assert f'value="{KCWG}" checked' in page.text
    assert "matched tor.txt" in page.text


@pytest.mark.parametrize(("name", "data", "said"), [
    ("scan.doc", b"\xd0\xcf\x11\xe0 binary", "unsupported file type"),
    ("tor.pdf", b"%PDF-1.4 not really", "not a readable PDF"),
    ("tor.txt", b"   \n", "contain no text"),
])
def test_an_unreadable_tor_is_a_page_saying_why(client, name, data, said):
    page = client.post("/capability/from-tor", files={"tor": (name, data)})
    assert page.status_code == 422
    assert said in page.text and "Traceback" not in page.text


def test_the_tor_upload_can_be_switched_off_or_replaced(library):
    off = TestClient(create_app(library, allowed_hosts=HOSTS, tor_matcher=None))
    assert 'name="tor"' not in off.get("/capability").text
    assert off.post("/capability/from-tor",
                    files={"tor": ("tor.txt", b"water")}).status_code == 501
    matched = TestClient(create_app(library, allowed_hosts=HOSTS,
                                    tor_matcher=lambda lib, data, name: [KCWG]))
    page = matched.post("/capability/from-tor", files={"tor": ("tor.txt", b"water")})
    assert page.status_code == 200 and f'value="{KCWG}" checked' in page.text


# -- command -------------------------------------------------------------------------------------

def test_serve_says_what_to_install_when_packages_are_missing(monkeypatch):
    from donorkit.cli import serve

    monkeypatch.setattr(serve, "missing_packages", lambda: ["starlette", "uvicorn"])
    result = CliRunner().invoke(cli, ["serve"])
    assert result.exit_code == 1
    assert "pip install starlette uvicorn" in result.output


def test_serve_warns_about_other_interfaces_and_busy_ports(library):
    with socket.socket() as busy:
        busy.bind(("0.0.0.0", 0))
        port = busy.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--library", str(library), "--host",
                                          "0.0.0.0", "--port", str(port)])
    assert result.exit_code == 1
    assert "anyone who can reach this computer" in result.output
    assert f"port {port} on 0.0.0.0 is in use" in result.output


def test_allowed_hosts_on_every_interface_include_the_machine():
    from donorkit.cli.serve import allowed_hosts

    assert allowed_hosts("127.0.0.1", []) == ["127.0.0.1", "localhost", "::1"]
    wide = allowed_hosts("0.0.0.0", ["intranet.example"])
    assert "intranet.example" in wide and socket.gethostname().lower() in wide


def test_builder_from_the_whole_library(client):
    page = client.get("/capability", params={"from": "library"})
    assert 'id="ticked">7<' in page.text


def test_concurrent_requests_to_the_app_share_one_render(client):
    web = client.app.state.web
    before = web.cache.renders
    statuses = []

    def fetch() -> None:
        statuses.append(client.get(f"/projects/{KCWG}/case-study.docx").status_code)

    threads = [threading.Thread(target=fetch) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [200] * 4
    assert web.cache.renders == before + 1


def test_serve_fails_at_once_on_a_missing_library(tmp_path):
    result = CliRunner().invoke(cli, ["serve", "--library", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "does not exist" in result.output


def test_serve_takes_an_assets_folder_as_export_does(library, tmp_path, monkeypatch):
    """Review item 23: a page's site-path photo (/uploads/x.png) showed in the preview only
    after writing donorkit.toml; `serve --assets DIR` says it, as `export --assets` does."""
    import uvicorn
    from PIL import Image

    assets = tmp_path / "site"
    (assets / "uploads").mkdir(parents=True)
    Image.new("RGB", (40, 30), (200, 30, 30)).save(assets / "uploads" / "well.png")
    (library / "photo-page-pp.md").write_text(
        "---\ntitle: Ghana—Photo Page (PP)\nclient: World Bank\ncountry: Ghana\nstart: 2019\n"
        "end: 2020\nsummary: A page with a photo.\n---\n\nBody text.\n\n"
        "![A well](/uploads/well.png)\n", encoding="utf-8")
    served = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: served.append(app))
    monkeypatch.chdir(tmp_path)  # no donorkit.toml

    def photos(*extra: str) -> list[tuple[int, int]]:
        """The sizes of the photo as the served preview shows it (inlined, or by URL)."""
        import base64
        import io

        from lxml import html as lxml_html

        result = CliRunner().invoke(cli, ["serve", "-l", str(library), "--port", "0", *extra])
        assert result.exit_code == 0, result.output
        browser = TestClient(served[-1], base_url="http://127.0.0.1:8765")
        page = browser.get("/projects/photo-page-pp/preview")
        assert page.status_code == 200
        sizes = []
        for img in lxml_html.fromstring(page.text).xpath('//img[@alt="A well"]'):
            src = img.get("src")
            data = (base64.b64decode(src.split(",", 1)[1]) if src.startswith("data:")
                    else browser.get(src).content)
            sizes.append(Image.open(io.BytesIO(data)).size)
        return sizes

    assert photos() == []  # without it, left out (with a warning)
    assert photos("--assets", str(assets)) == [(40, 30)]

    missing = CliRunner().invoke(cli, ["serve", "-l", str(library), "--assets",
                                       str(tmp_path / "nowhere")])
    assert missing.exit_code == 1
    assert f"assets folder {tmp_path / 'nowhere'} does not exist" in missing.output
