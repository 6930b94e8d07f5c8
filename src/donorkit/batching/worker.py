"""What a worker does with one task: in a pool process, a Dask worker, or in-process (--jobs 1).

A worker keeps the libraries it has loaded (and, through the stages below, brands, templates and
stylesheets) for every document it renders.
"""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

from ..library import Library, load_library
from .model import Task, TaskResult

_LIBRARIES: dict[str, Library] = {}


def _library(folder: str) -> Library:
    lib = _LIBRARIES.get(folder)
    if lib is None:
        if not Path(folder).is_dir():
            from ..errors import LibraryError

            # On a cluster the usual cause: this machine does not see the shared folder.
            raise LibraryError(f"library folder {folder} not found on {socket.gethostname()}; "
                               "every worker needs the library, brand, template and output "
                               "folders at the same paths (docs/batch.md)")
        lib = _LIBRARIES[folder] = load_library(folder)
    return lib


def run_task(task: Task) -> TaskResult:
    """Render one document; any failure is recorded in the result, never raised."""
    import resource

    from ..exporting import ExportOptions, export_per_project, export_portfolio
    from ..rendering.templates import get_doctype
    from ..spec import Spec, load_spec

    start, cpu = time.perf_counter(), time.process_time()
    result = TaskResult(task.key, worker=os.getpid())
    try:
        lib = _library(task.library)
        projects = [lib.get(slug) for slug in task.slugs]
        options = ExportOptions(
            brand=task.brand, formats=task.formats, out=Path(task.out),
            templates=[Path(t) for t in task.templates],
            assets=Path(task.assets) if task.assets else None, allow_remote=task.allow_remote,
            paper=task.paper, language=task.language)
        doctype = get_doctype(task.doctype, options.templates)
        if doctype.per == "project":
            outcomes = export_per_project(doctype, projects, options, library_root=lib.root)
        else:
            spec = load_spec(task.spec) if task.spec else Spec()
            outcomes = [export_portfolio(doctype, projects, options, spec=spec, name=task.name,
                                         library_root=lib.root)]
        for outcome in outcomes:
            result.files += [str(f) for f in outcome.files]
            result.warnings += outcome.warnings
            if outcome.error:
                result.error = outcome.error
    except Exception as exc:  # noqa: BLE001 - one document's failure is reported, never fatal
        result.error = f"{type(exc).__name__}: {exc}"
    result.seconds = time.perf_counter() - start
    result.cpu_seconds = time.process_time() - cpu
    result.peak_rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return result


def worker_init() -> None:
    """Ctrl-C is the main process's to handle: it stops the workers with SIGTERM, which a worker
    turns into SystemExit so that atomic_write removes the temp file it was writing. The garbage
    collector runs less often (:func:`donorkit.runtime.tune`)."""
    import signal

    from ..runtime import tune

    tune()  # fewer garbage collections, as in the console script
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
