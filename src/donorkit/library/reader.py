"""Stage 1: read one project file into raw front matter (with the line of every key) and a body.

Nothing here interprets fields; it only guarantees that what comes out is text, that the YAML was
loaded safely, and that every problem names the file and line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter

from ..diagnostics import Diagnostics
from ..text.yamlmap import decode, load_mapping

#: Project pages are a few kB (the largest real one seen: 9 kB); anything far larger is a mistake or
#: an attack. Parsing Markdown costs up to about 7 µs of CPU a byte, so this limit keeps any page's
#: body parse to about half a second at most (benchmarks/hostile_bodies.py). Fail fast instead.
MAX_FILE_BYTES = 64 * 1024
_HANDLER = frontmatter.YAMLHandler()


@dataclass
class RawRecord:
    path: Path
    meta: dict[str, Any]
    key_lines: dict[str, int]  # "country", "value.amount" -> 1-based line in the file
    body: str
    body_line: int  # 1-based file line on which body[0] stands
    diagnostics: Diagnostics = field(default_factory=Diagnostics)

    def line_of(self, key: str) -> int | None:
        return self.key_lines.get(key)


def read_record(path: Path) -> RawRecord | Diagnostics:
    """Read *path*; returns the record, or the diagnostics that stopped it from being read."""
    data = read_page_bytes(path)
    if isinstance(data, Diagnostics):
        return data
    return parse_record(path, data)


def read_page_bytes(path: Path) -> bytes | Diagnostics:
    """The bytes of *path*, or why they cannot be read (missing, unreadable, too large)."""
    diags = Diagnostics()
    try:
        # One open and an fstat instead of pathlib's stat() and read_bytes(): a third less time
        # spent reading a large library.
        with open(path, "rb", buffering=0) as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > MAX_FILE_BYTES:
                diags.error(path, f"file is {size // 1024:,} KB; project pages are limited to "
                                  f"{MAX_FILE_BYTES // 1024} KB (split a longer page)")
                return diags
            data = fh.read()
    except OSError as exc:
        diags.error(path, f"cannot read file: {exc.strerror or exc}")
        return diags
    return data


def parse_record(path: Path, data: bytes) -> RawRecord | Diagnostics:
    """The record in *data* (the bytes of *path*), or the diagnostics that stopped it."""
    diags = Diagnostics()
    if not data or data.isspace():
        diags.error(path, "file is empty")
        return diags
    text = decode(data, path, diags)
    if text is None:
        return diags
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not _HANDLER.detect(text):
        diags.error(path, "no front matter: a project page starts with a line '---', "
                          "YAML keys, and another '---'", line=1)
        return diags
    try:
        _, fm_text, body = _HANDLER.FM_BOUNDARY.split(text, 2)
    except ValueError:
        diags.error(path, "front matter is not closed: add a line '---' after the YAML keys",
                    line=1)
        return diags
    # Marks are 0-based within the YAML text; the YAML starts on the line of the opening '---'
    # (the boundary regex leaves that line's newline in fm_text).
    first_line = text.count("\n", 0, text.find(fm_text)) + 1
    loaded = load_mapping(fm_text, path, first_line, diags)
    if loaded is None:
        return diags
    meta, key_lines = loaded
    body_line = text.count("\n") - body.count("\n") + 1
    return RawRecord(path, meta, key_lines, body, body_line, diags)
