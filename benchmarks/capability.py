"""Capability-statement rendering cost: a 100-project statement from a synthetic library.

    python benchmarks/capability.py [--projects N] [--repeat N] [--keep DIR] [--profile-run]

Targets (issue 4): under 15 s for the PDF and under 3 s for the DOCX of a 100-project statement.
Each figure is the best of --repeat runs of the whole export of one format (context, template,
writer), after a warm-up export that pays for imports and font loading once; wall-clock and CPU
seconds are both printed, the target applying to the wall clock of an otherwise idle machine.
Both profile modes are measured: `short` (summary, key facts, three results) and `full` (the whole
body, one profile per page). The process collects garbage as `donorkit`'s console script and batch
workers do (donorkit.runtime.tune); --python-gc measures with Python's default settings instead.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import tempfile
import time
from datetime import date
from pathlib import Path

from donorkit.exporting import ExportOptions, export
from donorkit.library import load_library
from donorkit.spec import Spec

TODAY = date(2026, 1, 15)

# Names the country resolver knows, over every region the example library uses.
REGIONS = {
    "Africa": ["Kenya", "Ethiopia", "Ghana", "Mozambique", "Nigeria", "Senegal", "Uganda",
               "Zambia"],
    "Asia and the Pacific": ["Nepal", "Bangladesh", "Philippines", "Indonesia", "Viet Nam",
                             "Papua New Guinea"],
    "Middle East and North Africa": ["Jordan", "Morocco", "Tunisia", "Lebanon"],
    "Eastern Europe and Central Asia": ["Moldova", "Ukraine", "Kyrgyzstan", "Georgia"],
    "Latin America and the Caribbean": ["Colombia", "Peru", "Honduras", "Haiti"],
}
COUNTRIES = [(country, region) for region, names in REGIONS.items() for country in names]
SOLUTIONS = ["Governance", "Health", "Education", "Economic Growth", "Climate and Environment",
             "Agriculture", "Water and Sanitation", "Finance and Investment", "Energy",
             "Stability and Crisis Response"]
CLIENTS = ["World Bank", "Asian Development Bank", "African Development Bank", "European Union",
           "UK Foreign, Commonwealth & Development Office", "USAID",
           "Bill & Melinda Gates Foundation", "Global Affairs Canada", "GIZ", "UNICEF",
           "Millennium Challenge Corporation", "Norad"]
THEMES = {
    "Governance": ("Municipal Budget Transparency", "local governments", "budgets published"),
    "Health": ("Primary Health Care Financing", "health facilities", "facilities accredited"),
    "Education": ("Early Grade Reading", "primary schools", "pupils reading at grade level"),
    "Economic Growth": ("Small Business Competitiveness", "small firms", "jobs created"),
    "Climate and Environment": ("Coastal Resilience", "coastal districts", "hectares restored"),
    "Agriculture": ("Smallholder Market Access", "farmer groups", "farmers trained"),
    "Water and Sanitation": ("Rural Water Services", "water schemes", "people with safe water"),
    "Finance and Investment": ("Green Credit Facility", "partner banks", "loans disbursed"),
    "Energy": ("Mini-grid Electrification", "mini-grids", "households connected"),
    "Stability and Crisis Response": ("Community Resilience", "host communities",
                                      "households supported"),
}
VERBS = ["Strengthen", "Train", "Support", "Design", "Pilot", "Publish", "Facilitate", "Map",
         "Co-finance", "Review"]


def project_page(i: int, rng: random.Random) -> tuple[str, str]:
    """(file name, text) of a realistic project page."""
    country, region = rng.choice(COUNTRIES)
    solutions = rng.sample(SOLUTIONS, rng.choice([1, 1, 2, 3]))
    topic, unit, measure = THEMES[solutions[0]]
    abbr = "".join(w[0] for w in topic.split() if w[0].isupper()) + f"{i:02d}"
    regional = i % 17 == 0  # a few multi-country programmes carry the "Regional" label
    place = "Regional" if regional else country
    title = f"{place}—{topic} Programme ({abbr})"
    start = rng.randint(2004, 2023)
    end = start + rng.randint(2, 7)
    clients = rng.sample(CLIENTS, 2 if i % 9 == 0 else 1)
    countries = ["Regional"] if regional else [country]
    lines = [
        "---",
        f"title: {title}",
        f"summary: {abbr} helped {rng.randint(8, 90)} {unit} in {country} improve services "
        f"for {rng.randint(20, 900)},000 people, with a focus on women and excluded groups.",
        f"start: {start}",
        f"end: {end}",
        "client:",
        *[f"  - {c}" for c in clients],
        "solutions:",
        *[f"  - {s}" for s in solutions],
        f"regions: {region}",
        f"country: [{', '.join(countries)}]",
    ]
    if i % 3 == 0:
        lines.append(f"value: {{amount: {rng.randint(2, 60) * 500_000}, currency: USD}}")
    if i % 4 == 0:
        lines += ["highlights:",
                  f"  - {{value: \"{rng.randint(10, 500)}\", label: \"{unit} supported\"}}",
                  f"  - {{value: \"{rng.randint(5, 60)}%\", label: \"rise in {measure}\"}}"]
    lines.append("---")
    overview = [
        f"{topic} is a priority of the government of {country}, but {unit} lack the staff, "
        f"systems and money to deliver. {abbr} worked alongside ministries and {unit} to close "
        "that gap, combining embedded advisers with a performance-based grant window.",
        f"The programme paid particular attention to {rng.choice(['women', 'young people'])} "
        f"and to remote areas, where {measure} lagged furthest behind national averages.",
    ]
    activities = [f"{rng.choice(VERBS)} {unit} to plan, budget and report on "
                  f"{rng.choice(['services', 'investments', 'results'])} in "
                  f"{rng.randint(3, 40)} districts." for _ in range(rng.randint(4, 7))]
    results = [f"{rng.randint(12, 9800):,} {measure} by {end}, up from "
               f"{rng.randint(1, 11):,} at baseline." for _ in range(rng.randint(3, 6))]
    body = "\n\n".join([
        *overview,
        "## Sample Activities",
        "\n".join(f"* {a}" for a in activities),
        "## Select Results",
        "\n".join(f"* {r}" for r in results),
    ])
    slug = f"{place}-{topic}-{abbr}".lower().replace(" ", "-")
    return f"{slug}.md", "\n".join(lines) + "\n\n" + body + "\n"


def write_library(folder: Path, count: int, seed: int = 4) -> Path:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        name, text = project_page(i, rng)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def export_once(library: object, fmt: str, profile: str, out: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of one export. CPU time is reported beside wall time because on a
    shared machine the wall clock also counts other processes' turns."""
    spec = Spec(title="Capability statement: synthetic portfolio", profile=profile)
    options = ExportOptions(formats=(fmt,), out=out, today=TODAY)
    wall, cpu = time.perf_counter(), time.process_time()
    (result,) = export("capability-statement", library=library, spec=spec,
                       name=f"bench-{profile}", options=options)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if not result.ok:
        raise SystemExit(f"export failed: {result.error}")
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="write the library and documents here")
    parser.add_argument("--profile-run", action="store_true",
                        help="print the top functions of one PDF and one DOCX export")
    parser.add_argument("--python-gc", action="store_true",
                        help="keep Python's garbage-collector settings (not the CLI's)")
    args = parser.parse_args()
    if not args.python_gc:
        from donorkit.runtime import tune

        tune()

    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        write_library(root / "library", args.projects)
        # The library is loaded once, as the CLI does per run; bodies parse on first use, so the
        # warm-up export below also pays for that and the timed runs measure rendering alone.
        library = load_library(root / "library", today=TODAY)
        assert len(library.projects) == args.projects
        out = root / "out"
        export_once(library, "pdf", "short", out)
        export_once(library, "docx", "short", out)
        targets = {"pdf": 15.0, "docx": 3.0}
        print(f"{args.projects}-project capability statement, best of {args.repeat}:")
        missed = []
        for profile in ("short", "full"):
            for fmt in ("pdf", "docx"):
                runs = [export_once(library, fmt, profile, out) for _ in range(args.repeat)]
                wall, cpu = min(r[0] for r in runs), min(r[1] for r in runs)
                ok = wall < targets[fmt]
                if not ok:
                    missed.append(f"{fmt}/{profile}")
                print(f"  {fmt:4} {profile:5} {wall:6.2f} s wall, {cpu:6.2f} s CPU  "
                      f"(target < {targets[fmt]:.0f} s){'' if ok else '  MISSED'}")
        if args.profile_run:
            for fmt in ("pdf", "docx"):
                profiler = cProfile.Profile()
                profiler.enable()
                export_once(library, fmt, "full", out)
                profiler.disable()
                print(f"\n-- {fmt}, profile full: top 25 by cumulative time")
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        if missed:
            raise SystemExit(f"targets missed: {', '.join(missed)}")


if __name__ == "__main__":
    main()
