"""``OUT/manifest.json``: what each document was made from and the hash of every file written."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ..__about__ import __version__
from ..writers.atomic import atomic_write
from .model import Task, TaskResult

MANIFEST_STATE = "manifest.json"


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_state(out: Path) -> dict[str, Any]:
    path = out / MANIFEST_STATE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"version": 1, "documents": {}}
    if not isinstance(data, dict) or not isinstance(data.get("documents"), dict):
        return {"version": 1, "documents": {}}
    return data


def write_state(out: Path, state: dict[str, Any]) -> None:
    state["donorkit"] = __version__
    with atomic_write(out / MANIFEST_STATE) as handle:
        handle.write(json.dumps(state, indent=2, sort_keys=True).encode("utf-8"))


def up_to_date(task: Task, state: dict[str, Any]) -> bool:
    entry = state["documents"].get(task.key)
    if not entry or entry.get("inputs") != task.inputs:
        return False
    outputs = entry.get("outputs") or {}
    if set(Path(p).suffix.lstrip(".") for p in outputs) != set(task.formats):
        return False
    for name, digest in outputs.items():
        path = Path(task.out) / name
        if not path.is_file() or file_hash(path) != digest:
            return False
    return True


def record(state: dict[str, Any], task: Task, result: TaskResult) -> None:
    """Keep a built document; forget a failed one, so that it is retried next time."""
    if result.error:
        state["documents"].pop(task.key, None)
        return
    state["documents"][task.key] = {
        "inputs": task.inputs,
        "outputs": {str(Path(f).relative_to(task.out)): file_hash(Path(f)) for f in result.files},
    }


def sweep_temp_files(out: Path) -> None:
    """Remove temp files left by a worker that was killed outright (SIGKILL, power loss)."""
    for path in out.rglob(".*.part"):
        path.unlink(missing_ok=True)
