"""What the charts and maps cost (issue 12): PDF time with and without them.

    python benchmarks/pictures.py [--projects N] [--repeat N]

Targets: charts and map add at most 15% to a capability statement's PDF time, and at most 0.2 s
to a case study's. "Without" replaces the graphics stage with one that returns no pictures, so the
templates render exactly as they would for a selection with nothing to draw; everything else
(context, template, writer) is the same. After a warm-up that pays for imports, fonts and the
country outlines once (as in a batch or `serve`), runs without and with pictures alternate
--repeat times, so that other work on the machine weighs on both alike; each figure is the median
of its runs' CPU time (the process's user + system time: on a shared machine the wall clock
measures the neighbours), the median wall time beside it. The targets are judged on CPU time. The
first-use cost of the outlines is printed separately.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _shared import load_note  # noqa: E402
from capability import TODAY, write_library  # noqa: E402

from donorkit import context as context_module  # noqa: E402
from donorkit.exporting import ExportOptions, export  # noqa: E402
from donorkit.graphics import PortfolioGraphics, ProjectGraphics  # noqa: E402
from donorkit.library import Selection, load_library  # noqa: E402
from donorkit.resources import example_library  # noqa: E402
from donorkit.spec import Spec  # noqa: E402


@contextmanager
def without_pictures():
    saved = context_module.portfolio_graphics, context_module.project_graphics
    context_module.portfolio_graphics = lambda *a, **k: PortfolioGraphics()
    context_module.project_graphics = lambda *a, **k: ProjectGraphics()
    try:
        yield
    finally:
        context_module.portfolio_graphics, context_module.project_graphics = saved


def timed(run) -> tuple[float, float]:
    """(CPU, wall) seconds of one run."""
    cpu, wall = time.process_time(), time.perf_counter()
    run()
    return time.process_time() - cpu, time.perf_counter() - wall


def paired(run, repeat: int) -> tuple[tuple[float, float], tuple[float, float]]:
    """Median (CPU, wall) of *run* without pictures and with them, the two alternating."""
    bare, full = [], []
    for _ in range(repeat):
        with without_pictures():
            bare.append(timed(run))
        full.append(timed(run))
    def medians(runs: list[tuple[float, float]]) -> tuple[float, float]:
        return (statistics.median(c for c, _ in runs), statistics.median(w for _, w in runs))

    return medians(bare), medians(full)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    from donorkit.graphics import geometry

    start = time.perf_counter()
    geometry._parse()
    print(f"country outlines, parsed from the package (first use ever): "
          f"{time.perf_counter() - start:.2f} s; from the cache: ", end="")
    geometry.shapes.cache_clear()
    start = time.perf_counter()
    geometry.shapes()
    print(f"{(time.perf_counter() - start) * 1000:.0f} ms")

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_library(root / "library", args.projects)
        portfolio = load_library(root / "library", today=TODAY)
        examples = load_library(example_library(), today=TODAY)
        options = ExportOptions(formats=("pdf",), out=root / "out", today=TODAY)
        slug = "kenya-county-health-financing-support-chfs"

        def statement() -> None:
            [r] = export("capability-statement", library=portfolio, selection=Selection(),
                         spec=Spec(profile="short"), options=options)
            assert r.ok, r.error

        def case_study() -> None:
            [r] = export("case-study", library=examples, selection=Selection(slug=[slug]),
                         options=options)
            assert r.ok, r.error

        failed = []
        for label, run, limit in ((f"{args.projects}-project capability statement", statement,
                                   "15%"), ("case study (Kenya)", case_study, "0.2 s")):
            run()
            with without_pictures():
                run()
            (bare, bare_wall), (full, full_wall) = paired(run, args.repeat)
            added = full - bare
            share = added / bare
            ok = share <= 0.15 if limit == "15%" else added <= 0.2
            if not ok:
                failed.append(label)
            print(f"{label}: PDF {bare:.2f} s CPU without pictures, {full:.2f} s with: "
                  f"+{added:.2f} s (+{share:.0%}; target at most {limit})"
                  f"{'' if ok else '  MISSED'}; wall {bare_wall:.2f} s / {full_wall:.2f} s")
        load_note("compare CPU times, not wall times")
        if failed:
            raise SystemExit(f"targets missed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
