"""Opt-in smoke test over a real library (never part of the default run):

    DONORKIT_CORPUS=../shared/corpus/dai-projects pytest tests/test_corpus_smoke.py

``DONORKIT_CORPUS_SAMPLE=N`` exports a fixed sample of about N pages (every k-th by slug) instead
of all of them: CI runs that (.ci/run), the whole corpus is for a run on demand.

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
SAMPLE = int(os.environ.get("DONORKIT_CORPUS_SAMPLE") or 0)
pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS, reason="set DONORKIT_CORPUS to a library folder to run"),
]


@pytest.fixture(scope="module")
def corpus():
    return load_library(Path(CORPUS))


@pytest.fixture(scope="module")
def chosen(corpus):
    """The pages exported: all, or a fixed sample (the same pages on every run)."""
    projects = sorted(corpus.projects, key=lambda p: p.slug)
    if SAMPLE and SAMPLE < len(projects):
        step = len(projects) / SAMPLE
        projects = [projects[int(i * step)] for i in range(SAMPLE)]
    return projects


@pytest.fixture(scope="module")
def exported(corpus, chosen, tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    results = export("case-study", library=corpus,
                     selection=Selection(slug=[p.slug for p in chosen], include_drafts=True),
                     options=ExportOptions(formats=("pdf", "docx"), out=out))
    return results, out


def test_check_reports_warnings_not_crashes(corpus):
    report = check_library(corpus)
    assert report.projects == corpus.files
    assert report.errors == []


def test_every_page_exports(exported, chosen):
    results, _ = exported
    assert len(results) == len(chosen)
    assert {r.name: r.error for r in results if not r.ok} == {}


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_every_text_survives(exported, chosen, fmt):
    results, _ = exported
    files = {r.name: next(f for f in r.files if f.suffix == f".{fmt}") for r in results if r.ok}
    missing = {}
    for project in chosen:
        path = files[project.slug]
        # The body is compared without the page margins (a paragraph split across pages reads as
        # one piece); the title may stand in the running header, so it is looked for everywhere.
        body = squash(pdf_text(path) if fmt == "pdf" else docx_text(path))
        whole = squash(pdf_text(path, body_only=False)) if fmt == "pdf" else body
        lost = [] if squash(project.title) in whole else [project.title]
        for section in project.body.sections:
            expected = fragment_texts(section.html) + link_texts(section.html)
            lost += [t for t in expected if squash(t) not in body]
        if lost:
            missing[project.slug] = lost[:3]
    assert missing == {}
