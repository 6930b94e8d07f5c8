"""Ranking projects against a text (a ToR or a short query), and saying why.

score = text × (1 + structure) + 0.1 × structure + recency, where

* text is the weighted BM25 score (title 3, summary 2, body 1) relative to the best candidate's,
  so it lies in 0..1 whatever the length of the text;
* structure rewards what the text names and the page declares: its countries (up to 0.3), its
  funder (0.15), its region (0.075), each of its solutions (0.075, two at most), each scaled by
  how prominent the name is in the text (the country named most counts fully, one named once in
  passing little). It multiplies the text score: a page on the ToR's subject in the ToR's
  country rises, while a page that only shares the country or the funder does not outrank pages
  on the subject (measured: adding structure instead lost recall; docs/performance.md);
* recency (up to 0.05) puts ongoing and recent work first among equals.

Every reason is real: a listed term occurs, as the same folded word, in both the text and the
page; a country, client, region or solution is the page's own value, named in the text by one
of its names or aliases.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from functools import cached_property, lru_cache
from importlib import resources

from ..library import funders as funder_table
from ..library.model import Project
from . import evidence as ev
from .analysis import (
    boilerplate_words,
    detect_language,
    fold,
    query_terms,
    stem,
    stop_words,
    surfaces,
    words,
)
from .index import TextIndex, field_texts

WEIGHTS = {"country": 0.3, "client": 0.15, "region": 0.075, "solution": 0.075, "recency": 0.05}
#: How much structure counts on its own, for a page the text hardly matches (a ToR in another
#: language that shares only names with it).
ALONE = 0.1
MAX_SOLUTIONS = 2
SOLUTION_FULL = 3  # mentions of a solution's words for its full weight
TERMS_SHOWN = 8


@dataclass
class Reasons:
    terms: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    clients: list[str] = field(default_factory=list)
    solutions: list[str] = field(default_factory=list)
    years: str = ""

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    def summary(self) -> str:
        """One line for a table: "Kenya · USAID · Health · county, budget, financing"."""
        parts = [*self.countries, *self.clients, *self.regions, *self.solutions]
        if self.terms:
            parts.append(", ".join(self.terms))
        return " · ".join(parts)


@dataclass
class Match:
    project: Project
    score: float
    text_score: float
    reasons: Reasons

    def to_dict(self) -> dict[str, object]:
        return {"slug": self.project.slug, "title": self.project.title,
                "score": round(self.score, 4), "reasons": self.reasons.to_dict()}


class Query:
    """A text prepared once for ranking: its language, weighted terms and evidence."""

    def __init__(self, text: str, index: TextIndex, language: str | None = None) -> None:
        self.text = text
        self.language = language or detect_language(text)
        self.index = index
        self.languages = list(dict.fromkeys([self.language, *index.index_languages]))
        self.terms = query_terms(text, self.language, index.index_languages)
        self.evidence = ev.find(text)
        self._shares: dict[tuple[str, str], float] = {}  # pages repeat values: memoised
        self._solutions: dict[str, int] = {}

    @cached_property
    def surfaces(self) -> dict[str, Counter[str]]:
        """stem -> the text's words with it, over every language the text is stemmed in."""
        merged: dict[str, Counter[str]] = {}
        for lang in self.languages:
            for s, found in surfaces(self.text, lang).items():
                merged.setdefault(s, Counter()).update(found)
        return merged

    @cached_property
    def folded(self) -> str:
        return " " + " ".join(words(self.text)) + " "

    @cached_property
    def _stem_totals(self) -> dict[str, int]:
        return {s: sum(found.values()) for s, found in self.surfaces.items()}

    def stem_count(self, word: str) -> int:
        """How often *word* (or a word with its stem) occurs in the text, in any language."""
        if " " in word:
            return self.folded.count(f" {word} ")
        return max(self._stem_totals.get(stem([word], lang)[0], 0) for lang in self.languages)

    def share(self, kind: str, value: str) -> float:
        """How prominent in the text the page value *value* (a country code, client or region)
        is: 1 for the most named of its kind, 0 when not named. Memoised: pages repeat values."""
        memo = self._shares
        key = (kind, value)
        if key not in memo:
            found = self.evidence
            if kind == "country":
                keys, counts = (value,), found.countries
            elif kind == "client":
                keys, counts = funder_table.table().identify(value), found.funders
            else:
                keys, counts = ev.region_keys(value), found.regions
            memo[key] = max((found.share(counts, k) for k in keys), default=0.0)
        return memo[key]

    def solution_mentions(self, solution: str) -> int:
        """Memoised :func:`_solution_mentions`: pages share a few solution names."""
        known = self._solutions
        if solution not in known:
            known[solution] = _solution_mentions(solution, self)
        return known[solution]


def rank(index: TextIndex, candidates: Sequence[Project], query: Query,
         today: dt.date | None = None) -> list[Match]:
    """*candidates* (a subset of the indexed projects) best first; those with no evidence at all
    are left out."""
    year = (today or dt.date.today()).year
    scores = index.scores(query.terms)
    position = {slug: i for i, slug in enumerate(index.slugs)}
    raw = [float(scores[position[p.slug]]) if p.slug in position else 0.0 for p in candidates]
    best = max(raw, default=0.0)
    matches = []
    for project, text in zip(candidates, raw, strict=True):
        reasons = Reasons(years=project.period)
        bonus = _structure(project, query, reasons)
        if text <= 0 and not bonus:
            continue
        relative = text / best if best > 0 else 0.0
        score = relative * (1 + bonus) + ALONE * bonus + _recency(project, year)
        matches.append(Match(project, score, relative, reasons))
    matches.sort(key=lambda m: (-m.score, -(m.project.end or 0), m.project.title))
    return matches


def explain(matches: Sequence[Match], query: Query) -> None:
    """Fill in the shared terms of each match (done for the shown ones only: it reads pages)."""
    for match in matches:
        match.reasons.terms = _shared_terms(match.project, query)


def _recency(project: Project, year: int) -> float:
    if project.status == "ongoing":
        return WEIGHTS["recency"]
    if project.end is None:
        return 0.0
    return WEIGHTS["recency"] * max(0.0, 1 - (year - project.end) / 20)


def _structure(project: Project, query: Query, reasons: Reasons) -> float:
    """The structural part of the score; fills in the reasons it rests on."""
    bonus = 0.0
    for kind, name, values in (
            ("country", "countries", [c.iso for c in project.countries if c.iso]),
            ("client", "clients", project.clients),
            ("region", "regions", project.regions)):
        shares = [(value, query.share(kind, value)) for value in values]
        shares = [(value, share) for value, share in shares if share > 0]
        if shares:
            setattr(reasons, name, [value for value, _ in shares])
            bonus += WEIGHTS[kind] * max(share for _, share in shares)
    if reasons.countries:  # shown by name, matched by code
        names = {c.iso: c.name for c in project.countries}
        reasons.countries = [names[iso] for iso in reasons.countries]
    solution_strengths = []
    for solution in project.solutions:
        strength = query.solution_mentions(solution)
        if strength:
            solution_strengths.append((solution, min(1.0, strength / SOLUTION_FULL)))
    if solution_strengths:
        solution_strengths.sort(key=lambda s: -s[1])
        reasons.solutions = [name for name, _ in solution_strengths]
        bonus += WEIGHTS["solution"] * sum(s for _, s in solution_strengths[:MAX_SOLUTIONS])
    return bonus


@lru_cache(maxsize=1)
def _glossary() -> dict[str, list[str]]:
    data = tomllib.loads(resources.files(__package__).joinpath("data/glossary.toml")
                         .read_text(encoding="utf-8"))
    return {stem([fold(k)], "en")[0]: [fold(v) for v in values] for k, values in data.items()}


def _solution_mentions(solution: str, query: Query) -> int:
    """How often the text names the solution: the fewest mentions of any of its words (in
    English or through the glossary's French, Spanish and Portuguese words)."""
    content = [w for w in words(solution) if w not in stop_words("en")]
    if not content:
        return 0
    glossary = _glossary()
    fewest = None
    for word in content:
        forms = [word, *glossary.get(stem([word], "en")[0], [])]
        count = max(query.stem_count(form) for form in forms)
        fewest = count if fewest is None else min(fewest, count)
        if not fewest:
            return 0
    return fewest or 0


def _shared_terms(project: Project, query: Query) -> list[str]:
    lang = detect_language(project.summary + "\n" + project._body_source[:3000])
    texts = field_texts(project)
    page = surfaces("\n".join(texts.values()), lang)
    title = set(words(texts["title"]))
    # Words of a country, funder or region the ToR names are shown as that reason, not again.
    named = {w for m in query.evidence.mentions for w in m.words}
    # Nor are the ToR's boilerplate words ("terms", "required"): shared by every page, they
    # would read as a reason.
    named |= boilerplate_words(query.language)
    ranked = []
    for s, page_words in page.items():
        weight = query.terms.get(s)
        ours = query.surfaces.get(s)
        if not weight or not ours:
            continue
        common = [w for w, _ in ours.most_common() if w in page_words and w not in named]
        if not common:
            continue  # same stem, different words: not shown, as it would not read as shared
        boost = 2.0 if common[0] in title else 1.0
        ranked.append((weight * query.index.idf(s) * boost, common[0]))
    ranked.sort(key=lambda r: (-r[0], r[1]))
    return [term for _, term in ranked[:TERMS_SHOWN]]
