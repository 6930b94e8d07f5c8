"""Stage 3b: a project in the document's language.

A localised copy of the project carries its translated text (the page's ``translations:`` or its
sibling ``<name>.<lang>.md``), country names from ISO 3166's translations, and its region, solution,
service and client names through the glossary and catalogs. What has no translation stays as the
page wrote it, and the document gets a warning naming the page.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..library.model import Country, PageTranslation, Project
from .catalogs import translations
from .countries import country_name
from .formatting import number
from .glossary import Glossary
from .locales import Language, resolve_language

_GROUPED_INT = re.compile(r"^\d{1,3}(,\d{3})+$|^\d{4,}$")


@dataclass
class Localiser:
    """Everything that puts a document into one language."""

    language: Language
    catalog: gettext.NullTranslations
    terms: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def create(cls, language: Language | str | None = None,
               glossary: Glossary | None = None) -> Localiser:
        lang = resolve_language(language)
        terms = glossary.for_language(lang) if glossary is not None else {}
        return cls(lang, translations(lang, terms), terms)

    def gettext(self, message: str) -> str:
        return self.catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.catalog.ngettext(singular, plural, n)

    def term(self, text: str) -> str:
        """A name from the data (region, solution, client ...) in the document's language, or
        as written when neither the glossary nor the catalogs know it."""
        return self.catalog.gettext(text) if text else text

    def language_name(self) -> str:
        return self.language.locale.get_display_name("en") or self.language.tag

    # -- projects ---------------------------------------------------------------------------

    def project(self, project: Project, warn: Callable[[str], None]) -> Project:
        """The project as a document in this language shows it."""
        tag = self._translation_tag(project)
        if tag is None and self.language.is_english:
            return project  # the page as written: nothing to translate, nothing to re-parse
        fields, body_source, body_line = self._translated_text(project, tag, warn)
        update: dict[str, object] = {
            "countries": [self._country(c) for c in project.countries],
            "regions": [self.term(r) for r in project.regions],
            "solutions": [self.term(s) for s in project.solutions],
            "services": [self.term(s) for s in project.services],
            "clients": [self.term(c) for c in project.clients],
        }
        if fields.title:
            from ..library.normalise import split_title

            update["title"] = fields.title
            update["place"], update["name"] = split_title(fields.title)
        for key in ("summary", "location", "beneficiaries", "highlights"):
            value = getattr(fields, key)
            if value is not None:
                update[key] = value
        beneficiaries = update.get("beneficiaries", project.beneficiaries)
        if isinstance(beneficiaries, str) and _GROUPED_INT.match(beneficiaries):
            update["beneficiaries"] = number(self.language, int(beneficiaries.replace(",", "")))
        copy = project.model_copy(update=update)
        copy.__dict__.pop("body", None)  # the cached English body, if it was parsed
        if body_source is not None:
            copy._body_source, copy._body_line = body_source, body_line
        if not self.language.is_english:
            from ..library.body import parse_body

            # parsed again, not taken from the library cache: the words the parser writes
            # (the overview's title, video links) are asked for in this language
            copy.__dict__["body"] = parse_body(copy._body_source, first_line=copy._body_line,
                                               gettext=self.gettext)
        return copy

    def _translation_tag(self, project: Project) -> str | None:
        from ..library.translations import lookup

        return lookup(project.translated_languages, self.language.tag)

    def _translated_text(self, project: Project, tag: str | None, warn: Callable[[str], None]
                         ) -> tuple[PageTranslation, str | None, int]:
        if tag is None:
            if not self.language.is_english:
                warn(f"{project.source}: no {self.language_name()} translation "
                     f"(translations: {self.language.code} in its front matter, or "
                     f"{_sibling_name(project, self.language.code)}); the page's own text is used")
            return PageTranslation(), None, 1
        fields, body_source, body_line = self._translation(project, tag, warn)
        missing = self._lacking(project, tag, fields, body_source)
        if missing:
            warn(f"{project.source}: the {self.language_name()} translation has no "
                 f"{', '.join(missing)}; the page's own text is used there")
        return fields, body_source, body_line

    def gaps(self, project: Project, warn: Callable[[str], None]) -> list[str] | None:
        """What of *project* a document in this language shows in the page's own words: None
        when the page has no translation into it, else what its translation lacks ("title",
        "body (<name>.fr.md)"), as the export warns. Problems of a sibling page go to *warn*."""
        tag = self._translation_tag(project)
        if tag is None:
            return None
        fields, body_source, _ = self._translation(project, tag, warn)
        return self._lacking(project, tag, fields, body_source)

    def _translation(self, project: Project, tag: str, warn: Callable[[str], None]
                     ) -> tuple[PageTranslation, str | None, int]:
        merged = project.translations.get(tag, PageTranslation()).model_dump(exclude_none=True)
        body_source, body_line = None, 1
        sibling_path = project._siblings.get(tag)
        if sibling_path is not None:
            from ..library.translations import read_sibling

            shown = str(Path(project.source).with_name(sibling_path.name))
            sibling = read_sibling(sibling_path, shown)
            for problem in sibling.problems:
                warn(problem)
            merged.update(sibling.fields.model_dump(exclude_none=True))
            if sibling.body.strip():
                body_source, body_line = sibling.body, sibling.body_line
        return PageTranslation(**merged), body_source, body_line

    @staticmethod
    def _lacking(project: Project, tag: str, fields: PageTranslation,
                 body_source: str | None) -> list[str]:
        missing = [k for k in ("title", "summary")
                   if getattr(project, k) and not getattr(fields, k)]
        if body_source is None and project._body_source.strip():
            missing.append(f"body ({_sibling_name(project, tag)})")
        return missing

    def _country(self, country: Country) -> Country:
        if country.kind != "country":
            return country.model_copy(update={"name": self.term(country.name)})
        if country.name in self.terms:
            return country.model_copy(update={"name": self.terms[country.name]})
        name = country_name(country.iso, self.language.catalog_id, country.name)
        return country.model_copy(update={"name": name})



def _sibling_name(project: Project, tag: str) -> str:
    path = project._path or Path(project.source)
    return f"{path.stem}.{tag}{path.suffix}"


def collation_key(text: str) -> tuple[str, str]:
    """Alphabetical order as readers expect it in these languages: "Égypte" among the E's, not
    after "Zambie" (code-point order)."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", text)
    return ("".join(c for c in folded if not unicodedata.combining(c)).casefold(), text)
