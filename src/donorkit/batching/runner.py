"""Running planned tasks: skip what is unchanged, render the rest on an executor, keep
``OUT/manifest.json`` current, and stop cleanly on Ctrl-C."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .executors import executor_for
from .model import BatchReport, Task, TaskResult
from .state import read_state, record, sweep_temp_files, up_to_date, write_state

OnResult = Callable[[TaskResult, int, int], None]
STATE_INTERVAL = 2.0  # seconds between manifest checkpoints during a run


class Run:
    """The bookkeeping of one run: results so far, and the state of every output folder."""

    def __init__(self, tasks: Sequence[Task], failures: Sequence[TaskResult],
                 on_result: OnResult | None) -> None:
        self.started = time.perf_counter()
        self.total = len(tasks) + len(failures)
        self.on_result = on_result
        self.results: list[TaskResult] = []
        self.states: dict[Path, dict[str, Any]] = {
            out: read_state(out) for out in {Path(t.out) for t in tasks}}
        self.last_write = time.monotonic()
        self.interrupted = False
        for failure in failures:  # jobs that could not be expanded into documents
            self.report(failure)

    def report(self, result: TaskResult) -> None:
        self.results.append(result)
        if self.on_result:
            self.on_result(result, len(self.results), self.total)

    def unchanged(self, tasks: Sequence[Task], force: bool) -> list[Task]:
        """Report unchanged documents as skipped; returns the ones to render."""
        todo = []
        for task in tasks:
            if not force and up_to_date(task, self.states[Path(task.out)]):
                self.report(TaskResult(task.key, skipped=True))
            else:
                todo.append(task)
        return todo

    def done(self, task: Task, result: TaskResult) -> None:
        out = Path(task.out)
        record(self.states[out], task, result)
        self.report(result)
        self.checkpoint(out)

    def checkpoint(self, out: Path) -> None:
        # The manifest is rewritten (with an fsync) at most every few seconds while documents
        # complete, and always at the end: a crash loses at most those seconds of bookkeeping,
        # never a document, and the main process stays out of the workers' way.
        if time.monotonic() - self.last_write >= STATE_INTERVAL:
            write_state(out, self.states[out])
            self.last_write = time.monotonic()

    def finish(self) -> BatchReport:
        for out, state in self.states.items():
            if out.exists():
                write_state(out, state)
                if self.interrupted:
                    sweep_temp_files(out)
        return BatchReport(self.results, time.perf_counter() - self.started, self.interrupted)


def run_batch(tasks: Sequence[Task], *, jobs: int | None = None, force: bool = False,
              on_result: OnResult | None = None, scheduler: str | None = None,
              failures: Sequence[TaskResult] = ()) -> BatchReport:
    """Run *tasks*; unchanged documents are skipped unless *force*. *scheduler* sends them to a
    Dask cluster (``tcp://HOST:8786`` or ``local``) instead of local worker processes.
    Interrupting (Ctrl-C) stops the workers, keeps every finished document and leaves a valid
    manifest.json."""
    run = Run(tasks, failures, on_result)
    todo = run.unchanged(tasks, force)
    executor = executor_for(jobs or os.cpu_count() or 1, len(todo), scheduler if todo else None)
    try:
        executor.run(todo, run.done)
    except KeyboardInterrupt:
        run.interrupted = True
        executor.stop()
    finally:
        executor.close()
        report = run.finish()
    return report
