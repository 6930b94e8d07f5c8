"""Stage 1: read one project file into raw front matter (with the line of every key) and a body.

Nothing here interprets fields; it only guarantees that what comes out is text, that the YAML was
loaded safely, and that every problem names the file and line.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from ..diagnostics import Diagnostics

#: Project pages are a few kB; anything far larger is a mistake or an attack, and parsing it would
#: stall the whole library. Fail fast instead.
MAX_FILE_BYTES = 2 * 1024 * 1024
#: Nodes the front matter may expand to once aliases are followed (defeats "billion laughs").
MAX_YAML_NODES = 20_000

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
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


def decode(data: bytes, path: Path, diags: Diagnostics) -> str | None:
    """Bytes to text. UTF-8 (with or without BOM) and BOM-marked UTF-16 are accepted."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            diags.error(path, f"not valid UTF-16 ({exc.reason})")
            return None
    if b"\x00" in data[:8192]:
        diags.error(path, "binary file, not a Markdown page")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        diags.error(path, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at line {line}); "
                          "save the file as UTF-8", line=line)
        return None


def _expanded_size(node: yaml.Node, memo: dict[int, int]) -> int:
    """Size of the node tree with aliases expanded, computed without expanding them."""
    key = id(node)
    if key in memo:
        return memo[key]
    memo[key] = 1  # guards against recursive aliases
    if isinstance(node, yaml.SequenceNode):
        size = 1 + sum(_expanded_size(child, memo) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        size = 1 + sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
    else:
        size = 1
    memo[key] = size
    return size


def _key_lines(node: yaml.Node, offset: int, prefix: str = "") -> dict[str, int]:
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                name = f"{prefix}{key_node.value}"
                lines.setdefault(name, key_node.start_mark.line + offset)
                lines.update(_key_lines(value_node, offset, name + "."))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines.setdefault(f"{prefix}{i}", item.start_mark.line + offset)
            lines.update(_key_lines(item, offset, f"{prefix}{i}."))
    return lines


def load_front_matter(
    text: str, path: Path, first_line: int, diags: Diagnostics
) -> tuple[dict[str, Any], dict[str, int]] | None:
    """Safely load YAML; *first_line* is the file line where the YAML text starts."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, {}
        if _expanded_size(node, {}) > MAX_YAML_NODES:
            diags.error(path, f"front matter expands to more than {MAX_YAML_NODES} YAML nodes "
                              "(aliases nested too deeply?)", line=node.start_mark.line + first_line)
            return None
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else first_line
        problem = exc.problem or "invalid YAML"
        if "could not determine a constructor" in (exc.problem or ""):
            problem = "YAML tags such as !!python/object are not allowed in front matter"
        diags.error(path, f"malformed front matter: {problem}", line=line)
        return None
    except yaml.YAMLError as exc:
        diags.error(path, f"malformed front matter: {exc}", line=first_line)
        return None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        diags.error(path, "front matter must be a mapping of keys to values, "
                          f"not {type(data).__name__}", line=first_line)
        return None
    return data, _key_lines(node, first_line)


def read_record(path: Path) -> RawRecord | Diagnostics:
    """Read *path*; returns the record, or the diagnostics that stopped it from being read."""
    diags = Diagnostics()
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            diags.error(path, f"file is {size / 1048576:.1f} MB; project pages are limited to "
                              f"{MAX_FILE_BYTES // 1048576} MB")
            return diags
        data = path.read_bytes()
    except OSError as exc:
        diags.error(path, f"cannot read file: {exc.strerror or exc}")
        return diags
    if not data.strip():
        diags.error(path, "file is empty")
        return diags
    text = decode(data, path, diags)
    if text is None:
        return diags
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
    loaded = load_front_matter(fm_text, path, first_line, diags)
    if loaded is None:
        return diags
    meta, key_lines = loaded
    body_line = text.count("\n") - body.count("\n") + 1
    return RawRecord(path, meta, key_lines, body, body_line, diags)
