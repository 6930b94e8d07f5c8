"""Funders and clients by their usual names and acronyms: USAID is "U.S. Agency for International
Development", FCDO is also DFID, EU is "European Union" and EuropeAid.

The table ships as ``data/funders.toml`` and can be extended in donorkit.toml (``[funders]``). It
serves the ``--client`` selection (a page's client field) and ``donorkit match`` (funders named in
the free text of terms of reference).
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import SpecError
from .folding import strip_accents

_INNER_DOT = re.compile(r"(?<=\w)\.(?=\w)")
_NON_WORD = re.compile(r"[^\w]+")
_WORDS = re.compile(r"\w+")
#: A one-word alias this short is an acronym: in free text it matches only as written.
ACRONYM_MAX = 8


@dataclass
class Funder:
    id: str
    name: str  # as donorkit shows it
    aliases: list[str] = field(default_factory=list)


def fold(text: str) -> str:
    """Case, accents and punctuation folded: "U.S. Agency" -> "us agency", "&" -> "and"."""
    text = strip_accents(text)
    text = _INNER_DOT.sub("", text.replace("&", " and "))  # U.S. -> US.
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


def is_acronym(alias: str) -> bool:
    return " " not in alias.strip() and len(alias.strip()) <= ACRONYM_MAX


class FunderTable:
    """The funders, indexed by the folded words of every name (and acronyms as written).

    Matching walks the words of a text looking up word tuples, longest first: building the
    table and matching cost a few milliseconds, where one regular expression of 300 names took
    a tenth of a second to compile on every start."""

    def __init__(self, funders: list[Funder]) -> None:
        self.funders = {f.id: f for f in funders}
        self._names: dict[tuple[str, ...], str] = {}
        self._acronyms: dict[str, str] = {}
        for f in funders:
            for alias in [f.id, f.name, *f.aliases]:
                key = tuple(fold(alias).split())
                if key:
                    self._names.setdefault(key, f.id)
                if is_acronym(alias):
                    self._acronyms.setdefault(strip_accents(alias.strip()), f.id)
        # In free text only names of several words, or long ones, match in any case.
        self._free = {k: v for k, v in self._names.items()
                      if len(k) > 1 or len(k[0]) > ACRONYM_MAX}
        self._longest = max((len(k) for k in self._names), default=1)

    def get(self, funder_id: str) -> Funder:
        return self.funders[funder_id]

    @lru_cache(maxsize=4096)  # noqa: B019 - a table lives as long as the process anyway
    def identify(self, value: str) -> frozenset[str]:
        """The funders a client value (a page's ``client``, a ``--client`` option) designates.

        Any alias inside the value counts ("UK Foreign, Commonwealth & Development Office" is
        FCDO; "European Union and ECOWAS Commission" is both); case does not matter here, as a
        client field or option is written on purpose."""
        return frozenset(f for f, _ in self._scan(fold(value).split(), self._names))

    def spans(self, text: str) -> list[tuple[str, str]]:
        """(funder id, words as found) for every funder named in free text: full names folded,
        acronyms only as written."""
        found = self._scan(fold(text).split(), self._free)
        found += [(self._acronyms[w], w) for w in _WORDS.findall(strip_accents(text))
                  if w in self._acronyms]
        return found

    def mentions(self, text: str) -> Counter[str]:
        """How often each funder is named in free text."""
        return Counter(funder for funder, _ in self.spans(text))

    def _scan(self, words: list[str], names: dict[tuple[str, ...], str]) -> list[tuple[str, str]]:
        found = []
        i, n = 0, len(words)
        while i < n:
            for size in range(min(self._longest, n - i), 0, -1):
                funder = names.get(tuple(words[i:i + size]))
                if funder is not None:
                    found.append((funder, " ".join(words[i:i + size])))
                    i += size
                    break
            else:
                i += 1
        return found


def builtin() -> list[Funder]:
    data = tomllib.loads(resources.files(__package__).joinpath("data/funders.toml")
                         .read_text(encoding="utf-8"))
    return [Funder(id=key, name=value["name"], aliases=list(value.get("aliases", [])))
            for key, value in data.items()]


def extend(funders: list[Funder], extra: dict[str, object], source: Path | str) -> list[Funder]:
    """Add donorkit.toml's ``[funders]`` entries: a key naming a known funder (its id, name or an
    alias) adds aliases to it; any other key is a new funder. Every problem is reported at once."""
    problems = []
    funders = [Funder(f.id, f.name, list(f.aliases)) for f in funders]
    index = {fold(a): f for f in funders for a in (f.id, f.name, *f.aliases)}
    for key, value in extra.items():
        aliases = [value] if isinstance(value, str) else value
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            problems.append(f"{source}: funders.{key}: expected a list of names, got {value!r}")
            continue
        known = index.get(fold(key))
        if known is None:
            known = Funder(id=key, name=key)
            funders.append(known)
            index[fold(key)] = known
        known.aliases.extend(a for a in aliases if a.strip())
        for alias in aliases:
            index.setdefault(fold(alias), known)
    if problems:
        raise SpecError(problems)
    return funders


@lru_cache(maxsize=8)
def _table_for(folder: Path) -> FunderTable:
    from ..config import load_config

    config = load_config(folder)
    extra = config.values.get("funders")
    funders = builtin()
    if isinstance(extra, dict) and extra:
        funders = extend(funders, extra, config.path or "donorkit.toml")
    return FunderTable(funders)


def table() -> FunderTable:
    """The built-in table extended by ./donorkit.toml's ``[funders]`` (read once per folder)."""
    return _table_for(Path.cwd())
