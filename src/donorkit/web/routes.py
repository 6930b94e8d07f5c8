"""Route handlers: each parses the request, calls the public API (through the document cache),
and renders a template. No handler opens a file named by the request."""

from __future__ import annotations

import mimetypes
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from ..errors import DonorkitError, ProjectNotFound
from ..exporting import select_for
from ..library import Project, Selection
from ..resources import templates_dir
from ..spec import SECTIONS, Spec, load_spec
from ..text.names import safe_filename
from .app import ASSET_TYPES, ASSETS, Web
from .documents import Rendered, cache_key, page_images, preview_page
from .documents import render_document as render
from .guard import PREVIEW_HEADERS
from .specform import FormProblem, form_from_spec, spec_from_form, spec_yaml
from .state import LibraryVersion, folder_fingerprint

FILTERS = ("country", "region", "solution", "client")
SECTION_LABELS = {"cover": "Cover", "contents": "Contents", "introduction": "Introduction",
                  "glance": "Portfolio at a glance", "table": "Project table",
                  "profiles": "Project profiles", "contact": "Contact"}
Endpoint = Callable[[Request], Any]


def table(web: Web) -> list[tuple[str, Endpoint, list[str]]]:
    h = Handlers(web)
    get, both = ["GET"], ["GET", "POST"]
    return [
        ("/", h.library, get),
        ("/projects/{slug}", h.project, get),
        ("/projects/{slug}/preview", h.project_preview, get),
        ("/projects/{slug}/pages", h.project_pages, get),
        ("/projects/{slug}/pages/{number:int}.png", h.project_page_png, get),
        ("/projects/{slug}/case-study.{fmt}", h.project_download, get),
        ("/capability", with_form(h.builder), both),
        ("/capability/open", with_form(h.builder_open), ["POST"]),
        ("/capability/from-tor", with_form(h.builder_from_tor), ["POST"]),
        ("/capability/preview", with_form(h.capability_preview), both),
        ("/capability/document.{fmt}", with_form(h.capability_download), both),
        ("/capability/spec.yml", with_form(h.capability_spec), both),
        ("/capability/forms/{form}.{fmt}", with_form(h.form_download), both),
        ("/static/{name}", h.asset, get),
        ("/files/{token}/{name}", h.local_file, get),
        ("/favicon.ico", h.favicon, get),
    ]


def with_form(handler: Callable[[Request, Any], Response]) -> Endpoint:
    """An endpoint that reads the form (or query string), then runs *handler* in the thread
    pool: rendering must not block the event loop, where every other request waits."""

    async def endpoint(request: Request) -> Response:
        fields = await request.form() if request.method == "POST" else request.query_params
        return await run_in_threadpool(handler, request, fields)

    return endpoint


def parse_selection(params: Mapping[str, Any]) -> tuple[Selection, dict[str, Any], list[str]]:
    """The library filters of a query string: the selection, the values to show, problems."""
    problems: list[str] = []
    values: dict[str, Any] = {k: (params.get(k) or "").strip() for k in
                              (*FILTERS, "since", "until", "status", "q")}
    values["drafts"] = bool(params.get("drafts"))
    values["problems"] = bool(params.get("problems"))
    data: dict[str, Any] = {k: [values[k]] for k in FILTERS if values[k]}
    for key in ("since", "until"):
        if values[key]:
            if values[key].isdigit():
                data[key] = int(values[key])
            else:
                problems.append(f"“{values[key]}” is not a year")
                values[key] = ""
    if values["status"] in ("ongoing", "completed"):
        data["status"] = values["status"]
    if values["q"]:
        data["query"] = values["q"]
    data["include_drafts"] = values["drafts"]
    return Selection(**data), values, problems


def attachment(rendered: Rendered) -> Response:
    name = rendered.filename
    disposition = (f"attachment; filename=\"{safe_filename(name)}\"; "
                   f"filename*=UTF-8''{quote(name)}")
    return Response(rendered.data, media_type=rendered.media_type,
                    headers={"content-disposition": disposition})


class Handlers:
    def __init__(self, web: Web) -> None:
        self.web = web

    # -- shared --------------------------------------------------------------------------------

    def _version(self) -> LibraryVersion:
        return self.web.state.current()

    def _project(self, version: LibraryVersion, slug: str) -> Project:
        try:
            return version.library.get(slug)
        except ProjectNotFound as exc:
            raise HTTPException(404, str(exc)) from None

    def _key(self, doctype: str, fmt: str, version: LibraryVersion, projects: list[Project],
             brand: str, spec: Spec | None, language: str | None) -> str:
        """A hash of everything a document is made from: its pages, brand, language,
        templates, spec."""
        return cache_key(
            doctype=doctype, fmt=fmt, brand=brand, language=language,
            brand_files=folder_fingerprint(self.web.brands()[brand]),
            templates=[folder_fingerprint(p) for p in (templates_dir(),
                                                       *self.web.settings.templates)],
            pages=[version.page_fingerprint(p) for p in projects],
            spec=spec.model_dump(mode="json") if spec else None,
        )

    def _document(self, doctype: str, fmt: str, version: LibraryVersion, projects: list[Project],
                  brand: str, spec: Spec | None = None, name: str = "",
                  language: str | None = None) -> tuple[str, Rendered]:
        """*language* is the case study's; a spec carries its own (``language:``)."""
        key = self._key(doctype, fmt, version, projects, brand, spec, language)
        options = self.web.options(brand, language)

        def make() -> Rendered:
            if spec is None:
                selection = Selection(slug=[p.slug for p in projects], include_drafts=True)
                return render(doctype, fmt, library=version.library, options=options,
                              selection=selection)
            return render(doctype, fmt, library=version.library, options=options, spec=spec,
                          name=name or safe_filename(spec.title))

        return key, self.web.cache.get(key, make)

    def _preview(self, doctype: str, version: LibraryVersion, projects: list[Project],
                 brand: str, spec: Spec | None = None, language: str | None = None) -> Response:
        key, html = self._document(doctype, "html", version, projects, brand, spec,
                                   language=language)
        roots = self.web.roots(brand)
        page = self.web.cache.get(key + ":preview", lambda: preview_page(
            html.data.decode("utf-8"), roots, self.web.register))
        return Response(page, media_type="text/html; charset=utf-8", headers=PREVIEW_HEADERS)

    # -- library -------------------------------------------------------------------------------

    def library(self, request: Request) -> HTMLResponse:
        version = self._version()
        selection, values, problems = parse_selection(request.query_params)
        try:
            chosen = version.library.select(selection)
        except DonorkitError as exc:
            problems.append(str(exc))
            chosen = []
        query = urlencode({k: v for k, v in request.query_params.items() if v})
        rows = [(p, _counts(version.problems_of(p))) for p in chosen]
        if values["problems"]:
            rows = [(p, counts) for p, counts in rows if counts["errors"] or counts["warnings"]]
        return self.web.page(
            "library.html", nav="library", rows=rows, values=values,
            problems=problems, query=query, facets=version.facets,
            total=len(version.library), shown=len(rows),
            unloaded=version.unloaded, report=version.report,
            filtered=any(values[k] for k in (*FILTERS, "since", "until", "status", "q",
                                             "problems")))

    # -- one project ---------------------------------------------------------------------------

    def project(self, request: Request) -> HTMLResponse:
        version = self._version()
        project = self._project(version, request.path_params["slug"])
        brand, language = self._choice(request)
        return self.web.page("project.html", nav="library", p=project, brand=brand,
                             brands=list(self.web.brands()), language=language,
                             languages=self.web.languages(language),
                             problems=version.problems_of(project),
                             query=urlencode({"brand": brand, "language": language}))

    def _choice(self, request: Request) -> tuple[str, str]:
        """The brand and language a case study is asked for (400 when either is unknown)."""
        return self.web.brand(request), self.web.language_of(request.query_params)

    def project_preview(self, request: Request) -> Response:
        version = self._version()
        project = self._project(version, request.path_params["slug"])
        brand, language = self._choice(request)
        return self._preview("case-study", version, [project], brand, language=language)

    def _pdf_pages(self, request: Request) -> tuple[Project, str, list[bytes]]:
        version = self._version()
        project = self._project(version, request.path_params["slug"])
        brand, language = self._choice(request)
        key, pdf = self._document("case-study", "pdf", version, [project], brand,
                                  language=language)
        query = urlencode({"brand": brand, "language": language})
        return project, query, self.web.cache.get(key + ":pages", lambda: page_images(pdf.data))

    def project_pages(self, request: Request) -> HTMLResponse:
        project, query, images = self._pdf_pages(request)
        return self.web.page("pages.html", p=project, count=len(images), query=query)

    def project_page_png(self, request: Request) -> Response:
        _, _, images = self._pdf_pages(request)
        number = request.path_params["number"]
        if not 1 <= number <= len(images):
            raise HTTPException(404, f"the document has {len(images)} pages")
        return Response(images[number - 1], media_type="image/png",
                        headers={"cache-control": "no-cache"})

    def project_download(self, request: Request) -> Response:
        fmt = request.path_params["fmt"]
        if fmt not in ("pdf", "docx"):
            raise HTTPException(404, "case studies download as .pdf or .docx")
        version = self._version()
        project = self._project(version, request.path_params["slug"])
        brand, language = self._choice(request)
        _, document = self._document("case-study", fmt, version, [project], brand,
                                     language=language)
        return attachment(document)

    # -- capability statement builder ----------------------------------------------------------

    def _spec(self, fields: Any, version: LibraryVersion) -> tuple[Spec, str]:
        brand = self.web.brand_of(fields)
        language = self.web.language_of(fields)
        slugs = list(dict.fromkeys(fields.getlist("project")))
        try:
            spec = spec_from_form(fields, slugs, fields.getlist("section"), brand, language)
        except FormProblem as exc:
            raise HTTPException(400, " ".join(exc.problems)) from None
        for slug in slugs:
            self._project(version, slug)
        return spec, brand

    def _builder(self, version: LibraryVersion, values: dict[str, Any], ticked: list[str],
                 problems: list[str], status: int = 200, notice: str = "") -> HTMLResponse:
        known = {p.slug: p for p in version.library.projects}
        ticked = [s for s in ticked if s in known]
        first = [known[s] for s in ticked]
        rest = [p for p in version.library.projects if p.slug not in set(ticked)]
        preview = ""
        if ticked and not problems:
            preview = "/capability/preview?" + urlencode(
                [(k, v) for k, v in values.items() if k in ("title", "subtitle", "client",
                                                             "tender", "reference", "profile",
                                                             "brand", "language", "intro",
                                                             "carry") and v]
                + [("section", s) for s in values["sections"]]
                + [("project", s) for s in ticked])
        return self.web.page(
            "capability.html", status, nav="capability", v=values, ticked=set(ticked),
            projects=first + rest, brands=list(self.web.brands()), sections=SECTIONS,
            languages=self.web.languages(values["language"]),
            labels=SECTION_LABELS, problems=problems, preview=preview, notice=notice,
            tor=self.web.settings.tor_matcher is not None, count=len(ticked),
            forms=self.web.forms())

    def builder(self, request: Request, fields: Any) -> HTMLResponse:
        version = self._version()
        values = form_from_spec(Spec())
        values["brand"] = self.web.brand_of(fields)
        values["language"] = self.web.language_of(fields)
        problems: list[str] = []
        if fields.getlist("project") or request.method == "POST":
            values.update({k: fields.get(k, "") for k in
                           ("title", "subtitle", "client", "tender", "reference", "intro",
                            "carry")})
            values["profile"] = fields.get("profile") or "short"
            values["sections"] = [s for s in SECTIONS if s in fields.getlist("section")]
            ticked = list(dict.fromkeys(fields.getlist("project")))
        else:
            selection, _, problems = parse_selection(fields)
            filtered = selection.model_dump(exclude_defaults=True)
            filtered.pop("include_drafts", None)
            try:
                wanted = filtered or fields.get("from") == "library"
                chosen = version.library.select(selection) if wanted else []
                if fields.get("problems"):  # as the library page showed them
                    chosen = [p for p in chosen if version.problems_of(p)]
                ticked = [p.slug for p in chosen]
            except DonorkitError as exc:
                problems.append(str(exc))
                ticked = []
        return self._builder(version, values, ticked, problems)

    def builder_open(self, request: Request, form: Any) -> HTMLResponse:
        """Open a saved spec file: the builder filled in from it."""
        version = self._version()
        upload = form.get("spec")
        if not isinstance(upload, UploadFile) or not upload.filename:
            values = form_from_spec(Spec())
            return self._builder(version, values, [], ["Choose a spec file to open."], 400)
        data = upload.file.read()
        name = safe_filename(Path(upload.filename).name)
        with tempfile.TemporaryDirectory(prefix="donorkit-spec-") as tmp:
            path = Path(tmp) / name
            path.write_bytes(data)
            try:
                spec = load_spec(path)
                ticked = [p.slug for p in select_for(version.library, None, spec)]
            except DonorkitError as exc:
                values = form_from_spec(Spec())
                message = str(exc).replace(str(path), upload.filename)
                return self._builder(version, values, [], [message], 422)
        values = form_from_spec(spec)
        if values["brand"] not in self.web.brands():
            values["brand"] = self.web.settings.brand
        return self._builder(version, values, ticked, [],
                             notice=f"Opened {upload.filename}: {len(ticked)} projects.")

    def builder_from_tor(self, request: Request, form: Any) -> HTMLResponse:
        version = self._version()
        matcher = self.web.settings.tor_matcher
        values = form_from_spec(Spec())
        if matcher is None:
            return self._builder(version, values, [], [
                "Starting from terms of reference is switched off in this app."], 501)
        upload = form.get("tor")
        if not isinstance(upload, UploadFile) or not upload.filename:
            return self._builder(version, values, [], ["Choose a ToR file."], 400)
        name = Path(upload.filename).name
        try:
            found = matcher(version.library, upload.file.read(), name)
            spec = Spec.model_validate(found) if isinstance(found, Mapping) else None
        except DonorkitError as exc:  # an unreadable or scanned ToR: say so, in the page
            return self._builder(version, values, [], [str(exc)], 422)
        except ValidationError as exc:
            return self._builder(version, values, [], [f"{name}: {exc}"], 422)
        if spec is not None:
            values = form_from_spec(spec)
            if values["brand"] not in self.web.brands():
                values["brand"] = self.web.settings.brand
            ticked = list(spec.projects or [])
        else:
            ticked = list(found)
        return self._builder(version, values, ticked, [], notice=(
            f"{len(ticked)} projects matched {name}, best first: untick the ones that do not "
            "fit, then Preview."))

    def capability_preview(self, request: Request, fields: Any) -> Response:
        version = self._version()
        spec, brand = self._spec(fields, version)
        projects = select_for(version.library, None, spec)
        return self._preview("capability-statement", version, projects, brand, spec)

    def capability_download(self, request: Request, fields: Any) -> Response:
        fmt = request.path_params["fmt"]
        if fmt not in ("pdf", "docx"):
            raise HTTPException(404, "capability statements download as .pdf or .docx")
        version = self._version()
        spec, brand = self._spec(fields, version)
        projects = select_for(version.library, None, spec)
        _, document = self._document("capability-statement", fmt, version, projects, brand,
                                     spec)
        return attachment(document)

    def form_download(self, request: Request, fields: Any) -> Response:
        """A donor form (docs/forms.md) over the builder's projects: the same spec as the
        capability statement, so its title, prepared for and reference carry over."""
        form, fmt = request.path_params["form"], request.path_params["fmt"]
        forms = self.web.forms()
        if form not in forms:
            raise HTTPException(404, f"there is no donor form {form!r}; there are "
                                     f"{', '.join(forms) or 'none'}")
        if fmt not in ("pdf", "docx"):
            raise HTTPException(404, "donor forms download as .pdf or .docx")
        version = self._version()
        spec, brand = self._spec(fields, version)
        projects = select_for(version.library, None, spec)
        _, document = self._document(form, fmt, version, projects, brand, spec,
                                     name=f"{form}-{safe_filename(spec.title)}")
        return attachment(document)

    def capability_spec(self, request: Request, fields: Any) -> Response:
        version = self._version()
        spec, _ = self._spec(fields, version)
        name = f"{safe_filename(spec.title)}.yml"
        return attachment(Rendered(spec_yaml(spec).encode("utf-8"), name,
                                   "application/yaml; charset=utf-8"))

    # -- assets --------------------------------------------------------------------------------

    def asset(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name not in ASSETS:
            raise HTTPException(404, "no such asset")
        return Response(ASSETS[name], media_type=ASSET_TYPES[Path(name).suffix],
                        headers={"cache-control": "public, max-age=3600"})

    def local_file(self, request: Request) -> Response:
        path = self.web.files.get(request.path_params["token"])
        if path is None:
            raise HTTPException(404, "no such file")
        try:
            data = path.read_bytes()
        except OSError:
            raise HTTPException(404, "the file is gone") from None
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return Response(data, media_type=kind, headers={"cache-control": "no-cache"})

    def favicon(self, request: Request) -> Response:
        return Response(ASSETS["favicon.svg"], media_type="image/svg+xml")


def _counts(problems: list[Any]) -> dict[str, int]:
    errors = sum(1 for d in problems if d.severity == "error")
    return {"errors": errors, "warnings": len(problems) - errors}


