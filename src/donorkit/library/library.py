"""Stage 3: a folder of project pages -> a :class:`Library` of validated projects.

One broken page never stops the others: each file's problems become diagnostics and the file is
left out; everything else loads.
"""

from __future__ import annotations

import codecs
import gc
import os
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from .. import cachestore
from ..diagnostics import Diagnostics
from ..errors import LibraryError, PageNotLoaded, ProjectNotFound
from ..text.names import name_key, safe_filename
from . import cache as page_cache
from .model import Project, status_for
from .select import Selection, select
from .translations import split_siblings

SUFFIXES = (".md", ".markdown")
#: Files in a library folder that are documentation, not projects.
SKIPPED_NAMES = {"readme.md", "readme.markdown", "index.md", "license.md", "changelog.md"}


def _page_parts(root: Path) -> list[tuple[str, ...]]:
    """The pages under *root* as tuples of path parts, in the order sorted(Path) would give.

    os.scandir instead of Path.rglob: a skipped folder is never entered, and the file type comes
    from the directory entry instead of one stat per file (rglob, sorting Paths and is_file() took
    0.3 s of a 10,000-page load)."""
    found: list[tuple[str, ...]] = []
    seen: set[tuple[int, int]] = set()  # folders already walked: symlink loops end here

    def walk(folder: str, prefix: tuple[str, ...]) -> None:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return
        for entry in entries:
            name = entry.name
            if name.startswith((".", "_")):
                continue
            try:
                if entry.is_dir():
                    st = entry.stat()
                    if (st.st_dev, st.st_ino) not in seen:
                        seen.add((st.st_dev, st.st_ino))
                        walk(entry.path, (*prefix, name))
                elif (entry.is_file() and name.lower().endswith(SUFFIXES)
                      and name.lower() not in SKIPPED_NAMES):
                    found.append((*prefix, name))
            except OSError:
                continue

    st = os.stat(root)
    seen.add((st.st_dev, st.st_ino))
    walk(str(root), ())
    found.sort()
    return found


class Library:
    """Projects loaded from one folder, with every problem found while loading them."""

    def __init__(self, root: Path, projects: list[Project], diagnostics: Diagnostics,
                 files: int, failed: dict[str, list[str]] | None = None,
                 failed_slugs: dict[str, str] | None = None) -> None:
        self.root = root
        #: file stem (casefolded) of each page that failed to load -> its errors
        self.failed = failed or {}
        #: another slug such a page would have had (its ``slug:`` key) -> its key in ``failed``
        self.failed_slugs = failed_slugs or {}
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
            self._not_loaded(slug)
            raise ProjectNotFound(slug, list(self._by_slug))
        return project

    def _not_loaded(self, slug: str) -> None:
        folded = slug.casefold()
        problems = (self.failed.get(slug) or self.failed.get(folded)
                    or self.failed.get(self.failed_slugs.get(folded, "")))
        if problems:
            raise PageNotLoaded(slug, problems)

    def select(self, selection: Selection | None = None, **filters: Any) -> list[Project]:
        """Projects matching *selection* or keyword filters (``country=["Kenya"]``, ``since=2015``
        ...: the fields of :class:`Selection`). Drafts are left out unless ``include_drafts``."""
        if selection is None:
            selection = Selection(**filters)
        elif filters:
            selection = selection.model_copy(update=Selection(**filters).model_dump(
                exclude_defaults=True))
        try:
            return select(self.projects, selection)
        except ProjectNotFound as exc:
            for slug in exc.slugs:
                self._not_loaded(slug)
            raise

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
            for line, message in body.problems:
                diags.warning(project.source, message, line=line, field="body")
        return diags


def load_library(path: str | Path, *, today: date | None = None,
                 cache: bool | None = None) -> Library:
    """Load every project page under *path* (searched recursively).

    Pages unchanged since an earlier load come from the library cache (see
    :mod:`donorkit.library.cache`) unless *cache* is False; None follows $DONORKIT_NO_CACHE.
    """
    root = Path(path).expanduser()
    if not root.exists():
        raise LibraryError(f"library folder {root} does not exist")
    if not root.is_dir():
        raise LibraryError(f"library {root} is not a folder")
    if cache is None:
        cache = cachestore.enabled()
    # Loading makes many small objects that all live on, so the cyclic garbage collector only
    # rescans them (40% of a warm 10,000-page load): it is paused while they are made.
    paused = gc.isenabled()
    gc.disable()
    try:
        library = _load(root, today or date.today(), cache)  # today once, not once per page
    finally:
        if paused:
            gc.enable()
    if library.files == 0:
        raise LibraryError(_no_pages(root))
    return library


def _no_pages(root: Path) -> str:
    """An empty library is a wrong folder: a Jekyll site's root keeps its pages in a
    ``_collection`` folder, which is skipped like every ``_`` folder."""
    message = f"0 project pages found in {root}"
    candidates = []
    try:
        folders = sorted(p for p in root.iterdir() if p.is_dir() and p.name.startswith("_"))
    except OSError:
        folders = []
    for folder in folders:
        if folder.name in ("_site", "_layouts", "_includes", "_sass", "_data", "_plugins"):
            continue
        pages = len(_page_parts(folder))
        if pages:
            candidates.append((folder.name != "_projects", -pages, folder))
    if candidates:
        shown = [str(f) for _, _, f in sorted(candidates)[:3]]
        return message + f"; did you mean {' or '.join(shown)}?"
    return message


#: What loading one page produced: the project (None when unusable), its diagnostics, the line
#: of its slug (for a duplicate), and the path its diagnostics name (to relabel them).
Loaded = tuple[Project | None, list, int | None, str]


def _load(root: Path, today: date, use_cache: bool = False) -> Library:
    diags = Diagnostics()
    projects: list[Project] = []
    seen: dict[str, Project] = {}
    outputs: dict[str, Project] = {}  # name_key of the slug's file name -> the project using it
    files = 0
    failed: dict[str, list[str]] = {}
    failed_slugs: dict[str, str] = {}
    # Resolved once, not per page: Path.resolve() walks every component with lstat.
    resolved_root = root.resolve()
    shown_root = _display_root(root, resolved_root)
    store = page_cache.PageCache.open(resolved_root) if use_cache else None
    pages, siblings, orphans = split_siblings(_page_parts(root))
    for parts in orphans:
        diags.warning(os.path.join(shown_root, *parts), "a translation page without its "
                      "original (the same name without the language); ignored")
    for parts in pages:
        files += 1
        shown = os.path.join(shown_root, *parts)
        project, problems, slug_line, named = (
            _load_page(root.joinpath(*parts), today) if store is None
            else _cached_page(store, root, parts, today))
        diags.extend(_relabel(problems, named, shown))
        if project is None:
            # asked for by its slug (the file stem), the page says why it did not load
            key = parts[-1].rsplit(".", 1)[0].casefold()
            failed[key] = [str(d) for d in _relabel(problems, named, shown).errors]
            claimed = _claimed_slug(root.joinpath(*parts))
            if claimed and claimed.casefold() != key:
                failed_slugs[claimed.casefold()] = key  # or by the slug its front matter gives
            continue
        first = seen.get(project.slug)
        if first is not None:
            diags.error(shown, f"duplicate slug {project.slug!r}: already used by {first.source}",
                        line=slug_line, field="slug")
            continue
        # A slug is a document's file name once made safe ('a b', 'a/b' and 'a-b' are all 'a-b',
        # 'A' and 'a' one file on Windows and macOS): two such pages would overwrite each other.
        stem = safe_filename(project.slug)
        first = outputs.get(name_key(stem))
        if first is not None:
            diags.error(shown, f"slug {project.slug!r} gives the same file name ({stem!r}) as "
                               f"slug {first.slug!r} of {first.source}: their documents would "
                               "overwrite each other; change one of the slugs",
                        line=slug_line, field="slug")
            continue
        project.source = shown
        project._path = resolved_root.joinpath(*parts)
        if parts in siblings:
            project._siblings = {tag: resolved_root.joinpath(*p)
                                 for tag, p in siblings[parts].items()}
        seen[project.slug] = project
        outputs[name_key(stem)] = project
        projects.append(project)
    if store is not None:
        store.save()
        bodies = page_cache.BodyCache()
        for project in projects:
            project._body_cache = bodies
    return Library(root, projects, diags, files, failed, failed_slugs)


_FRONT_END = re.compile(r"^(?:---|\.\.\.)[ \t\r]*$", re.MULTILINE)
_SLUG_KEY = re.compile(r"^slug[ \t]*:[ \t]*(.*?)[ \t\r]*$", re.MULTILINE)


def _claimed_slug(page: Path) -> str | None:
    """The ``slug:`` of a page that failed to load, found in its raw front matter without YAML
    (which may be what is broken), so that asked for by that slug it says why it failed."""
    try:
        with open(page, "rb") as file:
            data = file.read(64 * 1024)
    except OSError:
        return None
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    text = data.decode("utf-16" if utf16 else "utf-8-sig", errors="replace")
    if not text.startswith("---"):
        return None
    head = text[3:]
    end = _FRONT_END.search(head, head.find("\n") + 1)
    found = _SLUG_KEY.search(head[:end.start()] if end else head)
    if not found:
        return None
    value = re.sub(r"\s+#.*$", "", found.group(1)).strip().strip("\"'").strip()
    return value or None


def _load_page(page: Path, today: date, data: bytes | None = None) -> Loaded:
    # Imported on first need: a warm cache never reads YAML or normalises.
    from .normalise import normalise
    from .reader import parse_record, read_record

    record = read_record(page) if data is None else parse_record(page, data)
    if isinstance(record, Diagnostics):
        return None, list(record), None, str(page)
    project, problems = normalise(record, today)
    return project, [*record.diagnostics, *problems], record.line_of("slug"), str(page)


def _cached_page(store: page_cache.PageCache, root: Path, parts: tuple[str, ...],
                 today: date) -> Loaded:
    name = "/".join(parts)
    try:
        st = os.stat(os.path.join(root, *parts))  # a string: a Path per page costs on a hit
    except OSError:
        return _load_page(root.joinpath(*parts), today)
    hit = store.lookup(name, st)
    if hit is not None:
        return _dated(hit, today)
    from .reader import read_page_bytes  # here: a hit never loads the YAML reader

    page = root.joinpath(*parts)
    data = read_page_bytes(page)
    if isinstance(data, Diagnostics):
        return None, list(data), None, str(page)
    hit = store.lookup_bytes(name, data, st)
    if hit is not None:
        return _dated(hit, today)
    loaded = _load_page(page, today, data)
    store.store(name, data, st, loaded)
    return loaded


def _display_root(root: Path, resolved_root: Path) -> str:
    """Paths in messages are as the user would type them: relative to the working folder when
    the library lies under it."""
    try:
        return os.path.join("", *resolved_root.relative_to(Path.cwd().resolve()).parts)
    except ValueError:
        return str(root)


def _dated(loaded: Loaded, today: date) -> Loaded:
    """A cached project with the status of *today* (the one field that follows the calendar)."""
    project = loaded[0]
    if project is not None:
        project.status = status_for(project.end, project.start, today)  # type: ignore[assignment]
    return loaded


def _relabel(diags: Diagnostics | list, page: str, shown: str) -> Diagnostics:
    out = Diagnostics()
    for d in diags:
        out.append(d.model_copy(update={"file": shown}) if d.file == page else d)
    return out
