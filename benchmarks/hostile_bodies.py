"""Benchmark: the slowest bodies a page within the size limit can hold.

Each case fills a page body up to ``MAX_FILE_BYTES`` with one construct (tags nested without end,
tags the HTML parser cannot close, headings, table rows ...) and times ``parse_body`` on it, wall
and CPU (CPU is the fair figure on a shared machine). Target: every case well under a second; the
nesting cases took minutes before the HTML was bounded (issue 17).

Usage::

    python benchmarks/hostile_bodies.py            # every case at the size limit
    python benchmarks/hostile_bodies.py --kb 64    # a smaller page
"""

from __future__ import annotations

import argparse
import time

from donorkit.library.body import parse_body
from donorkit.library.reader import MAX_FILE_BYTES

TARGET = 1.0  # seconds of CPU, per page


def cases(size: int) -> dict[str, str]:
    def fill(unit: str, head: str = "", tail: str = "") -> str:
        return head + unit * ((size - len(head) - len(tail)) // len(unit)) + tail

    return {
        "unclosed <div> (issue 17)": fill("<div>", tail="x"),
        "unclosed <ul><li>": fill("<ul><li>", tail="x"),
        "<span><div></span> (end tags ignored)": fill("<span><div></span>"),
        "<b id=n> reopened in every <div>": fill(
            "<div>" + "".join(f"<b id={i}>" for i in range(150)) + "</div>x"),
        "attribute-quote trick": fill("<div>", head='<a b"c>', tail='">'),
        "closed <b>x</b>": fill("<b>x</b>"),
        "unclosed <p> paragraphs": fill("<p>para "),
        "markdown: nested quotes": fill("> " * 40 + "x\n"),
        "markdown: headings": fill("# h\n"),
        "markdown: table rows": fill("| x | *y* | z |\n", head="| a | b | c |\n|---|---|---|\n"),
        "markdown: emphasis": fill("*a* "),
        "markdown: list items": fill("- item with **bold** text\n"),
        "markdown: paragraphs": fill("Words in a paragraph with *emphasis* and a [link](x).\n\n"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kb", type=int, default=MAX_FILE_BYTES // 1024,
                        help="page size in KB (default: the size limit)")
    args = parser.parse_args()
    size = args.kb * 1024
    print(f"page size {size:,} bytes; target < {TARGET:.1f} s CPU a page")
    worst = 0.0
    for name, body in cases(size).items():
        wall, cpu = time.perf_counter(), time.process_time()
        parsed = parse_body(body)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        worst = max(worst, cpu)
        notes = "; ".join(message.split(";")[0] for _, message in parsed.problems) or "-"
        print(f"  {name:40} {wall:6.2f} s wall {cpu:6.2f} s CPU   {notes}")
    print(f"worst {worst:.2f} s CPU: {'within' if worst < TARGET else 'OVER'} the target")


if __name__ == "__main__":
    main()
