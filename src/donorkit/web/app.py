"""The web app: a read-only view of one library over the public API (see docs/serve.md).

Every route reaches the file system only through a project's slug (looked up in the loaded
library, never joined to a path) or the name of one of this package's own assets.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from babel import Locale
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from ..__about__ import __version__
from ..brand import list_brands
from ..errors import DonorkitError
from ..exporting import ExportOptions
from ..i18n.locales import AVAILABLE, LanguageError, resolve_language
from ..resources import styles_dir, templates_dir
from .documents import DocumentCache, RenderFailed
from .guard import LOCAL_HOSTS, Guard
from .state import LibraryState
from .tor import TorMatcher, match_tor

log = logging.getLogger("donorkit.web")
HERE = Path(__file__).resolve().parent
#: The package's own assets, read once: the only files a URL can name.
ASSETS = {name: (HERE / "static" / name).read_bytes()
          for name in ("app.css", "app.js", "favicon.svg")}
ASSET_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
               ".svg": "image/svg+xml"}
MAX_UPLOAD = 2 * 1024 * 1024


@dataclass
class WebSettings:
    library: Path
    brand: str = "default"
    templates: Sequence[Path] = ()
    assets: Path | None = None
    allowed_hosts: Sequence[str] = LOCAL_HOSTS
    max_upload: int = MAX_UPLOAD
    tor_matcher: TorMatcher | None = None


@dataclass
class Web:
    """What the routes share: settings, the library's current state, the document cache."""

    settings: WebSettings
    state: LibraryState
    cache: DocumentCache = field(default_factory=DocumentCache)
    env: Environment = field(init=False)
    #: Files previews refer to, by opaque token: only what link_local_files registered.
    files: dict[str, Path] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.env = Environment(loader=FileSystemLoader(HERE / "templates"),
                               autoescape=select_autoescape(default=True),
                               trim_blocks=True, lstrip_blocks=True)
        self.env.globals.update(version=__version__)

    def page(self, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(self.env.get_template(name).render(**context), status_code=status)

    def error_bytes(self, status: int, title: str, message: str, *, hint: str = "") -> bytes:
        html = self.env.get_template("error.html").render(status=status, title=title,
                                                          message=message, hint=hint)
        return html.encode("utf-8")

    def error(self, status: int, title: str, message: str, *, hint: str = "") -> HTMLResponse:
        return HTMLResponse(self.error_bytes(status, title, message, hint=hint),
                            status_code=status)

    def register(self, path: Path) -> str:
        """An opaque URL for a local file a preview uses (see documents.link_local_files)."""
        token = hashlib.sha256(str(path).encode()).hexdigest()[:32]
        self.files[token] = path
        return f"/files/{token}/{quote(path.name)}"

    def brands(self) -> dict[str, Path]:
        return list_brands()

    def forms(self) -> dict[str, str]:
        """The donor forms (``kind: form`` document types, built-in or in --templates): name ->
        what it is (its description, which names the funder), for the builder's downloads."""
        from ..rendering.templates import list_doctypes

        return {name: doctype.description or doctype.label for name, doctype
                in sorted(list_doctypes(tuple(self.settings.templates)).items())
                if doctype.kind == "form"}

    def brand(self, request: Request) -> str:
        return self.brand_of(request.query_params)

    def brand_of(self, params: Any) -> str:
        """The brand a request asks for, by name only: a path would reach the file system."""
        name = params.get("brand") or self.settings.brand
        if name not in self.brands():
            raise HTTPException(400, f"unknown brand {name!r}; choose one of "
                                     f"{', '.join(self.brands())}")
        return name

    def language_of(self, params: Any) -> str:
        """The language a request asks for, as a normalised BCP 47 tag (English when none)."""
        try:
            return resolve_language(params.get("language") or "en").tag
        except LanguageError as exc:
            raise HTTPException(400, str(exc)) from None

    def languages(self, current: str = "en") -> dict[str, str]:
        """The chooser's languages: tag -> its English name (the app's own labels stay
        English); *current* is listed too when it is a regional tag such as pt-BR."""
        tags = dict.fromkeys([*AVAILABLE, current])
        return {tag: f"{Locale.parse(tag, sep='-').get_display_name('en')} ({tag})"
                for tag in tags}

    def options(self, brand: str, language: str | None = None) -> ExportOptions:
        return ExportOptions(brand=brand, templates=tuple(self.settings.templates),
                             assets=self.settings.assets, language=language)

    def roots(self, brand: str) -> list[Path]:
        """Folders whose files a preview may inline (the export API's own allowed folders)."""
        roots = [self.state.root, styles_dir(), templates_dir(), self.brands()[brand],
                 *self.settings.templates]
        return roots + ([self.settings.assets] if self.settings.assets else [])


def create_app(library: str | Path, *, brand: str = "default", templates: Sequence[Path] = (),
               assets: Path | None = None, allowed_hosts: Sequence[str] = LOCAL_HOSTS,
               max_upload: int = MAX_UPLOAD,
               tor_matcher: TorMatcher | None = match_tor) -> Starlette:
    """The ASGI app serving *library*; run it with uvicorn (``donorkit serve`` does).

    *tor_matcher* starts the builder from an uploaded ToR (``donorkit match``); ``None`` hides
    that upload."""
    from . import routes

    settings = WebSettings(Path(library), brand, tuple(templates), assets, tuple(allowed_hosts),
                           max_upload, tor_matcher)
    web = Web(settings, LibraryState(settings.library))

    async def not_found(request: Request, exc: Exception) -> Response:
        detail = getattr(exc, "detail", "")
        message = detail if detail and detail != "Not Found" else (
            "There is no page at this address.")
        return web.error(404, "Not found", message,
                         hint="Go back to the library and choose a project.")

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        titles = {400: "Bad request", 404: "Not found", 405: "Not allowed"}
        return web.error(exc.status_code, titles.get(exc.status_code, "Error"), str(exc.detail))

    async def render_failed(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RenderFailed)
        return web.error(422, f"{exc.title} could not be made", exc.message,
                         hint="Fix the project page (or the brand) and reload this page: "
                              "changes show without restarting.")

    async def donorkit_error(request: Request, exc: Exception) -> Response:
        return web.error(422, "That did not work", str(exc))

    async def internal(request: Request, exc: Exception) -> Response:
        log.error("internal error on %s", request.url.path, exc_info=exc)
        return web.error(500, "Something went wrong",
                         f"donorkit hit an internal error ({type(exc).__name__}); "
                         "the details are in the terminal that runs `donorkit serve`.")

    app = Starlette(
        routes=[Route(path, endpoint, methods=methods)
                for path, endpoint, methods in routes.table(web)],
        middleware=[Middleware(Guard, allowed_hosts=settings.allowed_hosts,  # type: ignore[arg-type]
                               max_body=settings.max_upload,
                               error_page=lambda s, t, m: web.error_bytes(s, t, m))],
        exception_handlers={404: not_found, HTTPException: http_error,
                            RenderFailed: render_failed, DonorkitError: donorkit_error,
                            Exception: internal},
    )
    app.state.web = web
    return app
