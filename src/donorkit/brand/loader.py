"""Read a brand folder (``_brand.yml``, brand.yml format, via brand_yml) into a :class:`Brand`.

Everything a brand declares is checked before any rendering starts: an invalid key, a colour that
is not a colour, a logo or font file that is missing or unreadable. A declared font that cannot be
loaded is an error naming it; donorkit never falls back to whatever fontconfig finds.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import BrandError
from ..resources import styles_dir
from .model import Brand, Colors, FontFace, Typography

BRAND_FILE = "_brand.yml"
_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_WEIGHTS = {"thin": 100, "extra-light": 200, "light": 300, "normal": 400, "regular": 400,
            "medium": 500, "semi-bold": 600, "semibold": 600, "bold": 700, "extra-bold": 800,
            "black": 900}
DONORKIT_KEYS = {"paper", "footer", "confidentiality", "about", "contact", "address"}


def brand_search_path() -> list[Path]:
    """Project brands (./styles) before the bundled ones."""
    return [Path.cwd() / "styles", styles_dir()]


def find_brand(name: str | Path) -> Path:
    """A brand NAME (a folder under a search-path entry) or PATH (a folder or its _brand.yml)."""
    candidate = Path(name).expanduser()
    if candidate.name == BRAND_FILE:
        candidate = candidate.parent
    if candidate.is_dir() and (candidate / BRAND_FILE).is_file():
        return candidate.resolve()
    if isinstance(name, str) and "/" not in name and "\\" not in name:
        for root in brand_search_path():
            folder = root / name
            if (folder / BRAND_FILE).is_file():
                return folder.resolve()
    known = ", ".join(sorted(list_brands())) or "none"
    raise BrandError(f"no brand {str(name)!r} (a folder with {BRAND_FILE}); known brands: {known}")


def list_brands() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for root in reversed(brand_search_path()):  # project brands shadow bundled ones
        if root.is_dir():
            for folder in sorted(root.iterdir()):
                if (folder / BRAND_FILE).is_file():
                    found[folder.name] = folder.resolve()
    return found


def _line_of(path: Path, loc: tuple[Any, ...]) -> int | None:
    """Line of a key path in the YAML file (ruamel keeps positions), for error messages."""
    from ruamel.yaml import YAML

    try:
        node = YAML(typ="rt").load(path.read_text(encoding="utf-8"))
    except Exception:  # noqa: BLE001 - only used to improve a message; the caller reports anyway
        return None
    line = None
    for key in loc:
        try:
            if hasattr(node, "lc"):
                if isinstance(key, int) and isinstance(node, list):
                    line = node.lc.item(key)[0] + 1
                elif key in node:
                    line = node.lc.key(key)[0] + 1
                else:
                    break
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
    return line


def _weight(value: Any) -> int:
    if isinstance(value, int):
        return value
    text = str(value).strip().lower()
    if text.isdigit():
        return int(text)
    return _WEIGHTS.get(text, 400)


def _check_font(path: Path, family: str, brand_file: Path, line: int | None) -> None:
    from fontTools.ttLib import TTFont, TTLibError

    if not path.is_file():
        raise BrandError(f"font file {path} for {family!r} does not exist", brand_file, line,
                         "typography.fonts")
    try:
        TTFont(path, lazy=True).close()
    except (TTLibError, OSError) as exc:
        raise BrandError(f"font file {path} for {family!r} cannot be loaded: {exc}", brand_file,
                         line, "typography.fonts") from exc


def _color(value: Any, key: str, brand_file: Path) -> str:
    text = str(value or "").strip()
    if not _HEX.match(text):
        raise BrandError(f"{text!r} is not a #RRGGBB colour (or a palette name that is one)",
                         brand_file, _line_of(brand_file, ("color", key)), f"color.{key}")
    if len(text) == 4:
        text = "#" + "".join(c * 2 for c in text[1:])
    return text.upper()


def _size_pt(value: Any, default: float) -> float:
    if value is None:
        return default
    match = re.fullmatch(r"\s*([\d.]+)\s*(pt|px|rem|em)?\s*", str(value))
    if not match:
        return default
    number, unit = float(match[1]), match[2] or "pt"
    return {"pt": number, "px": number * 0.75, "rem": number * 12, "em": number * 12}[unit]


def _logo_path(logo: Any, size: str, folder: Path) -> Path | None:
    if logo is None:
        return None
    item = getattr(logo, size, None) if hasattr(logo, size) else None
    if item is None and hasattr(logo, "path"):
        item = logo
    if item is None:
        return None
    resource = getattr(item, "light", None) or item
    path = getattr(resource, "path", None)
    if path is None:
        return None
    return (folder / str(path)).resolve()


@lru_cache(maxsize=32)
def _load_cached(folder: Path, mtime: float) -> Brand:
    return _load(folder)


def load_brand(name: str | Path | None = "default") -> Brand:
    """Resolve and validate a brand by name or path (cached while its _brand.yml is unchanged)."""
    folder = find_brand(name or "default")
    return _load_cached(folder, (folder / BRAND_FILE).stat().st_mtime)


def _load(folder: Path) -> Brand:
    import brand_yml

    brand_file = folder / BRAND_FILE
    try:
        raw = brand_yml.Brand.from_yaml(brand_file)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p[0].isupper()))
            line = _line_of(brand_file, loc)
            where = f"{brand_file}:{line}" if line else str(brand_file)
            problems.append(f"{where}: {'.'.join(map(str, loc))}: {err['msg']}")
        raise BrandError("invalid brand file:\n  " + "\n  ".join(problems)) from None
    except Exception as exc:  # noqa: BLE001 - brand_yml raises plain ValueError/YAML errors
        raise BrandError(f"cannot read brand file: {exc}", brand_file) from None

    defaults = (raw.defaults or {}).get("donorkit") or {}
    if not isinstance(defaults, dict):
        raise BrandError("defaults.donorkit must be a mapping", brand_file,
                         _line_of(brand_file, ("defaults", "donorkit")), "defaults.donorkit")
    for key in defaults:
        if key not in DONORKIT_KEYS:
            raise BrandError(f"unknown key (known: {', '.join(sorted(DONORKIT_KEYS))})",
                             brand_file, _line_of(brand_file, ("defaults", "donorkit", key)),
                             f"defaults.donorkit.{key}")

    color = raw.color
    colors = Colors()
    if color is not None:
        updates = {}
        for key in ("primary", "secondary", "foreground", "background", "light"):
            value = getattr(color, key, None)
            if value is not None:
                updates[key] = _color(value, key, brand_file)
        colors = colors.model_copy(update=updates)
        colors = colors.model_copy(update={"link": colors.primary})

    faces: list[FontFace] = []
    typo = raw.typography
    families: set[str] = set()
    if typo is not None:
        for i, font in enumerate(typo.fonts or []):
            if getattr(font, "source", None) != "file":
                raise BrandError(
                    f"font {font.family!r} has source {font.source!r}: donorkit embeds fonts, so "
                    "give the font files (source: file) in the brand folder", brand_file,
                    _line_of(brand_file, ("typography", "fonts", i)), "typography.fonts")
            for j, entry in enumerate(font.files):
                path = (folder / str(entry.path.root if hasattr(entry.path, "root")
                                     else entry.path)).resolve()
                line = _line_of(brand_file, ("typography", "fonts", i, "files", j))
                _check_font(path, font.family, brand_file, line)
                weight = entry.weight.root if hasattr(entry.weight, "root") else entry.weight
                faces.append(FontFace(family=font.family, path=path, weight=_weight(weight),
                                      style=str(entry.style or "normal")))
            families.add(font.family)

    def family_of(part: str, fallback: str) -> str:
        element = getattr(typo, part, None) if typo else None
        family = getattr(element, "family", None) if element else None
        if family is None:
            return fallback
        if family not in families:
            raise BrandError(
                f"font family {family!r} is not declared with files in typography.fonts",
                brand_file, _line_of(brand_file, ("typography", part)), f"typography.{part}")
        return family

    base_family = family_of("base", next(iter(sorted(families)), "DejaVu Sans"))
    base = getattr(typo, "base", None) if typo else None
    headings = getattr(typo, "headings", None) if typo else None
    headings_color = getattr(headings, "color", None) if headings else None
    typography = Typography(
        base_family=base_family,
        headings_family=family_of("headings", base_family),
        monospace_family=family_of("monospace", base_family),
        base_size_pt=_size_pt(getattr(base, "size", None), 10.0),
        line_height=float(getattr(base, "line_height", None) or 1.4),
        headings_weight=_weight(getattr(headings, "weight", None) or 700),
        headings_color=_color(headings_color, "headings", brand_file) if headings_color else None,
        fonts=faces,
    )
    if not faces:
        raise BrandError("the brand declares no font files (typography.fonts); PDFs must embed "
                         "known fonts", brand_file, None, "typography.fonts")

    logo_small = _logo_path(raw.logo, "small", folder)
    logo_large = _logo_path(raw.logo, "large", folder) or logo_small
    for logo, key in ((logo_small, "logo.small"), (logo_large, "logo.large")):
        if logo is not None and not logo.is_file():
            raise BrandError(f"logo file {logo} does not exist", brand_file,
                             _line_of(brand_file, tuple(key.split("."))), key)

    meta = raw.meta
    name = getattr(getattr(meta, "name", None), "full", None) or folder.name
    home = getattr(getattr(meta, "link", None), "home", None)
    paper = str(defaults.get("paper", "A4"))
    if paper not in ("A4", "Letter"):
        raise BrandError("paper must be A4 or Letter", brand_file,
                         _line_of(brand_file, ("defaults", "donorkit", "paper")),
                         "defaults.donorkit.paper")
    contact = defaults.get("contact") or []
    if isinstance(contact, str):
        contact = [line for line in contact.splitlines() if line.strip()]
    reference = folder / "reference.docx"
    print_css = folder / "print.css"
    return Brand(
        name=folder.name,
        folder=folder,
        organisation=str(name),
        url=str(home) if home else None,
        about=str(defaults.get("about") or "").strip(),
        contact=[str(c) for c in contact],
        logo_small=logo_small,
        logo_large=logo_large,
        colors=colors,
        typography=typography,
        paper=paper,  # type: ignore[arg-type]
        footer_line=str(defaults.get("footer") or ""),
        confidentiality=str(defaults.get("confidentiality") or ""),
        reference_docx=reference if reference.is_file() else None,
        print_css=print_css if print_css.is_file() else None,
    )
