"""`donorkit projects facets`: what the (selected) projects hold, with counts, so a user can see
which values --country, --region, --solution, --client and --since/--until can take."""


from pathlib import Path
from typing import Annotated, Any

import typer

from . import output

TITLES = {"countries": "Countries", "other_places": "Other places, not countries",
          "regions": "Regions", "solutions": "Solutions",
          "clients": "Clients", "years": "Years (projects active)"}


def facets(
    selection: Any,
    library: Path | None,
    as_json: Annotated[bool, typer.Option(
        "--json", help='Print JSON: {"countries": [{"name": ..., "count": ...}], ...}.')] = False,
) -> None:
    """Countries, regions, solutions, clients and years of the selected projects, with counts."""
    from ..library.inventory import facets as count_facets
    from . import open_library

    lib = open_library(library)
    chosen = lib.select(selection)
    found = count_facets(chosen)
    if not chosen:
        from ..library.nearby import near_misses

        for hint in near_misses(lib.projects, selection):
            output.note(hint)
    if as_json:
        output.print_json(found.model_dump(mode="json"))
        return
    output.err.print(f"{len(chosen)} of {len(lib)} projects ({selection.describe()})",
                     highlight=False, markup=False)
    for key, title in TITLES.items():
        entries = getattr(found, key)
        if key == "other_places" and not entries:
            continue
        output.out.print(f"\n[bold]{title}[/bold] ({len(entries)})", highlight=False)
        width = max((len(str(e.count)) for e in entries), default=1)
        for entry in entries:
            # count first, right-aligned: names vary in length and are for copying
            output.out.print(f"  {entry.count:>{width}}  {output.escape(entry.name)}",
                             highlight=False)
