"""The plain data of a batch: a document to make, what making it gave, and the run's report.

Plain dataclasses, so a task travels cheaply to a worker process or a Dask worker on another
machine.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Task:
    """One document to produce."""

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
    language: str | None
    inputs: str = ""  # hash of everything the document is made from


@dataclass
class TaskResult:
    key: str
    files: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    skipped: bool = False
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # the worker's CPU time for this document (benchmarks)
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
