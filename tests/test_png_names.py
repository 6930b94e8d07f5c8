"""Page previews: `OUT/<doctype>/<name>-<page>.png`, page numbers zero-padded to one width when a
document has ten pages or more (so the files sort in page order); pages of an earlier version
are removed, whatever their width; a --dpi out of range is a usage error before any rendering."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from cliutil import cli
from donorkit.writers import png

MINI = Path(__file__).parent / "fixtures" / "library" / "mini"


def test_page_file_names():
    assert png.page_file_names("cs", 3) == ["cs-1.png", "cs-2.png", "cs-3.png"]
    twelve = png.page_file_names("cs", 12)
    assert twelve[0] == "cs-01.png" and twelve[-1] == "cs-12.png"
    assert twelve == sorted(twelve)


@pytest.fixture
def pages(monkeypatch):
    """write_png_pages with the PDF and its drawing stubbed: N pages of fake bytes."""
    count = {"n": 0}
    monkeypatch.setattr(png, "write_pdf", lambda *a, **k: None)
    monkeypatch.setattr(png, "render_pages", lambda pdf, dpi: [b"png"] * count["n"])

    def write(folder: Path, n: int) -> list[str]:
        count["n"] = n
        doc = SimpleNamespace(name="statement")
        return [p.name for p in png.write_png_pages(doc, folder, brand=None, policy=None)]

    return write


def test_ten_pages_or_more_are_zero_padded_and_old_pages_go(pages, tmp_path):
    assert pages(tmp_path, 3) == ["statement-1.png", "statement-2.png", "statement-3.png"]
    (tmp_path / "statement-2-notes.png").write_bytes(b"not a page of this document")
    written = pages(tmp_path, 12)
    assert written[:2] == ["statement-01.png", "statement-02.png"]
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted([*written, "statement-2-notes.png"])  # no unpadded page 1-3 left
    assert pages(tmp_path, 2) == ["statement-1.png", "statement-2.png"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "statement-1.png", "statement-2-notes.png", "statement-2.png"]


def test_dpi_out_of_range_is_a_usage_error(tmp_path):
    result = cli("export", "case-study", "-l", MINI, "-f", "png", "--dpi", "10", "-o", tmp_path,
                 code=2)
    assert "10 is not between 20 and 600" in " ".join(result.stderr.split())
    assert not any(tmp_path.rglob("*.png"))
