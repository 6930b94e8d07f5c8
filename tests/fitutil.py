"""The fit fixture (tests/fixtures/library/fit/) lengthened by results, so that, laid out
plainly, its closing band lands alone on a last page (test_fit.py, test_docx_layout.py)."""

from __future__ import annotations

from pathlib import Path

FIXTURE = next((Path(__file__).parent / "fixtures" / "library" / "fit").glob("*.md"))
RESULT = "* Outcome {k}: landings recorded by committees rose in the district.\n"


def lengthened(tmp_path: Path, results: int) -> Path:
    """A library folder under *tmp_path* holding the fixture page with *results* more results."""
    folder = tmp_path / "library"
    folder.mkdir()
    body = FIXTURE.read_text(encoding="utf-8")
    body += "".join(RESULT.format(k=k) for k in range(1, results + 1))
    (folder / FIXTURE.name).write_text(body, encoding="utf-8")
    return folder
