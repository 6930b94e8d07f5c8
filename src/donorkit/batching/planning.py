"""Jobs -> documents: each job expanded (one document per project for a per-project type), each
document with the hash of everything it is made from. A job that cannot be expanded (a misspelt
slug, a selection that matches nothing) is a failure of that job alone."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from ..__about__ import __version__
from ..errors import DonorkitError
from ..library import Library, Project, load_library
from .manifest import Job, Manifest
from .model import Task, TaskResult
from .state import file_hash


def _hash_files(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _tree_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts]


class Planner:
    """Expands the jobs of one manifest; keeps the libraries and folder hashes it has made."""

    def __init__(self, manifest: Manifest, base: Path, out: Path | None = None,
                 source: Path | None = None) -> None:
        self.manifest, self.base, self.out, self.source = manifest, base, out, source
        self.libraries: dict[Path, Library] = {}
        self.tree_hashes: dict[tuple[str, ...], str] = {}
        self.tasks: list[Task] = []
        self.failures: list[TaskResult] = []
        self.seen: set[str] = set()

    def resolve(self, value: str | None) -> Path | None:
        return (self.base / value).resolve() if value else None

    def tree_hash(self, folders: tuple[Path, ...]) -> str:
        key = tuple(str(f) for f in folders)
        if key not in self.tree_hashes:
            self.tree_hashes[key] = _hash_files(p for f in folders for p in _tree_files(f))
        return self.tree_hashes[key]

    def library(self, job: Job) -> Library:
        path = self.resolve(job.library or self.manifest.defaults.library) \
            or Path("projects").resolve()
        if path not in self.libraries:
            self.libraries[path] = load_library(path)
        return self.libraries[path]

    def plan(self) -> tuple[list[Task], list[TaskResult]]:
        for i, job in enumerate(self.manifest.jobs):
            try:
                self.expand(job)
            except DonorkitError as exc:
                line = self.manifest._lines.get(f"jobs.{i}")
                where = (f"{self.source}:{line}: " if line else f"{self.source}: ") \
                    if self.source else ""
                self.failures.append(TaskResult(f"jobs.{i} ({job.doctype})",
                                                error=f"{where}jobs.{i}: {exc}"))
        return self.tasks, self.failures

    def expand(self, job: Job) -> None:
        from ..brand import find_brand
        from ..exporting import select_for
        from ..rendering.templates import get_doctype, search_path
        from ..spec import load_spec

        d = self.manifest.defaults
        lib = self.library(job)
        spec_path = self.resolve(job.spec)
        spec = load_spec(spec_path) if spec_path else None
        templates = tuple(str(self.resolve(t)) for t in d.templates)
        doctype = get_doctype(job.doctype, [Path(t) for t in templates])
        projects = select_for(lib, job.select, spec)
        brand = job.brand or (spec.brand if spec and spec.brand else None) or d.brand
        formats = tuple(job.formats or (spec.formats if spec and spec.formats else None)
                        or d.formats)
        brand_folder = find_brand(brand if "/" not in brand else str(self.resolve(brand)))
        shared = "|".join([
            __version__, self.tree_hash((*search_path([Path(t) for t in templates]),)),
            self.tree_hash((brand_folder,)), ",".join(formats), str(job.paper or d.paper),
            str(d.allow_remote), str(self.resolve(d.assets)),
            file_hash(spec_path) if spec_path else "",
        ])
        if doctype.per == "project":
            groups = [(p.slug, (p,)) for p in projects]
        else:
            name = job.name or (spec_path.stem if spec_path else None)
            groups = [(name, tuple(projects))]
        base_out = Path(self.out or self.resolve(d.out) or Path("out").resolve())
        languages, per_language_folder = job.languages_of(d)
        for (name, group), language in ((g, lang) for lang in languages for g in groups):
            # `languages: [en, fr]` puts each language's documents under OUT/<lang>/<doctype>/.
            out = str(base_out / language) if per_language_folder and language else str(base_out)
            prefix = f"{language}/" if per_language_folder and language else ""
            key = f"{prefix}{doctype.name}/{name or 'document'}"
            if key in self.seen:
                continue  # the same document asked for by two jobs is made once
            self.seen.add(key)
            # A page's translation into the document's language (a sibling <name>.<lang>.md) is
            # an input of that document, not of the others.
            effective = language or (spec.language if spec else "en")
            inputs = hashlib.sha256((shared + "|" + str(language) + "|" + _hash_files(
                f for p in group for f in (p._path, _sibling(p, effective)) if f
            )).encode()).hexdigest()
            self.tasks.append(Task(
                key=key, doctype=doctype.name, library=str(lib.root.resolve()),
                slugs=tuple(p.slug for p in group), spec=str(spec_path) if spec_path else None,
                name=name if doctype.per != "project" else None, formats=formats, brand=brand,
                out=out, templates=templates,
                assets=str(self.resolve(d.assets)) if d.assets else None,
                allow_remote=d.allow_remote, paper=job.paper or d.paper, language=language,
                inputs=inputs))


def _sibling(project: Project, language: str) -> Path | None:
    from ..library.translations import lookup

    tag = lookup(project._siblings, language)
    return project._siblings.get(tag) if tag else None


def plan(manifest: Manifest, base: Path, *, out: Path | None = None) -> list[Task]:
    """Expand jobs into documents; a job that cannot be expanded raises (see :class:`Planner`
    to collect those instead)."""
    tasks, failures = Planner(manifest, base, out).plan()
    if failures:
        raise DonorkitError("; ".join(f.error or "" for f in failures))
    return tasks
