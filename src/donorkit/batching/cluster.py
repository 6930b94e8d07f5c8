"""Batch on a Dask cluster (the optional extra ``donorkit[dask]``): the same tasks as the local
pool, sent to the workers of a scheduler (``tcp://HOST:8786``) or of a local cluster (``local``).

Workers read the library, brand, templates and spec files, and write the documents, at the paths
the tasks name: on several machines those folders must be shared at the same paths (an NFS or SMB
mount; docs/batch.md). Start workers with one thread each (``dask worker ... --nthreads 1``):
rendering is CPU-bound and WeasyPrint is not made for threads.
"""

from __future__ import annotations

import logging
import os
import signal
import uuid
from collections.abc import Sequence
from typing import Any

from ..errors import BatchError
from .executors import Done, check_main_guard
from .model import Task, TaskResult
from .worker import run_task

CONNECT_TIMEOUT = "10s"


class DaskExecutor:
    def __init__(self, scheduler: str, jobs: int | None = None) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise BatchError("--scheduler needs Dask: pip install 'donorkit[dask]'") from None
        self.cluster: Any = None
        self.futures: list[Any] = []
        if scheduler == "local":
            check_main_guard()
            # Ctrl-C is this process's to handle, as with the built-in pool: the cluster's
            # processes start with SIGINT ignored (an ignored signal stays ignored in a child),
            # so a terminal's Ctrl-C does not kill them mid-document with a traceback each;
            # closing the cluster stops them.
            # The cluster's own logs stay quiet below CRITICAL: a document a worker fails is
            # reported as that document's failure, and a worker losing its scheduler while the
            # cluster closes (after Ctrl-C, on a loaded machine) logs an ERROR with a traceback
            # that says nothing to the user.
            previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
            try:
                self.cluster = LocalCluster(
                    n_workers=jobs or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                    dashboard_address=":0", silence_logs=logging.CRITICAL)
                self.client = Client(self.cluster)
            finally:
                signal.signal(signal.SIGINT, previous)
            return
        try:
            self.client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as exc:
            raise BatchError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None

    def run(self, tasks: Sequence[Task], done: Done) -> None:
        from distributed import as_completed

        if not tasks:
            return
        run = uuid.uuid4().hex[:8]
        keys = [f"donorkit-{run}-{i}" for i in range(len(tasks))]
        by_key = dict(zip(keys, tasks, strict=True))
        # pure=False: a document is made each time it is asked for, never taken from a result
        # the cluster still holds from an earlier run.
        self.futures = self.client.map(run_task, list(tasks), key=keys, pure=False)
        for future in as_completed(self.futures):
            task = by_key[future.key]
            try:
                outcome = future.result()
            except Exception as exc:  # noqa: BLE001 - a lost worker fails its document only
                outcome = TaskResult(task.key, error=f"Dask worker failed: "
                                                      f"{type(exc).__name__}: {exc}")
            done(task, outcome)
        self.futures = []

    def stop(self) -> None:
        # Queued documents are dropped; one a worker is writing finishes or is discarded whole
        # (files are written to a temp name and renamed), so none is ever half-written.
        if self.futures:
            self.client.cancel(self.futures, force=True)
            self.futures = []

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
