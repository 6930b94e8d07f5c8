"""Which link targets a document may carry: one rule for the sanitiser, the loader and every
writer (it sits below all of them, so none has its own list to drift from the others)."""

from __future__ import annotations

import html
from urllib.parse import urlsplit

#: Schemes a link may use. Anything else, such as ``javascript:`` or ``file:``, would run a
#: script or open a local file on the reader's machine; a bare relative path
#: (``../../etc/passwd``) would point into donorkit's own folder once a writer resolves it.
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel", "ftp"})


def link_allowed(href: str, *, fragment: bool = True) -> bool:
    """Whether a document may keep a link to *href*: a web, mail, phone or FTP address, or (with
    *fragment*) a ``#id`` inside the document."""
    # Entities and whitespace first: "java&#9;script:" and " javascript:" still open a script
    # in a browser (urlsplit drops the tabs and newlines a browser ignores).
    href = html.unescape(href).strip()
    if href.startswith("#"):
        return fragment
    try:
        scheme = urlsplit(href).scheme.lower()
    except ValueError:
        return False
    return scheme in LINK_SCHEMES
