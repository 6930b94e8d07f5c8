"""Why a selection chose nothing, and what was close: "no region 'Africa'; did you mean
'Sub-Saharan Africa', 'Middle East and North Africa'?".

Each filter value is tried on its own with the real :func:`select`, so whatever a selection
understands (country aliases, whole-word clients, funder acronyms) is understood here too.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from .inventory import Facets, facets, fold
from .model import Project
from .select import VALUE_FIELDS, Selection, matches, select


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
    for field in VALUE_FIELDS:
        for value in getattr(selection, field):
            matched = [p for p in pool if matches(p, field, [value])]
            if matched:
                counts.append(f"{field} {value!r} ({len(matched)})")
                continue
            hints.append(_no_value(known, field, value))
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


def _no_value(known: Facets, field: str, value: str) -> str:
    names = [f.name for f in getattr(known, VALUE_FIELDS[field])]
    if field == "country":
        names += [f.name for f in known.other_places]  # --country also takes these
    close = close_names(value, names)
    return f"no {field} {value!r}" + (f"; did you mean {_quoted(close)}?" if close else "")


def unmatched_message(projects: Sequence[Project], selection: Selection,
                      unknown: Sequence[tuple[str, str]]) -> str:
    """The error for selection values no project has (:func:`select.unmatched`), each with
    what was close, whether or not the selection's other values match."""
    known = facets(projects)
    hints = "; ".join(_no_value(known, field, value) for field, value in unknown)
    gone = {field for field, _ in unknown}
    if any(len(getattr(selection, f)) == sum(f == g for g, _ in unknown) for f in gone):
        return f"no project matches the selection ({selection.describe()}); {hints}"
    # The other values match: building without this one would drop it without a word.
    return (f"{hints} (selection {selection.describe()}: every value must match a project, as "
            f"every slug must; correct or remove it)")


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
