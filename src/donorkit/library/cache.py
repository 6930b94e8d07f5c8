"""The library cache: what reading and normalising a page produced, kept between runs.

Two stores in the user cache folder (:mod:`donorkit.cachestore`):

* ``pages/<library>.pickle``: for one library folder, each page's normalised project and its
  diagnostics, keyed on the page's path, size, modification time and the hash of its bytes. A page
  whose size and time are unchanged is taken as is only when its time is safely older than the
  moment it was read (git's "racy" rule); otherwise its bytes are read and hashed, and a page with
  the same hash is still a hit. Any changed page is read and normalised again.
* ``bodies/<code>/<hash>.pickle``: parsed bodies, addressed by the hash of the body's Markdown, so
  the same body is parsed once whichever library or process asks for it.

Every entry also depends on donorkit's own code (its version and the library stage's source
files); a change empties it. Entries do not depend on the day: a project's status, the one field
that follows the calendar, is worked out again from its years on every load.

Safe with concurrent processes: every file is written to a temporary name and renamed over the old
one, so a reader sees a complete file or none; two processes saving the same library at once lose
at most the other's newer entries (rebuilt next time), never a corrupt file.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import cachestore

#: A page modified this close to the moment it was read may have changed again within the same
#: clock tick: its bytes are hashed instead of trusting its size and time.
RACY_NS = 2_000_000_000

_FINGERPRINT: str | None = None


def fingerprint() -> str:
    """The library stage's code (and the text helpers it uses): pages normalised by other code
    are stale."""
    global _FINGERPRINT
    if _FINGERPRINT is None:
        here = Path(__file__).parent
        _FINGERPRINT = cachestore.code_fingerprint(
            [*here.glob("*.py"), *(here.parent / "text").glob("*.py"),
             *(here.parent / "values").glob("*.py"),  # dates and money, read by bidkeys
             here.parent / "diagnostics.py"])
    return _FINGERPRINT


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def _payload(entry: Entry) -> Any:
    return cachestore.loads(entry.payload)


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
    key: tuple[str, ...]
    entries: dict[str, Entry] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)
    changed: bool = False

    @classmethod
    def open(cls, root: Path) -> PageCache:
        name = hashlib.blake2b(str(root).encode(), digest_size=12).hexdigest()
        cache = cls(cachestore.cache_dir() / "pages" / f"{name}.pickle", (fingerprint(),))
        stored = cachestore.load(cache.path)
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
        cachestore.save(self.path, {"key": self.key, "entries": self.entries})


class BodyCache:
    """Parsed bodies addressed by the hash of their Markdown."""

    def __init__(self) -> None:
        self.folder = cachestore.cache_dir() / "bodies" / fingerprint()[:16]

    def get(self, source: str, first_line: int, parse: Any) -> Any:
        # The body's first line is part of the key: problems found in a body name file lines.
        digest = content_hash(f"{first_line}\n{source}".encode())
        path = self.folder / digest[:2] / f"{digest}.pickle"
        body = cachestore.load(path)
        if body is not None:
            return body
        body = parse(source, first_line=first_line)
        cachestore.save(path, body)
        return body
