"""PNGs of charts and maps for Word are drawn once and kept (graphics/raster.py): in the process
and in the cache folder, by the SVG's content; never with the cache off."""

from __future__ import annotations

import pytest

from donorkit.brand import load_brand
from donorkit.graphics import maps, raster
from donorkit.graphics.style import look_for


@pytest.fixture
def svg():
    look = look_for(load_brand("default"))
    return maps.country_map({"KE": 1}, look, width=240, aspect=1.25, min_width=380,
                            legend=False).encode()


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("DONORKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("DONORKIT_NO_CACHE", raising=False)
    monkeypatch.setattr(raster, "_DRAWN", {})
    return tmp_path / "cache" / "rasters"


def test_drawn_once_then_read_back(svg, cache, monkeypatch):
    png = raster.to_png(svg)
    assert png.startswith(b"\x89PNG")
    assert [p.read_bytes() for p in cache.rglob("*.png")] == [png]
    monkeypatch.setattr(raster, "_DRAWN", {})  # a new process: from the cache folder

    def no_drawing(*args):
        raise AssertionError("drawn again")

    monkeypatch.setattr(raster, "_draw", no_drawing)
    assert raster.to_png(svg) == png
    other = svg.replace(b"<svg ", b'<svg class="other" ', 1)
    with pytest.raises(AssertionError, match="drawn again"):
        raster.to_png(other)  # another picture is another entry


def test_nothing_kept_with_the_cache_off(svg, cache, monkeypatch):
    monkeypatch.setenv("DONORKIT_NO_CACHE", "1")
    assert raster.to_png(svg).startswith(b"\x89PNG")
    assert not cache.exists()
