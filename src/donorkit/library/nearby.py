"""Why a selection chose nothing, and what was close: "no region 'Africa'; did you mean
'Sub-Saharan Africa', 'Middle East and North Africa'?".

Each filter value is tried on its own with the real :func:`select`, so whatever a selection
understands (country aliases, whole-word clients, funder acronyms) is understood here too.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from .inventory import facets, fold
from .model import Project
from .select import Selection, select

#: Selection field -> (what to call it, the facet that holds its values)
_FIELDS = {"region": "regions", "country": "countries", "solution": "solutions",
           "client": "clients"}


def close_names(wanted: str, names: Sequence[str], n: int = 3) -> list[str]:
    """Names that hold a word starting like *wanted*'s words ("Govern" -> "Governance"), then
    spelling neighbours ("Kenia" -> "Kenya"); *names* are ordered most used first."""
    words = re.findall(r"\w+", fold(wanted))
    found = []
    if words:
        for name in names:
            have = re.findall(r"\w+", fold(name))
            if all(any(h.startswith(w) for h in have) for w in words):
                found.append(name)
        for name in names:  # then every word spelt nearly like a word of the name
            have = re.findall(r"\w+", fold(name))
            if all(difflib.get_close_matches(w, have, n=1, cutoff=0.8) for w in words):
                found.append(name)
    by_fold = {fold(n): n for n in names}
    found += [by_fold[m] for m in difflib.get_close_matches(fold(wanted), list(by_fold), n=n,
                                                            cutoff=0.7)]
    return list(dict.fromkeys(found))[:n]


def _quoted(names: Sequence[str]) -> str:
    return ", ".join(repr(n) for n in names)


def near_misses(projects: Sequence[Project], selection: Selection) -> list[str]:
    """One line per filter value that matches no project on its own, with what was close; when
    every value matches something, says which filters together exclude everything."""
    alone = selection.model_copy(update={"limit": None, "query": None, "sort": None})
    pool = select(projects, Selection(include_drafts=selection.include_drafts,
                                      slug=selection.slug))
    known = facets(pool)
    hints: list[str] = []
    counts: list[str] = []
    for field, facet in _FIELDS.items():
        for value in getattr(selection, field):
            matched = select(pool, Selection(**{field: [value]}, include_drafts=True))
            if matched:
                counts.append(f"{field} {value!r} ({len(matched)})")
                continue
            names = [f.name for f in getattr(known, facet)]
            if field == "country":
                names += [f.name for f in known.other_places]  # --country also takes these
            close = close_names(value, names)
            hint = f"; did you mean {_quoted(close)}?" if close else ""
            hints.append(f"no {field} {value!r}{hint}")
    if selection.since or selection.until:
        base = Selection(since=selection.since, until=selection.until, include_drafts=True)
        if not select(pool, base):
            years = [int(f.name) for f in known.years]
            span = f" (the projects run {years[0]}–{years[-1]})" if years else ""
            hints.append(f"no project active {_years(selection)}{span}")
    if selection.query and not select(pool, Selection(query=selection.query,
                                                      include_drafts=True)):
        hints.append(f"no project mentions every word of {selection.query!r}")
    if not hints and len(counts) > 1:
        hints.append("each filter matches projects, but no project matches all of them: "
                     + ", ".join(counts))
    if not hints and alone.status and pool:
        hints.append(f"no {alone.status} project among the others chosen")
    if not pool and not selection.include_drafts and any(p.draft for p in projects):
        hints.append("every project is a draft; include drafts (include_drafts, --include-drafts)")
    return hints


def _years(selection: Selection) -> str:
    if selection.since and selection.until:
        return f"between {selection.since} and {selection.until}"
    if selection.since:
        return f"in or after {selection.since}"
    return f"in or before {selection.until}"


def explain_empty(projects: Sequence[Project], selection: Selection) -> str:
    """The message for a selection that chose nothing."""
    hints = near_misses(projects, selection)
    text = f"no project matches the selection ({selection.describe()})"
    return text + ("; " + "; ".join(hints) if hints else "")
