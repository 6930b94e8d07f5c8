"""`donorkit brands init`: a new brand folder a designer can fill in."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..errors import BrandError
from .loader import BRAND_FILE, find_brand, load_brand
from .placeholder import PLACEHOLDER_FILE, placeholder_svg
from .safety import blank_organisation, set_key

HEADER = """\
# Brand file for donorkit, in the brand.yml format (https://posit-dev.github.io/brand-yml/).
# Copied from the {source!r} brand: change the values, keep the keys. Fill in every TODO
# (your organisation's name, website, footer, about text and contact): until then every export
# warns, and --strict fails.
#
#   meta        organisation name and home page (shown on covers and in document metadata)
#   logo        small: running header of every page; large: cover page (PNG, JPEG or SVG).
#               The source's logo is not copied: {placeholder} shows the brand's name until
#               you put your logo in this folder and name it here (exports warn until then).
#   color       palette names, then the roles donorkit uses:
#                 primary    headings, rules, key-facts labels, links
#                 secondary  muted text (meta lines, captions, footer)
#                 foreground body text;  background page;  light  fills (boxes, table headers)
#   typography  fonts: every family used must be given as font files in this folder
#               (source: file), so PDFs embed them on any machine; base / headings / monospace
#               name a family, with size, weight, line-height and colour
#   defaults.donorkit  donorkit's own settings:
#                 paper (A4 or Letter), footer (line in every page footer), confidentiality
#                 (marking in the footer), about (closing paragraph), contact (lines)
#
# Optional files beside this one: print.css (applied after styles/base.css) and reference.docx
# (its styles win in Word output, as with pandoc's reference document).
"""


def init_brand(name: str, *, source: str = "default", parent: Path | None = None) -> Path:
    """Create ``styles/<name>/`` (under *parent*, default ./styles) from the *source* brand."""
    if not name or any(c in name for c in "/\\") or name.startswith("."):
        raise BrandError(f"invalid brand name {name!r}: use a plain folder name")
    target = (parent or Path.cwd() / "styles") / name
    if target.exists():
        raise BrandError(f"{target} already exists; choose another name or remove it")
    origin = find_brand(source)
    original = load_brand(origin)
    logos = {p.resolve() for p in (original.logo_small, original.logo_large) if p}
    # Neither is the source firm's logo: it would go out on the new firm's documents unnoticed.
    shutil.copytree(origin, target, ignore=lambda folder, names: [
        n for n in names if (Path(folder) / n).resolve() in logos])
    brand_file = target / BRAND_FILE
    # The look is copied, the organisation is not: its fields start as TODO, and exports warn
    # until they are filled in (brand/safety.py).
    body = blank_organisation(brand_file.read_text(encoding="utf-8"))
    if logos:
        (target / PLACEHOLDER_FILE).write_text(placeholder_svg(name, original), encoding="utf-8")
        body = set_key(body, ("logo",), {
            "small": f"{PLACEHOLDER_FILE}   # TODO: your logo (running header)",
            "large": f"{PLACEHOLDER_FILE}   # TODO: your logo (cover page)"})
    # The source's opening comment describes the source firm, not the new brand.
    lines = body.splitlines(keepends=True)
    while lines and (lines[0].startswith("#") or not lines[0].strip()):
        lines.pop(0)
    body = "".join(lines)
    # The source's other comments stay below our guide; the guide explains every section.
    brand_file.write_text(HEADER.format(source=source, placeholder=PLACEHOLDER_FILE) + "\n"
                          + body, encoding="utf-8")
    return target
