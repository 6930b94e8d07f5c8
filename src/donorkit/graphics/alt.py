"""Alt text that states the data ("Map: 12 projects in 8 countries: Kenya (3), ..."), never just
"a chart": a screen reader user, or anyone reading the DOCX's alt text, gets what the picture
shows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class Words(Protocol):
    """What translates: a :class:`donorkit.i18n.content.Localiser`, or :data:`ENGLISH`."""

    def gettext(self, message: str) -> str: ...
    def ngettext(self, singular: str, plural: str, n: int) -> str: ...


class _English:
    def gettext(self, message: str) -> str:
        return message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural


ENGLISH: Words = _English()


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {many or word + 's'}"


def listing(rows: Sequence[tuple[str, int]]) -> str:
    return ", ".join(f"{name} ({count})" for name, count in rows)


def map_alt(projects: int, countries: Sequence[tuple[str, int]],
            unmapped: Sequence[tuple[str, int]] = (), t: Words = ENGLISH) -> str:
    text = t.gettext("Map: %(projects)s in %(countries)s") % {
        "projects": t.ngettext("%(count)d project", "%(count)d projects", projects)
        % {"count": projects},
        "countries": t.ngettext("%(count)d country", "%(count)d countries", len(countries))
        % {"count": len(countries)}}
    if countries:
        text += f": {listing(countries)}"
    if unmapped:
        text += t.gettext(". Not on the map: %(places)s") % {"places": listing(unmapped)}
    return text + "."


def locator_alt(names: Sequence[str], t: Words = ENGLISH) -> str:
    return t.gettext("Locator map: %(places)s.") % {"places": ", ".join(names)}


def bars_alt(title: str, rows: Sequence[tuple[str, int]], t: Words = ENGLISH) -> str:
    return t.gettext("Bar chart, %(title)s: %(values)s.") % {"title": title.lower(),
                                                             "values": listing(rows)}


def timeline_alt(title: str, per_year: Sequence[tuple[int, int]], t: Words = ENGLISH) -> str:
    if not per_year:
        return t.gettext("Column chart, %(title)s: no dated projects.") % {"title": title.lower()}
    first, last = per_year[0][0], per_year[-1][0]
    values = ", ".join(f"{year}: {count}" for year, count in per_year)
    return t.gettext("Column chart, %(title)s, %(first)s to %(last)s: %(values)s.") % {
        "title": title.lower(), "first": first, "last": last, "values": values}
