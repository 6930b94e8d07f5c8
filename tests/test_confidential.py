"""Confidential bid keys never reach a public document (issue 10): every public document type,
in every format, over a page holding every bid key; also the context `donorkit context` prints,
and a team's template override that asks for them outright."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from donorkit.exporting import ExportOptions, build_context, export
from donorkit.library import load_library
from donorkit.rendering.templates import list_doctypes
from donorkit.spec import Spec
from textutil import docx_text, pdf_text, squash

BIDS = Path(__file__).parent / "fixtures" / "library" / "bids"
FULL = "full-ghana-schools"
#: what the page holds under confidential keys (and the `location` it marks confidential)
SECRETS = {
    "contract_number": "GH-WB-2016-044",
    "contacts": "Efua Darko",
    "contacts.email": "edarko@example.org",
    "contacts.phone": "+233 30 000 0000",
    "services_value": "1,900,000",
    "services_value.text": "GBP 1.9 million",
    "key_staff": "Ama Owusu",
    "key_staff.2": "Kofi Mensah",
    "location": "Bawku and Zebilla districts",
}
PUBLIC = sorted(name for name, d in list_doctypes().items() if d.audience == "public")
FORMATS = (".pdf", ".docx", ".html")


def test_public_types_are_the_case_study_and_capability_statement_at_least():
    assert {"case-study", "capability-statement"} <= set(PUBLIC)
    assert not {"wb-experience", "eu-references", "usaid-past-performance"} & set(PUBLIC)


def text_of(path: Path) -> str:
    if path.suffix == ".pdf":
        return pdf_text(path, body_only=False)
    if path.suffix == ".docx":
        return docx_text(path)
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def public_documents(tmp_path_factory) -> dict[tuple[str, str], Path]:
    out = tmp_path_factory.mktemp("public")
    found = {}
    for doctype in PUBLIC:
        results = export(doctype, library=BIDS, spec=Spec(projects=[FULL]) if doctype != (
            "case-study") else None, options=ExportOptions(
            formats=("pdf", "docx", "html"), out=out, today=date(2026, 11, 30)))
        for result in results:
            assert result.ok, result.error
            for path in result.files:
                if result.name == FULL or doctype != "case-study":
                    found[(doctype, path.suffix)] = path
    return found


@pytest.mark.parametrize("doctype", PUBLIC)
@pytest.mark.parametrize("suffix", FORMATS)
def test_no_confidential_value_in_any_public_document(public_documents, doctype, suffix):
    text = text_of(public_documents[(doctype, suffix)])
    assert squash("Ghana—School Water Programme") in squash(text)  # the project is there
    assert "USD 3.2 million" in text or "USD\u00a03.2 million" in text  # public keys stay
    for key, secret in SECRETS.items():
        assert squash(secret) not in squash(text), f"{key} leaked into {doctype}{suffix}"


def test_the_same_values_do_reach_a_form(tmp_path):
    [result] = export("usaid-past-performance", library=BIDS, spec=Spec(projects=[FULL]),
                      options=ExportOptions(formats=("docx",), out=tmp_path))
    text = squash(docx_text(result.files[0]))
    for key in ("contract_number", "contacts", "contacts.email", "location"):
        assert squash(SECRETS[key]) in text, key  # so the checks above can fail


@pytest.mark.parametrize("doctype", PUBLIC)
def test_public_contexts_hold_no_confidential_value(doctype):
    lib = load_library(BIDS)
    context = build_context(doctype, [lib.get(FULL)], spec=Spec(projects=[FULL]))
    dumped = context.model_dump_json()
    for key, secret in SECRETS.items():
        assert secret not in dumped, key


def test_a_template_override_cannot_print_them(tmp_path):
    """The guarantee does not rest on templates leaving keys out."""
    folder = tmp_path / "templates" / "case-study"
    folder.mkdir(parents=True)
    (folder / "document.html.j2").write_text(
        '{% extends "_base/layout.html.j2" %}{% block content %}<p>'
        "{{ project.bid.contract_number }}|{{ project.bid.contacts | map(attribute='name') | "
        "join(',') }}|{{ project.bid.services_value or '' }}|{{ project.location or '' }}|"
        "{{ project.bid.share or '' }}|{{ project.bid.role }}</p>{% endblock %}")
    [result] = [r for r in export("case-study", library=BIDS, options=ExportOptions(
        formats=("html",), out=tmp_path / "out", templates=[tmp_path / "templates"]))
        if r.name == FULL]
    html = result.files[0].read_text()
    assert "<p>|||||lead</p>" in html
