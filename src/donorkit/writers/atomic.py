"""Atomic output: a document is written to a temporary file beside its target, flushed to disk,
then renamed over the target. A reader (or a killed export) never sees half a PDF or DOCX."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import OutputError


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Read once, at import: reading it means setting it, and a thread creating a file in between
# would create it world-writable.
_UMASK = _read_umask()


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable: until the folder is flushed, a power cut may undo it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some filesystems cannot fsync a folder; the file itself is already on disk
    finally:
        os.close(fd)


def _reason(exc: OSError, *ours: Path) -> str:
    # An OSError may come from the writer reading something else (a font, an image): name that
    # file, or the message would blame the output folder.
    reason = exc.strerror or str(exc)
    if exc.filename and Path(os.fsdecode(exc.filename)) not in ours:
        reason = f"{os.fsdecode(exc.filename)}: {reason}"
    return reason


@contextlib.contextmanager
def atomic_write(target: Path) -> Iterator[BinaryIO]:
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part",
                                        dir=target.parent)
    except OSError as exc:
        raise OutputError(f"cannot write to {target.parent}: {exc.strerror or exc}") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates 0600 files; a document is an ordinary file, so honour the umask.
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write {target}: {_reason(exc, tmp, target)}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)
