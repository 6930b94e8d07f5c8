"""Errors as docs/errors-and-logging.md promises: every problem of a spec or donorkit.toml in one
pass with file:line and the offending value, no doubled prefixes, dates that say their format,
typed errors from the API, and API messages that do not only name a command-line flag."""

from __future__ import annotations

from pathlib import Path

import pytest

import donorkit
from cliutil import cli
from donorkit.config import load_config
from donorkit.errors import ProjectNotFound, SelectionError, SpecError
from donorkit.exporting import ExportOptions, settings

MINI = Path(__file__).parent / "fixtures" / "library" / "mini"


@pytest.fixture
def work(tmp_path, monkeypatch):
    monkeypatch.delenv("DONORKIT_LIBRARY", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path



def test_spec_reports_every_problem_with_line_and_value(work):
    spec = work / "bad.yml"
    spec.write_text("title: X\nprofile: long\nsections: [cover, nope]\ncolour: red\n"
                    "max_results: many\n")
    with pytest.raises(SpecError) as caught:
        donorkit.load_spec(spec)
    problems = caught.value.problems
    assert len(problems) == 4
    assert f"{spec}:2: error: profile: 'long' is not one of short, full" in problems
    assert any(p.startswith(f"{spec}:3: error: sections.1: 'nope' is not one of") for p in problems)
    assert any(p.startswith(f"{spec}:4: error: colour: unknown key") for p in problems)
    assert any(p.startswith(f"{spec}:5: error: max_results: 'many'") for p in problems)


def test_cli_prints_each_problem_once_prefixed(work):
    spec = work / "bad.yml"
    spec.write_text("profile: long\ncolour: red\n")
    result = cli("export", "capability-statement", "--spec", spec, "-l", MINI, "-f", "html",
                 code=1)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines[0].startswith(f"{spec}:1: error: profile:")
    assert lines[1].startswith(f"{spec}:2: error: colour:")
    assert "error: " + str(spec) not in result.stderr  # never "error: bad.yml:2: error: ..."
    assert result.stderr.count("error:") == 2


def test_spec_date_says_the_expected_format(work):
    spec = work / "bad.yml"
    spec.write_text("title: X\ndate: 31/03/2025\n")
    with pytest.raises(SpecError, match=r"bad\.yml:2: error: date: '31/03/2025' is not a date; "
                                        r"write it as YYYY-MM-DD"):
        donorkit.load_spec(spec)


def test_impossible_date_in_a_page_says_the_expected_format(tmp_path):
    (tmp_path / "p.md").write_text("---\ntitle: A—B\nsummary: s\nclient: W\ndate: 2024-13-01\n"
                                   "---\nBody.\n")
    lib = donorkit.load_library(tmp_path)
    assert any("write dates as YYYY-MM-DD" in d.message for d in lib.diagnostics)


def test_every_unknown_slug_at_once(work):
    lib = donorkit.load_library(MINI)
    with pytest.raises(ProjectNotFound) as caught:
        lib.select(slug=["kenya-kcwg", "nepal-dhb-typo", "myanmar-township-planning-support-tps"])
    message = str(caught.value)
    assert "'kenya-kcwg'; did you mean 'kenya-county-water-governance-programme-kcwg'" in message
    assert "'nepal-dhb-typo'" in message
    assert caught.value.slugs == ["kenya-kcwg", "nepal-dhb-typo"]


def test_config_reports_every_problem_with_line(work):
    (work / "donorkit.toml").write_text(
        'brand = "default"\nlibary = "projects"\npaper = "A5"\nallow_remote = "yes"\n'
        'formats = ["pdf", "odt"]\n')
    with pytest.raises(SpecError) as caught:
        load_config()
    path = work / "donorkit.toml"
    assert caught.value.problems == [
        f"{path}:2: error: libary: unknown key 'libary'; did you mean 'library'?",
        f"{path}:3: error: paper: 'A5' is not one of A4, Letter",
        f"{path}:4: error: allow_remote: 'yes': expected true or false",
        f"{path}:5: error: formats: 'odt' is not one of pdf, docx, html, png",
    ]


def test_config_syntax_error_has_its_line(work):
    (work / "donorkit.toml").write_text('brand = "default"\nout = \n')
    with pytest.raises(SpecError, match=r"donorkit\.toml:2: error: "):
        load_config()


def test_config_sets_formats_paper_and_language(work):
    (work / "donorkit.toml").write_text('formats = "html"\npaper = "letter"\nlanguage = "fr"\n')
    options = ExportOptions(**settings())
    assert (tuple(options.formats), options.paper, options.language) == (("html",), "Letter",
                                                                         "fr")
    cli("export", "case-study", "kenya-county-water-governance-programme-kcwg", "-l", MINI)
    written = sorted(p.name for p in (work / "out" / "case-study").iterdir())
    assert written == ["kenya-county-water-governance-programme-kcwg.html"]
    html = (work / "out" / "case-study" / written[0]).read_text()
    assert 'lang="fr"' in html


def test_command_line_beats_config(work):
    (work / "donorkit.toml").write_text('formats = "html"\n')
    options = ExportOptions(**settings(formats=["pdf"]))
    assert list(options.formats) == ["pdf"]


def test_api_raises_typed_errors_not_pydantic():
    with pytest.raises(SelectionError, match="unknown key 'colour'; did you mean 'country'"):
        donorkit.Selection(colour="red")
    with pytest.raises(SpecError, match="profile: 'long' is not one of"):
        donorkit.Spec(profile="long")


def test_one_format_as_a_string_is_one_format():
    assert tuple(ExportOptions(formats="pdf").formats) == ("pdf",)


def test_api_messages_name_the_option_not_only_the_flag(tmp_path):
    from donorkit.rendering.assets import AssetPolicy

    warnings: list[str] = []
    policy = AssetPolicy(roots=[tmp_path], assets=None, allow_remote=False, warn=warnings.append)
    policy.resolve("https://example.org/x.png", tmp_path, context="p.md")
    policy.resolve("/uploads/x.png", tmp_path, context="p.md")
    assert "allow_remote" in warnings[0]
    assert "assets option" in warnings[1]
    with pytest.raises(SelectionError) as caught:
        donorkit.load_library(MINI).select(since=2020, until=2010)
    assert "--" not in str(caught.value)


def test_spec_with_two_bad_slugs_reports_both_at_their_lines(work):
    spec = work / "bid.yml"
    spec.write_text("title: Bid\nprojects:\n  - kenya-kcwg\n"
                    "  - myanmar-township-planning-support-tps\n  - nepal-dhb-typo\n")
    with pytest.raises(SpecError) as caught:
        donorkit.export("capability-statement", library=MINI, spec=spec, formats=["html"],
                        out=work / "out")
    assert caught.value.problems[0].startswith(
        f"{spec}:3: error: projects.0: no project with slug 'kenya-kcwg'; did you mean "
        "'kenya-county-water-governance-programme-kcwg'?")
    assert caught.value.problems[1].startswith(f"{spec}:5: error: projects.2: no project with "
                                               "slug 'nepal-dhb-typo'")
    result = cli("export", "capability-statement", "--spec", spec, "-l", MINI, "-f", "html",
                 code=1)
    assert f"{spec}:3: error: projects.0" in result.stderr
    assert f"{spec}:5: error: projects.2" in result.stderr


def test_unreadable_page_date_says_the_expected_format(tmp_path):
    (tmp_path / "p.md").write_text("---\ntitle: A—B\nsummary: s\nclient: W\ndate: 31 March\n"
                                   "---\nBody.\n")
    lib = donorkit.load_library(tmp_path)
    [warning] = [d for d in lib.diagnostics if d.field == "date"]
    assert "'31 March'; write it as YYYY-MM-DD" in warning.message and warning.line == 5
