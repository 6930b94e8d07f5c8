"""The spec a match starts a bid with: a capability-statement spec file (docs/capability-
statements.md) holding the ToR's title, funder and reference and the projects in rank order, each
with a comment saying why it is there."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ..writers.atomic import atomic_write

if TYPE_CHECKING:
    from . import MatchResult


def spec_for(result: MatchResult) -> dict[str, Any]:
    # No title found: none is written, and the statement is titled with its type's label in
    # its language; likewise the subtitle (an English one would stay English in French).
    spec: dict[str, Any] = {"title": result.tor.title} if result.tor.title else {}
    if result.tor.language_sure:
        spec["language"] = result.tor.language
    if result.client:
        spec["prepared_for"] = {"client": result.client}
    if result.tor.reference:
        spec["reference"] = result.tor.reference
    spec["projects"] = [m.project.slug for m in result.matches]
    return spec


def _scalar(value: object) -> str:
    return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True,
                          width=10_000).strip().removesuffix("...").strip()


def render_spec(result: MatchResult, today: dt.date | None = None) -> str:
    spec = spec_for(result)
    lines = [f"# Capability-statement spec written by `donorkit match` from {result.tor.source}",
             f"# on {(today or dt.date.today()).isoformat()}. Edit freely, then run:",
             "#   donorkit export capability-statement --spec THIS_FILE"]
    if "title" in spec:
        lines.append(f"title: {_scalar(spec['title'])}")
    else:
        lines.append("# title: no title found in the ToR; the document type's name is used")
    if "language" in spec:
        lines.append(f"language: {_scalar(spec['language'])}  # the ToR's")
    else:
        lines.append(f"# language: the ToR's language is unclear ({result.tor.language}?); "
                     "add `language: ...` for a document in it")
    if "prepared_for" in spec:
        others = [f for f in result.funders if f != result.client]
        note = f"  # also named: {', '.join(others)}" if others else ""
        lines += ["prepared_for:", f"  client: {_scalar(result.client)}{note}"]
    else:
        lines.append("# prepared_for: no funder found in the ToR; add `client: ...`")
    if "reference" in spec:
        lines.append(f"reference: {_scalar(spec['reference'])}")
    else:
        lines.append("# reference: no tender reference found in the ToR")
    lines.append("projects:  # best match first")
    for m in result.matches:
        why = m.reasons.summary()
        lines.append(f"  - {_scalar(m.project.slug)}  # {m.score:.2f}"
                     + (f": {why}" if why else ""))
    text = "\n".join(lines) + "\n"
    assert yaml.safe_load(text) == spec  # the comments never change what the file says
    return text


def write_spec(result: MatchResult, path: Path) -> Path:
    text = render_spec(result)
    with atomic_write(path) as handle:
        handle.write(text.encode("utf-8"))
    return path
