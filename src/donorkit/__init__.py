"""donorkit: donor-ready case studies and capability statements from a library of project pages.

The command line is a thin shell over this API (see docs/api.md)::

    import donorkit

    library = donorkit.load_library("projects")
    kenya = library.select(country=["Kenya"], since=2015)
    results = donorkit.export("case-study", library=library,
                              selection=donorkit.Selection(country=["Kenya"]),
                              formats=["pdf", "docx"], out="out")
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .__about__ import __version__

# Names are imported on first use (PEP 562), so a command such as `donorkit projects list` does
# not pay for the rendering stack (Jinja, the writers, brands) at every start. No public name is
# also a submodule's name: Python would replace the function with the module on import.
_EXPORTS = {
    "render": "api",
    "check_accessibility": "accessibility",
    "batch": "batching", "load_manifest": "batching",
    "Brand": "brand", "list_brands": "brand", "load_brand": "brand",
    "CheckReport": "checking", "check_library": "checking",
    "FormCheck": "forms.completeness", "check_form": "forms.completeness",
    "PortfolioContext": "context", "ProjectContext": "context",
    "Diagnostic": "diagnostics",
    "ExportOptions": "exporting", "ExportResult": "exporting", "build_context": "exporting",
    "export": "exporting",
    "Library": "library", "Project": "library", "Selection": "library",
    "load_library": "library", "facets": "library.inventory", "Facets": "library.inventory",
    "Spec": "spec", "load_spec": "spec",
    "match": "matching", "read_tor": "matching", "MatchResult": "matching",
}
__all__ = [
    "Brand", "CheckReport", "Diagnostic", "ExportOptions", "ExportResult", "Facets", "FormCheck",
    "Library", "MatchResult", "PortfolioContext", "Project", "ProjectContext", "Selection", "Spec",
    "__version__", "batch", "build_context", "check_accessibility", "check_form",
    "check_library", "export", "facets", "list_brands", "load_brand", "load_library",
    "load_manifest", "load_spec", "match", "read_tor", "render",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'donorkit' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:
    from .accessibility import check_accessibility
    from .api import render
    from .batching import batch, load_manifest
    from .brand import Brand, list_brands, load_brand
    from .checking import CheckReport, check_library
    from .context import PortfolioContext, ProjectContext
    from .diagnostics import Diagnostic
    from .exporting import ExportOptions, ExportResult, build_context, export
    from .forms.completeness import FormCheck, check_form
    from .library import Library, Project, Selection, load_library
    from .library.inventory import Facets, facets
    from .matching import MatchResult, match, read_tor
    from .spec import Spec, load_spec
