"""`check_form(...).ok` means complete: False while any selected project lacks a required key,
with or without strict; `failed` is the command's exit status (not ok, under --strict)."""

from __future__ import annotations

from pathlib import Path

import donorkit
from cliutil import cli
from donorkit import check_form

BIDS = Path(__file__).parent / "fixtures" / "library" / "bids"
BARE = ("---\ntitle: Kenya—{name}\nsummary: s\nstart: 2019\nend: 2020\nclient: World Bank\n"
        "country: Kenya\n---\n\nText.\n")


def test_not_ok_when_every_project_lacks_required_keys(tmp_path):
    for name in ("one", "two"):
        (tmp_path / f"{name}.md").write_text(BARE.format(name=name.title()), encoding="utf-8")
    report = check_form("eu-references", tmp_path)
    assert report.incomplete == 2
    assert not report.ok and not report.failed
    assert check_form("eu-references", tmp_path, strict=True).failed
    # the command: a report without --strict, a failure with it
    cli("check", "--for", "eu-references", "-l", tmp_path)
    cli("check", "--for", "eu-references", "-l", tmp_path, "--strict", code=1)


def test_ok_when_the_selected_projects_are_complete():
    full = [p.slug for p in check_form("eu-references", BIDS).projects if not p.missing]
    assert full
    report = check_form("eu-references", BIDS, donorkit.Selection(slug=full), strict=True)
    assert report.ok and not report.failed


def test_check_for_table_never_cuts_a_slug(tmp_path):
    from typer.testing import CliRunner

    from donorkit.cli import app

    slugs = ["kenya-a-very-long-project-name-that-goes-on-and-on-and-on-kvlp",
             "ghana-another-rather-long-project-name-for-a-narrow-terminal-garl"]
    for slug in slugs:
        (tmp_path / f"{slug}.md").write_text(BARE.format(name=slug), encoding="utf-8")
    for width in ("60", "200"):
        out = CliRunner().invoke(app, ["check", "--for", "eu-references", "-l", str(tmp_path)],
                                 env={"COLUMNS": width}).stdout
        assert "…" not in out
        # the first column, its folded lines put back together
        first = "".join(line.split("│")[1].strip() for line in out.splitlines()
                        if line.startswith("│"))
        assert all(slug in first for slug in slugs), out
