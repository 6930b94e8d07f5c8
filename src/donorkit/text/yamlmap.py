"""YAML mappings loaded safely, with the 1-based line of every key, and file bytes decoded to text.

Used for project front matter and for settings files (specs, batch manifests): the same limits
apply to both, and every message names the file and line.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import Diagnostics

#: Nodes a YAML text may expand to once aliases are followed (defeats "billion laughs").
MAX_YAML_NODES = 20_000
#: Nesting deeper than this is no project page, and would exhaust Python's recursion limit.
MAX_YAML_DEPTH = 50

_STR, _SEQ, _MAP, _MERGE = (f"tag:yaml.org,2002:{t}" for t in ("str", "seq", "map", "merge"))
#: The safe loader's implicit scalar types (int, bool, null, timestamp ...) by first character.
_IMPLICIT = {k: tuple(v) for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader (C parser when available) with a leaner ``resolve``: the parser calls it
    for every node, and the safe loader has no path resolvers for it to consult."""

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, pattern in _IMPLICIT.get(value[:1], ()):
                    if pattern.match(value):
                        return tag
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


def decode(data: bytes, path: Path, diags: Diagnostics) -> str | None:
    """Bytes to text. UTF-8 (with or without BOM) and BOM-marked UTF-16 are accepted."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            diags.error(path, f"not valid UTF-16 ({exc.reason})")
            return None
    if data.find(b"\x00", 0, 8192) != -1:
        diags.error(path, "binary file, not a Markdown page")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        diags.error(path, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at line {line}); "
                          "save the file as UTF-8", line=line)
        return None


class _Limit(Exception):
    """The YAML is too big or too deep once aliases are followed, refers to itself, or
    holds a value PyYAML cannot build."""

    def __init__(self, message: str, node: yaml.Node) -> None:
        super().__init__(message)
        self.node = node


class _Builder:
    """Values and key lines from the composed node tree, in one walk that also enforces the limits.

    PyYAML's own constructor, then a walk to count nodes, then one for key lines took a fifth of
    the load time of a large library; this one walk takes less than half of that. Plain strings,
    lists and mappings (nearly all of a page) are built here; every other node (ints, dates, merge
    keys, and tags, which the safe constructor refuses) goes to PyYAML's safe constructor, so the
    semantics are PyYAML's.
    """

    def __init__(self, loader: Any, offset: int, what: str) -> None:
        self.loader = loader
        self.what = what
        self.offset = offset
        self.lines: dict[str, int] = {}
        self.nodes = 0  # nodes visited, an alias counting again each time it is followed
        self.open: set[int] = set()  # collections being built: meeting one again is a cycle

    def build(self, node: yaml.Node, prefix: str = "", depth: int = 0) -> Any:
        if isinstance(node, yaml.ScalarNode):
            return node.value if node.tag == _STR else self._construct(node)
        children = node.value
        # A collection counts for itself and its children, so scalars need no count of their own.
        self.nodes += 1 + len(children) * (2 if isinstance(node, yaml.MappingNode) else 1)
        if self.nodes > MAX_YAML_NODES:
            raise _Limit(f"{self.what} expands to more than {MAX_YAML_NODES} YAML nodes "
                         "(aliases nested too deeply?)", node)
        if depth >= MAX_YAML_DEPTH:
            raise _Limit(f"{self.what} is nested more than {MAX_YAML_DEPTH} levels deep", node)
        key = id(node)
        if key in self.open:
            raise _Limit(f"{self.what} refers to itself (a recursive YAML alias)", node)
        self.open.add(key)
        try:
            value = self._sequence(node, prefix, depth) if isinstance(node, yaml.SequenceNode) \
                else self._mapping(node, prefix, depth)
        finally:
            self.open.discard(key)
        if value is not None:
            return value
        # Merge keys, !!set, !!omap, collection keys, unknown tags: PyYAML decides (the walk has
        # checked the limits and taken the key lines).
        return self._construct(node)

    def _construct(self, node: yaml.Node) -> Any:
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, TypeError, OverflowError) as exc:
            if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":timestamp"):
                # An impossible date (2024-13-01) stays the text it is: the key's reader says
                # it is not a date, at its line, together with the file's other problems. Raised
                # here, it would be the only problem reported (and fail the whole page).
                return node.value
            # PyYAML raises these unwrapped for an int too long to convert; they would escape
            # every handler and stop the whole library.
            shown = repr(node.value) if isinstance(node, yaml.ScalarNode) else "a value"
            raise _Limit(f"cannot read {shown} ({exc})", node) from None

    def _sequence(self, node: yaml.SequenceNode, prefix: str, depth: int) -> list | None:
        lines, offset, depth = self.lines, self.offset, depth + 1
        items = []
        for i, item in enumerate(node.value):
            name = f"{prefix}{i}"
            if name not in lines:
                lines[name] = item.start_mark.line + offset
            if item.tag == _STR and isinstance(item, yaml.ScalarNode):
                items.append(item.value)
            else:
                items.append(self.build(item, name + ".", depth))
        return items if node.tag == _SEQ else None

    def _mapping(self, node: yaml.MappingNode, prefix: str, depth: int) -> dict | None:
        lines, offset, depth = self.lines, self.offset, depth + 1
        mapping: dict[Any, Any] | None = {} if node.tag == _MAP else None
        merged: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:  # '<<: *base': PyYAML merges below
                mapping = None
                # Merged keys take the lines of the anchor, unless this mapping has them.
                own, self.lines = self.lines, {}
                self.build(value_node, prefix, depth)
                merged, self.lines = self.lines, own
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                mapping = None  # a collection as a key: PyYAML reports it below
                self.build(key_node, "", depth)
                self.build(value_node, "", depth)
                continue
            name = prefix + key_node.value
            if name not in lines:
                lines[name] = key_node.start_mark.line + offset
            if value_node.tag == _STR and isinstance(value_node, yaml.ScalarNode):
                value = value_node.value
            else:
                value = self.build(value_node, name + ".", depth)
            if mapping is not None:
                mapping[key_node.value if key_node.tag == _STR else self.build(key_node)] = value
        for name, line in merged.items():
            lines.setdefault(name, line)
        return mapping


def load_mapping(
    text: str, path: Path, first_line: int, diags: Diagnostics, *, what: str = "front matter"
) -> tuple[dict[str, Any], dict[str, int]] | None:
    """Safely load a YAML mapping and the line of every key (``"value.amount"`` -> line);
    *first_line* is the file line where the YAML text starts, *what* names the text in messages
    ("front matter", "YAML file")."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, {}
        builder = _Builder(loader, first_line, what)
        data = builder.build(node)
    except _Limit as exc:
        diags.error(path, str(exc), line=exc.node.start_mark.line + first_line)
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else first_line
        problem = exc.problem or "invalid YAML"
        if "could not determine a constructor" in (exc.problem or ""):
            problem = f"YAML tags such as !!python/object are not allowed in {what}"
        diags.error(path, f"malformed {what}: {problem}", line=line)
        return None
    except yaml.YAMLError as exc:
        diags.error(path, f"malformed {what}: {exc}", line=first_line)
        return None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        diags.error(path, f"{what} must be a mapping of keys to values, "
                          f"not {type(data).__name__}", line=first_line)
        return None
    return data, builder.lines
