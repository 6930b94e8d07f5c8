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
    from difflib import get_close_matches

    brands = sorted(list_brands())
    hint = get_close_matches(str(name), brands, n=1)
    hint_text = f"; did you mean {hint[0]!r}?" if hint else "."
    raise BrandError(f"no brand {str(name)!r} (a folder with {BRAND_FILE}){hint_text} Known "
                     f"brands: {', '.join(brands) or 'none'}")


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
    brand_file = folder / BRAND_FILE
    line = _line_of(brand_file, tuple(key.split(".")))
    if not _inside(path, folder):
        raise BrandError(f"logo file {path} is outside the brand folder; copy it into the brand "
                         "folder", brand_file, line, key)
    if not path.is_file():
        raise BrandError(f"logo file {path} does not exist", brand_file, line, key)
    problem = _svg_problem(path) if path.suffix.lower() in (".svg", ".svgz") else _raster_problem(
        path)
    if problem:
        raise BrandError(f"logo file {path} is not a readable PNG, JPEG or SVG image ({problem})",
                         brand_file, line, key)


def _raster_problem(path: Path) -> str | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        return str(exc)
    return None


def _svg_problem(path: Path) -> str | None:
    """An SVG logo is drawn as vectors in the PDF and rasterised for Word: both must read it."""
    from ..svg import rasterise

    try:
        rasterise(path.read_bytes())
    except (OSError, ValueError) as exc:
        return str(exc)
    return None


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


class _Problems:
    """Every mistake of one brand file, reported together (a designer fixes them in one pass)."""

    def __init__(self, brand_file: Path) -> None:
        self.brand_file = brand_file
        self.found: list[BrandError] = []
        # Colour values already reported: brand_yml copies a colour role into the typography
        # entries that name it (link: {color: primary}), which would report one mistake twice.
        self.bad_colours: set[str] = set()

    def check(self, step: Callable[..., Any], *args: Any, default: Any = None, **kwargs: Any
              ) -> Any:
        """*step*'s result, or *default* when it raised a BrandError (kept for the report)."""
        try:
            return step(*args, **kwargs)
        except BrandError as exc:
            if str(exc) not in {str(e) for e in self.found}:
                self.found.append(exc)
            return default

    def add(self, message: str, loc: tuple[Any, ...] | None, key: str) -> None:
        line = _line_of(self.brand_file, loc) if loc else None
        self.found.append(BrandError(message, self.brand_file, line, key))

    def raise_any(self) -> None:
        if len(self.found) == 1:
            raise self.found[0]
        if self.found:
            # File order, as a designer reads the file.
            ordered = sorted(self.found, key=lambda e: e.line or 0)
            error = BrandError(f"invalid brand file ({len(ordered)} problems):\n  "
                               + "\n  ".join(str(e) for e in ordered))
            error.file, error.line, error.key = ordered[0].file, ordered[0].line, ordered[0].key
            error.problems = [str(e) for e in ordered]  # type: ignore[attr-defined]
            raise error


def _read_brand_yml(brand_file: Path) -> Any:
    import brand_yml

    try:
        return brand_yml.Brand.from_yaml(brand_file)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(p for i, p in enumerate(err["loc"])
                        if not (isinstance(p, str) and p[:1].isupper())
                        and not (p in _FONT_SOURCES and i and isinstance(err["loc"][i - 1], int)))
            line = _line_of(brand_file, loc)
            where = f"{brand_file}:{line}" if line else str(brand_file)
            given = f" (got {err['input']!r})" if not isinstance(err.get("input"), dict) else ""
            problems.append(f"{where}: {'.'.join(map(str, loc))}: {err['msg']}{given}")
        raise BrandError("invalid brand file:\n  " + "\n  ".join(problems)) from None
    except Exception as exc:  # noqa: BLE001 - brand_yml raises plain ValueError/YAML errors
        raise BrandError(f"cannot read brand file: {exc}", brand_file) from None


def _donorkit_defaults(raw: Any, problems: _Problems) -> dict[str, Any]:
    defaults = (raw.defaults or {}).get("donorkit") or {}
    if not isinstance(defaults, dict):
        problems.add("defaults.donorkit must be a mapping", ("defaults", "donorkit"),
                     "defaults.donorkit")
        return {}
    for key in defaults:
        if key not in DONORKIT_KEYS:
            problems.add(f"unknown key {key!r} (known: {', '.join(sorted(DONORKIT_KEYS))})",
                         ("defaults", "donorkit", key), f"defaults.donorkit.{key}")
    return {k: v for k, v in defaults.items() if k in DONORKIT_KEYS}


def _colors(raw: Any, problems: _Problems) -> Colors:
    colors = Colors()
    color = raw.color
    if color is None:
        return colors
    updates = {}
    for key in ("primary", "secondary", "foreground", "background", "light"):
        value = getattr(color, key, None)
        if value is not None:
            updates[key] = problems.check(_color, value, key, problems.brand_file)
            if updates[key] is None:
                problems.bad_colours.add(str(value).strip())
                updates[key] = getattr(colors, key)
    colors = colors.model_copy(update=updates)
    return colors.model_copy(update={"link": colors.primary})


def _font_faces(typo: Any, folder: Path, problems: _Problems) -> tuple[list[FontFace], set[str]]:
    """The declared font files (each checked) and the families they make up."""
    brand_file = problems.brand_file
    faces: list[FontFace] = []
    families: set[str] = set()
    declared = _declared_font_count(brand_file)
    for i, font in enumerate(typo.fonts or []):
        if i >= declared:
            # brand_yml adds a "system" entry for each family used but not declared; name
            # where it is used rather than an entry the designer never wrote
            problems.check(_undeclared, typo, font.family, brand_file)
            continue
        if getattr(font, "source", None) != "file":
            problems.add(f"font {font.family!r} has source {font.source!r}: donorkit embeds "
                         "fonts, so give the font files (source: file) in the brand folder",
                         ("typography", "fonts", i), "typography.fonts")
            families.add(font.family)  # declared, if wrongly: not "undeclared" where it is used
            continue
        for j, entry in enumerate(font.files):
            path = (folder / str(entry.path.root if hasattr(entry.path, "root")
                                 else entry.path)).resolve()
            problems.check(_check_font, path, font.family, folder, functools.partial(
                _line_of, brand_file, ("typography", "fonts", i, "files", j)))
            weight = entry.weight.root if hasattr(entry.weight, "root") else entry.weight
            faces.append(FontFace(family=font.family, path=path, weight=_weight(weight),
                                  style=str(entry.style or "normal")))
        families.add(font.family)
    return faces, families


def _typography(raw: Any, folder: Path, colors: Colors, problems: _Problems
                ) -> tuple[Typography, Colors]:
    brand_file = problems.brand_file
    typo = raw.typography
    faces, families = _font_faces(typo, folder, problems) if typo is not None else ([], set())

    def family_of(part: str, fallback: str) -> str:
        element = getattr(typo, part, None) if typo else None
        family = getattr(element, "family", None) if element else None
        if family is None:
            return fallback
        if family not in families:
            problems.check(_undeclared, typo, family, brand_file)
        return family

    def part(name: str) -> Any:
        return getattr(typo, name, None) if typo else None

    base_family = family_of("base", next(iter(sorted(families)), "DejaVu Sans"))
    base, headings = part("base"), part("headings")
    headings_color = getattr(headings, "color", None) if headings else None
    link_color = getattr(part("link"), "color", None)
    if str(headings_color).strip() in problems.bad_colours:
        headings_color = None
    if link_color and str(link_color).strip() not in problems.bad_colours:
        colors = colors.model_copy(update={"link": problems.check(
            _color, link_color, "link", brand_file, ("typography", "link", "color"),
            default=colors.link)})
    if not faces and not problems.found:
        problems.add("the brand declares no font files (typography.fonts); PDFs must embed "
                     "known fonts", None, "typography.fonts")
    typography = Typography(
        base_family=base_family,
        headings_family=family_of("headings", base_family),
        monospace_family=family_of("monospace", base_family),
        base_size_pt=problems.check(_size_pt, getattr(base, "size", None), 10.0, brand_file,
                                    ("typography", "base", "size"), default=10.0),
        line_height=float(getattr(base, "line_height", None) or 1.4),
        headings_weight=_weight(getattr(headings, "weight", None) or 700),
        headings_color=problems.check(_color, headings_color, "headings", brand_file,
                                      ("typography", "headings", "color"))
        if headings_color else None,
        fonts=faces,
    )
    return typography, colors


def _logos(raw: Any, folder: Path, problems: _Problems) -> tuple[Path | None, Path | None]:
    logo_small = _logo_path(raw.logo, "small", folder)
    logo_large = _logo_path(raw.logo, "large", folder) or logo_small
    checked = set()
    for logo, key in ((logo_small, "logo.small"), (logo_large, "logo.large")):
        if logo is not None and logo not in checked:
            checked.add(logo)
            problems.check(_check_logo, logo, folder, key)
    return logo_small, logo_large


def _paper(defaults: dict[str, Any], problems: _Problems) -> str:
    paper = str(defaults.get("paper", "A4"))
    if paper in ("A4", "Letter"):
        return paper
    problems.add(f"paper must be A4 or Letter, not {paper!r}", ("defaults", "donorkit", "paper"),
                 "defaults.donorkit.paper")
    return "A4"


def _text(defaults: dict[str, Any], key: str, problems: _Problems) -> str:
    value = defaults.get(key)
    if value is not None and not isinstance(value, (str, int, float)):
        problems.add(f"must be text (contact and address may also be a list of lines), not "
                     f"{value!r}", ("defaults", "donorkit", key), f"defaults.donorkit.{key}")
        return ""
    return "" if value is None else str(value)


def _lines(defaults: dict[str, Any], key: str, problems: _Problems) -> list[str]:
    value = defaults.get(key)
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return [str(v) for v in value if str(v).strip()]
    return [line for line in _text(defaults, key, problems).splitlines() if line.strip()]


def _load(folder: Path) -> Brand:
    brand_file = folder / BRAND_FILE
    raw = _read_brand_yml(brand_file)  # a schema error stops here, with every problem listed
    problems = _Problems(brand_file)
    defaults = _donorkit_defaults(raw, problems)
    typography, colors = _typography(raw, folder, _colors(raw, problems), problems)
    logo_small, logo_large = _logos(raw, folder, problems)
    paper = _paper(defaults, problems)
    contact = _lines(defaults, "contact", problems)
    # the address has no place of its own in the templates: it belongs to the contact block
    contact += [line for line in _lines(defaults, "address", problems) if line not in contact]
    about = _text(defaults, "about", problems).strip()
    footer, confidentiality = (_text(defaults, k, problems) for k in ("footer", "confidentiality"))
    reference = folder / "reference.docx"
    if reference.is_file():
        problems.check(_check_reference, reference)
    problems.raise_any()
    meta = raw.meta
    home = getattr(getattr(meta, "link", None), "home", None)
    print_css = folder / "print.css"
    return Brand(
        name=folder.name,
        folder=folder,
        organisation=str(getattr(getattr(meta, "name", None), "full", None) or folder.name),
        url=str(home) if home else None,
        about=about,
        contact=contact,
        logo_small=logo_small,
        logo_large=logo_large,
        colors=colors,
        typography=typography,
        paper=paper,  # type: ignore[arg-type]
        footer_line=footer,
        confidentiality=confidentiality,
        reference_docx=reference if reference.is_file() else None,
        print_css=print_css if print_css.is_file() else None,
    )
