"""Progress of `donorkit export`: a rich bar on a terminal, one plain line per document otherwise
(logs, CI), both on stderr so stdout keeps only the paths written."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from . import output


class Seen:
    """The results reported so far: what to print when Ctrl-C stops an export."""

    def __init__(self) -> None:
        self.results: list[Any] = []
        self.total = 0


@contextlib.contextmanager
def export_progress(seen: Seen) -> Iterator[Callable[[Any, int, int], None]]:
    if not output.err.is_terminal:
        def plain(result: Any, done: int, total: int) -> None:
            seen.results.append(result)
            seen.total = total
            state = "written" if result.ok else "failed"
            output.err.print(f"[{done}/{total}] {state} {result.doctype}/{result.name}",
                             highlight=False, markup=False)

        yield plain
        return

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn(), TextColumn("{task.fields[last]}")]
    with Progress(*columns, console=output.err, transient=True) as bar:
        task = bar.add_task("documents", total=None, last="")

        def update(result: Any, done: int, total: int) -> None:
            seen.results.append(result)
            seen.total = total
            bar.update(task, completed=done, total=total, last=output.escape(result.name))

        yield update
