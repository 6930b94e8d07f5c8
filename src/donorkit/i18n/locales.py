"""BCP 47 language tags -> the locale a document is written in.

A document's language is any tag Babel (CLDR) knows whose base language has a catalog here:
``fr``, ``fr-CA``, ``pt-BR``. The base language picks the catalog (labels); the whole tag picks the
formats (``fr-CA`` writes ``12 345,5`` with a no-break space like ``fr``, ``pt-BR`` its own dates).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from babel import Locale, UnknownLocaleError

from ..errors import SelectionError

#: Languages with a catalog (every template label translated), in the order they are listed.
AVAILABLE: tuple[str, ...] = ("en", "fr", "es", "pt")
#: Bare "en" formats as British English: "2 December 2026", the house style of the English
#: documents before they had a locale (and how most non-US donors write dates).
_DEFAULT_TERRITORY = {"en": "GB"}


class LanguageError(SelectionError):
    """An unknown or unsupported language tag."""


@dataclass(frozen=True)
class Language:
    tag: str  # normalised BCP 47 tag, as written into the documents: "fr", "pt-BR"
    code: str  # base language, which picks the catalog: "fr", "pt"
    locale: Locale  # CLDR data for formats

    @property
    def babel_id(self) -> str:
        """The identifier Babel's format functions take: ``pt_BR``, ``en_GB``."""
        return str(self.locale)

    @property
    def catalog_id(self) -> str:
        """``pt_BR`` for a tag with a region (its catalog falls back to ``pt``'s), else ``pt``.
        Bare ``en`` formats as en_GB but has no catalog to look for."""
        territory = self.tag.split("-")[-1] if "-" in self.tag else ""
        return f"{self.code}_{territory}" if territory.isalpha() and territory.isupper() \
            else self.code

    @property
    def is_english(self) -> bool:
        return self.code == "en"

    def __str__(self) -> str:
        return self.tag


def available_text() -> str:
    return (", ".join(AVAILABLE) + " (a region may follow, as in fr-CA or pt-BR)")


@lru_cache(maxsize=64)
def resolve_language(tag: str | Language | None) -> Language:
    """The :class:`Language` of a BCP 47 *tag*; ``None`` and ``""`` mean English.

    Raises :class:`LanguageError` naming the languages available when the tag is malformed or
    its language has no catalog."""
    if isinstance(tag, Language):
        return tag
    text = (tag or "en").strip().replace("_", "-")
    try:
        locale = Locale.parse(text, sep="-")
    except (UnknownLocaleError, ValueError, TypeError):
        raise LanguageError(f"unknown language {tag!r}; available: {available_text()}") from None
    if locale.language not in AVAILABLE:
        name = locale.get_display_name("en") or locale.language
        raise LanguageError(f"no translation for language {tag!r} ({name}); available: "
                            f"{available_text()}")
    parts = [locale.language]
    if locale.script:
        parts.append(locale.script)
    if locale.territory:
        parts.append(locale.territory)
    normalised = "-".join(parts)
    if not locale.territory and locale.language in _DEFAULT_TERRITORY:
        locale = Locale(locale.language, _DEFAULT_TERRITORY[locale.language])
    return Language(tag=normalised, code=locale.language, locale=locale)
