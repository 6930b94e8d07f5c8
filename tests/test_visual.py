"""Visual regression: example documents rendered to PNG pages and compared with the reference
pages in tests/visual/, so every change of layout is a deliberate one.

After an intended change, run ``pytest tests/test_visual.py --update-visual``, look at the new
pages (they are small PNGs), and commit them with the change. Pages are drawn at a low resolution
(:data:`DPI`) and compared by the share of pixels that differ clearly, which tolerates
anti-aliasing and font hinting but not a moved paragraph, a new page or a lost picture.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from donorkit.exporting import ExportOptions, export
from donorkit.library import Selection, load_library
from donorkit.resources import example_library
from donorkit.spec import load_spec

REFERENCE = Path(__file__).parent / "visual"
SPEC = Path(__file__).parents[1] / "examples" / "specs" / "governance-asia.yml"
TODAY = date(2026, 1, 15)
DPI = 36
#: A pixel "differs" when a channel moves by more than this (0-255) ...
PIXEL_DELTA = 48
#: ... and a page fails when more than this share of its pixels differ.
PAGE_SHARE = 0.004

CASES = [
    ("case-study", "bangladesh-coastal-climate-resilient-agriculture-project-ccrap", "default"),
    ("case-study", "kenya-county-health-financing-support-chfs", "harbour"),
    ("capability-statement", "governance-asia", "default"),
]


def differing_share(a: Image.Image, b: Image.Image) -> float:
    if a.size != b.size:
        return 1.0
    diff = ImageChops.difference(a.convert("RGB"), b.convert("RGB")).convert("L")
    counts = diff.histogram()
    return sum(counts[PIXEL_DELTA + 1:]) / (a.width * a.height)


@pytest.fixture(scope="module")
def library():
    return load_library(example_library(), today=TODAY)


@pytest.mark.parametrize(("doctype", "name", "brand"), CASES,
                         ids=[f"{d}-{n[:20]}-{b}" for d, n, b in CASES])
def test_pages_match_reference(doctype, name, brand, library, tmp_path, request):
    options = ExportOptions(formats=("png",), out=tmp_path, today=TODAY, dpi=DPI, brand=brand)
    if doctype == "case-study":
        [result] = export(doctype, library=library, selection=Selection(slug=[name]),
                          options=options)
    else:
        [result] = export(doctype, library=library, spec=load_spec(SPEC), name=name,
                          options=options)
    assert result.ok, result.error
    folder = REFERENCE / brand / doctype
    if request.config.getoption("--update-visual"):
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob(f"{name}-*.png"):
            old.unlink()
        for page in result.files:
            (folder / page.name).write_bytes(page.read_bytes())
        return
    expected = sorted(folder.glob(f"{name}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    assert expected, f"no reference pages in {folder}; run pytest --update-visual"
    assert len(result.files) == len(expected), (
        f"{name}: {len(result.files)} pages, the reference has {len(expected)}")
    for got, want in zip(result.files, expected, strict=True):
        with Image.open(got) as a, Image.open(io.BytesIO(want.read_bytes())) as b:
            share = differing_share(a, b)
        assert share <= PAGE_SHARE, (
            f"{got.name} differs from {want} in {share:.1%} of its pixels "
            "(run pytest tests/test_visual.py --update-visual if the change is intended)")


def test_a_moved_block_is_caught():
    """The tolerance lets anti-aliasing through, not a paragraph moved by a line."""
    page = Image.new("RGB", (300, 420), "white")
    moved = page.copy()
    for y in range(100, 108):
        for x in range(40, 260):
            page.putpixel((x, y), (30, 30, 30))
            moved.putpixel((x, y + 10), (30, 30, 30))
    assert differing_share(page, moved) > PAGE_SHARE
    assert differing_share(page, page.copy()) == 0
