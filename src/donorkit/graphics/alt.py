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


def regional_part(regional: int, regions: Sequence[tuple[str, int]], t: Words = ENGLISH,
                  hatched: bool = False) -> str:
    """ "2 regional projects: Sub-Saharan Africa (2)" (with *hatched*, saying how they are
    drawn, for the list beside the map)."""
    count = t.ngettext("%(count)d regional project", "%(count)d regional projects",
                       regional) % {"count": regional}
    if hatched:
        count = t.gettext("%(projects)s (hatched)") % {"projects": count}
    return _listed(count, regions, t)


def _listed(what: str, rows: Sequence[tuple[str, int]], t: Words) -> str:
    # the colon is the language's: French sets it off with a space
    return t.gettext("%(what)s: %(list)s") % {"what": what, "list": listing(rows)}


def map_alt(projects: int, countries: Sequence[tuple[str, int]],
            unmapped: Sequence[tuple[str, int]] = (), t: Words = ENGLISH, *,
            regions: Sequence[tuple[str, int]] = (), regional: int = 0) -> str:
    """ "Map: 12 projects in 8 countries: Kenya (3), ...; 2 regional projects: Sub-Saharan
    Africa (2). Not on the map: Worldwide (1)." """
    counted = {"projects": t.ngettext("%(count)d project", "%(count)d projects", projects)
               % {"count": projects},
               "countries": t.ngettext("%(count)d country", "%(count)d countries",
                                       len(countries)) % {"count": len(countries)}}
    if countries:
        text = _listed(t.gettext("Map: %(projects)s in %(countries)s") % counted, countries, t)
    elif regions:  # regional pages only: "in 0 countries" would say nothing
        text = t.gettext("Map: %(projects)s") % counted
    else:
        text = t.gettext("Map: %(projects)s in %(countries)s") % counted
    if regions:
        text += f"; {regional_part(regional, regions, t)}"
    if unmapped:
        text += t.gettext(". Not on the map: %(places)s") % {"places": listing(unmapped)}
    return text + "."


def map_caption(countries: Sequence[tuple[str, int]], unmapped: Sequence[tuple[str, int]] = (),
                t: Words = ENGLISH, *, regions: Sequence[tuple[str, int]] = (),
                regional: int = 0) -> str:
    """The list beside the map: the countries, the regional projects (hatched), then what the
    map does not show."""
    parts = [listing(countries)] if countries else []
    if regions:
        parts.append(regional_part(regional, regions, t, hatched=True))
    if unmapped:
        parts.append(t.gettext("Not on the map: %(places)s") % {"places": listing(unmapped)})
    return ". ".join(parts) + "."


def locator_alt(names: Sequence[str], t: Words = ENGLISH,
                regions: Sequence[str] = ()) -> str:
    places = list(names) + [t.gettext("%(region)s (region)") % {"region": r} for r in regions]
    return t.gettext("Locator map: %(places)s.") % {"places": ", ".join(places)}




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
