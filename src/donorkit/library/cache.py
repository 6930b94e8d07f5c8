"""The library cache: what reading and normalising a page produced, kept between runs.

Two stores under the user cache folder (``platformdirs.user_cache_dir("donorkit")``, or
``$DONORKIT_CACHE_DIR``):

* ``pages/<library>.pickle``: for one library folder, each page's normalised project and its
  diagnostics, keyed on the page's path, size, modification time and the hash of its bytes. A page
  whose size and time are unchanged is taken as is only when its time is safely older than the
  moment it was read (git's "racy" rule); otherwise its bytes are read and hashed, and a page with
  the same hash is still a hit. Any changed page is read and normalised again.
* ``bodies/<hash>.pickle``: parsed bodies, addressed by the hash of the body's Markdown, so the same
  body is parsed once whichever library or process asks for it.

Every entry also depends on donorkit's own code (its version and the library stage's source files)
and on today's date (a project's status follows the calendar); a change of either empties it.

Safe with concurrent processes: every file is written to a temporary name and renamed over the old
one, so a reader sees a complete file or none; two processes saving the same library at once lose
at most the other's newer entries (rebuilt next time), never a corrupt file. A file that cannot be
read back (truncated by a crash, written by another version) is ignored and rewritten.

The cache holds pickles, so it must stay the user's own: it lives in their cache folder, is
created private (0700), and a folder set with $DONORKIT_CACHE_DIR must be one only they can write.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..__about__ import __version__

CACHE_ENV = "DONORKIT_CACHE_DIR"
#: Set (to anything but "" or "0") to turn the cache off: `--no-cache` sets it for the whole run,
#: batch workers included.
NO_CACHE_ENV = "DONORKIT_NO_CACHE"
FORMAT = 1
#: A page modified this close to the moment it was read may have changed again within the same
#: clock tick: its bytes are hashed instead of trusting its size and time.
RACY_NS = 2_000_000_000


def cache_dir() -> Path:
    """Where the cache lives: $DONORKIT_CACHE_DIR, else the user cache folder."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("donorkit", appauthor=False))


def enabled() -> bool:
    return os.environ.get(NO_CACHE_ENV, "") in ("", "0")


def clear() -> tuple[int, int]:
    """Remove every cached entry; returns (files, bytes) removed."""
    root = cache_dir()
    files = size = 0
    for folder in ("pages", "bodies"):
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*"), reverse=True):
            try:
                if path.is_dir():
                    path.rmdir()
                    continue
                size += path.stat().st_size
                path.unlink()
                files += 1
            except OSError:
                continue  # another process removed or replaced it meanwhile
        try:
            base.rmdir()
        except OSError:
            pass
    return files, size


def usage() -> tuple[int, int]:
    """(files, bytes) the cache holds now."""
    files = size = 0
    for folder in ("pages", "bodies"):
        for path in (cache_dir() / folder).rglob("*.pickle"):
            try:
                size += path.stat().st_size
            except OSError:
                continue
            files += 1
    return files, size


_FINGERPRINT: str | None = None


def fingerprint() -> str:
    """donorkit's version and the library stage's code: an entry made by other code is stale."""
    global _FINGERPRINT
    if _FINGERPRINT is None:
        digest = hashlib.blake2b(f"{FORMAT}|{__version__}".encode(), digest_size=16)
        here = Path(__file__).parent
        for source in sorted(here.glob("*.py")) + [here.parent / "diagnostics.py"]:
            st = source.stat()
            digest.update(f"|{source.name}:{st.st_size}:{st.st_mtime_ns}".encode())
        _FINGERPRINT = digest.hexdigest()
    return _FINGERPRINT


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise


def _read(path: Path) -> Any:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        return pickle.loads(data)  # noqa: S301 - the user's own private cache folder
    except Exception:  # noqa: BLE001 - truncated or foreign: a miss, rebuilt and rewritten
        return None


def _payload(entry: Entry) -> Any:
    try:
        return pickle.loads(entry.payload)  # noqa: S301 - the user's own private cache folder
    except Exception:  # noqa: BLE001 - a damaged entry is a miss
        return None


@dataclass
class Entry:
    size: int
    mtime_ns: int
    digest: str
    read_ns: int  # when the page was read: a page modified after this is not trusted by stat
    payload: bytes  # the pickled outcome of reading and normalising the page


@dataclass
class PageCache:
    """The cached pages of one library folder; :meth:`save` writes it back if anything changed."""

    path: Path
    key: tuple[str, str]
    entries: dict[str, Entry] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)
    changed: bool = False

    @classmethod
    def open(cls, root: Path, today: date) -> PageCache:
        name = hashlib.blake2b(str(root).encode(), digest_size=12).hexdigest()
        cache = cls(cache_dir() / "pages" / f"{name}.pickle", (fingerprint(), today.isoformat()))
        stored = _read(cache.path)
        if isinstance(stored, dict) and stored.get("key") == cache.key \
                and isinstance(stored.get("entries"), dict):
            cache.entries = stored["entries"]
        return cache

    def lookup(self, name: str, st: os.stat_result) -> Any | None:
        """The payload of page *name* when its size and time prove it unchanged, else None."""
        entry = self.entries.get(name)
        self.seen.add(name)
        if entry is None or entry.size != st.st_size or entry.mtime_ns != st.st_mtime_ns:
            return None
        if st.st_mtime_ns + RACY_NS >= entry.read_ns:
            return None  # modified around the time it was read: check its bytes
        return _payload(entry)

    def lookup_bytes(self, name: str, data: bytes, st: os.stat_result) -> Any | None:
        """The payload of page *name* when its bytes hash as before (time or size changed)."""
        entry = self.entries.get(name)
        if entry is None or entry.digest != content_hash(data):
            return None
        entry.size, entry.mtime_ns, entry.read_ns = st.st_size, st.st_mtime_ns, time.time_ns()
        self.changed = True
        return _payload(entry)

    def store(self, name: str, data: bytes, st: os.stat_result, payload: Any) -> None:
        # Pickled now: the caller goes on to change the objects it gets (a project's source and
        # path depend on how the library was named), and a hit must not pay for what it skips.
        self.entries[name] = Entry(st.st_size, st.st_mtime_ns, content_hash(data),
                                   time.time_ns(),
                                   pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))
        self.changed = True

    def save(self) -> None:
        gone = set(self.entries) - self.seen
        for name in gone:  # pages deleted or renamed since
            del self.entries[name]
        if not (self.changed or gone):
            return
        data = pickle.dumps({"key": self.key, "entries": self.entries},
                            protocol=pickle.HIGHEST_PROTOCOL)
        try:
            _write_atomic(self.path, data)
        except OSError:
            pass  # a read-only or full cache folder costs speed, never a run


class BodyCache:
    """Parsed bodies addressed by the hash of their Markdown."""

    def __init__(self) -> None:
        self.folder = cache_dir() / "bodies" / fingerprint()[:16]

    def get(self, source: str, first_line: int, parse: Any) -> Any:
        # The body's first line is part of the key: problems found in a body name file lines.
        digest = content_hash(f"{first_line}\n{source}".encode())
        path = self.folder / digest[:2] / f"{digest}.pickle"
        body = _read(path)
        if body is not None:
            return body
        body = parse(source, first_line=first_line)
        try:
            _write_atomic(path, pickle.dumps(body, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass
        return body
