"""Wording of option errors: a refusal says only what is true of the options given, an option that
takes one of a few values says so without pydantic's "Value error, ", and `check` never says a
document was not written (it writes none)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cliutil import cli

MINI = Path(__file__).parent / "fixtures" / "library" / "mini"
KCWG = "kenya-county-water-governance-programme-kcwg"


def _said(result) -> str:
    return " ".join(result.stderr.replace("│", " ").split())


def test_refusing_profile_on_a_case_study_does_not_speak_of_titles():
    said = _said(cli("export", "case-study", "--slug", KCWG, "--profile", "full", "-l", MINI,
                     code=1))
    assert "--profile applies to documents over a selection" in said
    assert said.endswith("case-study is one document per project")
    assert "title" not in said


def test_refusing_title_on_a_case_study_names_the_projects_own_title():
    said = _said(cli("export", "case-study", "--slug", KCWG, "--title", "T", "-l", MINI, code=1))
    assert "case-study is one document per project, with the project's own title" in said


@pytest.mark.parametrize(("args", "message"), [
    (["projects", "list", "--status", "finished"],
     "Invalid value for '--status': 'finished' is not one of ongoing, completed"),
    (["export", "capability-statement", "--profile", "long"],
     "Invalid value for '--profile': 'long' is not one of short, full"),
    (["projects", "list", "--sort", "size"],
     "Invalid value for '--sort': 'size' is not one of end, start, title, relevance"),
    (["export", "capability-statement", "--paper", "A5"],
     "Invalid value for '--paper': 'A5' is not one of A4, Letter"),
])
def test_choice_errors_have_no_pydantic_prefix(args, message):
    said = _said(cli(*args, "-l", MINI, code=2))
    assert message in said and "Value error" not in said


def test_choices_still_parse_in_any_case():
    assert "ongoing" in cli("projects", "list", "--status", "Ongoing", "-l", MINI).stdout


def test_check_for_a_form_does_not_say_no_document_written():
    said = _said(cli("check", "--for", "wb-experience", "--client", "World Bonk", "-l", MINI,
                     code=1))
    assert "did you mean 'World Bank'" in said and "no document written" not in said


def test_export_refuses_an_unknown_value_and_writes_nothing(tmp_path):
    said = _said(cli("export", "capability-statement", "--client", "World Bonk", "-l", MINI,
                     "-o", tmp_path, code=1))
    # a value no project has is refused before anything is planned (see test_select)
    assert "no client 'World Bonk'; did you mean 'World Bank'?" in said
    assert not any(tmp_path.rglob("*.*"))
