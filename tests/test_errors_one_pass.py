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
    """A warning at the key's line naming the field, not a failure of the page: the rest of
    the page and of the library loads (the YAML layer once raised on it, failing the page)."""
    for day in ("2024-13-01", "2024-02-30"):
        (tmp_path / "p.md").write_text("---\ntitle: Kenya—B\nsummary: s\nclient: W\n"
                                       f"date: {day}\n---\nBody.\n")
        (tmp_path / "q.md").write_text("---\ntitle: Kenya—Q\nsummary: s\nclient: W\n---\nQ.\n")
        lib = donorkit.load_library(tmp_path, cache=False)
        [warning] = [d for d in lib.diagnostics if d.field == "date"]
        assert warning.severity == "warning" and warning.line == 5
        assert f"cannot read date '{day}' (" in warning.message
        assert "write it as YYYY-MM-DD" in warning.message
        assert sorted(p.slug for p in lib) == ["p", "q"] and not lib.failed


def test_impossible_date_read_for_its_year_or_month_says_so(tmp_path):
    """`start: 2024-13-01` once failed the page (YAML raised); kept as text, the year reader
    must not take 2024 from it in silence."""
    (tmp_path / "p.md").write_text("---\ntitle: Kenya—B\nsummary: s\nclient: W\n"
                                   "start: 2024-13-01\nstart_date: 2019-02-30\n---\nBody.\n")
    lib = donorkit.load_library(tmp_path, cache=False)
    found = {d.field: d for d in lib.diagnostics}
    assert found["start"].line == 5 and found["start"].severity == "warning"
    assert "'2024-13-01' is not a date (month must be in 1..12); read as the year 2024" in \
        found["start"].message
    assert found["start_date"].line == 6
    assert "'2019-02-30' is not a date (day is out of range for month)" in \
        found["start_date"].message
    [project] = lib
    assert project.start == 2024


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


def test_config_checks_language_and_brand_in_the_same_pass(work):
    """Review item 12: the bad language and brand surfaced one at a time on later runs, without
    donorkit.toml:line; now all six problems come in one report, top to bottom."""
    (work / "donorkit.toml").write_text(
        'librar = "projects"\npaper = "A5"\nformats = ["pdf", "rtf"]\nlanguage = "xx"\n'
        'brand = "harbor"\nstrict = "yes"\n')
    path = work / "donorkit.toml"
    with pytest.raises(SpecError) as caught:
        load_config()
    problems = caught.value.problems
    assert [p.split(": error: ")[0] for p in problems] == [f"{path}:{n}" for n in range(1, 7)]
    assert problems[0].endswith("librar: unknown key 'librar'; did you mean 'library'?")
    assert problems[1].endswith("paper: 'A5' is not one of A4, Letter")
    assert problems[2].endswith("formats: 'rtf' is not one of pdf, docx, html, png")
    assert problems[3].startswith(f"{path}:4: error: language: ") and "'xx'" in problems[3]
    assert problems[4].startswith(f"{path}:5: error: brand: no brand 'harbor'")
    assert "did you mean 'harbour'?" in problems[4]
    assert problems[5].endswith("strict: 'yes': expected true or false")
    # the command line shows the same six, each once, and nothing is written
    result = cli("export", "case-study", "-l", MINI, code=1)
    for problem in problems:
        assert result.stderr.count(problem.split(": error: ")[1][:40]) == 1, result.stderr
    assert not (work / "out").exists()


def test_config_brand_folder_and_good_language_pass(work):
    (work / "house").mkdir()
    (work / "donorkit.toml").write_text('brand = "house"\nlanguage = "fr"\n')
    with pytest.raises(SpecError, match=r"donorkit\.toml:1: error: brand: no brand 'house'"):
        load_config()  # an empty folder is no brand
    from donorkit.resources import styles_dir

    (work / "donorkit.toml").write_text(f'brand = "{styles_dir() / "default"}"\n'
                                        'language = "fr"\n')
    assert load_config().values["language"] == "fr"


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


def test_spec_impossible_date_bad_slugs_and_profile_in_one_report(work):
    """One run names all four: the YAML layer no longer raises on 2024-13-01 before the spec is
    validated, and an invalid spec's report includes the slugs the library lacks."""
    spec = work / "bid.yml"
    spec.write_text("title: Bid\ndate: 2024-13-01\nprofile: long\nprojects:\n  - kenya-kcwg\n"
                    "  - myanmar-township-planning-support-tps\n  - nepal-dhb-typo\n")
    expected = [
        f"{spec}:2: error: date: '2024-13-01' is not a date (month value is outside expected "
        "range of 1-12); write it as YYYY-MM-DD",
        f"{spec}:3: error: profile: 'long' is not one of short, full",
        f"{spec}:5: error: projects.0: no project with slug 'kenya-kcwg'; did you mean "
        "'kenya-county-water-governance-programme-kcwg'?",
        f"{spec}:7: error: projects.2: no project with slug 'nepal-dhb-typo'",
    ]
    with pytest.raises(SpecError) as caught:
        donorkit.export("capability-statement", library=MINI, spec=spec, formats=["html"],
                        out=work / "out")
    problems = caught.value.problems
    assert len(problems) == 4
    for problem, start in zip(problems, expected, strict=True):
        assert problem.startswith(start), (problem, start)
    result = cli("export", "capability-statement", "--spec", spec, "-l", MINI, "-f", "html",
                 code=1)
    assert [line.split(": error: ")[0] for line in result.stderr.splitlines()
            if ": error: " in line] == [f"{spec}:{n}" for n in (2, 3, 5, 7)]
    assert not (work / "out").exists()


def test_impossible_date_anywhere_in_a_settings_file_is_reported_with_the_rest(work):
    """Manifests and brands share the YAML loader: an impossible date is a value like any other,
    reported (or, in a text field, kept as written) beside the file's other problems."""
    from donorkit.batching.manifest import load_manifest

    manifest = work / "jobs.yml"
    manifest.write_text("jobs:\n  - doctype: case-studies\n    select: {since: 2024-02-30}\n")
    with pytest.raises(SpecError) as caught:
        load_manifest(manifest)
    problems = caught.value.problems
    assert any(p.startswith(f"{manifest}:2: error: jobs.0.doctype: unknown document type")
               for p in problems), problems
    assert any(p.startswith(f"{manifest}:3: error: jobs.0.select.since: '2024-02-30'")
               for p in problems), problems
    spec = work / "text.yml"
    spec.write_text("title: 2024-13-01\nsubtitle: 2024-02-30\n")  # text fields: kept as text
    loaded = donorkit.load_spec(spec)
    assert (loaded.title, loaded.subtitle) == ("2024-13-01", "2024-02-30")


def test_page_that_failed_to_load_is_found_by_its_own_slug(work):
    """Asked for by the slug its front matter gives (not its file name), a page that failed to
    load says so and why, whether its YAML parsed (a bad value) or is broken."""
    lib = work / "lib"
    lib.mkdir()
    (lib / "kcwg.md").write_text((MINI / "kenya-county-water-governance-programme-kcwg.md")
                                 .read_text(encoding="utf-8"), encoding="utf-8")
    (lib / "bad-value.md").write_text(
        "---\ntitle: Kenya—Bad Value\nslug: custom-slug\nsummary: s\nclient: W\n"
        "country: Kenya\nstaff: many\n---\nBody.\n", encoding="utf-8")
    (lib / "broken.md").write_text(
        "---\r\ntitle: Kenya—Broken: [unclosed\r\nslug: 'broken-custom'  # the site's URL\r\n"
        "summary: s\r\n---\r\nBody.\r\n", encoding="utf-8")
    for slug, page, why in (("custom-slug", "bad-value.md", "staff"),
                            ("broken-custom", "broken.md", "malformed front matter")):
        result = cli("export", "case-study", slug, "-l", lib, "-f", "html", code=1)
        assert f"project '{slug}' failed to load" in result.stderr, result.stderr
        assert page in result.stderr and why in result.stderr
        assert "no project with slug" not in result.stderr
        with pytest.raises(donorkit.errors.PageNotLoaded):
            donorkit.load_library(lib, cache=False).get(slug.upper())
    # the warning still counts pages, not slugs
    listed = cli("projects", "list", "-l", lib)
    assert "2 pages failed to load and are left out: bad-value, broken" in listed.stderr
    # a slug no page claims is still unknown
    assert "no project with slug 'other'" in cli("export", "case-study", "other", "-l", lib,
                                                 code=1).stderr
