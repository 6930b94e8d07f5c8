"""`donorkit check --language fr` lists the pages a French document shows in their own words, as
the export warns: no translation, or a translation without its body; drafts only when asked."""

from __future__ import annotations

from pathlib import Path

import pytest

import donorkit
from cliutil import cli
from donorkit.checking import check_library

PAGE = ("---\ntitle: {title}\nsummary: An English summary.\nstart: 2019\nend: 2021\n"
        "client: World Bank\ncountry: Kenya\n{extra}---\n\nAn English body.\n")


@pytest.fixture
def library(tmp_path: Path) -> Path:
    def page(name: str, title: str, extra: str = "") -> None:
        (tmp_path / name).write_text(PAGE.format(title=title, extra=extra), encoding="utf-8")

    page("full.md", "Kenya—Full")
    (tmp_path / "full.fr.md").write_text(
        "---\ntitle: Kenya—Complet\nsummary: Un résumé.\n---\n\nUn texte français.\n",
        encoding="utf-8")
    page("headless.md", "Kenya—Headless",
         "translations:\n  fr:\n    title: Kenya—Sans corps\n    summary: Un résumé.\n")
    page("none.md", "Kenya—None")
    page("draft.md", "Kenya—Draft", "published: false\n")
    return tmp_path


def _names(files: list[str]) -> list[str]:
    return sorted(Path(f).name for f in files)


def test_a_translation_without_body_is_listed_as_the_export_warns(library):
    report = check_library(library, language="fr")
    assert _names(report.untranslated) == ["headless.md", "none.md"]
    (said,) = [d for d in report.warnings if d.file.endswith("headless.md")]
    assert "has no body (headless.fr.md)" in said.message
    export = donorkit.export("case-study", library=library, formats=["html"], language="fr",
                             selection=donorkit.Selection(slug=["headless"]))
    assert any("headless.md" in w and "no body" in w for r in export for w in r.warnings)


def test_drafts_are_left_out_as_the_summary_says(library):
    result = cli("check", "-l", library, "--language", "fr")
    assert "draft.md" not in result.stdout
    assert "(1 draft, left out unless --include-drafts)" in result.stderr
    assert "2 pages without a complete fr translation" in result.stderr
    asked = check_library(library, donorkit.Selection(include_drafts=True), language="fr")
    assert _names(asked.untranslated) == ["draft.md", "headless.md", "none.md"]
