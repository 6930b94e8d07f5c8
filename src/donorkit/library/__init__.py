"""Loading, validating, normalising and selecting project pages."""

from .library import Library, load_library
from .model import Body, Country, Highlight, Link, Media, Money, Project, Section
from .select import Selection

__all__ = ["Body", "Country", "Highlight", "Library", "Link", "Media", "Money", "Project",
           "Section", "Selection", "load_library"]
