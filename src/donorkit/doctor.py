"""`donorkit doctor`: what this installation renders with, and what would make it faster.

WeasyPrint subsets embedded fonts with HarfBuzz's libharfbuzz-subset when it is present (and
HarfBuzz is at least 4.1), else with fontTools, which is about five times slower per PDF.
"""

from __future__ import annotations

import platform
from importlib.metadata import PackageNotFoundError, version

from pydantic import BaseModel

from .__about__ import __version__


class Check(BaseModel):
    name: str
    value: str
    ok: bool = True
    hint: str = ""


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def _pdfua() -> Check:
    """The optional PDF/UA checker behind --check-accessibility (docs/accessibility.md)."""
    found = _version("pdfua")
    if found != "not installed":
        return Check(name="pdfua (accessibility checks)", value=found)
    return Check(name="pdfua (accessibility checks)", value="not installed (optional)",
                 hint="pip install 'donorkit[accessibility]' to check PDFs with "
                 "--check-accessibility or doctor --check")


def _harfbuzz() -> tuple[str, bool]:
    from .rendering import weasy

    weasy.load()
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    hb = "≥ 4.1" if harfbuzz.hb_version_atleast(4, 1, 0) else "< 4.1"
    fast = harfbuzz_subset is not None and bool(harfbuzz.hb_version_atleast(4, 1, 0))
    return hb, fast


def _pango() -> str:
    from weasyprint.text.ffi import pango

    number = pango.pango_version()  # e.g. 15012 for 1.50.12
    return f"{number // 10000}.{number // 100 % 100}.{number % 100}"


def run_checks() -> list[Check]:
    checks = [
        Check(name="donorkit", value=__version__),
        Check(name="python", value=platform.python_version()),
        Check(name="weasyprint", value=_version("weasyprint")),
        Check(name="python-docx", value=_version("python-docx")),
        Check(name="brand-yml", value=_version("brand-yml")),
        _pdfua(),
    ]
    try:
        checks.append(Check(name="pango", value=_pango()))
        hb, fast = _harfbuzz()
        checks.append(Check(
            name="harfbuzz subsetting",
            value=f"available (HarfBuzz {hb})" if fast else f"missing (HarfBuzz {hb})",
            ok=fast,
            hint="" if fast else "install libharfbuzz-subset0 (Debian/Ubuntu: apt-get install "
            "libharfbuzz-subset0) for about 5x faster PDFs",
        ))
    except (OSError, AttributeError) as exc:
        checks.append(Check(name="pango", value=f"cannot load: {exc}", ok=False,
                            hint="install Pango >= 1.44 (apt-get install libpango-1.0-0 "
                            "libpangoft2-1.0-0)"))
    checks.extend(brand_checks())
    return checks


def brand_checks() -> list[Check]:
    from .brand import list_brands, load_brand
    from .errors import BrandError

    checks = []
    for name in list_brands():
        try:
            brand = load_brand(name)
        except BrandError as exc:
            checks.append(Check(name=f"brand {name}", value=str(exc), ok=False))
            continue
        families = sorted({f"{f.family} {f.weight}{' italic' if f.style == 'italic' else ''}"
                           for f in brand.typography.fonts})
        checks.append(Check(
            name=f"brand {name}",
            value=f"base {brand.typography.base_family}, headings "
                  f"{brand.typography.headings_family}; embeds {', '.join(families)}",
        ))
    return checks
