"""A case study never ends on a page holding only its closing matter (related reading and the
About box): writers/fit.py. Checked on a fixture page (tests/fixtures/library/fit/) lengthened by
results until, laid out plainly, its closing band lands alone on a second page, in both brands."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest
from pypdf import PdfReader

from donorkit.exporting import export
from fitutil import lengthened

# (brand, results added, pages once fitted): at these lengths the plain layout leaves the closing
# band alone on page 2; the shorter ones fit one page when tightened, the longer ones cannot and
# must carry their last results to page 2 with the band.
CASES = [("default", 10, 1), ("default", 15, 2), ("harbour", 8, 1), ("harbour", 11, 1)]


def _export(library: Path, out: Path, brand: str) -> list[str]:
    [result] = export("case-study", library=library, formats=["pdf"], out=out, brand=brand)
    assert result.ok, result.error
    return [page.extract_text() for page in PdfReader(result.files[0]).pages]


def _closing_alone(pages: list[str]) -> bool:
    """The last page holds the About box and no text of the page's body."""
    last = pages[-1]
    return len(pages) > 1 and "About " in last and "Outcome" not in last and \
        "Closed seasons" not in last


@pytest.mark.parametrize(("brand", "results", "fitted_pages"), CASES)
def test_case_study_never_ends_with_the_about_box_alone(tmp_path, brand, results,
                                                        fitted_pages):
    library = lengthened(tmp_path, results)
    with mock.patch("donorkit.writers.pdf.closing_box_alone", return_value=False):
        plain = _export(library, tmp_path / "plain", brand)
    assert _closing_alone(plain), "the fixture no longer reaches the case it tests"

    fitted = _export(library, tmp_path / "fitted", brand)
    assert not _closing_alone(fitted)
    assert len(fitted) == fitted_pages
    assert "About " in fitted[-1] and "Related reading" in fitted[-1]  # nothing lost
    assert f"Outcome {results}:" in "".join(fitted)


def test_tighter_layout_is_kept_only_when_it_helps():
    from weasyprint import HTML

    from donorkit.writers.fit import TIGHTER, closing_box_alone, improves

    about = '<section class="about" style="break-inside: avoid"><p>About us</p></section>'
    html = HTML(string=f'<html><body><div style="height: 250mm"></div>{about}</body></html>')
    root = html.etree_element
    plain = html.render()
    assert closing_box_alone(plain, root)
    assert not improves(plain, plain, root)  # same pages, still alone: not better
    from weasyprint import CSS

    squeezed = html.render(stylesheets=[CSS(string=TIGHTER + "div { height: 200mm !important }")])
    assert len(squeezed.pages) == 1 and improves(squeezed, plain, root)
