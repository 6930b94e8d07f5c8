"""Render the preview images of docs/forms.md: the first page of each donor form, exported
from the bundled example library, as a small PNG in docs/images/.

    .venv/bin/python scripts/form_previews.py [--out docs/images]

Generated, never hand-made: run it again after changing a form, its template or base.css.
"""

from __future__ import annotations

import argparse
import tempfile
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium

from donorkit.exporting import ExportOptions, export
from donorkit.resources import example_library
from donorkit.spec import Spec

ROOT = Path(__file__).resolve().parents[1]
#: the example pages that carry bid keys (examples/library/README.md)
PAGES = [
    "cote-divoire-cocoa-belt-rural-water-and-sanitation-project-crwsp",
    "nepal-municipal-governance-and-service-delivery-programme-mgsd",
    "west-africa-gulf-of-guinea-coastal-resilience-programme-gcrp",
    "andean-amazon-cocoa-and-forest-livelihoods-activity-acfla",
    "jordan-every-drop-counts-water-demand-management-activity-edc",
]
PREVIEWS = [  # (image name, form, layout, pages)
    ("wb-experience", "wb-experience", None, PAGES[:2]),
    ("eu-references", "eu-references", None, PAGES[2:3] + PAGES[4:]),
    ("eu-references-table", "eu-references", "table", PAGES),
    ("usaid-past-performance", "usaid-past-performance", None, PAGES[3:]),
]


def render(out: Path, width: int = 900) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        for image, form, layout, slugs in PREVIEWS:
            spec = Spec(projects=slugs, layout=layout, date=date(2026, 11, 30),
                        prepared_for={"client": "Ministry of Water", "tender": "Tender 2026/14"})
            [result] = export(form, library=example_library(), spec=spec, name=image,
                              options=ExportOptions(formats=("pdf",), out=Path(tmp)))
            if not result.ok:
                raise SystemExit(f"{form}: {result.error}")
            page = pdfium.PdfDocument(result.files[0])[0]
            scale = width / page.get_width()
            picture = page.render(scale=scale).to_pil().convert("P", palette=1, colors=64)
            target = out / f"form-{image}.png"
            picture.save(target, optimize=True)
            written.append(target)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    args = parser.parse_args()
    for path in render(args.out):
        print(f"wrote {path} ({path.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
