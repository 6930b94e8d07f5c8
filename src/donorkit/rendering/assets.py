"""Which files and URLs a document may load: the resource policy both writers share.

Project pages are untrusted, so an image path in a page is resolved here, once, against an
allow-list: ``data:`` URLs, files inside the template, brand, library and assets folders, and remote
URLs only when the user opted in with ``allow_remote``. Writers then fetch through
:meth:`AssetPolicy.fetch` (DOCX) or :meth:`AssetPolicy.weasyprint_fetcher` (PDF), which check the
same list again, so a template or stylesheet cannot reach further either.
"""

from __future__ import annotations

import base64
import mimetypes
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..errors import AssetError
from ..urls import LINK_SCHEMES, link_allowed

__all__ = ["LINK_SCHEMES", "AssetPolicy", "link_allowed", "neutralise_links"]

REMOTE_SCHEMES = ("http", "https")
MAX_REMOTE_BYTES = 20 * 1024 * 1024
def neutralise_links(elements: Iterable[object], warn: Callable[[str], None]) -> None:
    """Drop every unsafe ``href`` of the ``<a>`` elements among *elements* (lxml or WeasyPrint
    trees); the link text stays, as the DOCX writer keeps it."""
    for el in elements:
        tag = getattr(el, "tag", None)
        if not isinstance(tag, str) or tag.rpartition("}")[2] != "a":
            continue
        href = el.get("href")  # type: ignore[attr-defined]
        if href is not None and not link_allowed(href):
            del el.attrib["href"]  # type: ignore[attr-defined]
            warn(f"link {href!r} is not a web, mailto: or #id address; kept as text")


@dataclass
class AssetPolicy:
    roots: list[Path] = field(default_factory=list)  # folders whose files may be read
    assets: Path | None = None  # where site-absolute paths (/uploads/x.jpg) are looked up
    allow_remote: bool = False
    warn: Callable[[str], None] = lambda message: None

    def __post_init__(self) -> None:
        self.roots = [Path(r).resolve() for r in self.roots]
        if self.assets is not None:
            self.assets = Path(self.assets).resolve()
            self.roots.append(self.assets)

    def allows_file(self, path: Path) -> bool:
        resolved = path.resolve()
        return any(resolved.is_relative_to(root) for root in self.roots)

    def resolve(self, src: str, base: Path | None, context: str = "") -> str | None:
        """A project's image reference -> a URL the writers may load, or None (with a warning)."""
        where = f"{context}: " if context else ""
        src = src.strip()
        if not src:
            return None
        if src.startswith("data:"):
            return src
        if src.startswith("//"):
            src = "https:" + src
        parts = urlsplit(src)
        if parts.scheme in REMOTE_SCHEMES:
            if self.allow_remote:
                return src
            self.warn(f"{where}remote image {src} left out (remote images are fetched only "
                      "with allow_remote: --allow-remote on the command line)")
            return None
        if parts.scheme and parts.scheme != "file":
            self.warn(f"{where}image {src} left out: scheme {parts.scheme!r} is not allowed")
            return None
        raw = unquote(parts.path)
        if "\0" in raw:
            # No file name holds one; the OS would refuse the path with a ValueError.
            self.warn(f"{where}image {src} left out: its path holds a NUL byte")
            return None
        if parts.scheme == "file":
            path = Path(raw)
        elif raw.startswith("/"):
            if self.assets is None:
                self.warn(f"{where}image {src} left out: site paths need an assets folder "
                          "(the assets option: --assets DIR on the command line, or `assets` "
                          "in donorkit.toml)")
                return None
            path = self.assets / raw.lstrip("/")
        elif base is not None:
            path = base / raw
        else:
            self.warn(f"{where}image {src} left out: no folder to resolve it against")
            return None
        if not self.allows_file(path):
            self.warn(f"{where}image {src} left out: outside the allowed folders")
            return None
        if not path.is_file():
            self.warn(f"{where}image {src} left out: file {path} does not exist")
            return None
        return path.resolve().as_uri()

    def check_url(self, url: str) -> None:
        """Raise AssetError unless the policy lets a writer load *url*."""
        parts = urlsplit(url)
        if parts.scheme == "data":
            return
        if parts.scheme == "file":
            path = unquote(parts.path)
            if "\0" in path or not self.allows_file(Path(path)):
                raise AssetError(f"{url} is outside the allowed folders")
            return
        if parts.scheme in REMOTE_SCHEMES and self.allow_remote:
            return
        raise AssetError(f"{url} may not be loaded (remote resources need allow_remote)")

    def fetch(self, url: str) -> bytes | None:
        """The bytes behind *url*, or None with a warning (the DOCX writer's loader)."""
        try:
            self.check_url(url)
            parts = urlsplit(url)
            if parts.scheme == "data":
                header, _, payload = url.partition(",")
                return base64.b64decode(payload) if ";base64" in header else unquote(
                    payload).encode()
            if parts.scheme == "file":
                return Path(unquote(parts.path)).read_bytes()
            with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - checked
                return response.read(MAX_REMOTE_BYTES)
        except (AssetError, OSError, ValueError) as exc:
            self.warn(f"image {url} left out: {exc}")
            return None

    def weasyprint_fetcher(self) -> object:
        """A WeasyPrint URL fetcher that enforces this policy."""
        from . import weasy

        weasy.load()
        from weasyprint import URLFetcher
        from weasyprint.urls import URLFetcherResponse

        policy = self

        class PolicyFetcher(URLFetcher):
            def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
                policy.check_url(url)
                parts = urlsplit(url)
                if parts.scheme == "file":
                    path = Path(unquote(parts.path))
                    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})
                return super().fetch(url, headers)

        return PolicyFetcher(timeout=10, allowed_protocols=("file", "data", "http", "https"))
