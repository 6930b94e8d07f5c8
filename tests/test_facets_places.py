"""`projects facets`, `donorkit.facets()` and the serve filter list count only real countries
under countries, as the glance and the map do; "Regional", "Worldwide", "Multiple" are listed
apart (a --country selection still takes them)."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import donorkit
from cliutil import cli
from donorkit.context import glance_for

REGIONS = Path(__file__).parent / "fixtures" / "library" / "regions"
LABELS = {"Regional", "Worldwide", "West Africa"}


def test_facets_count_only_countries_as_countries():
    lib = donorkit.load_library(REGIONS)
    found = donorkit.facets(lib)
    countries = {f.name for f in found.countries}
    assert countries == {"Kenya", "Uganda", "Nigeria"}
    assert len(found.countries) == glance_for(lib.projects, year=2024).countries
    assert {f.name: f.count for f in found.other_places}["Regional"] == 2
    assert {f.name for f in found.other_places} == LABELS


def test_multiple_is_not_a_country(tmp_path):
    (tmp_path / "multi.md").write_text(
        "---\ntitle: Multi—Facility\nsummary: s\nstart: 2019\nend: 2020\nclient: EU\n"
        "country: [Multiple, Ghana]\n---\n\nText.\n", encoding="utf-8")
    found = donorkit.facets(donorkit.load_library(tmp_path))
    assert [f.name for f in found.countries] == ["Ghana"]
    assert [f.name for f in found.other_places] == ["Multiple"]


def test_facets_cli_lists_labels_apart_from_countries():
    text = cli("projects", "facets", "-l", REGIONS).stdout
    countries, rest = text.split("Countries (3)", 1)[1].split("Other places, not countries (3)")
    assert not LABELS & {line.split(None, 1)[-1] for line in countries.splitlines() if line}
    assert "Regional" in rest.split("Regions")[0]
    data = json.loads(cli("projects", "facets", "--json", "-l", REGIONS).stdout)
    assert {c["name"] for c in data["countries"]} == {"Kenya", "Uganda", "Nigeria"}
    assert {c["name"] for c in data["other_places"]} == LABELS


def test_serve_country_filter_keeps_labels_out_of_the_countries():
    from donorkit.web import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient
    html = TestClient(create_app(REGIONS, allowed_hosts=("testserver",))).get("/").text
    country = html.split('name="country"', 1)[1].split("</select>", 1)[0]
    countries, labels = country.split('<optgroup label="Not countries">')
    assert "Kenya (2)" in countries and "Regional" not in countries
    assert "Regional (2)" in labels and "Worldwide (1)" in labels
