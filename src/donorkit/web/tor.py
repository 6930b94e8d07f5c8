"""The place where a terms-of-reference upload will start a capability statement.

`donorkit match` (ranking projects against a ToR) is built separately. When it exists, whoever
wires it passes ``tor_matcher=`` to :func:`donorkit.web.create_app` (``donorkit serve`` will):
a function that takes the library, the uploaded file's bytes and its name, and returns the
slugs of the best projects, best first. Until then the builder does not offer the upload.
"""

from __future__ import annotations

from collections.abc import Callable

from ..library import Library

TorMatcher = Callable[[Library, bytes, str], list[str]]
