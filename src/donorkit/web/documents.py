"""Documents for the web app: made by the public export API, cached by a hash of their inputs.

Two requests for the same document render it once: the second waits on the first's per-key lock
and is served from the cache. Rendering itself is serialised by one process-wide lock, because
WeasyPrint's font configuration and pdfium are not safe to share between threads (and on a
laptop's few cores parallel renders would not be faster anyway).
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..errors import DonorkitError
from ..exporting import ExportOptions, export
from ..library import Library, Selection
from ..spec import Spec

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
}
RENDER_LOCK = threading.Lock()


@dataclass
class Rendered:
    data: bytes
    filename: str
    media_type: str
    warnings: list[str] = field(default_factory=list)


class RenderFailed(Exception):
    """A document could not be made; the message says why, for the page that explains it."""

    def __init__(self, title: str, message: str) -> None:
        super().__init__(message)
        self.title = title
        self.message = message


def cache_key(**inputs: Any) -> str:
    return hashlib.sha256(json.dumps(inputs, sort_keys=True, default=str).encode()).hexdigest()


class DocumentCache:
    """A bounded LRU of rendered results with one lock per key."""

    def __init__(self, max_entries: int = 96) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[str, Any] = OrderedDict()
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()
        self.renders = 0  # how many times `make` ran: tests check concurrent requests share one

    def get(self, key: str, make: Callable[[], Any]) -> Any:
        with self._guard:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            with self._guard:
                if key in self._entries:
                    return self._entries[key]
                self.renders += 1
            try:
                value = make()
            finally:
                with self._guard:
                    self._locks.pop(key, None)
            with self._guard:
                self._entries[key] = value
                while len(self._entries) > self.max_entries:
                    self._entries.popitem(last=False)
            return value


def render_document(doctype: str, fmt: str, *, library: Library, options: ExportOptions,
                    selection: Selection | None = None, spec: Spec | None = None,
                    name: str | None = None) -> Rendered:
    """One document in one format through :func:`donorkit.export`, read back into memory."""
    with tempfile.TemporaryDirectory(prefix="donorkit-serve-") as tmp:
        opts = ExportOptions(brand=options.brand, formats=(fmt,), out=Path(tmp),
                             templates=options.templates, assets=options.assets,
                             allow_remote=False, paper=options.paper, language=options.language,
                             glossary=options.glossary)
        try:
            with RENDER_LOCK:
                results = export(doctype, library=library, selection=selection, spec=spec,
                                 name=name, options=opts)
        except DonorkitError as exc:
            raise RenderFailed(doctype, str(exc)) from None
        result = results[0]
        if not result.ok:
            raise RenderFailed(result.title or result.name, result.error or "unknown error")
        path = result.files[0]
        return Rendered(path.read_bytes(), path.name, MEDIA_TYPES[fmt], list(result.warnings))


def page_images(pdf: bytes, width: int = 300) -> list[bytes]:
    """PNG thumbnails of every page of *pdf*, *width* pixels wide."""
    import io

    import pypdfium2

    images = []
    with RENDER_LOCK:
        document = pypdfium2.PdfDocument(pdf)
        try:
            for page in document:
                scale = width / page.get_width()
                bitmap = page.render(scale=scale)
                buffer = io.BytesIO()
                bitmap.to_pil().save(buffer, format="PNG", optimize=True)
                images.append(buffer.getvalue())
                page.close()
        finally:
            document.close()
    return images


_FILE_URL = re.compile(r"""file://[^"')\s]+""")


def link_local_files(html: str, roots: Sequence[Path], register: Callable[[Path], str]) -> str:
    """Point the ``file://`` images and fonts of a preview at URLs of this server.

    The browser loads the preview over HTTP and may not read local files. The export API has
    already allowed these paths; only files under *roots* (library, brand, templates) are
    *register*-ed, which gives each an opaque URL: the request never names a path.
    """
    resolved = [r.resolve() for r in roots]

    def replace(match: re.Match[str]) -> str:
        path = Path(unquote(urlsplit(match.group(0)).path))
        try:
            real = path.resolve()
            ok = any(real.is_relative_to(r) for r in resolved) and real.is_file()
        except OSError:
            ok = False
        return register(real) if ok else "data:,"

    return _FILE_URL.sub(replace, html)


#: The preview is the HTML writer's file as is, framed with a margin like a page on a desk.
# The running footer is a page-margin box in the PDF; a browser ignores `position: running()`
# and would show it under the header reading "Page 0 of 0" (page counters are 0 on screen).
PREVIEW_FRAME = ("<style>html{background:#e9edf1}body{background:#fff;max-width:210mm;"
                 "margin:16px auto;padding:18mm 16mm;box-shadow:0 1px 4px rgba(0,0,0,.2)}"
                 "footer.running-footer{display:none}</style>")


def preview_page(html: str, roots: Sequence[Path], register: Callable[[Path], str]) -> bytes:
    page = link_local_files(html, roots, register)
    head_end = page.find("</head>")
    if head_end != -1:
        page = page[:head_end] + PREVIEW_FRAME + page[head_end:]
    return page.encode("utf-8")
