"""Country names in the document's language, from pycountry's translated ISO 3166 names.

pycountry ships the Debian iso-codes translations as the gettext domain ``iso3166-1``, keyed by the
English ISO name; the project keeps its alpha-2 code, so the name is looked up from the code.
"""

from __future__ import annotations

import gettext
from functools import lru_cache

import pycountry

DOMAIN = "iso3166-1"


@lru_cache(maxsize=16)
def _catalog(code: str) -> gettext.NullTranslations:
    # pt_BR has its own names (Vietnã, Quênia), pt_PT others (Vietname, Quénia).
    languages = [code, code.split("_")[0]] if "_" in code else [code]
    return gettext.translation(DOMAIN, pycountry.LOCALES_DIR, languages=languages, fallback=True)


@lru_cache(maxsize=4096)
def country_name(iso: str, code: str, default: str) -> str:
    """The name of the country with alpha-2 *iso* in the language *code* (``fr``, ``pt_BR``), or
    *default* (the page's own name) for English or when there is no translation.

    The common name is preferred ("Corée du Sud"); an inverted official name is put in reading
    order ("Estado plurinacional de Bolivia", not "Bolivia, Estado plurinacional de")."""
    if code.split("_")[0] == "en" or not iso:
        return default
    country = pycountry.countries.get(alpha_2=iso)
    if country is None:
        return default
    catalog = _catalog(code)
    for english in (getattr(country, "common_name", None), country.name):
        if english:
            translated = catalog.gettext(english)
            if translated != english:
                return _reading_order(translated)
    return default


def _reading_order(name: str) -> str:
    head, sep, tail = name.partition(", ")
    if not sep or "," in tail:
        return name
    glue = "" if tail.endswith(("'", "’")) else " "
    return f"{tail[:1].upper()}{tail[1:]}{glue}{head}"
