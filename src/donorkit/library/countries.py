"""Country names to ISO 3166 via pycountry, with the common names real pages use.

pycountry knows the official short names ("Tanzania, United Republic of") and few colloquial ones,
while project pages say "Burma", "The Gambia" or "DRC". Anything that is not a country is kept as a
free label (``iso`` empty), and a near-miss gets a "did you mean" hint.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache

import pycountry

from .model import Country

#: Common names pycountry does not resolve, mapped to the alpha-2 code.
ALIASES: dict[str, str] = {
    "burma": "MM", "myanmar (burma)": "MM", "kosovo": "XK", "palestine": "PS",
    "palestinian territories": "PS", "west bank and gaza": "PS", "gaza": "PS",
    "the gambia": "GM", "gambia": "GM", "cote d'ivoire": "CI", "ivory coast": "CI",
    "russia": "RU", "democratic republic of the congo": "CD", "drc": "CD", "dr congo": "CD",
    "congo-kinshasa": "CD", "republic of the congo": "CG", "congo-brazzaville": "CG",
    "micronesia": "FM", "macedonia": "MK", "swaziland": "SZ", "cape verde": "CV",
    "east timor": "TL", "brunei": "BN", "south korea": "KR", "north korea": "KP",
    "laos": "LA", "vietnam": "VN", "syria": "SY", "iran": "IR", "moldova": "MD",
    "bolivia": "BO", "venezuela": "VE", "tanzania": "TZ", "turkey": "TR", "uk": "GB",
    "united kingdom": "GB", "britain": "GB", "great britain": "GB", "usa": "US", "us": "US",
    "united states": "US", "united states of america": "US", "the philippines": "PH",
    "the bahamas": "BS", "the netherlands": "NL", "holland": "NL", "czech republic": "CZ",
    "sao tome": "ST", "st lucia": "LC", "st. lucia": "LC", "kyrgyz republic": "KG",
    "slovak republic": "SK", "lao pdr": "LA", "timor leste": "TL", "eswatini (swaziland)": "SZ",
}
#: Display names where pycountry's short name is an inverted official one.
DISPLAY = {"CD": "Democratic Republic of the Congo", "KR": "South Korea", "KP": "North Korea",
           "VG": "British Virgin Islands", "VI": "US Virgin Islands", "LA": "Laos",
           "SY": "Syria", "RU": "Russia"}
#: Kosovo has a user-assigned code that pycountry does not carry.
_EXTRA = {"XK": ("Kosovo", "XKX", "")}

#: Words that mark a value as a region or scope label rather than a misspelt country.
LABEL_WORDS = re.compile(
    r"\b(regional|worldwide|global|multiple|multi-country|various|international|africa|asia|"
    r"europe|america|americas|caribbean|pacific|middle east|mena|balkans|sahel|mediterranean|"
    r"gulf|horn|great lakes|region|countries|islands states)\b",
    re.IGNORECASE,
)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip().lower()


@lru_cache(maxsize=1)
def _name_index() -> dict[str, str]:
    """Folded name -> alpha-2, over official, common and short names plus the aliases."""
    index: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                index[_fold(value)] = c.alpha_2
                # "Tanzania, United Republic of" -> also "tanzania"
                index.setdefault(_fold(value.split(",")[0]), c.alpha_2)
    index.update({_fold(k): v for k, v in ALIASES.items()})
    return index


@lru_cache(maxsize=1)
def _codes() -> dict[str, str]:
    """ISO alpha-2 and alpha-3 code (upper case) -> alpha-2."""
    codes = {code: code for code in _EXTRA} | {_EXTRA[code][1]: code for code in _EXTRA}
    for c in pycountry.countries:
        codes[c.alpha_2] = codes[c.alpha_3] = c.alpha_2
    return codes


def _country(alpha_2: str) -> Country:
    if alpha_2 in _EXTRA:
        name, alpha_3, numeric = _EXTRA[alpha_2]
        return Country(name=name, iso=alpha_2, iso3=alpha_3, numeric=numeric, kind="country")
    c = pycountry.countries.get(alpha_2=alpha_2)
    # "Tanzania, United Republic of" reads badly in a document: keep the part before the comma.
    name = DISPLAY.get(alpha_2) or getattr(c, "common_name", None) or c.name.split(", ")[0]
    return Country(name=name, iso=c.alpha_2, iso3=c.alpha_3, numeric=c.numeric, kind="country")


#: No country's name is this short: a value this long is a code or an abbreviation ("UK"), and is
#: one only in upper case ("NA" and "No" are also ordinary values).
_SHORT = 3


@lru_cache(maxsize=4096)
def resolve(value: str) -> tuple[Country, str | None]:
    """(country or label, warning or None) for one name as written in a page."""
    label = value.strip()
    code = _name_index().get(_fold(label)) if len(label) > _SHORT or label.isupper() else None
    if code:
        return _country(code), None
    if label in _codes():
        country = _country(_codes()[label])
        return country, (f"country code {label!r} read as {country.name}; write the name if "
                         "that is what you mean")
    entry = Country(name=label, kind="label")
    if LABEL_WORDS.search(label):
        return entry, None
    names = list(_name_index())
    guess = difflib.get_close_matches(_fold(label), names, n=1, cutoff=0.8)
    if guess:
        hint = _country(_name_index()[guess[0]]).name
        return entry, f"unknown country {label!r}; did you mean {hint!r}?"
    return entry, f"unknown country {label!r}; kept as a label"


def matches(country: Country, wanted: str) -> bool:
    """Selection: does *wanted* (a name, alias or ISO code) designate *country*?"""
    folded = _fold(wanted)
    if folded in (_fold(country.name), country.iso.lower(), country.iso3.lower()):
        return True
    return bool(country.iso) and _name_index().get(folded) == country.iso
