"""Stage 3: a folder of project pages -> a :class:`Library` of validated projects.

One broken page never stops the others: each file's problems become diagnostics and the file is
left out; everything else loads.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostics
from ..errors import LibraryError, ProjectNotFound
from .model import Project
from .normalise import normalise
from .reader import read_record
from .select import Selection, select

SUFFIXES = (".md", ".markdown")
#: Files in a library folder that are documentation, not projects.
SKIPPED_NAMES = {"readme.md", "readme.markdown", "index.md", "license.md", "changelog.md"}


def iter_pages(root: Path) -> Iterator[Path]:
    """Project files under *root*, sorted; hidden and ``_``-prefixed files and folders are skipped
    (Jekyll's convention for drafts folders and includes)."""
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).parts
        if any(part.startswith((".", "_")) for part in rel):
            continue
        if path.suffix.lower() in SUFFIXES and path.name.lower() not in SKIPPED_NAMES:
            if path.is_file():
                yield path


class Library:
    """Projects loaded from one folder, with every problem found while loading them."""

    def __init__(self, root: Path, projects: list[Project], diagnostics: Diagnostics,
                 files: int) -> None:
        self.root = root
        self.projects = projects
        self.diagnostics = diagnostics
        self.files = files
        self._by_slug = {p.slug: p for p in projects}

    def __len__(self) -> int:
        return len(self.projects)

    def __iter__(self) -> Iterator[Project]:
        return iter(self.projects)

    def __repr__(self) -> str:
        return f"<Library {self.root} projects={len(self.projects)} files={self.files}>"

    def get(self, slug: str) -> Project:
        project = self._by_slug.get(slug)
        if project is None:
            folded = {s.casefold(): p for s, p in self._by_slug.items()}
            project = folded.get(slug.casefold())
        if project is None:
            raise ProjectNotFound(slug, list(self._by_slug))
        return project

    def select(self, selection: Selection | None = None, **filters: Any) -> list[Project]:
        """Projects matching *selection* or keyword filters (``country=["Kenya"]``, ``since=2015``
        ...: the fields of :class:`Selection`). Drafts are left out unless ``include_drafts``."""
        if selection is None:
            selection = Selection(**filters)
        elif filters:
            selection = selection.model_copy(update=Selection(**filters).model_dump(
                exclude_defaults=True))
        return select(self.projects, selection)

    def check_bodies(self) -> Diagnostics:
        """Parse every body (normally lazy) so `check` reports problems there too."""
        diags = Diagnostics()
        for project in self.projects:
            try:
                body = project.body
            except (ValueError, RecursionError) as exc:
                diags.error(project.source, f"cannot parse the body: {exc}",
                            line=project._body_line, field="body")
                continue
            if not body.sections:
                diags.warning(project.source, "the body is empty", line=project._body_line,
                              field="body")
        return diags


def load_library(path: str | Path, *, today: date | None = None) -> Library:
    """Load every project page under *path* (searched recursively)."""
    root = Path(path).expanduser()
    if not root.exists():
        raise LibraryError(f"library folder {root} does not exist")
    if not root.is_dir():
        raise LibraryError(f"library {root} is not a folder")
    diags = Diagnostics()
    projects: list[Project] = []
    seen: dict[str, Project] = {}
    files = 0
    for page in iter_pages(root):
        files += 1
        shown = _display(page, root)
        record = read_record(page)
        if isinstance(record, Diagnostics):
            diags.extend(_relabel(record, page, shown))
            continue
        project, problems = normalise(record, today)
        diags.extend(_relabel(record.diagnostics + problems, page, shown))
        if project is None:
            continue
        first = seen.get(project.slug)
        if first is not None:
            diags.error(shown, f"duplicate slug {project.slug!r}: already used by {first.source}",
                        line=record.line_of("slug"), field="slug")
            continue
        project.source = shown
        project._path = page.resolve()
        seen[project.slug] = project
        projects.append(project)
    return Library(root, projects, diags, files)


def _display(page: Path, root: Path) -> str:
    """Paths in messages are as the user would type them: relative to the working folder when
    the library lies under it."""
    try:
        return str(page.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(page)


def _relabel(diags: Diagnostics | list, page: Path, shown: str) -> Diagnostics:
    out = Diagnostics()
    for d in diags:
        out.append(d.model_copy(update={"file": shown}) if d.file == str(page) else d)
    return out
