"""Choosing projects: `projects facets`, what an empty selection says was close, slugs that are
misspelt or whose page failed to load, and client counts that ignore case and spacing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import donorkit
from donorkit.cli import app
from donorkit.errors import PageNotLoaded, ProjectNotFound, SelectionError
from donorkit.library import load_library
from donorkit.library.inventory import facets
from donorkit.library.nearby import explain_empty

FIXTURES = Path(__file__).parent / "fixtures" / "library"
MINI = FIXTURES / "mini"


def page(folder: Path, name: str, **fields: object) -> None:
    front = "\n".join(f"{k}: {json.dumps(v)}" for k, v in fields.items())
    (folder / f"{name}.md").write_text(f"---\n{front}\n---\nBody text.\n", encoding="utf-8")


@pytest.fixture
def spelled(tmp_path: Path) -> Path:
    """Three pages that spell one client three ways, and two regions that hold 'Africa'."""
    lib = tmp_path / "lib"
    lib.mkdir()
    page(lib, "a", title="A—One", summary="s", client="Multinational corporation",
         regions="Sub-Saharan Africa", country="Kenya", solutions="Governance", start=2019,
         end=2021)
    page(lib, "b", title="B—Two", summary="s", client="Multinational Corporation",
         regions="Middle East and North Africa", country="Jordan", solutions="Governance",
         start=2020, end=2020)
    page(lib, "c", title="C—Three", summary="s", client="Multinational  corporation ",
         regions="Sub-Saharan Africa", country="Ghana", solutions="Health", start=2021, end=2022)
    return lib


@pytest.fixture
def run(monkeypatch, tmp_path):
    monkeypatch.delenv("DONORKIT_LIBRARY", raising=False)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def invoke(*args: str | Path, code: int = 0):
        result = runner.invoke(app, [str(a) for a in args])
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        assert result.exit_code == code, (result.stdout, result.stderr)
        return result

    return invoke


def test_client_spellings_are_one_client(spelled):
    found = facets(load_library(spelled))
    assert [(f.name, f.count) for f in found.clients] == [("Multinational corporation", 3)]


def test_facets_count_years_a_project_is_active(spelled):
    years = {f.name: f.count for f in facets(load_library(spelled)).years}
    assert years == {"2019": 1, "2020": 2, "2021": 2, "2022": 1}


def test_glance_counts_one_client_for_three_spellings(spelled):
    from donorkit.context import glance_for

    glance = glance_for(load_library(spelled).projects, year=2024)
    assert glance.clients == 1
    assert [(c.name, c.count) for c in glance.by_client] == [("Multinational corporation", 3)]


def test_facets_json_has_the_documented_shape(run):
    data = json.loads(run("projects", "facets", "--json", "-l", MINI).stdout)
    assert set(data) >= {"countries", "regions", "solutions", "clients", "years"}
    regions = {r["name"]: r["count"] for r in data["regions"]}
    assert regions["Africa"] == 3  # the draft in the mini library is left out
    assert {"name": "Kenya", "count": 2} in data["countries"]


def test_facets_follow_the_selection(run):
    data = json.loads(run("projects", "facets", "--json", "--country", "Kenya", "-l",
                          MINI).stdout)
    assert [c["name"] for c in data["countries"]][:1] == ["Kenya"]
    assert all(r["name"] == "Africa" for r in data["regions"])


def test_facets_text_lists_counts_and_names(run):
    text = run("projects", "facets", "-l", MINI).stdout
    assert "Regions" in text and "Clients" in text and "Years" in text
    assert any(line.split() == ["3", "Africa"] for line in text.splitlines())


def test_facets_api_is_public():
    lib = donorkit.load_library(MINI)
    found = donorkit.facets(lib, donorkit.Selection(country=["Kenya"]))
    assert found.projects == 2


def test_region_suggests_regions_that_contain_the_word(spelled):
    message = explain_empty(load_library(spelled).projects,
                            donorkit.Selection(region=["Africa"]))
    assert "no region 'Africa'; did you mean" in message
    assert "'Sub-Saharan Africa'" in message and "'Middle East and North Africa'" in message


@pytest.mark.parametrize(("field", "typed", "meant"), [
    ("country", "Kenia", "Kenya"), ("solution", "Govern", "Governance"),
    ("client", "Multinatonal", "Multinational corporation"),
])
def test_misspelt_values_say_what_was_close(spelled, field, typed, meant):
    lib = load_library(spelled)
    with pytest.raises(SelectionError) as caught:
        donorkit.export("case-study", library=lib,
                        selection=donorkit.Selection(**{field: [typed]}), formats=["html"])
    assert f"no {field} {typed!r}; did you mean {meant!r}" in str(caught.value)


def test_filters_that_exclude_each_other_are_named(spelled):
    message = explain_empty(load_library(spelled).projects,
                            donorkit.Selection(country=["Jordan"], solution=["Health"]))
    assert "no project matches all of them" in message
    assert "country 'Jordan' (1)" in message and "solution 'Health' (1)" in message


def test_years_outside_the_library_say_its_span(spelled):
    message = explain_empty(load_library(spelled).projects, donorkit.Selection(since=2030))
    assert "no project active in or after 2030 (the projects run 2019–2022)" in message


def test_empty_list_prints_the_hint(run, spelled):
    # a value no project has is an error (review item 9), with the hint, and no empty table
    result = run("projects", "list", "--region", "Africa", "-l", spelled, code=1)
    assert "did you mean 'Sub-Saharan Africa'" in result.stderr


def test_readme_slug_exists_and_misspelt_slug_is_found_by_its_words():
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    lib = donorkit.load_library(Path(__file__).parents[1] / "examples" / "library")
    slugs = {p.slug for p in lib}
    for line in readme.splitlines():
        found = re.search(r"donorkit export case-study ([a-z0-9][a-z0-9-]*)", line)
        if found:
            assert found.group(1) in slugs, line
    with pytest.raises(ProjectNotFound, match="did you mean "
                       "'kenya-county-health-financing-support-chfs'"):
        lib.get("kenya-chfs")


def test_page_that_failed_to_load_says_so_when_asked_for(run):
    lib = load_library(FIXTURES / "broken")
    with pytest.raises(PageNotLoaded, match="failed to load") as caught:
        lib.select(donorkit.Selection(slug=["beta-broken-page"]))
    assert "beta-broken-page.md:4" in str(caught.value)
    with pytest.raises(PageNotLoaded):
        lib.get("beta-broken-page")
    result = run("export", "case-study", "beta-broken-page", "-l", FIXTURES / "broken",
                 "-f", "html", code=1)
    assert "failed to load" in result.stderr and "no project with slug" not in result.stderr


def test_list_never_breaks_a_slug_at_80_columns(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    text = run("projects", "list", "-l", MINI).stdout
    lib = load_library(MINI)
    lines = [line.strip("│ ") for line in text.splitlines()]
    for p in lib.select():
        assert any(p.slug in line for line in lines), p.slug
