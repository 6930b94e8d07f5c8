"""Text clean-up: project text is untrusted, and HTML white space is not Word's.

lxml refuses to put characters that XML 1.0 forbids into an element (``ValueError``), so one stray
control character copied from a PDF into a project page would otherwise abort the whole document.
"""

from __future__ import annotations

import re

# XML 1.0 forbids C0 controls except tab/LF/CR, lone surrogates and U+FFFE/U+FFFF; C1 controls are
# legal but never intended in prose and some Word versions show them as boxes.
_INVALID = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Only these five characters are "white space" in HTML; U+00A0 and friends must survive.
_HTML_SPACE = re.compile("[ \t\n\r\f]+")


def clean(text: str) -> str:
    """*text* without the characters a DOCX part cannot hold (a form feed becomes a space)."""
    return _INVALID.sub("", text.replace("\f", " ")) if text else ""


def collapse(text: str) -> str:
    """Browser-style white-space collapsing: every run of HTML white space becomes one space."""
    return _HTML_SPACE.sub(" ", text)


def clean_inline(text: str) -> str:
    """Cleaned, collapsed and trimmed: for alt text, metadata and TOC entries."""
    return collapse(clean(text)).strip()
