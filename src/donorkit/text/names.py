"""File names made from text (a project's slug, a document's title)."""

from __future__ import annotations

import re
import unicodedata


def safe_filename(text: str) -> str:
    """A file stem that is safe on every filesystem; unlike slugify it keeps case, so a
    project's slug is its file name unchanged."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.")[:200]  # room for the temp name
    return stem or "document"


def name_key(stem: str) -> str:
    """Two stems with the same key name the same file somewhere: case-insensitive filesystems
    (Windows, macOS) fold case."""
    return stem.casefold()
