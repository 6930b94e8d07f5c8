"""Read a brand folder (``_brand.yml``, brand.yml format, via brand_yml) into a :class:`Brand`.

Everything a brand declares is checked before any rendering starts: an invalid key, a colour that
is not a colour, a logo or font file that is missing or unreadable. A declared font that cannot be
loaded is an error naming it; donorkit never falls back to whatever fontconfig finds.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import BrandError
from ..resources import styles_dir
from .model import Brand, Colors, FontFace, Typography

BRAND_FILE = "_brand.yml"
_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_WEIGHTS = {"thin": 100, "extra-light": 200, "ultra-light": 200, "light": 300, "normal": 400,
            "regular": 400, "medium": 500, "semi-bold": 600, "semibold": 600, "demi-bold": 600,
            "bold": 700, "extra-bold": 800, "ultra-bold": 800, "black": 900}
# brand_yml's discriminator tags for a font entry; they appear in validation error locations
# but not in the YAML, so they must not hide the line of the key after them.
_FONT_SOURCES = {"file", "google", "bunny", "system"}
# The parts of typography that name a family (brand_yml accepts both spellings of the last two).
_FAMILY_PARTS = ("base", "headings", "monospace", "monospace_inline", "monospace_block")
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


def _inside(path: Path, folder: Path) -> bool:
    return path.is_relative_to(folder)


def _check_font(path: Path, family: str, folder: Path, where: Callable[[], int | None]) -> None:
    from fontTools.ttLib import TTFont, TTLibError

    brand_file = folder / BRAND_FILE
    if not _inside(path, folder):
        # the PDF writer may only read files of the brand folder, so a font elsewhere would be
        # refused at render time and WeasyPrint would fall back to a system font
        raise BrandError(f"font file {path} for {family!r} is outside the brand folder; copy it "
                         "into the brand folder", brand_file, where(), "typography.fonts")
    if not path.is_file():
        raise BrandError(f"font file {path} for {family!r} does not exist", brand_file, where(),
                         "typography.fonts")
    try:
        font = TTFont(path, lazy=True)
        try:
            # Opening reads only the table directory; a truncated or damaged file passes that
            # and then fails inside fontconfig, where WeasyPrint silently falls back to a
            # system font. Reading every table's bytes finds such files here.
            for tag in font.reader.keys():
                font.reader[tag]
            font["name"]
            font["cmap"]
        finally:
            font.close()
    except (TTLibError, OSError, AssertionError, KeyError, ValueError, EOFError) as exc:
        raise BrandError(f"font file {path} for {family!r} cannot be loaded: {exc}", brand_file,
                         where(), "typography.fonts") from exc


def _check_logo(path: Path, folder: Path, key: str) -> None:
    from PIL import Image, UnidentifiedImageError

    brand_file = folder / BRAND_FILE
    line = _line_of(brand_file, tuple(key.split(".")))
    if not _inside(path, folder):
        raise BrandError(f"logo file {path} is outside the brand folder; copy it into the brand "
                         "folder", brand_file, line, key)
    if not path.is_file():
        raise BrandError(f"logo file {path} does not exist", brand_file, line, key)
    try:
        with Image.open(path) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise BrandError(f"logo file {path} is not a readable PNG or JPEG image ({exc})",
                         brand_file, line, key) from exc


def _check_reference(path: Path) -> None:
    """A damaged reference.docx would only fail when the DOCX is written, after the PDF."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            archive.getinfo("word/styles.xml")
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise BrandError(f"not a Word document with styles (word/styles.xml): {exc}",
                         path) from exc


def _color(value: Any, key: str, brand_file: Path, loc: tuple[str, ...] | None = None) -> str:
    loc = loc or ("color", key)
    text = str(value or "").strip()
    if not _HEX.match(text):
        raise BrandError(f"{text!r} is not a #RRGGBB colour (or a palette name that is one)",
                         brand_file, _line_of(brand_file, loc), ".".join(loc))
    if len(text) == 4:
        text = "#" + "".join(c * 2 for c in text[1:])
    return text.upper()


def _size_pt(value: Any, default: float, brand_file: Path, loc: tuple[str, ...]) -> float:
    if value is None:
        return default
    match = re.fullmatch(r"\s*(\d+(?:\.\d*)?|\.\d+)\s*(pt|px|rem|em)?\s*", str(value))
    if not match:
        raise BrandError(f"{value!r} is not a size (a number with pt, px, rem or em)",
                         brand_file, _line_of(brand_file, loc), ".".join(loc))
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


def _declared_font_count(brand_file: Path) -> int:
    """How many entries typography.fonts has in the file itself (brand_yml appends more)."""
    import yaml

    try:
        data = yaml.safe_load(brand_file.read_text(encoding="utf-8"))
        fonts = data["typography"]["fonts"]
    except (OSError, yaml.YAMLError, KeyError, TypeError):
        return 0
    return len(fonts) if isinstance(fonts, list) else 0


def _undeclared(typo: Any, family: str, brand_file: Path) -> None:
    """Raise for a family used in typography but not declared with files, at its first use."""
    for part in _FAMILY_PARTS:
        element = getattr(typo, part, None)
        if getattr(element, "family", None) == family:
            line = None
            for spelling in (part, part.replace("_", "-")):
                line = line or _line_of(brand_file, ("typography", spelling, "family"))
            key = f"typography.{part.replace('_', '-')}.family"
            break
    else:
        line, key = _line_of(brand_file, ("typography", "fonts")), "typography.fonts"
    raise BrandError(f"font family {family!r} is not declared with files in typography.fonts "
                     "(add an entry with source: file and the font files in the brand folder)",
                     brand_file, line, key)


def _stamp(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Every file of the brand folder with its size and time: a brand is what they hold."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            st = path.stat()
            found.append((str(path.relative_to(folder)), st.st_size, st.st_mtime_ns))
    return tuple(found)


@lru_cache(maxsize=32)
def _load_cached(folder: Path, stamp: tuple[tuple[str, int, int], ...]) -> Brand:
    # Validating a brand means importing brand_yml (~0.3 s) and reading every font with fontTools
    # (~0.2 s): most of a single export's own cost. A brand whose files are unchanged since it was
    # last validated comes from the user cache instead.
    from .. import cachestore

    if not cachestore.enabled():
        return _load(folder)
    # Keyed on the files' bytes, not only their times: a file rewritten within one clock tick
    # keeps its time. A brand folder is a few files; hashing them takes milliseconds.
    digest = hashlib.blake2b(repr((str(folder), cachestore.code_fingerprint(
        Path(__file__).parent.glob("*.py")))).encode(), digest_size=20)
    for name, _, _ in stamp:
        digest.update(name.encode() + b"\0" + (folder / name).read_bytes())
    key = digest.hexdigest()
    path = cachestore.cache_dir() / "brands" / f"{key}.pickle"
    brand = cachestore.load(path)
    if isinstance(brand, Brand):
        return brand
    brand = _load(folder)
    cachestore.save(path, brand)
    return brand


def load_brand(name: str | Path | None = "default") -> Brand:
    """Resolve and validate a brand by name or path (cached while its files are unchanged)."""
    folder = find_brand(name or "default")
    return _load_cached(folder, _stamp(folder))


def _load(folder: Path) -> Brand:
    import brand_yml

    brand_file = folder / BRAND_FILE
    try:
        raw = brand_yml.Brand.from_yaml(brand_file)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(p for i, p in enumerate(err["loc"])
                        if not (isinstance(p, str) and p[:1].isupper())
                        and not (p in _FONT_SOURCES and i and isinstance(err["loc"][i - 1], int)))
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
    declared = _declared_font_count(brand_file)
    if typo is not None:
        for i, font in enumerate(typo.fonts or []):
            if i >= declared:
                # brand_yml adds a "system" entry for each family used but not declared; name
                # where it is used rather than an entry the designer never wrote
                _undeclared(typo, font.family, brand_file)
            if getattr(font, "source", None) != "file":
                raise BrandError(
                    f"font {font.family!r} has source {font.source!r}: donorkit embeds fonts, so "
                    "give the font files (source: file) in the brand folder", brand_file,
                    _line_of(brand_file, ("typography", "fonts", i)), "typography.fonts")
            for j, entry in enumerate(font.files):
                path = (folder / str(entry.path.root if hasattr(entry.path, "root")
                                     else entry.path)).resolve()
                _check_font(path, font.family, folder, functools.partial(
                    _line_of, brand_file, ("typography", "fonts", i, "files", j)))
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
            _undeclared(typo, family, brand_file)
        return family

    base_family = family_of("base", next(iter(sorted(families)), "DejaVu Sans"))
    base = getattr(typo, "base", None) if typo else None
    headings = getattr(typo, "headings", None) if typo else None
    headings_color = getattr(headings, "color", None) if headings else None
    link = getattr(typo, "link", None) if typo else None
    link_color = getattr(link, "color", None) if link else None
    if link_color:
        colors = colors.model_copy(update={"link": _color(
            link_color, "link", brand_file, ("typography", "link", "color"))})
    typography = Typography(
        base_family=base_family,
        headings_family=family_of("headings", base_family),
        monospace_family=family_of("monospace", base_family),
        base_size_pt=_size_pt(getattr(base, "size", None), 10.0, brand_file,
                              ("typography", "base", "size")),
        line_height=float(getattr(base, "line_height", None) or 1.4),
        headings_weight=_weight(getattr(headings, "weight", None) or 700),
        headings_color=_color(headings_color, "headings", brand_file,
                              ("typography", "headings", "color")) if headings_color else None,
        fonts=faces,
    )
    if not faces:
        raise BrandError("the brand declares no font files (typography.fonts); PDFs must embed "
                         "known fonts", brand_file, None, "typography.fonts")

    logo_small = _logo_path(raw.logo, "small", folder)
    logo_large = _logo_path(raw.logo, "large", folder) or logo_small
    for logo, key in ((logo_small, "logo.small"), (logo_large, "logo.large")):
        if logo is not None:
            _check_logo(logo, folder, key)

    meta = raw.meta
    name = getattr(getattr(meta, "name", None), "full", None) or folder.name
    home = getattr(getattr(meta, "link", None), "home", None)
    paper = str(defaults.get("paper", "A4"))
    if paper not in ("A4", "Letter"):
        raise BrandError("paper must be A4 or Letter", brand_file,
                         _line_of(brand_file, ("defaults", "donorkit", "paper")),
                         "defaults.donorkit.paper")

    def text(key: str) -> str:
        value = defaults.get(key)
        if value is not None and not isinstance(value, (str, int, float)):
            raise BrandError("must be text (contact and address may also be a list of lines)",
                             brand_file,
                             _line_of(brand_file, ("defaults", "donorkit", key)),
                             f"defaults.donorkit.{key}")
        return "" if value is None else str(value)

    def lines(key: str) -> list[str]:
        value = defaults.get(key)
        if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
            return [str(v) for v in value if str(v).strip()]
        return [line for line in text(key).splitlines() if line.strip()]

    contact = lines("contact")
    # the address has no place of its own in the templates: it belongs to the contact block
    contact += [line for line in lines("address") if line not in contact]
    reference = folder / "reference.docx"
    if reference.is_file():
        _check_reference(reference)
    print_css = folder / "print.css"
    return Brand(
        name=folder.name,
        folder=folder,
        organisation=str(name),
        url=str(home) if home else None,
        about=text("about").strip(),
        contact=contact,
        logo_small=logo_small,
        logo_large=logo_large,
        colors=colors,
        typography=typography,
        paper=paper,  # type: ignore[arg-type]
        footer_line=text("footer"),
        confidentiality=text("confidentiality"),
        reference_docx=reference if reference.is_file() else None,
        print_css=print_css if print_css.is_file() else None,
    )
