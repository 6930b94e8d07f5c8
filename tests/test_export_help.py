"""`donorkit export TYPE`: one sub-command per declared document type, each showing only the
options its type takes (issue 16: "no capability-statement options under case-study and no flag
that does nothing"), while the command line of before keeps working."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cliutil import cli
from donorkit.rendering.templates import list_doctypes

MINI = Path(__file__).parent / "fixtures" / "library" / "mini"
KCWG = "kenya-county-water-governance-programme-kcwg"
SELECTION = ["--spec", "--title", "--subtitle", "--prepared-for", "--reference", "--name"]
FORM = ["--currency", "--rates", "--start-ref", "--ref-prefix"]


@pytest.fixture(autouse=True)
def work(tmp_path, monkeypatch):
    monkeypatch.delenv("DONORKIT_LIBRARY", raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _help(*command: object) -> str:
    return " ".join(cli(*command, "--help").stdout.split())


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
