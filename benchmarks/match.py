"""Benchmark `donorkit match`: ranking quality on evaluation sets, and speed.

Quality (``--eval``): for each ToR of an evaluation set (benchmarks/data/match-eval-*.yml, texts
written for the set), recall@5 (share of the relevant projects in the top 5) and mean reciprocal
rank (1 / rank of the first relevant project), for donorkit's ranker and for plain BM25 (bm25s,
English stemming and stop words) over each page's title, summary and body as one text, with the
ToR as the query: the difference is what fields, structure and languages earn.

Speed (``--speed``): wall time of ``donorkit match tor.txt --json`` as a subprocess (interpreter
start included) with a 10-page ToR against 700 and 10,000 synthetic pages (the generator of
load_library.py), with an empty index cache (first run) and a warm one. Targets: 700 pages
< 1.5 s; 10,000 pages < 5 s.

Usage::

    python benchmarks/match.py --eval example
    DONORKIT_CORPUS=../shared/corpus/dai-projects python benchmarks/match.py --eval corpus
    python benchmarks/match.py --speed [--pages 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
TARGETS = {700: 1.5, 10_000: 5.0}
K = 5


def load_set(name: str) -> list[dict]:
    return yaml.safe_load((HERE / "data" / f"match-eval-{name}.yml").read_text(encoding="utf-8"))


def library_for(name: str) -> Path:
    if name == "example":
        from donorkit.resources import example_library

        return example_library()
    corpus = os.environ.get("DONORKIT_CORPUS")
    if not corpus:
        raise SystemExit("set DONORKIT_CORPUS to the shared corpus folder (opt-in benchmark)")
    return Path(corpus)


def donorkit_ranking(library, cases: list[dict]) -> list[list[str]]:
    from donorkit import Selection
    from donorkit.matching import Tor, match

    every = Selection(include_drafts=True)  # the example library's drafts are in the set too
    return [[m.project.slug for m in match(Tor.from_text(case["tor"]), library=library,
                                            selection=every, top=50, cache=False).matches]
            for case in cases]


def without_structure(library, cases: list[dict]) -> list[list[str]]:
    """donorkit's ranker with the structural weights (country, client, region, solutions,
    recency) set to zero: fields, folding and per-language stemming only."""
    import importlib

    rank = importlib.import_module("donorkit.matching.rank")
    saved = dict(rank.WEIGHTS)
    rank.WEIGHTS.update(dict.fromkeys(saved, 0.0))
    try:
        return donorkit_ranking(library, cases)
    finally:
        rank.WEIGHTS.update(saved)


def plain_bm25_ranking(library, cases: list[dict]) -> list[list[str]]:
    import bm25s
    import Stemmer

    projects = library.projects  # the same candidates: every page, drafts too
    stemmer = Stemmer.Stemmer("english")
    corpus = [f"{p.title}\n{p.summary}\n{p._body_source}" for p in projects]
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize(corpus, stopwords="en", stemmer=stemmer, show_progress=False),
                    show_progress=False)
    rankings = []
    for case in cases:
        tokens = bm25s.tokenize([case["tor"]], stopwords="en", stemmer=stemmer,
                                show_progress=False, return_ids=False)[0]
        vocab = retriever.vocab_dict
        known = [t for t in tokens if t in vocab]
        scores = retriever.get_scores(known) if known else [0.0] * len(projects)
        order = sorted(range(len(projects)), key=lambda i: -scores[i])
        rankings.append([projects[i].slug for i in order if scores[i] > 0][:50])
    return rankings


def metrics(rankings: list[list[str]], cases: list[dict]) -> tuple[float, float]:
    recalls, reciprocal = [], []
    for ranked, case in zip(rankings, cases, strict=True):
        relevant = set(case["relevant"])
        recalls.append(len(relevant & set(ranked[:K])) / len(relevant))
        first = next((i for i, slug in enumerate(ranked, 1) if slug in relevant), None)
        reciprocal.append(1 / first if first else 0.0)
    return statistics.mean(recalls), statistics.mean(reciprocal)


def evaluate(name: str, verbose: bool) -> None:
    from donorkit.library import load_library

    cases = load_set(name)
    library = load_library(library_for(name))
    known = {p.slug for p in library.projects}
    for case in cases:
        missing = set(case["relevant"]) - known
        if missing:
            raise SystemExit(f"{case['id']}: unknown slugs {sorted(missing)}")
    ours = donorkit_ranking(library, cases)
    plain = plain_bm25_ranking(library, cases)
    text_only = without_structure(library, cases)
    print(f"evaluation set {name!r}: {len(cases)} ToRs, {len(library)} pages")
    print(f"{'ranker':<34} recall@{K}   MRR")
    for label, rankings in (("plain BM25 over the text", plain),
                            ("donorkit, text only (no structure)", text_only),
                            ("donorkit match", ours)):
        recall, mrr = metrics(rankings, cases)
        print(f"{label:<34} {recall:8.3f}  {mrr:.3f}")
    if verbose:
        for case, a, b in zip(cases, ours, plain, strict=True):
            relevant = set(case["relevant"])
            print(f"  {case['id']:<28} first relevant at: donorkit {_first(a, relevant):>3}, "
                  f"plain {_first(b, relevant):>3}")


def _first(ranked: list[str], relevant: set[str]) -> str:
    hit = next((i for i, slug in enumerate(ranked, 1) if slug in relevant), None)
    return str(hit) if hit else "-"


# -- speed -----------------------------------------------------------------------------------------


def tor_text(pages: int = 10, seed: int = 7) -> str:
    """A ToR of about *pages* pages (500 words a page) in the synthetic pages' vocabulary, with
    the usual headings, a funder and a country."""
    from load_library import WORDS

    rng = random.Random(seed)
    parts = ["TERMS OF REFERENCE", "Local governance and service delivery in Kenya",
             "Reference: RFP-72061526-00031",
             "The US Agency for International Development seeks a contractor."]
    for page in range(pages):
        parts.append(f"{page + 1}. Section")
        for _ in range(25):
            parts.append(" ".join(rng.choice(WORDS) for _ in range(20)) + ".")
    return "\n".join(parts)


def time_match(tor: Path, folder: Path, cache: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of one `donorkit match` run. CPU time is the figure to compare when
    other work shares the machine; wall time is what the targets are about."""
    from load_library import _children_cpu, _command

    env = {**os.environ, "DONORKIT_CACHE_DIR": str(cache)}
    cpu = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run([*_command(), "match", str(tor), "--json", "--library", str(folder)],
                          capture_output=True, env=env, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"donorkit match failed: {done.stderr.decode(errors='replace')}")
    return wall, _children_cpu() - cpu


def speed(pages: int, runs: int) -> bool:
    from load_library import generate

    root = Path(tempfile.mkdtemp(prefix="donorkit-match-bench-"))
    ok = True
    try:
        tor = root / "tor.txt"
        text = tor_text()
        tor.write_text(text, encoding="utf-8")
        print(f"ToR: {len(text.split())} words (about 10 pages)")
        for size in dict.fromkeys((700, pages)):
            folder = root / f"pages-{size}"
            generate(folder, size)
            cold = [time_match(tor, folder, root / f"cache-cold-{size}-{run}")
                    for run in range(runs)]
            warm_cache = root / f"cache-warm-{size}"
            time_match(tor, folder, warm_cache)
            warm = [time_match(tor, folder, warm_cache) for _ in range(runs)]
            target = TARGETS.get(size)
            verdict = ""
            if target:
                hit = statistics.median(w for w, _ in warm) < target
                ok &= hit
                verdict = f" (target < {target} s: {'ok' if hit else 'MISSED'})"
            print(f"{size:>6} pages: first run (index built) "
                  f"{statistics.median(w for w, _ in cold):.2f} s wall / "
                  f"{statistics.median(c for _, c in cold):.2f} s CPU; cached index "
                  f"{statistics.median(w for w, _ in warm):.2f} s wall / "
                  f"{statistics.median(c for _, c in warm):.2f} s CPU; median of {runs}{verdict}")
        load = os.getloadavg()[0]
        if load > 0.5 * (os.cpu_count() or 1):
            print(f"note: load average {load:.1f} on {os.cpu_count()} CPUs: times are inflated")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", choices=["example", "corpus"], action="append", default=[])
    parser.add_argument("--speed", action="store_true")
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--verbose", "-v", action="store_true", help="per-ToR ranks")
    args = parser.parse_args()
    if not args.eval and not args.speed:
        args.eval = ["example"]
    for name in args.eval:
        evaluate(name, args.verbose)
    if args.speed and not speed(args.pages, args.runs):
        sys.exit(1)


if __name__ == "__main__":
    main()
