"""The CLI over the library stage: `donorkit check`, `donorkit projects list|show`, --help, and
how the library folder is chosen."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from donorkit import __version__
from donorkit.checking import check_library
from donorkit.cli import app
from donorkit.resources import example_library

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "library" / "mini"
BROKEN = FIXTURES / "library" / "broken"
LINE = re.compile(r"^(?P<path>[^:]+):(?:(?P<line>\d+):)? (?P<severity>error|warning): "
                  r"(?:(?P<field>[\w.]+): )?(?P<message>.+)$")


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Every test runs in an empty folder with no DONORKIT_LIBRARY, so nothing leaks in."""
    monkeypatch.delenv("DONORKIT_LIBRARY", raising=False)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args: str | Path, code: int | None = 0):
        result = runner.invoke(app, [str(a) for a in args])
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        if code is not None:
            assert result.exit_code == code, (result.stdout, result.stderr)
        return result

    return invoke


@pytest.fixture
def mixed(tmp_path) -> Path:
    """A library with one error (line 2, title) and one warning (line 5, country)."""
    lib = tmp_path / "mixed"
    lib.mkdir()
    (lib / "bad-title.md").write_text(
        "---\ntitle: [not, text]\nsummary: s\nclient: World Bank\n---\nBody.\n")
    (lib / "misspelt.md").write_text(
        "---\ntitle: Kenya—Fine\nsummary: s\nclient: World Bank\ncountry: Keyna\n---\nBody.\n")
    return lib


@pytest.fixture
def warnings_only(tmp_path) -> Path:
    lib = tmp_path / "warnings"
    lib.mkdir()
    (lib / "stray.md").write_text(
        "---\ntitle: Kenya—Stray\nsummary: s\nclient: World Bank\nposted: 2016\n---\nBody.\n")
    return lib


# -- check -----------------------------------------------------------------------------------------


def test_check_clean_library_exits_0_and_prints_nothing(run):
    result = run("check", "--library", MINI)
    assert result.stdout == ""
    assert "7 projects (1 draft, left out unless --include-drafts), 0 errors, 0 warnings" \
        in result.stderr


def test_check_strict_on_a_clean_library_exits_0(run):
    run("check", "-l", MINI, "--strict")


def test_check_output_format(run, mixed, isolated, monkeypatch):
    monkeypatch.chdir(mixed.parent)
    result = run("check", "-l", "mixed", code=1)
    lines = result.stdout.splitlines()
    assert lines == [
        "mixed/bad-title.md:2: error: title: expected text, got list",
        "mixed/misspelt.md:5: warning: country: unknown country 'Keyna'; did you mean 'Kenya'?",
    ]
    for line in lines:
        assert LINE.match(line), line
    assert "1 project, 1 error, 1 warning" in result.stderr


def test_check_errors_exit_1_and_name_the_broken_file(run):
    result = run("check", "-l", BROKEN, code=1)
    (line,) = result.stdout.splitlines()
    match = LINE.match(line)
    assert match, line
    assert match["path"].endswith("beta-broken-page.md")
    assert match["severity"] == "error"
    assert match["line"] in ("3", "4")


def test_check_warnings_exit_0_but_1_under_strict(run, warnings_only):
    result = run("check", "-l", warnings_only)
    assert result.stdout.strip().endswith("posted: stray key 'posted' (not a donorkit field); "
                                          "kept in extra")
    assert ":5: warning: posted:" in result.stdout
    run("check", "-l", warnings_only, "--strict", code=1)


def test_check_json_shape(run, mixed):
    result = run("check", "-l", mixed, "--json", code=1)
    data = json.loads(result.stdout)
    assert set(data) == {"projects", "errors", "warnings"}
    assert data["projects"] == 1
    (error,) = data["errors"]
    (warning,) = data["warnings"]
    assert set(error) == set(warning) == {"file", "line", "field", "message"}
    assert error["file"].endswith("bad-title.md")
    assert (error["line"], error["field"]) == (2, "title")
    assert error["message"] == "expected text, got list"
    assert (warning["line"], warning["field"]) == (5, "country")
    assert "did you mean 'Kenya'" in warning["message"]


def test_check_json_clean(run):
    data = json.loads(run("check", "-l", MINI, "--json").stdout)
    assert data == {"projects": 7, "errors": [], "warnings": []}


def test_check_json_strict_with_warnings_exits_1(run, warnings_only):
    data = json.loads(run("check", "-l", warnings_only, "--json", "--strict", code=1).stdout)
    assert data["errors"] == []
    assert len(data["warnings"]) == 1


def test_check_with_a_selection_reports_only_those_projects_and_failed_files(mixed):
    report = check_library(BROKEN)
    assert report.projects == 2 and len(report.errors) == 1 and not report.ok
    from donorkit.library import Selection

    # (a country no page has is now an error of its own: select by years, which the page lacks)
    report = check_library(mixed, Selection(since=2000))
    assert report.projects == 0
    assert [d.field for d in report.errors] == ["title"]  # the file that failed still counts
    assert report.warnings == []  # the misspelt page was not selected


def test_check_reports_problems_in_bodies(tmp_path):
    (tmp_path / "empty-body.md").write_text("---\ntitle: T\nsummary: s\nclient: W\n---\n\n")
    report = check_library(tmp_path)
    (warning,) = report.warnings
    assert (warning.field, warning.message) == ("body", "the body is empty")


def test_missing_library_is_an_error_without_traceback(run, tmp_path):
    result = run("check", "-l", tmp_path / "nowhere", code=1)
    assert "does not exist" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


# -- projects list / show --------------------------------------------------------------------------


def test_projects_list_json(run):
    data = json.loads(run("projects", "list", "-l", MINI, "--json").stdout)
    assert len(data) == 6  # the draft is left out
    kenya = next(p for p in data if p["slug"] == "kenya-county-water-governance-programme-kcwg")
    required = {"slug", "title", "countries", "clients", "regions", "solutions", "start", "end",
                "status"}
    assert required <= set(kenya)
    assert all(required <= set(p) for p in data)
    assert kenya["title"] == "Kenya—County Water Governance Programme (KCWG)"
    assert kenya["countries"] == ["Kenya"]
    assert kenya["clients"] == ["US Agency for International Development"]
    assert kenya["regions"] == ["Africa"]
    assert kenya["solutions"] == ["Governance", "Water and Sanitation"]
    assert (kenya["start"], kenya["end"], kenya["status"]) == (2012, 2017, "completed")


def test_projects_list_json_with_selection_options(run):
    def listed(*options: str) -> list[str]:
        out = run("projects", "list", "-l", MINI, "--json", *options).stdout
        return [p["slug"] for p in json.loads(out)]

    assert listed("--country", "KE", "--country", "Peru", "--sort", "title") == [
        "east-africa-trade-corridors-facility-eatc",
        "kenya-county-water-governance-programme-kcwg",
        "peru-andean-rural-sanitation-project-arsp",
    ]
    assert listed("--status", "ongoing", "--region", "Africa") == [
        "east-africa-trade-corridors-facility-eatc"]
    assert listed("--client", "World Bank", "--until", "2005") == [
        "peru-andean-rural-sanitation-project-arsp"]
    assert listed("--since", "2018", "--solution", "governance", "--limit", "1") == [
        "global-evidence-for-public-finance-facility-epf"]
    assert listed("--slug", "peru-andean-rural-sanitation-project-arsp",
                  "--slug", "regional-sahel-livelihoods-programme-slp") == [
        "peru-andean-rural-sanitation-project-arsp", "regional-sahel-livelihoods-programme-slp"]
    assert listed("-q", "irrigation") == [
        "regional-sahel-livelihoods-programme-slp", "peru-andean-rural-sanitation-project-arsp"]
    assert "nepal-district-health-budgets-dhb" in listed("--include-drafts")
    assert "nepal-district-health-budgets-dhb" not in listed()


def test_projects_list_bad_option_values(run):
    result = run("projects", "list", "-l", MINI, "--status", "paused", code=2)
    assert "paused" in result.stderr
    run("projects", "list", "-l", MINI, "--limit", "0", code=2)
    result = run("projects", "list", "-l", MINI, "--since", "2020", "--until", "2010", code=1)
    assert "before" in result.stderr


def test_projects_list_table(run):
    result = run("projects", "list", "-l", MINI)
    assert "6 of 7 projects (all projects)" in result.stdout
    assert "2012–2017" in result.stdout  # columns fold at the runner's width; the period does not
    assert "completed" in result.stdout and "ongoing" in result.stdout


def test_projects_show_json_includes_the_body(run):
    slug = "kenya-county-water-governance-programme-kcwg"
    data = json.loads(run("projects", "show", slug, "-l", MINI, "--json").stdout)
    assert data["slug"] == slug
    assert (data["place"], data["name"]) == ("Kenya", "County Water Governance Programme (KCWG)")
    assert data["countries"][0]["iso"] == "KE"
    body = data["body"]
    assert [s["key"] for s in body["sections"]] == ["overview", "activities", "results"]
    assert body["activities"]["items"] == ["Draft county water acts and tariff guidelines.",
                                           "Train water user associations in bookkeeping."]
    assert body["results"]["title"] == "Select Results"
    assert data["summary_html"].startswith("KCWG helped six county governments")


def test_projects_show_a_draft(run):
    data = json.loads(run("projects", "show", "nepal-district-health-budgets-dhb", "-l", MINI,
                          "--json").stdout)
    assert data["draft"] is True


def test_projects_show_unknown_slug(run):
    result = run("projects", "show", "kenya-county-water-governance-programme-kcw", "-l", MINI,
                 code=1)
    assert "no project with slug" in result.stderr
    assert "did you mean 'kenya-county-water-governance-programme-kcwg'" in result.stderr


# -- version and help ------------------------------------------------------------------------------


def test_version_in_a_real_subprocess(isolated):
    done = subprocess.run([sys.executable, "-m", "donorkit", "--version"], capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"donorkit {__version__}"


def test_version_option(run):
    assert run("--version").stdout.strip() == f"donorkit {__version__}"


def _walk(command, path: tuple[str, ...] = ()):
    """Every command and group under *command* (Typer vendors its own click, so duck-type)."""
    yield path, command
    if getattr(command, "commands", None):
        for name, sub in command.commands.items():
            yield from _walk(sub, (*path, name))


COMMANDS = list(_walk(typer.main.get_command(app)))


def test_the_library_commands_are_registered():
    paths = {" ".join(path) for path, _ in COMMANDS}
    assert {"", "check", "projects", "projects list", "projects show"} <= paths


@pytest.mark.parametrize(("path", "command"), COMMANDS,
                         ids=[" ".join(p) or "donorkit" for p, _ in COMMANDS])
def test_every_command_has_help_text(run, path, command):
    assert (command.help or "").strip(), f"{' '.join(path) or 'donorkit'} has no help text"
    result = run(*path, "--help")
    assert "Usage:" in result.stdout
    first_line = command.help.strip().splitlines()[0]
    assert first_line[:40] in " ".join(result.stdout.split())


def test_shell_completion_is_offered(run):
    text = run("--help").stdout
    assert "--install-completion" in text and "--show-completion" in text


def test_selection_options_are_in_the_help(run):
    text = run("projects", "list", "--help").stdout
    for option in ("--country", "--region", "--solution", "--client", "--since", "--until",
                   "--status", "--query", "--slug", "--include-drafts", "--sort", "--limit",
                   "--library"):
        assert option in text


# -- choosing the library --------------------------------------------------------------------------


def _listed(run, *args: str | Path) -> set[str]:
    return {p["slug"] for p in json.loads(run("projects", "list", "--json", *args).stdout)}


MINI_SLUGS = {
    "kenya-county-water-governance-programme-kcwg", "east-africa-trade-corridors-facility-eatc",
    "regional-sahel-livelihoods-programme-slp", "myanmar-township-planning-support-tps",
    "global-evidence-for-public-finance-facility-epf", "peru-andean-rural-sanitation-project-arsp",
}
BROKEN_SLUGS = {"alpha-good-page", "gamma-good-page"}


def _projects_folder(work: Path) -> None:
    (work / "projects").mkdir()
    (work / "projects" / "local-only.md").write_text(
        "---\ntitle: Local—Only\nsummary: s\nclient: W\n---\nBody.\n")


def test_option_beats_environment(run, monkeypatch):
    monkeypatch.setenv("DONORKIT_LIBRARY", str(BROKEN))
    assert _listed(run, "--library", MINI) == MINI_SLUGS


def test_environment_beats_config_and_projects_folder(run, monkeypatch, isolated):
    (isolated / "donorkit.toml").write_text(f'library = "{MINI.as_posix()}"\n')
    _projects_folder(isolated)
    monkeypatch.setenv("DONORKIT_LIBRARY", str(BROKEN))
    assert _listed(run) == BROKEN_SLUGS


def test_config_beats_projects_folder(run, isolated):
    (isolated / "donorkit.toml").write_text(f'library = "{MINI.as_posix()}"\n')
    _projects_folder(isolated)
    assert _listed(run) == MINI_SLUGS


def test_config_library_is_relative_to_the_config_file(run, isolated):
    (isolated / "libs").mkdir()
    (isolated / "libs" / "one.md").write_text("---\ntitle: One\nsummary: s\nclient: W\n---\nB.\n")
    (isolated / "donorkit.toml").write_text('library = "libs"\n')
    assert _listed(run) == {"one"}


def test_projects_folder_beats_the_example(run, isolated):
    _projects_folder(isolated)
    result = run("projects", "list")
    assert "local-only" in result.stdout
    assert "bundled example" not in result.stderr


def test_bundled_example_is_the_last_resort_with_a_note(run):
    result = run("projects", "list")
    assert "note:" in result.stderr
    assert "bundled example library" in result.stderr
    assert str(example_library()).replace(" ", "") in "".join(result.stderr.split())
    slugs = _listed(run)
    assert "kenya-county-health-financing-support-chfs" in slugs


def test_bad_config_is_reported(run, isolated):
    (isolated / "donorkit.toml").write_text('libary = "typo"\n')
    result = run("projects", "list", code=1)
    assert "unknown key 'libary'" in result.stderr
