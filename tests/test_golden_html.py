"""Golden tests of the rendered HTML: what each template emits for fixed inputs.

When a template change is intended, regenerate with ``pytest tests/test_golden_html.py
--update-golden`` and review the diff; never edit the golden files by hand.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from datetime import date
from pathlib import Path

import pytest

from donorkit.brand import load_brand
from donorkit.context import portfolio_context, project_context
from donorkit.library import load_library
from donorkit.rendering.assets import AssetPolicy
from donorkit.rendering.document import render_html
from donorkit.rendering.templates import get_doctype
from donorkit.resources import example_library, styles_dir, templates_dir
from donorkit.spec import load_spec

GOLDEN = Path(__file__).parent / "golden"
TODAY = date(2026, 1, 15)
CASES = [
    "nepal-municipal-governance-and-service-delivery-programme-mgsd",  # every rich key
    "kenya-county-health-financing-support-chfs",  # no headings, hr, hard break
    "cote-divoire-cocoa-belt-rural-water-and-sanitation-project-crwsp",  # video + caption
    "bangladesh-coastal-climate-resilient-agriculture-project-ccrap",  # images, reference links
]


def _svg_digest(match: re.Match[str]) -> str:
    digest = hashlib.sha256(match[1].encode()).hexdigest()[:12]
    return "data:image/svg+xml;base64,{SVG " + digest + "}"


def _portable(html: str) -> str:
    """Absolute file URLs differ between checkouts; golden files hold placeholders. Charts and
    maps (tens of KB of base64 each) stand as a digest: their content is tested in
    tests/test_graphics.py, and a change still shows here."""
    html = re.sub(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", _svg_digest, html)
    for root, label in ((example_library(), "LIBRARY"), (styles_dir(), "STYLES"),
                        (templates_dir(), "TEMPLATES")):
        html = html.replace(root.resolve().as_uri(), f"file://{{{label}}}")
    return html


def _check(name: str, html: str, update: bool) -> None:
    path = GOLDEN / name
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
        return
    assert path.exists(), f"no golden file {path}; run pytest --update-golden"
    expected = path.read_text(encoding="utf-8")
    if html != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), html.splitlines(True),
                                            str(path), "rendered", n=2))
        pytest.fail(f"rendered HTML differs from {path} (run --update-golden if intended):\n"
                    + diff[:4000])


@pytest.fixture(scope="module")
def library():
    return load_library(example_library(), today=TODAY)


@pytest.fixture
def update(request) -> bool:
    return bool(request.config.getoption("--update-golden"))


def _policy(library) -> AssetPolicy:
    brand = load_brand("default")
    return AssetPolicy(roots=[templates_dir(), brand.folder, library.root])


@pytest.mark.parametrize("slug", CASES)
def test_case_study_html(library, slug, update):
    brand = load_brand("default")
    doctype = get_doctype("case-study")
    context = project_context(doctype, library.get(slug), brand=brand, policy=_policy(library),
                              today=TODAY)
    _check(f"case-study/{slug}.html", _portable(render_html(doctype, context).html), update)


def test_capability_statement_html(library, update):
    brand = load_brand("default")
    doctype = get_doctype("capability-statement")
    spec = load_spec(example_library().parent / "specs" / "governance-asia.yml")
    projects = library.select(spec.selection)
    context = portfolio_context(doctype, projects, brand=brand, policy=_policy(library),
                                spec=spec, today=TODAY)
    _check("capability-statement/governance-asia.html",
           _portable(render_html(doctype, context).html), update)
