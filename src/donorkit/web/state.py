"""The library as the web app sees it: reloaded when a page file changes, with its check report,
facets and per-page fingerprints computed once per version.

Each request stats the page files (a few milliseconds for 700 pages) instead of watching them:
no extra dependency, no background thread, and an edit shows on the very next reload.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..checking import CheckReport, check_library
from ..diagnostics import Diagnostic
from ..library import Library, Project, load_library
from ..library.library import _page_parts as page_parts


def _stamp(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (0, 0)
    return (st.st_mtime_ns, st.st_size)


def folder_fingerprint(folder: Path) -> str:
    """A hash of every file's name, mtime and size under *folder* (brands, template folders)."""
    digest = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath, name)
            digest.update(f"{path}\0{_stamp(path)}\0".encode())
    return digest.hexdigest()


@dataclass
class LibraryVersion:
    """One loaded state of the library; replaced as a whole when any page changes."""

    library: Library
    stamps: dict[str, tuple[int, int]]  # page path -> (mtime_ns, size)
    report: CheckReport
    problems: dict[str, list[Diagnostic]] = field(default_factory=dict)  # source -> problems
    unloaded: dict[str, list[Diagnostic]] = field(default_factory=dict)  # files left out
    facets: dict[str, Counter[str]] = field(default_factory=dict)

    def page_fingerprint(self, project: Project) -> str:
        path = str(project._path) if project._path else project.source
        return f"{path}:{self.stamps.get(path, (0, 0))}"

    def problems_of(self, project: Project) -> list[Diagnostic]:
        return self.problems.get(project.source, [])


def _version(root: Path, stamps: dict[str, tuple[int, int]]) -> LibraryVersion:
    library = load_library(root)
    report = check_library(library)
    sources = {p.source for p in library.projects}
    problems: dict[str, list[Diagnostic]] = {}
    unloaded: dict[str, list[Diagnostic]] = {}
    for diag in sorted([*report.errors, *report.warnings], key=lambda d: (d.file, d.line or 0)):
        target = problems if diag.file in sources else unloaded
        target.setdefault(diag.file, []).append(diag)
    facets: dict[str, Counter[str]] = {"country": Counter(), "place": Counter(),
                                       "region": Counter(), "solution": Counter(),
                                       "client": Counter()}
    for p in library.projects:
        # "Regional", "Worldwide"... are not countries: listed apart under the country filter
        facets["country"].update(c.name for c in p.countries if c.kind == "country")
        facets["place"].update(c.name for c in p.countries if c.kind != "country")
        facets["region"].update(p.regions)
        facets["solution"].update(p.solutions)
        facets["client"].update(p.clients)
    return LibraryVersion(library, stamps, report, problems, unloaded, facets)


class LibraryState:
    """The current :class:`LibraryVersion` of the folder *root*; thread-safe."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._lock = threading.Lock()
        self._version: LibraryVersion | None = None

    def _scan(self) -> dict[str, tuple[int, int]]:
        # Strings and os.stat, not Path objects: this runs on every request (3 ms for 700 pages
        # instead of 35 ms).
        if not self.root.is_dir():
            load_library(self.root)  # raises LibraryError saying what is wrong with the folder
        base = str(self.root.resolve())
        stamps = {}
        for parts in page_parts(self.root):
            path = os.path.join(base, *parts)
            try:
                st = os.stat(path)
                stamps[path] = (st.st_mtime_ns, st.st_size)
            except OSError:
                stamps[path] = (0, 0)
        return stamps

    def current(self) -> LibraryVersion:
        stamps = self._scan()
        version = self._version
        if version is not None and version.stamps == stamps:
            return version
        with self._lock:
            if self._version is None or self._version.stamps != stamps:
                self._version = _version(self.root, stamps)
            return self._version
