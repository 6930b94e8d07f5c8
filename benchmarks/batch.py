"""Batch throughput: documents per second with 1 and 2 workers, the unchanged re-run, the
per-document overhead over bare WeasyPrint, and worker memory over a long run.

    python benchmarks/batch.py [--docs 120] [--formats pdf,docx]

Targets (issue 6, on the 2-core machine): 2 workers at least 1.7x faster than 1; an unchanged
re-run under 10% of the full run; memory per worker flat over 500 documents (run with
--docs 500 to check; workers are recycled every batching.TASKS_PER_WORKER documents).
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from donorkit.batching import batch

COUNTRIES = ["Kenya", "Nepal", "Ghana", "Peru", "Viet Nam", "Jordan", "Moldova", "Senegal",
             "Bangladesh", "Colombia", "Uganda", "Philippines"]
WORDS = ("programme district ministry budget reform community training women youth market water "
         "health finance climate resilience municipal services data capacity partners").split()


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def make_library(folder: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    for i in range(count):
        start = rng.randint(2005, 2022)
        bullets = "\n".join(f"* {sentence(rng, rng.randint(10, 30))}" for _ in range(5))
        results = "\n".join(f"* {sentence(rng, rng.randint(10, 30))}" for _ in range(5))
        overview = "\n\n".join(" ".join(sentence(rng, 15) for _ in range(4)) for _ in range(3))
        (folder / f"project-{i:04d}.md").write_text(f"""---
title: {rng.choice(COUNTRIES)}—Synthetic Project {i}
summary: {sentence(rng, 25)}
client: {rng.choice(["World Bank", "European Union", "US Agency for International Development"])}
country: {rng.choice(COUNTRIES)}
regions: {rng.choice(["Africa", "Asia and the Pacific", "Latin America and the Caribbean"])}
solutions: [{rng.choice(["Governance", "Health", "Agriculture", "Energy"])}]
start: {start}
end: {start + rng.randint(2, 7)}
---

{overview}

### Sample Activities

{bullets}

### Select Results

{results}
""", encoding="utf-8")


def bare_overhead(library: Path, sample: int = 10) -> float:
    """Median per-document time of donorkit's PDF path over bare WeasyPrint on the same HTML."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from donorkit.brand import load_brand
    from donorkit.context import project_context
    from donorkit.library import load_library
    from donorkit.rendering.assets import AssetPolicy
    from donorkit.rendering.css import tokens_css
    from donorkit.rendering.document import render_html
    from donorkit.rendering.templates import get_doctype
    from donorkit.resources import styles_dir, templates_dir
    from donorkit.writers import WRITERS

    lib = load_library(library)
    brand = load_brand("default")
    doctype = get_doctype("case-study")
    policy = AssetPolicy(roots=[templates_dir(), brand.folder, lib.root])
    fc = FontConfiguration()
    sheets = [CSS(filename=str(styles_dir() / "base.css"), font_config=fc),
              CSS(string=tokens_css(brand), font_config=fc)]
    ours, bare = [], []
    for project in lib.projects[: sample + 1]:
        t0 = time.perf_counter()
        doc = render_html(doctype, project_context(doctype, project, brand=brand, policy=policy))
        WRITERS["pdf"][1](doc, io.BytesIO(), brand=brand, policy=policy)
        t1 = time.perf_counter()
        HTML(string=doc.html, base_url=str(styles_dir())).write_pdf(
            io.BytesIO(), stylesheets=sheets, font_config=fc, pdf_tags=True)
        t2 = time.perf_counter()
        ours.append(t1 - t0)
        bare.append(t2 - t1)
    return statistics.median(ours[1:]) / statistics.median(bare[1:]) - 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=120)
    parser.add_argument("--formats", default="pdf,docx")
    args = parser.parse_args()
    formats = args.formats.split(",")

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "projects").mkdir()
        make_library(root / "projects", args.docs)
        manifest = root / "batch.yml"
        manifest.write_text(f"defaults: {{library: projects/, formats: [{', '.join(formats)}], "
                            "out: out/}\njobs:\n  - doctype: case-study\n", encoding="utf-8")
        runs = {}
        for jobs in (1, 2):
            report = batch(manifest, jobs=jobs, force=True)
            assert not report.failed, report.failed[:3]
            runs[jobs] = report
            print(f"{jobs} worker{'s' if jobs > 1 else ''}: {args.docs} documents "
                  f"({'+'.join(formats)}) in {report.seconds:.1f} s = "
                  f"{args.docs / report.seconds:.2f} docs/s")
        speedup = runs[1].seconds / runs[2].seconds
        print(f"speed-up 2 vs 1 workers: {speedup:.2f}x (target >= 1.7x)")
        rerun = batch(manifest, jobs=2)
        assert len(rerun.skipped) == args.docs
        share = rerun.seconds / runs[2].seconds
        print(f"unchanged re-run: {rerun.seconds:.2f} s = {share:.1%} of the full run "
              "(target < 10%)")
        per_worker: dict[int, list[int]] = defaultdict(list)
        for result in runs[2].results:
            per_worker[result.worker].append(result.peak_rss_kb)
        for pid, rss in per_worker.items():
            print(f"worker {pid}: {len(rss)} documents, peak RSS {rss[0] / 1024:.0f} MB after "
                  f"the first, {rss[-1] / 1024:.0f} MB after the last")
        print(f"PDF overhead over bare WeasyPrint: {bare_overhead(root / 'projects'):+.1%} "
              "(target <= +15%)")


if __name__ == "__main__":
    main()
