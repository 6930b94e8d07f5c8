"""A warning several documents of a batch carry (the bundled demo brand's) is said once per run,
with how many documents carry it; a document's own warnings stay under its name."""

from __future__ import annotations

from pathlib import Path

from cliutil import cli

PAGE = ("---\ntitle: {country}—Project {slug}\nsummary: s\nclient: World Bank\n"
        "country: {country}\nstart: 2015\nend: 2020\n---\n\nBody text.\n{extra}")


def test_demo_brand_warning_is_said_once_per_batch_run(tmp_path: Path):
    lib = tmp_path / "projects"
    lib.mkdir()
    for slug, country, extra in (("a", "Kenya", ""), ("b", "Ghana", ""),
                                 ("c", "Nepal", "\n![x](missing.png)\n")):
        (lib / f"{slug}.md").write_text(PAGE.format(slug=slug, country=country, extra=extra),
                                        encoding="utf-8")
    manifest = tmp_path / "batch.yml"
    manifest.write_text("defaults: {library: projects/, brand: default, formats: [html], "
                        "out: out/}\njobs:\n  - doctype: case-study\n", encoding="utf-8")
    result = cli("batch", manifest, "--jobs", "1")
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    demo = [w for w in warnings if "bundled demo" in w]
    assert len(demo) == 1 and demo[0].startswith("warning: all 3 documents: "), warnings
    (own,) = [w for w in warnings if "missing.png" in w]
    assert own.startswith("warning: case-study/c: ") and "c.md:" in own
