"""Accent folding shared by the funder table and the matching stage: "Développement" and
"Developpement" are one word to a reader typing either."""

from __future__ import annotations

import re
import unicodedata

_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def strip_accents(text: str) -> str:
    """Text without combining accents, case kept: "São Tomé" -> "Sao Tome"."""
    if text.isascii():  # most text; skips the normalisation
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text))
