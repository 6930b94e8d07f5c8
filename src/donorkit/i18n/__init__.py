"""Documents in other languages: locale resolution, gettext catalogs, CLDR formats (Babel),
translated country names (pycountry) and a library's own glossary.

Nothing here knows about projects or documents except :mod:`.content`, which localises one
project; the rest is used by the rendering and context stages.
"""

from __future__ import annotations

from .locales import AVAILABLE, Language, resolve_language

__all__ = ["AVAILABLE", "Language", "resolve_language"]
