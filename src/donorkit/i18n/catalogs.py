"""Gettext catalogs: the templates' labels and the common terms, per language.

Catalogs live in ``locale/<lang>/LC_MESSAGES/donorkit.po`` next to this module, with their compiled
``.mo`` (committed: see docs/decisions.md). English is the source language: its catalog is empty.
A library's glossary (:mod:`.glossary`) is consulted first, so it can both add terms (its own
solution names) and replace a built-in translation.
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from .locales import Language, resolve_language

DOMAIN = "donorkit"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


class Glossary(gettext.NullTranslations):
    """A plain mapping of terms in front of a catalog (gettext's fallback chain does the rest)."""

    def __init__(self, terms: Mapping[str, str]) -> None:
        super().__init__()
        self._terms = dict(terms)

    def gettext(self, message: str) -> str:
        found = self._terms.get(message)
        if found is not None:
            return found
        return self._fallback.gettext(message) if self._fallback else message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        word = msgid1 if n == 1 else msgid2
        found = self._terms.get(word)
        if found is not None:
            return found
        if self._fallback:
            return self._fallback.ngettext(msgid1, msgid2, n)
        return word


@lru_cache(maxsize=16)
def catalog(code: str) -> gettext.NullTranslations:
    """The built-in catalog of a language (``fr``), or of a regional variant (``pt_BR``) in front
    of its language's: a variant's catalog holds only the words it says differently. English and
    a missing file give the identity."""
    languages = [code, code.split("_")[0]] if "_" in code else [code]
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=languages, fallback=True)


def translations(language: Language | str | None,
                 glossary: Mapping[str, str] | None = None) -> gettext.NullTranslations:
    """What a document in *language* translates its labels with: the library's *glossary*
    terms for that language, then the built-in catalog."""
    lang = resolve_language(language)
    base = catalog(lang.catalog_id)
    if not glossary:
        return base
    front = Glossary(glossary)
    front.add_fallback(base)
    return front
