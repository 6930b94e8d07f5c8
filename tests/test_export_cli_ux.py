"""`donorkit export` and its help as a new user meets them: progress, Ctrl-C, clear folder errors,
choices and defaults in --help, no option that does nothing, and readable `show` commands."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from cliutil import cli

MINI = Path(__file__).parent / "fixtures" / "library" / "mini"
KCWG = "kenya-county-water-governance-programme-kcwg"
TPS = "myanmar-township-planning-support-tps"


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


def _help(*command: str) -> str:
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
