"""`donorkit batch`: many documents from a manifest, in parallel, incrementally.

The stages, one module each: the manifest is read and checked (:mod:`.manifest`), its jobs are
expanded into documents with the hash of their inputs (:mod:`.planning`), unchanged documents are
skipped against ``OUT/manifest.json`` (:mod:`.state`), and the rest are rendered (:mod:`.worker`)
on an executor (:mod:`.executors`: in-process, a local pool, or a Dask cluster in :mod:`.cluster`)
by the runner (:mod:`.runner`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .executors import check_main_guard
from .manifest import Defaults, Job, Manifest, load_manifest
from .model import BatchReport, Task, TaskResult
from .planning import Planner, plan
from .runner import run_batch
from .worker import run_task

__all__ = ["BatchReport", "Defaults", "Job", "Manifest", "Planner", "Task", "TaskResult", "batch",
           "load_manifest", "plan", "run_batch", "run_task"]


def batch(manifest: str | Path, *, jobs: int | None = None, force: bool = False,
          out: str | Path | None = None,
          on_result: Callable[[TaskResult, int, int], None] | None = None,
          scheduler: str | None = None) -> BatchReport:
    """Run a batch manifest (see docs/batch.md). Returns what was built, skipped and failed.

    A job that cannot be expanded (a misspelt slug, a selection that matches nothing) is
    reported failed and the other jobs go on. *scheduler* (``"tcp://HOST:8786"`` or ``"local"``)
    renders on a Dask cluster. From a script, call this under ``if __name__ == "__main__":``:
    worker processes import the script again.
    """
    if scheduler == "local" or (scheduler is None and jobs != 1):
        # Checked before anything else, not when a pool starts: otherwise an unguarded script
        # passes while every document is up to date and fails on the first rebuild.
        check_main_guard()
    path = Path(manifest)
    loaded = load_manifest(path)
    tasks, failures = Planner(loaded, path.parent.resolve(),
                              out=Path(out).resolve() if out else None, source=path).plan()
    return run_batch(tasks, jobs=jobs, force=force, on_result=on_result, scheduler=scheduler,
                     failures=failures)
