"""--strict: each warning is printed once; the failure says how many warnings failed which
document instead of repeating them."""

from __future__ import annotations

from pathlib import Path

import donorkit
from cliutil import cli

MINI = Path(__file__).parent / "fixtures" / "library" / "mini"
KCWG = "kenya-county-water-governance-programme-kcwg"
IMAGES = ("![one](/uploads/missing-one.jpg)\n\n![two](/uploads/missing-two.jpg)\n")


def _page_with_two_missing_images(tmp_path: Path) -> Path:
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "kenya-pics.md").write_text(
        "---\ntitle: Kenya—Pictures\nsummary: s\nstart: 2019\nend: 2020\nclient: World Bank\n"
        f"country: Kenya\n---\n\nText.\n\n{IMAGES}", encoding="utf-8")
    return lib


def test_each_warning_is_printed_once_and_the_error_counts_them(tmp_path):
    lib = _page_with_two_missing_images(tmp_path)
    result = cli("export", "case-study", "kenya-pics", "-l", lib, "-f", "html", "-o",
                 tmp_path / "out", "--strict", code=1)
    lines = result.stderr.splitlines()
    warnings = [line for line in lines if line.startswith("warning:")]
    assert len(warnings) == 3  # the demo brand, two images
    for warning in warnings:
        said = warning.split(": ", 2)[2]
        assert sum(said in line for line in lines) == 1, (said, result.stderr)
    (error,) = [line for line in lines if line.startswith("error:")]
    assert error == "error: kenya-pics: not written (strict): 3 warnings counted as errors"
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.html"))


def test_api_error_counts_and_warnings_keep_the_details(tmp_path):
    [result] = donorkit.export("case-study", library=MINI, formats=["html"], out=tmp_path,
                               strict=True, selection=donorkit.Selection(slug=[KCWG]))
    assert result.error == "not written (strict): 1 warning counted as an error"
    assert len(result.warnings) == 1 and "demo" in result.warnings[0]
