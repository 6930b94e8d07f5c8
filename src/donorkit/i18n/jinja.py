"""A Jinja environment in one language: ``jinja2.ext.i18n`` with the document's catalogs
(``{% trans %}`` and ``_()`` in templates) and the locale's formatting filters."""

from __future__ import annotations

import jinja2

from . import formatting
from .content import Localiser


def install(env: jinja2.Environment, localiser: Localiser) -> None:
    """Give *env* (a fresh environment, one per language) the catalogs and filters."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(localiser.catalog, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(formatting.filters(localiser.language))
    env.filters["period"] = lambda project: period(localiser, project)
    env.filters["term"] = localiser.term


def period(localiser: Localiser, project: object) -> str:
    """The years a project ran: "2012–2017", "2021–present" in the document's language."""
    start, end = getattr(project, "start", None), getattr(project, "end", None)
    if start and end:
        return f"{start}–{end}" if end != start else str(start)
    if start:
        return localiser.gettext("%(start)s–present") % {"start": start}
    return str(end or "")
