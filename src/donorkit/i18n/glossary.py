"""A library's own terms in other languages: the glossary file named in ``donorkit.toml``.

::

    # glossary.yml
    fr:
      Public Financial Management: Gestion des finances publiques
      Asian Development Bank: Banque asiatique de développement
    es:
      Public Financial Management: Gestión de las finanzas públicas

Keys are the terms as the pages write them (a solution, region, service, client or country name,
or a template label to word differently); a regional tag (``fr-CA``) adds to its language's terms.
Every problem is reported at once, with its line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import SpecError
from .locales import Language, LanguageError, resolve_language


@dataclass
class Glossary:
    path: Path | None = None
    terms: dict[str, dict[str, str]] = field(default_factory=dict)  # tag -> English -> translation

    def for_language(self, language: Language | str | None) -> dict[str, str]:
        """The terms of *language*: its base language's, then its regional tag's over them."""
        lang = resolve_language(language)
        merged = dict(self.terms.get(lang.code, {}))
        if lang.tag != lang.code:
            merged.update(self.terms.get(lang.tag, {}))
        return merged


def load_glossary(path: str | Path) -> Glossary:
    """Read and check a glossary file; :class:`SpecError` lists every problem with its line."""
    from ..yamlfile import read_yaml

    path = Path(path)
    raw, lines = read_yaml(path)
    problems: list[str] = []
    terms: dict[str, dict[str, str]] = {}

    def where(key: str) -> str:
        line = lines.get(key)
        return f"{path}:{line}" if line else str(path)

    for tag, entries in raw.items():
        try:
            lang = resolve_language(str(tag))
        except LanguageError as exc:
            problems.append(f"{where(str(tag))}: error: {tag}: {exc}")
            continue
        if not isinstance(entries, Mapping):
            problems.append(f"{where(str(tag))}: error: {tag}: expected a mapping of "
                            "'term: translation' lines")
            continue
        bucket = terms.setdefault(lang.tag, {})
        for term, translation in entries.items():
            if not isinstance(translation, str) or not translation.strip():
                problems.append(f"{where(f'{tag}.{term}')}: error: {tag}.{term}: expected the "
                                "translation as text")
                continue
            bucket[str(term).strip()] = translation.strip()
    if problems:
        raise SpecError(problems)
    return Glossary(path, terms)
