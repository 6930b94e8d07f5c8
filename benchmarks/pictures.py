"""What the charts and maps cost (issue 12): PDF time with and without them.

    python benchmarks/pictures.py [--projects N] [--repeat N]

Targets: charts and map add at most 15% to a capability statement's PDF time, and at most 0.2 s
to a case study's. "Without" replaces the graphics stage with one that returns no pictures, so the
templates render exactly as they would for a selection with nothing to draw; everything else
(context, template, writer) is the same. Each figure is the best of --repeat runs after a warm-up
that pays for imports, fonts and the country outlines once (as in a batch or `serve`); the
first-use cost of the outlines is printed separately.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

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


def best(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3)
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
                bare = best(run, args.repeat)
            full = best(run, args.repeat)
            added = full - bare
            share = added / bare
            ok = share <= 0.15 if limit == "15%" else added <= 0.2
            if not ok:
                failed.append(label)
            print(f"{label}: PDF {bare:.2f} s without pictures, {full:.2f} s with: "
                  f"+{added:.2f} s (+{share:.0%}; target at most {limit})"
                  f"{'' if ok else '  MISSED'}")
        if failed:
            raise SystemExit(f"targets missed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
