"""Less noise: Jekyll's keys are not stray, image warnings only for images a document shows (once
each), and a Jekyll site root given as the library points at its collection."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import donorkit
from donorkit.cli import app
from donorkit.errors import LibraryError

JEKYLL_PAGE = """---
layout: project
permalink: /projects/kenya-water/
redirect_from: [/old/kenya-water/]
tags: [water]
categories: [africa]
excerpt: Short.
published: true
title: Kenya—Water Governance
summary: Counties took over rural water.
client: World Bank
country: Kenya
start: 2015
end: 2019
---

### Overview

The overview shows ![a map](missing-map.png) inline.

### Results

* Tariffs were published ![chart](missing-chart.png) in 12 counties.
* A second result with the same chart ![chart](missing-chart.png).
* A third result ![late](missing-late.png).
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "_projects").mkdir(parents=True)
    (root / "_layouts").mkdir()
    (root / "_layouts" / "default.md").write_text("not a project\n")
    (root / "_config.yml").write_text("title: site\n")
    (root / "_projects" / "kenya-water.md").write_text(JEKYLL_PAGE)
    return root


def test_jekyll_keys_are_not_stray(site):
    report = donorkit.check_library(site / "_projects", strict=True)
    assert not [d for d in report.warnings if "stray" in d.message], report.warnings
    assert report.ok


def test_site_root_points_at_the_collection(site):
    with pytest.raises(LibraryError, match=r"0 project pages found in .*site; did you mean "
                                           r".*site/_projects\?"):
        donorkit.load_library(site)
    result = CliRunner().invoke(app, ["check", "-l", str(site)])
    assert result.exit_code == 1
    assert "did you mean" in result.stderr and "_projects" in result.stderr


def _warnings(site: Path, tmp_path: Path, profile: str, max_results: int = 1) -> list[str]:
    spec = donorkit.Spec(profile=profile, max_results=max_results)
    (result,) = donorkit.export("capability-statement", library=site / "_projects", spec=spec,
                                formats=["html"], out=tmp_path / "out")
    assert result.ok, result.error
    return result.warnings


def test_short_profile_warns_only_about_images_it_shows(site, tmp_path):
    warnings = _warnings(site, tmp_path, "short", max_results=2)
    images = [w for w in warnings if "missing-" in w]
    # overview and the third result are not shown; the chart is used twice but warned once
    assert len(images) == 1 and "missing-chart.png" in images[0], warnings


def test_full_profile_warns_about_every_image_once(site, tmp_path):
    images = [w for w in _warnings(site, tmp_path, "full") if "missing-" in w]
    assert sorted(w.split("missing-")[1].split(".")[0] for w in images) == ["chart", "late", "map"]
