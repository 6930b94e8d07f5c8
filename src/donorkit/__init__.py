"""donorkit: donor-ready case studies and capability statements from a library of project pages."""

from .__about__ import __version__

__all__ = ["__version__"]
