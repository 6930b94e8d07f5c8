"""Benchmark `donorkit serve` on a synthetic library (700 pages by default).

Server time of each request, measured in process with Starlette's TestClient (no network), warm:
the first request (which loads and checks the library) is reported on its own. Documents are
timed with the cache emptied before each run, so each run really renders; a cached hit is shown
beside it. Targets (issue 14): library page < 300 ms, case-study preview < 500 ms, PDF download
< 1 s.

Usage::

    python benchmarks/serve.py
    python benchmarks/serve.py --pages 2000 --runs 9
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from load_library import generate  # noqa: E402 - the same synthetic pages as the load benchmark

TARGETS = {"library page": 0.3, "library page, filtered": 0.3, "case-study preview": 0.5,
           "case-study PDF download": 1.0}


def timed(call: object, runs: int, before: object = None) -> float:
    times = []
    for _ in range(runs):
        if before is not None:
            before()  # type: ignore[operator]
        started = time.perf_counter()
        response = call()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.text[:500]
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=700)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    from donorkit.web import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "library"
        folder.mkdir()
        generate(folder, args.pages)
        client = TestClient(create_app(folder, allowed_hosts=["testserver"]))
        web = client.app.state.web  # type: ignore[attr-defined]
        started = time.perf_counter()
        client.get("/")
        first = time.perf_counter() - started
        slug = web.state.current().library.projects[0].slug

        def empty_cache() -> None:
            web.cache._entries.clear()

        client.get(f"/projects/{slug}/preview")  # warm the process: stylesheets, templates
        client.get(f"/projects/{slug}/case-study.pdf")
        figures = {
            "library page": timed(lambda: client.get("/"), args.runs),
            "library page, filtered": timed(
                lambda: client.get("/", params={"country": "Kenya", "since": "2015"}), args.runs),
            "project page": timed(lambda: client.get(f"/projects/{slug}"), args.runs),
            "case-study preview": timed(lambda: client.get(f"/projects/{slug}/preview"),
                                        args.runs, empty_cache),
            "case-study preview, cached": timed(
                lambda: client.get(f"/projects/{slug}/preview"), args.runs),
            "case-study PDF download": timed(
                lambda: client.get(f"/projects/{slug}/case-study.pdf"), args.runs, empty_cache),
            "case-study PDF download, cached": timed(
                lambda: client.get(f"/projects/{slug}/case-study.pdf"), args.runs),
            "PDF page images (render + pdfium)": timed(
                lambda: client.get(f"/projects/{slug}/pages"), args.runs, empty_cache),
        }
    print(f"{args.pages} pages; first request (load + check the library): {first * 1000:.0f} ms")
    for name, seconds in figures.items():
        target = TARGETS.get(name)
        verdict = "" if target is None else (
            f"  (target < {target * 1000:.0f} ms: {'ok' if seconds < target else 'MISSED'})")
        print(f"{name:36} {seconds * 1000:7.0f} ms{verdict}")


if __name__ == "__main__":
    main()
