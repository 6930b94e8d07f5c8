"""Funders and clients by their usual names and acronyms: USAID is "U.S. Agency for International
Development", FCDO is also DFID, EU is "European Union" and EuropeAid.

The table ships as ``data/funders.toml`` and can be extended in donorkit.toml (``[funders]``). It
serves the ``--client`` selection (a page's client field) and ``donorkit match`` (funders named in
the free text of terms of reference).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import SpecError

#: A one-word alias this short is an acronym: in free text it matches only as written.
ACRONYM_MAX = 8


@dataclass
class Funder:
    id: str
    name: str  # as donorkit shows it
    aliases: list[str] = field(default_factory=list)


def fold(text: str) -> str:
    """Case, accents and punctuation folded: "U.S. Agency" -> "us agency", "&" -> "and"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"(?<=\w)\.(?=\w)", "", text.replace("&", " and "))  # U.S. -> US.
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def is_acronym(alias: str) -> bool:
    return " " not in alias.strip() and len(alias.strip()) <= ACRONYM_MAX


class FunderTable:
    """The funders, and two compiled patterns: folded names, and acronyms as written."""

    def __init__(self, funders: list[Funder]) -> None:
        self.funders = {f.id: f for f in funders}
        self._by_folded: dict[str, str] = {}
        acronyms: dict[str, str] = {}
        for f in funders:
            for alias in [f.id, f.name, *f.aliases]:
                self._by_folded.setdefault(fold(alias), f.id)
                if is_acronym(alias):
                    acronyms.setdefault(_strip_accents(alias.strip()), f.id)
        self._acronyms = acronyms
        names = sorted((n for n in self._by_folded if n), key=len, reverse=True)
        self._names_re = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, names)) + r")(?!\w)")
        long_names = [n for n in names if " " in n or len(n) > ACRONYM_MAX]
        self._free_re = re.compile(
            r"(?<!\w)(" + "|".join(map(re.escape, long_names)) + r")(?!\w)")
        self._acro_re = re.compile(
            r"(?<![\w])(" + "|".join(map(re.escape, sorted(acronyms, key=len, reverse=True)))
            + r")(?![\w])")

    def get(self, funder_id: str) -> Funder:
        return self.funders[funder_id]

    def identify(self, value: str) -> set[str]:
        """The funders a client value (a page's ``client``, a ``--client`` option) designates.

        Any alias inside the value counts ("UK Foreign, Commonwealth & Development Office" is
        FCDO; "European Union and ECOWAS Commission" is both); case does not matter here, as a
        client field or option is written on purpose."""
        return {self._by_folded[m] for m in self._names_re.findall(fold(value))}

    def spans(self, text: str) -> list[tuple[str, str]]:
        """(funder id, words as found) for every funder named in free text: full names folded,
        acronyms only as written."""
        found = [(self._by_folded[m], m) for m in self._free_re.findall(fold(text))]
        found += [(self._acronyms[m], m) for m in self._acro_re.findall(_strip_accents(text))]
        return found

    def mentions(self, text: str) -> Counter[str]:
        """How often each funder is named in free text."""
        return Counter(funder for funder, _ in self.spans(text))


def _strip_accents(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


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
