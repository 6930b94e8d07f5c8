"""Opt-in smoke test over a real library (never part of the default run):

    DONORKIT_CORPUS=../shared/corpus/dai-projects pytest tests/test_corpus_smoke.py

Every page must export as a case study in PDF and DOCX without an exception, with every
paragraph, bullet and link text of its body present in both outputs.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from donorkit.checking import check_library
from donorkit.exporting import ExportOptions, export
from donorkit.library import Selection, load_library
from textutil import docx_text, fragment_texts, link_texts, pdf_text, squash

CORPUS = os.environ.get("DONORKIT_CORPUS")
pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS, reason="set DONORKIT_CORPUS to a library folder to run"),
]


@pytest.fixture(scope="module")
def corpus():
    return load_library(Path(CORPUS))


@pytest.fixture(scope="module")
def exported(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    results = export("case-study", library=corpus, selection=Selection(include_drafts=True),
                     options=ExportOptions(formats=("pdf", "docx"), out=out))
    return results, out


def test_check_reports_warnings_not_crashes(corpus):
    report = check_library(corpus)
    assert report.projects == corpus.files
    assert report.errors == []


def test_every_page_exports(exported, corpus):
    results, _ = exported
    assert len(results) == len(corpus.projects)
    assert {r.name: r.error for r in results if not r.ok} == {}


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_every_text_survives(exported, corpus, fmt):
    results, _ = exported
    files = {r.name: next(f for f in r.files if f.suffix == f".{fmt}") for r in results if r.ok}
    extract = pdf_text if fmt == "pdf" else docx_text
    missing = {}
    for project in corpus.projects:
        text = squash(extract(files[project.slug]))
        expected = [project.title]
        for section in project.body.sections:
            expected += fragment_texts(section.html) + link_texts(section.html)
        lost = [t for t in expected if squash(t) not in text]
        if lost:
            missing[project.slug] = lost[:3]
    assert missing == {}
