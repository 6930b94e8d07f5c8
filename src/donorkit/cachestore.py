"""The user cache folder donorkit keeps parsed inputs in (library pages, bodies, brands).

``platformdirs.user_cache_dir("donorkit")``, or ``$DONORKIT_CACHE_DIR``; off for a run with
``--no-cache`` ($DONORKIT_NO_CACHE). Entries are pickles written to a temporary name and renamed
into place, so concurrent processes see a whole file or none; a file that cannot be read back is a
miss. The folder is created private (0700): a pickle is code, so the folder must be the user's
own (a folder set with $DONORKIT_CACHE_DIR must be one only they can write).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .__about__ import __version__

CACHE_ENV = "DONORKIT_CACHE_DIR"
#: Set (to anything but "" or "0") to turn the cache off: `--no-cache` sets it for the whole run,
#: batch workers included.
NO_CACHE_ENV = "DONORKIT_NO_CACHE"
FORMAT = 1
#: The kinds of entry, one folder each (match-index: donorkit.matching.index; maps: the country
#: outlines of donorkit.graphics.geometry; rasters: charts and maps drawn as PNG for Word, by
#: donorkit.graphics.raster; templates: Jinja's compiled templates, donorkit.rendering.templates).
KINDS = ("pages", "bodies", "brands", "match-index", "maps", "rasters", "templates")


def cache_dir() -> Path:
    """Where the cache lives: $DONORKIT_CACHE_DIR, else the user cache folder."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("donorkit", appauthor=False))


def enabled() -> bool:
    return os.environ.get(NO_CACHE_ENV, "") in ("", "0")


def code_fingerprint(sources: Iterable[Path]) -> str:
    """donorkit's version and the given source files: an entry made by other code is stale."""
    digest = hashlib.blake2b(f"{FORMAT}|{__version__}".encode(), digest_size=16)
    for source in sorted(sources):
        st = source.stat()
        digest.update(f"|{source.name}:{st.st_size}:{st.st_mtime_ns}".encode())
    return digest.hexdigest()


def write_atomic(path: Path, data: bytes) -> None:
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


def save(path: Path, value: Any) -> None:
    """Pickle *value* to *path*; a read-only or full cache folder costs speed, never a run."""
    try:
        write_atomic(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass


def load(path: Path) -> Any:
    """The value pickled at *path*, or None when there is none or it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return loads(data)


def loads(data: bytes) -> Any:
    try:
        return pickle.loads(data)  # noqa: S301 - the user's own private cache folder
    except Exception:  # noqa: BLE001 - truncated or foreign: a miss, rebuilt and rewritten
        return None


def _entries() -> list[Path]:
    return [path for kind in KINDS for path in (cache_dir() / kind).rglob("*") if path.is_file()]


def clear() -> tuple[int, int]:
    """Remove every cached entry; returns (files, bytes) removed."""
    files = size = 0
    for path in _entries():
        try:
            size += path.stat().st_size
            path.unlink()
            files += 1
        except OSError:
            continue  # another process removed or replaced it meanwhile
    for kind in KINDS:
        for folder in sorted((cache_dir() / kind).rglob("*"), reverse=True):
            try:
                folder.rmdir()
            except OSError:
                pass
    return files, size


def usage() -> tuple[int, int]:
    """(files, bytes) the cache holds now."""
    files = size = 0
    for path in _entries():
        try:
            size += path.stat().st_size
        except OSError:
            continue
        files += 1
    return files, size
