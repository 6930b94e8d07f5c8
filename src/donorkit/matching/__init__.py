"""Stage: match terms of reference against the library, say why, and start the bid's spec.

    result = donorkit.match("tor.pdf", library="projects", top=15)
    for m in result.matches:
        print(m.project.slug, m.score, m.reasons.summary())
    result.write_spec("bid.yml")   # then: donorkit export capability-statement --spec bid.yml
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import SelectionError
from ..library import Library, Project, Selection, load_library
from .index import load_or_build
from .rank import Match, Query, Reasons, explain, rank
from .tor import Tor, read_bytes, read_tor

__all__ = ["Match", "MatchResult", "Reasons", "Tor", "match", "rank_query", "read_bytes",
           "read_tor"]

DEFAULT_TOP = 15


@dataclass
class MatchResult:
    tor: Tor
    matches: list[Match]
    candidates: int  # projects the selection allowed
    client: str = ""  # the funder the ToR names most, as donorkit writes it
    funders: list[str] = field(default_factory=list)  # every funder named, most named first

    def to_json(self) -> list[dict[str, object]]:
        return [m.to_dict() for m in self.matches]

    def spec(self) -> dict[str, object]:
        """A capability-statement spec: the ToR's title, funder and reference, the projects in
        rank order (``donorkit export capability-statement --spec``)."""
        from .bidspec import spec_for

        return spec_for(self)

    def write_spec(self, path: str | Path) -> Path:
        """Write :meth:`spec` as commented YAML (atomically); returns the path."""
        from .bidspec import write_spec

        return write_spec(self, Path(path))


def match(tor: Tor | str | Path, *, library: Library | str | Path | None = None,
          selection: Selection | None = None, top: int = DEFAULT_TOP,
          cache: Path | str | bool | None = None, today: dt.date | None = None) -> MatchResult:
    """Rank the library's projects against terms of reference.

    *tor* is a :class:`Tor` (``Tor.from_text(...)``) or a path to a .pdf, .docx, .md or .txt
    file. *selection* narrows the candidates (drafts stay out unless it includes them). *cache*
    is where the text index is kept (default: the user cache folder; ``False``: none)."""
    if top < 1:
        raise ValueError("top must be at least 1")
    tor = tor if isinstance(tor, Tor) else read_tor(tor)
    lib = _library(library)
    selection = (selection or Selection()).model_copy(update={"limit": None})
    candidates = lib.select(selection)
    if not candidates:
        drafts = sum(p.draft for p in lib.projects)
        hint = (f"; {drafts} draft(s) left out (--include-drafts)"
                if drafts and not selection.include_drafts else "")
        raise SelectionError(f"no project to match in {lib.root}: the selection "
                             f"({selection.describe()}) leaves none{hint}")
    index = load_or_build(lib.projects, cache)
    query = Query(tor.text, index, tor.language)
    matches = rank(index, candidates, query, today)[:top]
    explain(matches, query)
    from ..library.funders import table

    named = [table().get(f).name for f, _ in query.evidence.funders.most_common()]
    return MatchResult(tor=tor, matches=matches, candidates=len(candidates),
                       client=named[0] if named else "", funders=named)


def rank_query(projects: Sequence[Project], chosen: Sequence[Project], text: str,
               cache: Path | str | bool | None = None) -> list[tuple[float, Project]]:
    """The ranker behind ``--query`` (selection): *chosen* ranked against a short query, keeping
    only projects where every word of it is found, in the text or as a country, funder or region
    the page declares ("USAID Kenya" finds a page whose client is "U.S. Agency for International
    Development")."""
    if not chosen:
        return []
    index = load_or_build(projects, cache)
    query = Query(text, index)
    position = {slug: i for i, slug in enumerate(index.slugs)}
    keep = _every_word(chosen, query, position)
    ranked = rank(index, [p for p in chosen if p.slug in keep], query)
    return [(m.score, m.project) for m in ranked]


def _every_word(chosen: Sequence[Project], query: Query, position: dict[str, int]) -> set[str]:
    from .analysis import stem, stop_words, words

    stops = stop_words(query.language)
    keep = {p.slug for p in chosen}
    for word in dict.fromkeys(w for w in words(query.text) if w not in stops):
        having: set[int] = set()
        for lang in query.languages:
            having |= query.index.docs_with(stem([word], lang)[0])
        named = {m.key for m in query.evidence.mentions if word in m.words}
        satisfied = set()
        for p in chosen:
            if p.slug in keep and (position.get(p.slug) in having
                                   or (named and named & _declared(p))):
                satisfied.add(p.slug)
        keep = satisfied
    return keep


def _declared(project: Project) -> set[str]:
    """The keys of what a page declares: country codes, funder ids, region keys."""
    from ..library.funders import table
    from .evidence import region_keys

    keys = {c.iso for c in project.countries if c.iso}
    for client in project.clients:
        keys |= table().identify(client)
    for region in project.regions:
        keys |= region_keys(region)
    return keys


def _library(library: Library | str | Path | None) -> Library:
    if isinstance(library, Library):
        return library
    if library is None:
        from ..config import choose_library

        library = choose_library(None).path
    return load_library(library)
