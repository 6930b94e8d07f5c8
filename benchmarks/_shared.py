"""Helpers the benchmark scripts share: timing a command as a user runs it, and saying when the
machine is too busy for its wall times to mean much."""

from __future__ import annotations

import os
import resource
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path


def run_timed(cmd: Sequence[str], env: dict[str, str],
              cwd: Path | None = None) -> tuple[float, float, subprocess.CompletedProcess]:
    """(wall, CPU of the child and its waited-for children, the finished process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(list(cmd), capture_output=True, text=True, env=env, cwd=cwd,
                          check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done


def load_note(advice: str) -> None:
    """Print a note when other work shares the machine."""
    load = os.getloadavg()[0]
    if load > 0.5 * (os.cpu_count() or 1):
        print(f"note: load average {load:.1f} on {os.cpu_count()} CPUs: other work shares the "
              f"machine; {advice}")
