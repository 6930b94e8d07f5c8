"""Where a batch's documents are rendered: in this process, in a pool of worker processes, or on
a Dask cluster (:mod:`.cluster`). Each executor runs tasks and hands every result back as it
completes; on Ctrl-C the runner calls ``stop`` and the executor drops what is queued and stops
its workers."""

from __future__ import annotations

import ast
import concurrent.futures as cf
import multiprocessing
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from ..errors import BatchError
from .model import Task, TaskResult
from .worker import run_task, worker_init

Done = Callable[[Task, TaskResult], None]
#: Documents a worker renders before it is replaced: WeasyPrint and fontconfig keep caches that
#: grow with every distinct document, so recycling keeps a long batch's memory flat.
TASKS_PER_WORKER = 100
#: Imported once by the fork server, so every worker (and every recycled one) starts warm
#: instead of spending a second on imports (see the module).
PRELOAD = ["donorkit.batching.preload"]


class Executor(Protocol):
    def run(self, tasks: Sequence[Task], done: Done) -> None: ...

    def stop(self) -> None: ...

    def close(self) -> None: ...


class InlineExecutor:
    """One document after another in this process (--jobs 1, or a single document)."""

    def run(self, tasks: Sequence[Task], done: Done) -> None:
        for task in tasks:
            done(task, run_task(task))

    def stop(self) -> None:
        pass

    def close(self) -> None:
        pass


class PoolExecutor:
    """Worker processes on this machine (forkserver), replaced every TASKS_PER_WORKER documents."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.pool: cf.ProcessPoolExecutor | None = None

    def run(self, tasks: Sequence[Task], done: Done) -> None:
        check_main_guard()
        workers = min(self.jobs, len(tasks))
        # Workers are recycled by giving each wave of documents a fresh pool (Python 3.11's
        # max_tasks_per_child can hang the pool when it replaces a worker).
        wave = TASKS_PER_WORKER * workers
        for start in range(0, len(tasks), wave):
            self.pool = _pool(workers)
            futures = {self.pool.submit(run_task, task): task for task in tasks[start:start + wave]}
            for future in cf.as_completed(futures):
                task = futures[future]
                try:
                    outcome = future.result()
                except cf.process.BrokenProcessPool as exc:
                    outcome = TaskResult(task.key, error=f"worker crashed: {exc}")
                done(task, outcome)
            self.pool.shutdown()
            self.pool = None

    def stop(self) -> None:
        if self.pool is None:
            return
        # Workers got the same SIGINT; whatever they were writing is still a temp file
        # (atomic_write removes it). Stop the rest without waiting for queued documents.
        processes = list((getattr(self.pool, "_processes", None) or {}).values())
        self.pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        for process in processes:
            process.join(timeout=10)
        self.pool = None

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def _pool(jobs: int) -> cf.ProcessPoolExecutor:
    # forkserver: workers start from a clean process (no inherited locks or open handles from
    # the main process), warm from the preloaded server.
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
    else:
        context = multiprocessing.get_context("spawn")
    return cf.ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                                  initializer=worker_init)


def executor_for(jobs: int, todo: int, scheduler: str | None) -> Executor:
    if scheduler:
        from .cluster import DaskExecutor

        return DaskExecutor(scheduler, jobs)
    if jobs == 1 or todo <= 1:
        return InlineExecutor()
    return PoolExecutor(jobs)


GUARD = 'if __name__ == "__main__":'


def check_main_guard() -> None:
    """Refuse, with what to do, a batch that would start again in every worker.

    Worker processes (the pool's and a local Dask cluster's) import the main script again, as
    multiprocessing does; a script that calls ``batch()`` at its top level, outside the guard,
    would run the batch again in each of them (and they would crash). Found before any worker
    starts, from the line of the script that is running now."""
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    spec_name = getattr(getattr(main, "__spec__", None), "name", "") or ""
    if main is None or not path or spec_name.endswith("__main__"):
        return  # interactive, -c, a package's __main__: workers do not re-run it
    frame = sys._getframe(1)
    line = None
    while frame is not None:
        if frame.f_globals is vars(main) and frame.f_code.co_name == "<module>":
            line = frame.f_lineno
        frame = frame.f_back
    if line is None or _guarded(Path(path), line):
        return
    raise BatchError(
        f"{path}:{line}: batch() starts worker processes, and each imports this script again; "
        f"called outside `{GUARD}`, it would start the whole batch again in every worker. "
        f"Put the call under `{GUARD}` (see docs/batch.md), or pass jobs=1.")


def _guarded(path: Path, line: int) -> bool:
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return True  # cannot tell: let multiprocessing speak
    for node in tree.body:
        if isinstance(node, ast.If) and _is_main_test(node.test) \
                and node.lineno <= line <= (node.end_lineno or node.lineno):
            return True
    return False


def _is_main_test(test: ast.expr) -> bool:
    if not (isinstance(test, ast.Compare) and len(test.comparators) == 1
            and isinstance(test.ops[0], ast.Eq)):
        return False
    sides = [test.left, test.comparators[0]]
    names = {s.id for s in sides if isinstance(s, ast.Name)}
    values = {s.value for s in sides if isinstance(s, ast.Constant)}
    return names == {"__name__"} and values == {"__main__"}
