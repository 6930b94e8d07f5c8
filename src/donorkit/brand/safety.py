"""Brand safety: a new brand starts without another firm's name, and documents say when they
carry a placeholder or the bundled demo firm's name.

`brands init` copies a brand's look (colours, fonts) but not its organisation: those fields
start as ``TODO: ...`` values and the logo as a placeholder showing the brand's name
(brand/placeholder.py), and every export warns (``strict`` fails) while one is left, so a firm
never ships "About Acme" followed by the demo firm's text, or under the demo firm's logo.
"""

from __future__ import annotations

import re
from pathlib import Path

from .model import Brand
from .placeholder import demo_logo_owner, is_placeholder

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


def set_key(text: str, path: tuple[str, ...], value: str | dict[str, str]) -> str:
    """*text* (a _brand.yml) with the block-style key *path* set to *value*: a scalar, or a
    mapping of keys to YAML values as written (a block under the key); unchanged if the key is
    not there."""
    return "\n".join(_set(text.splitlines(), path, value)) + "\n"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _set(lines: list[str], path: tuple[str, ...], value: str | dict[str, str]) -> list[str]:
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
    if isinstance(value, dict):
        block = [f"{' ' * indent}{path[-1]}:",
                 *(f"{' ' * (indent + 2)}{key}: {item}" for key, item in value.items())]
        return [*lines[:at], *block, *lines[end:]]
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
    if not bundled:
        warnings += logo_warnings(brand)
    example = example_library().resolve()
    if (bundled and brand.organisation in DEMO_ORGANISATIONS and library_root is not None
            and Path(library_root).resolve() != example):
        warnings.append(f"the {brand.name!r} brand is the bundled demo: documents carry the "
                        f"fictional firm's name, {brand.organisation!r}; make your own with "
                        f"`donorkit brands init NAME --from {brand.name}`")
    return warnings


def logo_warnings(brand: Brand) -> list[str]:
    """Warnings for a logo that is not *brand*'s own: the `brands init` placeholder, or a bundled
    demo brand's logo."""
    logos = {"logo.small": brand.logo_small, "logo.large": brand.logo_large}
    placeholder = [key for key, path in logos.items() if path and is_placeholder(path)]
    warnings = []
    if placeholder:
        warnings.append(f"brand {brand.name!r} still has the TODO placeholder logo of `brands "
                        f"init` ({', '.join(placeholder)}); put your logo in {brand.folder} and "
                        f"name it in {brand.folder / '_brand.yml'}")
    demo: dict[str, list[str]] = {}
    for key, path in logos.items():
        owner = demo_logo_owner(path) if path else None
        if owner:
            demo.setdefault(owner, []).append(key)
    warnings += [f"brand {brand.name!r} uses the logo of the bundled demo brand {owner!r} "
                 f"({', '.join(keys)}): documents would carry a fictional firm's logo; put your "
                 f"logo in {brand.folder} and name it in {brand.folder / '_brand.yml'}"
                 for owner, keys in demo.items()]
    return warnings
