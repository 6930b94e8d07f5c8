"""`donorkit export` and its help as a new user meets them: progress, Ctrl-C, clear folder errors,
choices and defaults in --help, no option that does nothing, and readable `show` commands."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from cliutil import cli
from donorkit.rendering.templates import list_doctypes

MINI = Path(__file__).parent / "fixtures" / "library" / "mini"
KCWG = "kenya-county-water-governance-programme-kcwg"
TPS = "myanmar-township-planning-support-tps"
SELECTION = ["--spec", "--title", "--subtitle", "--prepared-for", "--reference", "--name"]
FORM = ["--currency", "--rates", "--start-ref", "--ref-prefix"]


@pytest.fixture(autouse=True)
def work(tmp_path, monkeypatch):
    monkeypatch.delenv("DONORKIT_LIBRARY", raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.chdir(tmp_path)
    return tmp_path



def test_progress_is_one_line_per_document_off_a_terminal():
    result = cli("export", "case-study", KCWG, TPS, "-l", MINI, "-f", "html")
    assert f"[1/2] written case-study/{KCWG}" in result.stderr
    assert f"[2/2] written case-study/{TPS}" in result.stderr
    assert result.stdout.count("wrote ") == 2  # stdout keeps only the paths


def test_ctrl_c_says_what_was_written(monkeypatch, work):
    from donorkit import exporting

    real = exporting.project_context
    calls = []

    def interrupted(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(exporting, "project_context", interrupted)
    result = cli("export", "case-study", KCWG, TPS, "-l", MINI, "-f", "html", code=130)
    assert f"wrote out/case-study/{KCWG}.html" in result.stdout
    assert "interrupted: 1 of 2 documents done" in result.stderr
    assert not (work / "out" / "case-study" / f"{TPS}.html").exists()


def test_output_folder_that_is_a_file(work):
    (work / "taken").write_text("x")
    result = cli("export", "case-study", KCWG, "-l", MINI, "-o", work / "taken" / "sub", code=1)
    assert "taken is a file" in result.stderr and "Traceback" not in result.stderr


def test_missing_assets_folder(work):
    result = cli("export", "case-study", KCWG, "-l", MINI, "--assets", work / "nope", code=1)
    assert re.search(r"assets folder \S*nope does not exist", result.stderr)


def _help(*command: object) -> str:
    return " ".join(cli(*command, "--help").stdout.split())


def test_help_lists_choices_and_defaults():
    text = _help("export", "capability-statement")
    assert "<short|full>" in text
    assert re.search(r"<a4\|letter>", text, re.IGNORECASE)
    assert "pdf, docx, html or png" in text
    assert "[default: (out," in text and "[default: (pdf and docx" in text
    assert "<ongoing|completed>" in text
    assert "[default: $DONORKIT_LIBRARY" in text  # not eaten as rich markup


def test_context_has_no_flag_that_does_nothing():
    text = _help("context")
    assert "--json" not in text and "default: True" not in text
    data = json.loads(cli("context", "case-study", KCWG, "-l", MINI, "--json").stdout)
    assert data["project"]["slug"] == KCWG  # old scripts passing --json still work


def test_case_study_refuses_capability_statement_options():
    result = cli("export", "case-study", KCWG, "-l", MINI, "--title", "Mine", code=1)
    assert "--title applies to documents over a selection" in result.stderr
    result = cli("export", "case-study", KCWG, "-l", MINI, "--profile", "full", "--reference",
                 "R-1", code=1)
    assert "--reference, --profile apply" in result.stderr


def test_paper_choice_is_case_insensitive(work):
    cli("export", "case-study", KCWG, "-l", MINI, "-f", "html", "--paper", "letter")
    assert (work / "out" / "case-study" / f"{KCWG}.html").exists()
    cli("export", "case-study", KCWG, "-l", MINI, "--paper", "A5", code=2)


def test_projects_show_is_yaml():
    text = cli("projects", "show", KCWG, "-l", MINI).stdout
    data = yaml.safe_load(text)
    assert data["slug"] == KCWG and data["countries"] == ["Kenya"]
    assert any(line.startswith("Sample Activities") for line in data["body"])
    assert "{'" not in text and "summary_html" not in text


def test_brands_show_is_yaml():
    data = yaml.safe_load(cli("brands", "show", "default").stdout)
    assert data["colors"]["primary"].startswith("#") and data["paper"] in ("A4", "Letter")


def test_export_says_which_pages_failed_to_load(work):
    lib = work / "lib"
    lib.mkdir()
    (lib / f"{KCWG}.md").write_text((MINI / f"{KCWG}.md").read_text(encoding="utf-8"),
                                    encoding="utf-8")
    (lib / "broken.md").write_text(
        "---\ntitle: Kenya—Broken\nsummary: s\nclient: W\ncountry: Kenya\nstaff: many\n---\n"
        "Body.\n", encoding="utf-8")
    result = cli("export", "case-study", "-l", lib, "-f", "html")
    assert result.exit_code == 0
    assert "1 page failed to load and is left out: broken" in result.stderr
    assert "1 of 1 documents written" in result.stderr
    # check reports the page's own errors instead, without the export's summary line
    checked = cli("check", "-l", lib, code=1)
    assert "left out" not in checked.stderr and "staff" in checked.stdout


def test_progress_is_a_bar_on_a_terminal(monkeypatch):
    """On a terminal, a rich progress bar (count and last document) instead of one line per
    document; the bar is on stderr and stdout keeps only the paths."""
    import io
    from types import SimpleNamespace

    from rich.console import Console

    from donorkit.cli import output, progress

    screen = io.StringIO()
    monkeypatch.setattr(output, "err", Console(file=screen, force_terminal=True, width=100))
    seen = progress.Seen()
    with progress.export_progress(seen) as on_result:
        for done, name in enumerate(("first-doc", "second-doc"), start=1):
            on_result(SimpleNamespace(ok=True, doctype="case-study", name=name), done, 2)
    shown = screen.getvalue()
    assert "documents" in shown and "2/2" in shown and "second-doc" in shown
    assert "━" in shown  # the bar itself
    assert "[1/2] written" not in shown  # not the line-per-document form of logs
    assert [r.name for r in seen.results] == ["first-doc", "second-doc"] and seen.total == 2


# `export TYPE`: one sub-command per declared document type, each showing only the options its
# type takes ("no capability-statement options under case-study and no flag that does
# nothing"), while the command line of before keeps working.

def _options(text: str) -> set[str]:
    return set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", text))


def test_export_lists_the_declared_document_types():
    listed = cli("export", code=2).stdout  # no type: the help, with the types (as click does)
    for name, doctype in list_doctypes().items():
        assert name in listed
        assert " ".join(doctype.description.split()[:4]) in " ".join(listed.split())
    assert "--title" not in listed and "--format" not in listed


def test_case_study_help_has_no_options_of_documents_over_a_selection():
    shown = _options(_help("export", "case-study"))
    assert {"--format", "--out", "--paper", "--slug", "--templates", "--strict"} <= shown
    assert not shown & {*SELECTION, "--profile", "--layout", *FORM}


def test_capability_statement_help_has_its_options_and_no_form_options():
    shown = _options(_help("export", "capability-statement"))
    assert {*SELECTION, "--profile", "--format", "--slug"} <= shown
    assert not shown & {"--layout", *FORM}


def test_form_help_has_the_form_options_and_no_profile():
    eu = _options(_help("export", "eu-references"))
    assert {*SELECTION, *FORM, "--layout"} <= eu and "--profile" not in eu
    wb = _options(_help("export", "wb-experience"))  # one layout: --layout would do nothing
    assert {*SELECTION, *FORM} <= wb and not wb & {"--layout", "--profile"}


def test_an_option_a_type_does_not_take_is_refused_with_the_reason():
    result = cli("export", "case-study", KCWG, "-l", MINI, "--spec", "x.yml", code=1)
    assert "--spec applies to documents over a selection" in result.stderr
    result = cli("export", "capability-statement", "-l", MINI, "--currency", "EUR", code=1)
    assert "capability-statement does not take --currency" in result.stderr
    assert "--profile" in result.stderr  # what it takes instead
    result = cli("export", "wb-experience", "-l", MINI, "--layout", "sheet", code=1)
    assert "wb-experience does not take --layout" in result.stderr
    result = cli("export", "eu-references", "-l", MINI, "--profile", "full", code=1)
    assert "eu-references does not take --profile" in result.stderr


def test_command_line_of_before_still_works(work):
    # options before the type, as when the type was an argument
    cli("export", "-l", MINI, "-f", "html", "--out", work / "a", "case-study", KCWG)
    assert (work / "a" / "case-study" / f"{KCWG}.html").is_file()
    cli("export", "case-study", KCWG, "-l", MINI, "-f", "html", "-o", work / "b")
    assert (work / "b" / "case-study" / f"{KCWG}.html").is_file()
    cli("export", "capability-statement", "-l", MINI, "-f", "html", "-o", work / "c",
        "--title", "Water", "--profile", "full", "--name", "water")
    assert (work / "c" / "capability-statement" / "water.html").is_file()


def test_missing_and_unknown_document_types():
    missing = cli("export", "-l", MINI, "-f", "html", code=2)
    assert "Missing document type: one of capability-statement, case-study" in missing.stderr
    unknown = cli("export", "case-sutdy", KCWG, "-l", MINI, code=1)
    assert "unknown document type 'case-sutdy'; known: capability-statement" in unknown.stderr


def _custom(root: Path) -> Path:
    """A per-project type and a form with two layouts, declared in a templates folder."""
    (root / "one-pager").mkdir(parents=True)
    (root / "one-pager" / "doctype.yml").write_text(
        "name: one-pager\nlabel: One-pager\ndescription: A one-page project sheet.\n"
        "per: project\ntemplate: case-study/document.html.j2\ntitle: '{{ project.title }}'\n"
        "filename: '{{ project.slug }}-one-pager'\n", encoding="utf-8")
    (root / "two-form").mkdir()
    (root / "two-form" / "doctype.yml").write_text(
        "name: two-form\nkind: form\naudience: bid\ndescription: Two layouts.\nper: selection\n"
        "template: _base/form.html.j2\ntitle: '{{ document.title }}'\n"
        "filename: '{{ document.doctype }}'\nform:\n  title: T\n  heading: 'R {{ ref }}'\n"
        "  layouts: [sheet, table]\n  fields:\n    - label: Title\n      source: project.title\n",
        encoding="utf-8")
    return root


def test_types_of_a_templates_folder_get_their_own_options(work):
    tpl = _custom(work / "tpl")
    assert "A one-page project sheet." in _help("export", "--templates", tpl)
    one = _options(_help("export", "one-pager", "--templates", tpl))
    assert "--format" in one and not one & {*SELECTION, "--profile", *FORM}
    assert "--layout" in _options(_help("export", "two-form", "--templates", tpl))
    cli("export", "one-pager", KCWG, "--templates", tpl, "-l", MINI, "-f", "html")
    assert (work / "out" / "one-pager" / f"{KCWG}-one-pager.html").is_file()
    refused = cli("export", "--templates", tpl, "one-pager", KCWG, "-l", MINI, "--title", "x",
                  code=1)
    assert "one-pager is one document per project" in refused.stderr


def test_types_of_donorkit_toml_templates_folder(work):
    _custom(work / "tpl")
    (work / "donorkit.toml").write_text('templates = "tpl"\n', encoding="utf-8")
    assert "one-pager" in cli("export", code=2).stdout
    assert "--title" not in _options(_help("export", "one-pager"))
    cli("export", "one-pager", KCWG, "-l", MINI, "-f", "html")
    assert (work / "out" / "one-pager" / f"{KCWG}-one-pager.html").is_file()
