"""Runnable tour of the Python API on the bundled example library.

    python examples/api_example.py [OUT_DIR]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import donorkit
from donorkit import ExportOptions, Selection
from donorkit.resources import example_library


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="donorkit-"))
    library = donorkit.load_library(example_library())
    print(f"{len(library.projects)} projects, {len(library.diagnostics)} diagnostics")

    report = donorkit.check_library(library)
    print(f"check: {len(report.errors)} errors, {len(report.warnings)} warnings")

    asia = library.select(region=["Asia and the Pacific"], solution=["Governance"])
    print("governance in Asia:", ", ".join(p.slug for p in asia))

    results = donorkit.export("case-study", library=library,
                              selection=Selection(slug=[asia[0].slug]),
                              options=ExportOptions(formats=("pdf", "docx"), out=out))
    print("case study:", *[str(f) for r in results for f in r.files])

    context = donorkit.build_context("case-study", [asia[0]], brand="harbour")
    context.project.summary = "A summary tailored for this bid."
    paths = donorkit.render(context, formats=["pdf"], out=out / "tailored",
                            library_root=library.root, name="tailored",
                            options=ExportOptions(brand="harbour", formats=("pdf",),
                                                  out=out / "tailored"))
    print("tailored:", *[str(p) for p in paths])

    spec = donorkit.Spec(title="Governance in Asia",
                         selection=Selection(region=["Asia and the Pacific"]))
    results = donorkit.export("capability-statement", library=library, spec=spec,
                              options=ExportOptions(formats=("pdf",), out=out))
    print("capability statement:", *[str(f) for r in results for f in r.files])


if __name__ == "__main__":
    main()
