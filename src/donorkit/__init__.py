"""donorkit: donor-ready case studies and capability statements from a library of project pages.

The command line is a thin shell over this API (see docs/api.md)::

    import donorkit

    library = donorkit.load_library("projects")
    kenya = library.select(country=["Kenya"], since=2015)
    results = donorkit.export("case-study", library=library,
                              selection=donorkit.Selection(country=["Kenya"]),
                              formats=["pdf", "docx"], out="out")
"""

# Imported eagerly on purpose: `export`, `batch` and `render` are also names of submodules, and
# Python sets a package attribute to the submodule when that is first imported; importing the
# functions here, after their modules, is what makes `donorkit.export(...)` the function.
from .__about__ import __version__
from .api import render
from .batch import batch, load_manifest
from .brand import Brand, list_brands, load_brand
from .checking import CheckReport, check_library
from .context import PortfolioContext, ProjectContext
from .diagnostics import Diagnostic
from .export import ExportOptions, ExportResult, build_context, export
from .library import Library, Project, Selection, load_library
from .spec import Spec, load_spec

__all__ = [
    "Brand", "CheckReport", "Diagnostic", "ExportOptions", "ExportResult", "Library",
    "PortfolioContext", "Project", "ProjectContext", "Selection", "Spec", "__version__", "batch",
    "build_context", "check_library", "export", "list_brands", "load_brand", "load_library",
    "load_manifest", "load_spec", "render",
]
