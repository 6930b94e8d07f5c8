"""`donorkit batch`: many documents from a manifest, in parallel, incrementally.

The main process reads the manifest, expands every job into documents (one per project for a
per-project type), hashes each document's inputs, and skips those whose inputs and outputs are
unchanged since the last run (``OUT/manifest.json``). Worker processes render the rest; each
worker loads libraries, brands, templates and stylesheets once and keeps them for every document
it renders, and is replaced after a fixed number of documents so memory stays flat.
"""

from __future__ import annotations

import concurrent.futures as cf
import hashlib
import json
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .__about__ import __version__
from .errors import SpecError
from .library import Library, Selection, load_library
from .rendering.templates import get_doctype, search_path
from .writers import WRITERS
from .writers.atomic import atomic_write
from .yamlfile import read_yaml, validation_problems

MANIFEST_STATE = "manifest.json"
STATE_INTERVAL = 2.0  # seconds between manifest checkpoints during a run
#: Documents a worker renders before it is replaced: WeasyPrint and fontconfig keep caches that
#: grow with every distinct document, so recycling keeps a long batch's memory flat.
TASKS_PER_WORKER = 100


def _formats(value: object) -> object:
    return [value] if isinstance(value, str) else value


class Defaults(BaseModel):
    model_config = ConfigDict(extra="forbid")
    library: str | None = None
    brand: str = "default"
    formats: list[str] = Field(default_factory=lambda: ["pdf", "docx"])
    out: str | None = None
    templates: list[str] = Field(default_factory=list)
    assets: str | None = None
    allow_remote: bool = False
    paper: str | None = None
    language: str = "en"

    _f = field_validator("formats", "templates", mode="before")(_formats)


class Job(BaseModel):
    model_config = ConfigDict(extra="forbid")
    doctype: str
    select: Selection = Field(default_factory=Selection)
    spec: str | None = None
    name: str | None = None
    formats: list[str] | None = None
    brand: str | None = None
    library: str | None = None
    paper: str | None = None

    _f = field_validator("formats", mode="before")(_formats)


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    defaults: Defaults = Field(default_factory=Defaults)
    jobs: list[Job]


@dataclass(frozen=True)
class Task:
    """One document to produce; plain data so it travels cheaply to a worker process."""

    key: str  # "case-study/<slug>" or "capability-statement/<name>"
    doctype: str
    library: str
    slugs: tuple[str, ...]
    spec: str | None
    name: str | None
    formats: tuple[str, ...]
    brand: str
    out: str
    templates: tuple[str, ...]
    assets: str | None
    allow_remote: bool
    paper: str | None
    language: str
    inputs: str = ""  # hash of everything the document is made from


@dataclass
class TaskResult:
    key: str
    files: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    skipped: bool = False
    seconds: float = 0.0
    worker: int = 0
    peak_rss_kb: int = 0


@dataclass
class BatchReport:
    results: list[TaskResult]
    seconds: float
    interrupted: bool = False

    @property
    def failed(self) -> list[TaskResult]:
        return [r for r in self.results if r.error]

    @property
    def built(self) -> list[TaskResult]:
        return [r for r in self.results if not r.error and not r.skipped]

    @property
    def skipped(self) -> list[TaskResult]:
        return [r for r in self.results if r.skipped]


def load_manifest(path: str | Path) -> Manifest:
    path = Path(path)
    raw, lines = read_yaml(path)
    try:
        manifest = Manifest(**raw)
    except ValidationError as exc:
        raise SpecError(validation_problems(path, exc, lines, Manifest)) from None
    problems = []
    for i, job in enumerate(manifest.jobs):
        for fmt in [*(job.formats or []), *manifest.defaults.formats]:
            if fmt not in WRITERS:
                line = lines.get(f"jobs.{i}.formats") or lines.get("defaults.formats")
                problems.append(f"{path}:{line}: error: formats: unknown format {fmt!r} "
                                f"(use {', '.join(WRITERS)})")
        if job.spec and not (path.parent / job.spec).is_file():
            problems.append(f"{path}:{lines.get(f'jobs.{i}.spec')}: error: jobs.{i}.spec: "
                            f"spec file {job.spec} not found (relative to the manifest)")
    if problems:
        raise SpecError(sorted(set(problems)))
    return manifest


# -- hashing ----------------------------------------------------------------------------------

def _hash_files(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _tree_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts]


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- planning ---------------------------------------------------------------------------------

def plan(manifest: Manifest, base: Path, *, out: Path | None = None) -> list[Task]:
    """Expand jobs into documents, with the hash of each document's inputs."""
    from .brand import find_brand
    from .exporting import select_for
    from .spec import load_spec

    libraries: dict[Path, Library] = {}
    tree_hashes: dict[tuple[str, ...], str] = {}
    d = manifest.defaults

    def tree_hash(folders: tuple[Path, ...]) -> str:
        key = tuple(str(f) for f in folders)
        if key not in tree_hashes:
            tree_hashes[key] = _hash_files(p for f in folders for p in _tree_files(f))
        return tree_hashes[key]

    def resolve(value: str | None) -> Path | None:
        return (base / value).resolve() if value else None

    tasks: list[Task] = []
    seen: set[str] = set()
    for job in manifest.jobs:
        library_path = resolve(job.library or d.library) or Path("projects").resolve()
        if library_path not in libraries:
            libraries[library_path] = load_library(library_path)
        lib = libraries[library_path]
        spec_path = resolve(job.spec)
        spec = load_spec(spec_path) if spec_path else None
        doctype = get_doctype(job.doctype, [resolve(t) for t in d.templates])
        projects = select_for(lib, job.select, spec)
        templates = tuple(str(resolve(t)) for t in d.templates)
        brand = job.brand or (spec.brand if spec and spec.brand else None) or d.brand
        formats = tuple(job.formats or (spec.formats if spec and spec.formats else None)
                        or d.formats)
        brand_folder = find_brand(brand if "/" not in brand else str(resolve(brand)))
        shared = "|".join([
            __version__, tree_hash((*search_path([Path(t) for t in templates]),)),
            tree_hash((brand_folder,)), ",".join(formats), str(job.paper or d.paper),
            d.language, str(d.allow_remote), str(resolve(d.assets)),
            file_hash(spec_path) if spec_path else "",
        ])
        if doctype.per == "project":
            groups = [(p.slug, (p,)) for p in projects]
        else:
            name = job.name or (spec_path.stem if spec_path else None)
            groups = [(name, tuple(projects))]
        for name, group in groups:
            key = f"{doctype.name}/{name or 'document'}"
            if key in seen:
                continue  # the same document asked for by two jobs is made once
            seen.add(key)
            inputs = hashlib.sha256((shared + "|" + _hash_files(
                p._path for p in group if p._path)).encode()).hexdigest()
            tasks.append(Task(
                key=key, doctype=doctype.name, library=str(library_path),
                slugs=tuple(p.slug for p in group), spec=str(spec_path) if spec_path else None,
                name=name if doctype.per != "project" else None, formats=formats, brand=brand,
                out=str(out or resolve(d.out) or Path("out").resolve()), templates=templates,
                assets=str(resolve(d.assets)) if d.assets else None,
                allow_remote=d.allow_remote, paper=job.paper or d.paper, language=d.language,
                inputs=inputs))
    return tasks


# -- state (OUT/manifest.json) ----------------------------------------------------------------

def read_state(out: Path) -> dict[str, Any]:
    path = out / MANIFEST_STATE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"version": 1, "documents": {}}
    if not isinstance(data, dict) or not isinstance(data.get("documents"), dict):
        return {"version": 1, "documents": {}}
    return data


def write_state(out: Path, state: dict[str, Any]) -> None:
    state["donorkit"] = __version__
    with atomic_write(out / MANIFEST_STATE) as handle:
        handle.write(json.dumps(state, indent=2, sort_keys=True).encode("utf-8"))


def up_to_date(task: Task, state: dict[str, Any]) -> bool:
    entry = state["documents"].get(task.key)
    if not entry or entry.get("inputs") != task.inputs:
        return False
    outputs = entry.get("outputs") or {}
    if set(Path(p).suffix.lstrip(".") for p in outputs) != set(task.formats):
        return False
    for name, digest in outputs.items():
        path = Path(task.out) / name
        if not path.is_file() or file_hash(path) != digest:
            return False
    return True


# -- running ----------------------------------------------------------------------------------

_WORKER_LIBRARIES: dict[str, Library] = {}


def run_task(task: Task) -> TaskResult:
    """Render one document (in a worker process, or in-process with --jobs 1)."""
    import resource

    from .exporting import ExportOptions, export_per_project, export_portfolio
    from .spec import Spec, load_spec

    start = time.perf_counter()
    result = TaskResult(task.key, worker=os.getpid())
    try:
        lib = _WORKER_LIBRARIES.get(task.library)
        if lib is None:
            lib = _WORKER_LIBRARIES[task.library] = load_library(task.library)
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
    result.peak_rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return result


def _worker_init() -> None:
    """Ctrl-C is the main process's to handle: it stops the workers with SIGTERM, which a worker
    turns into SystemExit so that atomic_write removes the temp file it was writing."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)


def sweep_temp_files(out: Path) -> None:
    """Remove temp files left by a worker that was killed outright (SIGKILL, power loss)."""
    for path in out.rglob(".*.part"):
        path.unlink(missing_ok=True)


#: Imported once by the fork server, so every worker (and every recycled one) starts warm
#: instead of spending a second on imports.
PRELOAD = ["donorkit.batching", "donorkit.exporting", "donorkit.writers.pdf",
           "donorkit.writers.docx", "weasyprint", "docx"]


def _pool(jobs: int) -> cf.ProcessPoolExecutor:
    # forkserver: workers start from a clean process (no inherited locks or open handles from
    # the main process), warm from the preloaded server.
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
    else:
        context = multiprocessing.get_context("spawn")
    return cf.ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                                  initializer=_worker_init)


def run_batch(tasks: list[Task], *, jobs: int | None = None, force: bool = False,
              on_result: Callable[[TaskResult, int, int], None] | None = None) -> BatchReport:
    """Run *tasks*; unchanged documents are skipped unless *force*. Interrupting (Ctrl-C) stops
    the workers, keeps every finished document and leaves a valid manifest.json."""
    started = time.perf_counter()
    jobs = jobs or os.cpu_count() or 1
    outs = {Path(t.out) for t in tasks}
    states = {out: read_state(out) for out in outs}
    results: list[TaskResult] = []
    todo: list[Task] = []
    total = len(tasks)
    for task in tasks:
        if not force and up_to_date(task, states[Path(task.out)]):
            results.append(TaskResult(task.key, skipped=True))
            if on_result:
                on_result(results[-1], len(results), total)
        else:
            todo.append(task)

    def record(task: Task, result: TaskResult) -> None:
        state = states[Path(task.out)]
        if result.error:
            state["documents"].pop(task.key, None)
        else:
            state["documents"][task.key] = {
                "inputs": task.inputs,
                "outputs": {str(Path(f).relative_to(task.out)): file_hash(Path(f))
                            for f in result.files},
            }
        results.append(result)
        if on_result:
            on_result(result, len(results), total)

    interrupted = False
    pool: cf.ProcessPoolExecutor | None = None
    last_write = time.monotonic()

    def checkpoint(out: Path) -> None:
        # The manifest is rewritten (with an fsync) at most every few seconds while documents
        # complete, and always at the end: a crash loses at most those seconds of bookkeeping,
        # never a document, and the main process stays out of the workers' way.
        nonlocal last_write
        if time.monotonic() - last_write >= STATE_INTERVAL:
            write_state(out, states[out])
            last_write = time.monotonic()

    try:
        if jobs == 1 or len(todo) <= 1:
            for task in todo:
                record(task, run_task(task))
                checkpoint(Path(task.out))
        elif todo:
            workers = min(jobs, len(todo))
            # Workers are recycled by giving each wave of documents a fresh pool (Python 3.11's
            # max_tasks_per_child can hang the pool when it replaces a worker).
            wave = TASKS_PER_WORKER * workers
            for start in range(0, len(todo), wave):
                pool = _pool(workers)
                futures = {pool.submit(run_task, task): task for task in todo[start:start + wave]}
                for future in cf.as_completed(futures):
                    task = futures[future]
                    try:
                        outcome = future.result()
                    except cf.process.BrokenProcessPool as exc:
                        outcome = TaskResult(task.key, error=f"worker crashed: {exc}")
                    record(task, outcome)
                    checkpoint(Path(task.out))
                pool.shutdown()
    except KeyboardInterrupt:
        interrupted = True
        if pool is not None:
            # Workers got the same SIGINT; whatever they were writing is still a temp file
            # (atomic_write removes it). Stop the rest without waiting for queued documents.
            processes = list((getattr(pool, "_processes", None) or {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                process.terminate()
            for process in processes:
                process.join(timeout=10)
    finally:
        for out, state in states.items():
            if out.exists():
                write_state(out, state)
                if interrupted:
                    sweep_temp_files(out)
    return BatchReport(results, time.perf_counter() - started, interrupted)


def batch(manifest: str | Path, *, jobs: int | None = None, force: bool = False,
          out: str | Path | None = None,
          on_result: Callable[[TaskResult, int, int], None] | None = None) -> BatchReport:
    """Run a batch manifest (see docs/batch.md). Returns what was built, skipped and failed."""
    path = Path(manifest)
    loaded = load_manifest(path)
    tasks = plan(loaded, path.parent.resolve(), out=Path(out).resolve() if out else None)
    return run_batch(tasks, jobs=jobs, force=force, on_result=on_result)
