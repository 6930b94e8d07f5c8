"""A Babel extractor for ``doctype.yml`` declarations (named in babel.cfg).

A declaration's ``label`` and a form's title, headings, field labels, placeholders and "empty" texts
are labels of the document, so they go through the catalogs like the templates'. A value that is
only Jinja expressions (``title: "{{ project.title }}"``) is not text and is skipped; a heading
such as ``"Assignment {{ ref }}"`` is translated whole, expression included.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO, Any

import yaml

LABEL_KEYS = frozenset({"label", "heading", "caption", "labels", "headings", "title",
                        "placeholder", "empty", "ref_label"})
_EXPRESSION = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")


def is_text(value: str) -> bool:
    """Words a reader sees ("Assignment {{ ref }}"), not bare expressions ("{{ ref }}. {{ x }}")."""
    return bool(re.search(r"[^\W\d_]", _EXPRESSION.sub("", value)))


def extract_doctype(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
                    ) -> Iterator[tuple[int, str, str, list[str]]]:
    """Babel's extractor protocol: (line, function, message, comments) for each label."""
    node = yaml.compose(fileobj.read().decode("utf-8"), Loader=yaml.SafeLoader)
    if node is not None:
        yield from _walk(node, in_labels=False)


def _walk(node: yaml.Node, in_labels: bool) -> Iterator[tuple[int, str, str, list[str]]]:
    if isinstance(node, yaml.ScalarNode):
        text = str(node.value).strip()
        if in_labels and text and is_text(text):
            yield node.start_mark.line + 1, "_", text, []
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _walk(item, in_labels)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = str(getattr(key, "value", ""))
            yield from _walk(value, in_labels=name in LABEL_KEYS)


def doctype_labels(data: object) -> list[str]:
    """The same labels from an already-loaded declaration (for tests and run-time lookups)."""
    out: list[str] = []

    def walk(value: object, in_labels: bool) -> None:
        if isinstance(value, str):
            if in_labels and value.strip() and is_text(value):
                out.append(value.strip())
        elif isinstance(value, list):
            for item in value:
                walk(item, in_labels)
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, str(key) in LABEL_KEYS)

    walk(data, False)
    return out
