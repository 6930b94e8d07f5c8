"""Structural evidence in free text: the countries, regions and funders a ToR names.

Countries are found by name in English, French, Spanish and Portuguese (pycountry and its
translations, plus library/countries.py's common names), by ISO 3166 alpha-3 code written in
capitals ("KEN"), and by demonym ("Kenyan", "nigérienne"; data/demonyms.toml). Funders come from
library/funders.py, regions from data/regions.toml. Each mention keeps the words it spans, so a
short query can tell which of its words a project satisfies.
"""

from __future__ import annotations

import gettext
import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ..library import countries as country_names
from ..library import funders as funder_table
from ..library.folding import strip_accents
from .analysis import fold

#: Alpha-3 codes that are also words or common acronyms; in capitals they are rarely a country.
_NOT_CODES = {"AND", "ARE", "CAN", "PER", "BEN", "MAR", "FIN", "DOM", "TON", "GIN", "COM", "SUR",
              "BRA", "NOR", "MUS", "ATA", "PAN", "LIE", "TUN", "COD", "ESP", "FRA", "GAB", "ITA",
              "MLT", "IND", "SEN", "USA", "GBR", "CHE", "AUT", "BEL", "DEU", "SOM", "VAT", "NIC",
              "MAC", "BOL", "ARM", "PRT", "ASM", "TGO", "COG", "CUB", "MEX", "POL", "PRY", "SLV"}
#: Names that are ordinary words when capitalised at a sentence start, in one of the languages.
_NOT_NAMES = {"reunion", "maurice", "chad", "jersey", "man", "us", "uk", "usa", "georgia"}
_TOKEN = re.compile(r"[A-Za-z0-9]+")
_DEMONYM_ENDINGS = ("", "s", "e", "es", "ne", "nes")


@dataclass
class Mention:
    key: str  # alpha-2 code, funder id or region key
    words: tuple[str, ...]  # folded words of the text it spans


@dataclass
class Evidence:
    countries: Counter[str] = field(default_factory=Counter)
    regions: Counter[str] = field(default_factory=Counter)
    funders: Counter[str] = field(default_factory=Counter)
    mentions: list[Mention] = field(default_factory=list)

    @staticmethod
    def share(counts: Counter[str], key: str) -> float:
        """How prominent *key* is among the mentions of its kind: 1 for the most named."""
        top = max(counts.values(), default=0)
        return counts[key] / top if top else 0.0


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[dict[tuple[str, ...], str], dict[tuple[str, ...], str], set[str]]:
    """(names, demonyms, alpha-3 codes): folded word tuples -> alpha-2."""
    import pycountry

    names: dict[tuple[str, ...], str] = {}

    def add(label: str, code: str, into: dict[tuple[str, ...], str] = names) -> None:
        key = tuple(_TOKEN.findall(fold(label)))
        if key and (len(key) > 1 or (len(key[0]) > 3 and key[0] not in _NOT_NAMES)):
            into.setdefault(key, code)

    translations = [gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang],
                                        fallback=True) for lang in ("fr", "es", "pt")]
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if not value:
                continue
            for label in (value, value.split(",")[0]):
                add(label, c.alpha_2)
                for t in translations:
                    translated = t.gettext(value)
                    add(translated, c.alpha_2)
                    add(translated.split(",")[0], c.alpha_2)
    for alias, code in country_names.ALIASES.items():
        add(alias, code)
    add("Kosovo", "XK")
    demonyms: dict[tuple[str, ...], str] = {}
    data = tomllib.loads(resources.files(__package__).joinpath("data/demonyms.toml")
                         .read_text(encoding="utf-8"))
    for code, forms in data.items():
        for form in forms:
            base = fold(form)
            stems = [base[:-1] + "a", base[:-1] + "as", base + "s"] if base.endswith("o") else [
                base + e for e in _DEMONYM_ENDINGS]
            for variant in stems:
                key = tuple(_TOKEN.findall(variant))
                if key:
                    demonyms.setdefault(key, code)
    codes = {c.alpha_3 for c in pycountry.countries} - _NOT_CODES
    return names, demonyms, codes


@lru_cache(maxsize=1)
def _regions() -> tuple[dict[str, str], re.Pattern[str], re.Pattern[str]]:
    """(folded name -> key, pattern over every name, pattern for free text)."""
    data = tomllib.loads(resources.files(__package__).joinpath("data/regions.toml")
                         .read_text(encoding="utf-8"))
    by_name: dict[str, str] = {}
    in_text: list[str] = []
    for key, group in data.items():
        for name in group["names"]:
            folded = " ".join(_TOKEN.findall(fold(name)))
            by_name.setdefault(folded, key)
            if key != "global" or folded in ("worldwide", "multi region", "monde entier"):
                in_text.append(folded)

    def pattern(names: list[str]) -> re.Pattern[str]:
        names = sorted(set(names), key=len, reverse=True)
        return re.compile(r"(?<![a-z0-9])(" + "|".join(map(re.escape, names)) + r")(?![a-z0-9])")

    return by_name, pattern(list(by_name)), pattern(in_text)


@lru_cache(maxsize=1024)
def region_keys(value: str) -> frozenset[str]:
    """The region groups a page's ``regions`` value belongs to ("Africa" -> {"africa"})."""
    by_name, every, _ = _regions()
    folded = " ".join(_TOKEN.findall(fold(value)))
    if folded in by_name:
        return frozenset({by_name[folded]})
    return frozenset(by_name[m] for m in every.findall(folded))


def find(text: str) -> Evidence:
    """Every country, region and funder named in *text*, with counts."""
    ev = Evidence()
    original = _TOKEN.findall(strip_accents(text))
    folded = [w.lower() for w in original]
    taken: set[int] = set()
    for funder, words in funder_table.table().spans(text):
        ev.funders[funder] += 1
        ev.mentions.append(Mention(funder, tuple(_TOKEN.findall(fold(words)))))
    # "Agence des Etats-Unis pour le developpement" names a funder, not the United States.
    for span in {m.words for m in ev.mentions if len(m.words) > 1}:
        taken.update(_positions(folded, span))
    _find_countries(original, folded, taken, ev)
    by_name, _, free = _regions()
    for m in free.findall(" ".join(folded)):
        ev.regions[by_name[m]] += 1
        ev.mentions.append(Mention(by_name[m], tuple(m.split())))
    return ev


def _positions(tokens: list[str], span: tuple[str, ...]) -> set[int]:
    found: set[int] = set()
    size = len(span)
    for i, word in enumerate(tokens):
        if word == span[0] and tuple(tokens[i:i + size]) == span:
            found.update(range(i, i + size))
    return found


def _find_countries(original: list[str], folded: list[str], taken: set[int],
                    ev: Evidence) -> None:
    names, demonyms, codes = _gazetteer()
    firsts = {k[0] for k in names} | {k[0] for k in demonyms}
    i, n = 0, len(folded)
    while i < n:
        found = None
        if i in taken or (folded[i] not in firsts and original[i] not in codes):
            i += 1
            continue
        for length in range(min(8, n - i), 0, -1):
            key = tuple(folded[i:i + length])
            code = names.get(key)
            if code and original[i][0].isupper():
                found = (code, length)
                break
            code = demonyms.get(key)
            if code:
                found = (code, length)
                break
        if found is None and original[i] in codes:
            found = (_alpha2(original[i]), 1)
        if found is None:
            i += 1
            continue
        code, length = found
        ev.countries[code] += 1
        ev.mentions.append(Mention(code, tuple(folded[i:i + length])))
        i += length


@lru_cache(maxsize=256)
def _alpha2(alpha3: str) -> str:
    import pycountry

    return pycountry.countries.get(alpha_3=alpha3).alpha_2
