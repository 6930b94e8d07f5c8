"""A spec's `projects` list and a selection (review item 2): the list is the document's projects
and cannot be combined with a selection, in the CLI, the API and a batch; its misspelt slugs are
reported every time, never dropped because a selection replaced the list."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from cliutil import cli
from donorkit.batching import Planner, load_manifest
from donorkit.errors import ProjectNotFound, SelectionError, SpecError
from donorkit.exporting import select_for
from donorkit.library import Selection, load_library
from donorkit.spec import Spec, load_spec

PAGES = [("kenya-water", "Kenya", "Sub-Saharan Africa"),
         ("ghana-schools", "Ghana", "Sub-Saharan Africa"),
         ("indonesia-jalin", "Indonesia", "Asia and the Pacific"),
         ("nepal-roads", "Nepal", "Asia and the Pacific")]


@pytest.fixture
def folder(tmp_path: Path, write_page) -> Path:
    for slug, country, region in PAGES:
        write_page(f"title: {country}—{slug}\nsummary: Summary of {slug}.\nclient: World Bank\n"
                   f"country: {country}\nregions: {region}\nstart: 2015\nend: 2020",
                   name=f"projects/{slug}.md")
    (tmp_path / "good.yml").write_text(
        "title: Two picked\nprojects:\n  - nepal-roads\n  - kenya-water\n", encoding="utf-8")
    (tmp_path / "bad.yml").write_text(
        "title: One misspelt\nprojects:\n  - indonesia-jaln\n", encoding="utf-8")
    return tmp_path


def test_the_list_alone_is_the_document_in_its_order(folder):
    lib = load_library(folder / "projects")
    spec = load_spec(folder / "good.yml")
    assert [p.slug for p in select_for(lib, None, spec)] == ["nepal-roads", "kenya-water"]
    # include_drafts chooses nothing: given with a list it is no conflict
    assert len(select_for(lib, Selection(include_drafts=True), spec)) == 2


def test_a_selection_given_with_the_list_is_refused_naming_both(folder):
    lib = load_library(folder / "projects")
    spec = load_spec(folder / "good.yml")
    with pytest.raises(SpecError) as info:
        select_for(lib, Selection(region=["Sub-Saharan Africa"]), spec)
    text = str(info.value)
    assert f"{folder / 'good.yml'}:2: error: projects: the spec lists its projects (2 under " \
           "`projects`), so a selection given with it (region=['Sub-Saharan Africa']" in text
    assert "leave the selection out" in text


def test_the_list_s_misspelt_slugs_are_reported_with_a_selection_too(folder):
    lib = load_library(folder / "projects")
    spec = load_spec(folder / "bad.yml")
    for selection in (None, Selection(country=["Indonesia"])):
        with pytest.raises(SpecError) as info:
            select_for(lib, selection, spec)
        assert (f"{folder / 'bad.yml'}:3: error: projects.0: no project with slug "
                "'indonesia-jaln'; did you mean 'indonesia-jalin'?") in info.value.problems
    assert len(info.value.problems) == 2  # the slug and the selection, together, top to bottom
    assert ":2: error: projects: the spec lists" in info.value.problems[0]


def test_a_spec_with_both_projects_and_selection_is_refused(folder):
    both = folder / "both.yml"
    both.write_text("projects: [kenya-water]\nselection:\n  region: Asia and the Pacific\n",
                    encoding="utf-8")
    with pytest.raises(SpecError, match=r"both.yml:2: error: selection: the spec lists its "
                                        r"projects .* keep one"):
        select_for(load_library(folder / "projects"), None, load_spec(both))


def test_a_spec_made_in_code_says_the_same(folder):
    lib = load_library(folder / "projects")
    with pytest.raises(SelectionError, match="projects: the spec lists its projects"):
        select_for(lib, Selection(country=["Kenya"]), Spec(projects=["kenya-water"]))
    with pytest.raises(ProjectNotFound, match="did you mean 'indonesia-jalin'"):
        select_for(lib, None, Spec(projects=["indonesia-jaln"]))


def test_cli_refuses_a_selection_option_with_a_listed_spec(folder):
    lib = folder / "projects"
    args = ("context", "capability-statement", "-l", lib, "--spec", folder / "good.yml")
    listed = json.loads(cli(*args).stdout)
    assert [p["slug"] for p in listed["projects"]] == ["nepal-roads", "kenya-water"]
    result = cli(*args, "--region", "Sub-Saharan Africa", code=1)
    assert "projects: the spec lists its projects" in result.stderr
    assert "Traceback" not in result.stderr


def test_batch_job_with_select_and_a_listed_spec_fails_with_the_slug(folder):
    manifest = folder / "batch.yml"
    manifest.write_text(textwrap.dedent("""\
        defaults: {library: projects/, formats: [html]}
        jobs:
          - doctype: case-study
            select: {country: [Kenya]}
          - doctype: capability-statement
            select: {region: [Asia and the Pacific]}
            spec: bad.yml
        """), encoding="utf-8")
    tasks, failures = Planner(load_manifest(manifest), folder, source=manifest).plan()
    assert [t.key for t in tasks] == ["case-study/kenya-water"]  # the other job goes on
    [failure] = failures
    assert "no project with slug 'indonesia-jaln'; did you mean 'indonesia-jalin'?" \
        in failure.error
    assert "a batch job's `select`" in failure.error


def test_include_drafts_alone_widens_the_spec_s_selection(folder, write_page):
    write_page("title: Kenya—draft\nsummary: s\nclient: World Bank\ncountry: Kenya\n"
               "regions: Sub-Saharan Africa\nstart: 2015\nend: 2020\npublished: false",
               name="projects/kenya-draft.md")
    lib = load_library(folder / "projects")
    spec = Spec(selection=Selection(country=["Kenya"]))
    assert [p.slug for p in select_for(lib, None, spec)] == ["kenya-water"]
    assert sorted(p.slug for p in select_for(lib, Selection(include_drafts=True), spec)) == [
        "kenya-draft", "kenya-water"]
    assert len(select_for(lib, Selection(include_drafts=True), None)) == 5
