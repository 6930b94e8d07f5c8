"""Brand safety: a new brand starts without another firm's name, and documents say when they
carry a placeholder or the bundled demo firm's name.

`brands init` copies a brand's look (colours, fonts, logo) but not its organisation: those fields
start as ``TODO: ...`` values, and every export warns (``strict`` fails) while one is left, so a
firm never ships "About Acme" followed by the demo firm's text.
"""

from __future__ import annotations

import re
from pathlib import Path

from .model import Brand

TODO = "TODO"
#: (key path in _brand.yml, value written by `brands init`)
ORGANISATION_FIELDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("meta", "name", "full"), "TODO: your organisation's full name"),
    (("meta", "name", "short"), "TODO: short name"),
    # a URL is checked as one: the reserved .invalid domain marks it as a placeholder
    (("meta", "link", "home"), "https://todo.invalid/"),
    (("defaults", "donorkit", "footer"), "TODO: footer line (organisation · website)"),
    (("defaults", "donorkit", "about"),
     "TODO: a paragraph about your organisation (the closing section of documents)"),
    (("defaults", "donorkit", "contact"), "[\"TODO: name\", \"TODO: address\", "
                                          "\"TODO: email · phone\"]"),
    (("defaults", "donorkit", "address"), "\"\""),
)
#: The bundled demo firm, whose name no real library's documents should carry.
DEMO_ORGANISATIONS = ("Meridian Development Partners", "Harbour Consortium for Resilience")


def blank_organisation(text: str) -> str:
    """*text* (a _brand.yml) with every organisation field replaced by a TODO value; the rest,
    comments included, is kept."""
    lines = text.splitlines()
    for path, value in ORGANISATION_FIELDS:
        lines = _set(lines, path, value)
    return "\n".join(lines) + "\n"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _set(lines: list[str], path: tuple[str, ...], value: str) -> list[str]:
    """Replace the value of the block-style key *path* (and its continuation lines)."""
    lo, hi, parent = 0, len(lines), -1
    found: tuple[int, int, int] | None = None
    for depth, key in enumerate(path):
        at = next((i for i in range(lo, hi)
                   if re.match(rf"^ *{re.escape(key)}:(\s|$)", lines[i])
                   and _indent(lines[i]) > parent), None)
        if at is None:
            return lines
        indent, end = _indent(lines[at]), at + 1
        while end < hi:
            line = lines[end]
            if line.strip() and not line.lstrip().startswith("#") and _indent(line) <= indent:
                # a list may sit at its key's own indentation ("contact:\n- a")
                if not (line.lstrip().startswith("- ") and _indent(line) == indent
                        and depth == len(path) - 1):
                    break
            end += 1
        found, lo, hi, parent = (at, end, indent), at + 1, end, indent
    assert found is not None
    at, end, indent = found
    while end > at + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1  # blank lines and comments after the block belong to what follows
    shown = value if value.startswith(("[", '"')) else f'"{value}"'
    return [*lines[:at], f"{' ' * indent}{path[-1]}: {shown}", *lines[end:]]


def todo_fields(brand: Brand) -> list[str]:
    """The organisation fields of *brand* still marked TODO."""
    fields = {"organisation (meta.name.full)": brand.organisation,
              "website (meta.link.home)": brand.url or "",
              "footer (defaults.donorkit.footer)": brand.footer_line,
              "about (defaults.donorkit.about)": brand.about,
              "contact (defaults.donorkit.contact)": " ".join(brand.contact)}
    return [name for name, value in fields.items() if value.strip().startswith(TODO)
            or f" {TODO}:" in value or "todo.invalid" in value]


def brand_warnings(brand: Brand, library_root: Path | None) -> list[str]:
    """Warnings every document made with *brand* from *library_root* carries."""
    from ..resources import example_library, styles_dir

    warnings = []
    todo = todo_fields(brand)
    if todo:
        warnings.append(f"brand {brand.name!r} still has TODO organisation fields: "
                        f"{', '.join(todo)}; fill them in {brand.folder / '_brand.yml'}")
    bundled = brand.folder.resolve().is_relative_to(styles_dir().resolve())
    example = example_library().resolve()
    if (bundled and brand.organisation in DEMO_ORGANISATIONS and library_root is not None
            and Path(library_root).resolve() != example):
        warnings.append(f"the {brand.name!r} brand is the bundled demo: documents carry the "
                        f"fictional firm's name, {brand.organisation!r}; make your own with "
                        f"`donorkit brands init NAME --from {brand.name}`")
    return warnings
