"""Case-study rendering cost: donorkit's PDF path against bare WeasyPrint on the very same HTML
and CSS, and the DOCX path.

    python benchmarks/case_study.py [--repeat N]

Targets (issue 3): PDF overhead at most 15% over bare WeasyPrint; DOCX under 80 ms per case study.
Issue 18: "bare WeasyPrint PDF/UA" is bare WeasyPrint with the ``pdf/ua-1`` variant and donorkit's
finisher (header scopes, margin artifacts), so the cost of PDF/UA over a tagged PDF shows apart.
The first document of each kind is a warm-up (imports, font loading) and is not counted.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from datetime import date

from donorkit.brand import load_brand
from donorkit.context import project_context
from donorkit.library import load_library
from donorkit.rendering.assets import AssetPolicy
from donorkit.rendering.css import tokens_css
from donorkit.rendering.document import render_html
from donorkit.rendering.templates import get_doctype
from donorkit.resources import example_library, styles_dir, templates_dir
from donorkit.writers import WRITERS, pdfua


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    library = load_library(example_library(), today=date(2026, 1, 15))
    projects = library.select(include_drafts=True)
    brand = load_brand("default")
    doctype = get_doctype("case-study")
    policy = AssetPolicy(roots=[templates_dir(), brand.folder, library.root])

    def ours_pdf(project: object) -> None:
        context = project_context(doctype, project, brand=brand, policy=policy)
        doc = render_html(doctype, context)
        WRITERS["pdf"][1](doc, io.BytesIO(), brand=brand, policy=policy)

    def ours_docx(project: object) -> None:
        context = project_context(doctype, project, brand=brand, policy=policy)
        doc = render_html(doctype, context)
        WRITERS["docx"][1](doc, io.BytesIO(), brand=brand, policy=policy)

    # Bare WeasyPrint gets the final HTML and the same stylesheets, parsed once like ours.
    html_of = {}
    for p in projects:
        html_of[p.slug] = render_html(doctype, project_context(doctype, p, brand=brand,
                                                               policy=policy)).html
    font_config = FontConfiguration()
    sheets = [CSS(filename=str(styles_dir() / "base.css"), font_config=font_config),
              CSS(string=tokens_css(brand), font_config=font_config)]

    def bare_pdf(project: object) -> None:
        HTML(string=html_of[project.slug], base_url=str(styles_dir())).write_pdf(
            io.BytesIO(), stylesheets=sheets, font_config=font_config, pdf_tags=True)

    def bare_ua_pdf(project: object) -> None:
        HTML(string=html_of[project.slug], base_url=str(styles_dir())).write_pdf(
            io.BytesIO(), stylesheets=sheets, font_config=font_config, pdf_tags=True,
            pdf_variant=pdfua.VARIANT, finisher=pdfua.finish)

    funcs = {"bare WeasyPrint": bare_pdf, "bare WeasyPrint PDF/UA": bare_ua_pdf,
             "donorkit PDF": ours_pdf, "donorkit DOCX": ours_docx}
    for func in funcs.values():
        func(projects[0])  # warm-up: imports, fonts, templates
    # Interleave the contenders document by document so that load from other processes on the
    # machine hits them alike; report the median per-document time of each.
    samples: dict[str, list[float]] = {label: [] for label in funcs}
    for _ in range(args.repeat):
        for project in projects:
            for label, func in funcs.items():
                start = time.perf_counter()
                func(project)
                samples[label].append(time.perf_counter() - start)
    timings = {label: statistics.median(values) for label, values in samples.items()}

    print(f"{len(projects)} case studies x {args.repeat} rounds, median per document:")
    for label, seconds in timings.items():
        print(f"  {label:16} {seconds * 1000:8.1f} ms")
    overhead = timings["donorkit PDF"] / timings["bare WeasyPrint"] - 1
    print(f"PDF overhead over bare WeasyPrint: {overhead:+.1%} (target <= +15%)")
    ua = timings["bare WeasyPrint PDF/UA"] / timings["bare WeasyPrint"] - 1
    print(f"PDF/UA-1 (variant + finisher) over a tagged PDF: {ua:+.1%}")
    print(f"DOCX per case study: {timings['donorkit DOCX'] * 1000:.1f} ms (target < 80 ms)")


if __name__ == "__main__":
    main()
