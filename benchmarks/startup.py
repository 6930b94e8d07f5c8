"""Start-up and single-document cost, as a user sees them: whole commands, interpreter included.

* ``donorkit --help`` and ``donorkit projects list`` on the bundled example library (target: under
  0.3 s each);
* ``donorkit export case-study SLUG -f pdf`` end to end against the ``weasyprint`` command on the
  very same HTML (``-f html`` of the same document), in paired runs (target: at most 1.2x).

Runs are interleaved so that other work on the machine hits every command alike; each figure is
the median of --runs runs, wall and CPU (user + sys of the child). The library and brand caches
are warm (a first, uncounted run fills them), as they are for anyone who has run donorkit before.

    python benchmarks/startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _shared import load_note, run_timed

SLUG = "worldwide-digital-public-finance-learning-facility-dpflf"
NO_SEARCH = ("import ctypes.util, sys; ctypes.util.find_library = lambda name: None; "
             "from weasyprint.__main__ import main; sys.argv[0] = 'weasyprint'; main()")


def _bin(name: str) -> str:
    path = Path(sys.executable).with_name(name)
    return str(path) if path.exists() else name


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    wall, cpu, done = run_timed(cmd, env)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr}")
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="donorkit-startup-"))
    env = {**os.environ, "DONORKIT_CACHE_DIR": str(work / "cache")}
    env.pop("DONORKIT_NO_CACHE", None)
    donorkit = _bin("donorkit")
    try:
        subprocess.run([donorkit, "export", "case-study", SLUG, "-f", "html", "-o",
                        str(work / "html")], check=True, capture_output=True, env=env, cwd=work)
        html = work / "html" / "case-study" / f"{SLUG}.html"
        commands = {
            "donorkit --help": [donorkit, "--help"],
            "donorkit projects list": [donorkit, "projects", "list"],
            "weasyprint (same HTML)": [_bin("weasyprint"), str(html), str(work / "w.pdf")],
            # The same command without the library search donorkit skips (rendering/weasy.py):
            # ~0.15 s of the command's CPU is ldconfig, gcc and ld looking for Pango & co.
            "weasyprint, no search": [sys.executable, "-c", NO_SEARCH, str(html),
                                      str(work / "w2.pdf")],
            "donorkit export -f pdf": [donorkit, "export", "case-study", SLUG, "-f", "pdf",
                                       "-o", str(work / "out")],
        }
        for cmd in commands.values():  # warm-up: file caches, the library and brand caches
            _run(cmd, env)
        walls: dict[str, list[float]] = {k: [] for k in commands}
        cpus: dict[str, list[float]] = {k: [] for k in commands}
        for _ in range(args.runs):
            for label, cmd in commands.items():
                wall, cpu = _run(cmd, env)
                walls[label].append(wall)
                cpus[label].append(cpu)
        wall = {k: statistics.median(v) for k, v in walls.items()}
        cpu = {k: statistics.median(v) for k, v in cpus.items()}
        for label in commands:
            print(f"{label:26} {wall[label]:6.2f} s wall  {cpu[label]:6.2f} s CPU  "
                  f"(median of {args.runs})")
        for label in ("donorkit --help", "donorkit projects list"):
            ok = "ok" if wall[label] < 0.3 else "MISSED"
            print(f"{label}: {wall[label]:.2f} s (target < 0.3 s: {ok})")
        ratio_wall = wall["donorkit export -f pdf"] / wall["weasyprint (same HTML)"]
        ratio_cpu = cpu["donorkit export -f pdf"] / cpu["weasyprint (same HTML)"]
        ok = "ok" if ratio_wall <= 1.2 else "MISSED"
        print(f"export over weasyprint: {ratio_wall:.2f}x wall, {ratio_cpu:.2f}x CPU "
              f"(target <= 1.2x: {ok})")
        bare = "weasyprint, no search"
        print(f"export over weasyprint without its library search: "
              f"{wall['donorkit export -f pdf'] / wall[bare]:.2f}x wall, "
              f"{cpu['donorkit export -f pdf'] / cpu[bare]:.2f}x CPU")
        load_note("compare CPU times")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
