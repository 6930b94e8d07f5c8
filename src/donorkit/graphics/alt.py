"""Alt text that states the data ("Map: 12 projects in 8 countries: Kenya (3), ..."), never just
"a chart": a screen reader user, or anyone reading the DOCX's alt text, gets what the picture
shows."""

from __future__ import annotations

from collections.abc import Sequence


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {many or word + 's'}"


def listing(rows: Sequence[tuple[str, int]]) -> str:
    return ", ".join(f"{name} ({count})" for name, count in rows)


def map_alt(projects: int, countries: Sequence[tuple[str, int]],
            unmapped: Sequence[tuple[str, int]] = ()) -> str:
    text = (f"Map: {plural(projects, 'project')} in "
            f"{plural(len(countries), 'country', 'countries')}")
    if countries:
        text += f": {listing(countries)}"
    if unmapped:
        text += f". Not on the map: {listing(unmapped)}"
    return text + "."


def locator_alt(names: Sequence[str]) -> str:
    return f"Locator map: {', '.join(names)}."


def bars_alt(title: str, rows: Sequence[tuple[str, int]]) -> str:
    return f"Bar chart, {title.lower()}: {listing(rows)}."


def timeline_alt(title: str, per_year: Sequence[tuple[int, int]]) -> str:
    if not per_year:
        return f"Column chart, {title.lower()}: no dated projects."
    first, last = per_year[0][0], per_year[-1][0]
    values = ", ".join(f"{year}: {count}" for year, count in per_year)
    return f"Column chart, {title.lower()}, {first} to {last}: {values}."
