"""What keeping the About box off a page of its own costs (writers/fit.py), per case study.

    python benchmarks/fit.py [--repeat N]

For every example case study in every bundled brand: the time of the first layout, of the check
(a walk over the last page), and of the second, tighter layout where the closing matter stood
alone; then the extra cost per document, averaged over all of them. Layout only: no PDF writing.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import date
from functools import partial

from donorkit.brand import load_brand
from donorkit.brand.loader import list_brands
from donorkit.context import project_context
from donorkit.library import load_library
from donorkit.rendering.assets import AssetPolicy
from donorkit.rendering.document import render_html
from donorkit.rendering.templates import get_doctype
from donorkit.resources import example_library, styles_dir, templates_dir
from donorkit.writers.fit import TIGHTER, closing_box_alone, improves
from donorkit.writers.pdf import _stylesheets


def _best(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return min(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from weasyprint import CSS, HTML

    library = load_library(example_library(), today=date(2026, 1, 15))
    doctype = get_doctype("case-study")
    for brand_name in sorted(list_brands()):
        brand = load_brand(brand_name)
        sheets, fonts = _stylesheets(brand, brand.paper)
        tighter_sheets = [*sheets, CSS(string=TIGHTER, font_config=fonts)]
        policy = AssetPolicy(roots=[templates_dir(), brand.folder, library.root],
                             assets=library.root)
        firsts, extras, fitted, kept = [], [], 0, 0
        for project in library.select():
            doc = render_html(doctype, project_context(doctype, project, brand=brand,
                                                       policy=policy))
            html = HTML(string=doc.html, base_url=str(styles_dir()),
                        url_fetcher=policy.weasyprint_fetcher())
            root = html.etree_element
            first, document = _best(partial(html.render, font_config=fonts, stylesheets=sheets),
                                    args.repeat)
            check, alone = _best(partial(closing_box_alone, document, root), args.repeat)
            extra = check
            if alone:
                fitted += 1
                second, tighter = _best(partial(html.render, font_config=fonts,
                                                stylesheets=tighter_sheets), args.repeat)
                extra += second
                kept += improves(tighter, document, root)
            firsts.append(first)
            extras.append(extra)
        n = len(firsts)
        print(f"{brand_name}: {n} case studies, first layout median "
              f"{statistics.median(firsts) * 1000:.0f} ms; second layout for {fitted} "
              f"(kept {kept}); fit adds {statistics.mean(extras) * 1000:.1f} ms a document on "
              f"average ({statistics.mean(extras) / statistics.mean(firsts):.0%} of a layout), "
              f"max {max(extras) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
