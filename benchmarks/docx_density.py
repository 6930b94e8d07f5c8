"""What deciding a DOCX's density costs when the DOCX is written alone (writers/pdf.py:
fitted_density), per case study.

    python benchmarks/docx_density.py [--repeat N]

For every bundled brand: a DOCX-only export of the example case studies with the density decided
by laying each one out with WeasyPrint (as shipped), and with the normal density taken without a
layout (as before); best of N runs after a warm-up. With the PDF written too, the DOCX reuses the
PDF's layout and pays nothing.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from unittest import mock

from donorkit.brand.loader import list_brands
from donorkit.exporting import export
from donorkit.resources import example_library
from donorkit.writers.density import NORMAL


def _run(out: Path, brand: str) -> tuple[float, int]:
    library = example_library()
    start = time.perf_counter()
    results = export("case-study", library=library, assets=library, formats=["docx"], out=out,
                     brand=brand)
    return time.perf_counter() - start, len(results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for brand in sorted(list_brands()):
            _run(out, brand)  # imports, fonts, stylesheets, caches
            with mock.patch("donorkit.writers.fitted_density", return_value=NORMAL):
                plain = min(_run(out, brand)[0] for _ in range(args.repeat))
            decided, n = min(_run(out, brand) for _ in range(args.repeat))
            extra = (decided - plain) / n * 1000
            print(f"{brand}: DOCX only, {n} case studies: {plain:.2f} s with the normal density, "
                  f"{decided:.2f} s deciding it by a layout: {extra:+.0f} ms a document")


if __name__ == "__main__":
    main()
