"""Export: selected projects -> context -> HTML -> files, for every requested format.

This is the boundary where one failing document must not stop the others: each document's
failure is recorded in its :class:`ExportResult` and the next document goes on.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pydantic import BaseModel

from .brand import Brand, load_brand
from .brand.safety import brand_warnings
from .config import choose_library, load_config
from .context import portfolio_context, project_context
from .errors import (
    AssetError,
    DonorkitError,
    OutputError,
    PageNotLoaded,
    ProjectNotFound,
    SelectionError,
    StrictError,
)
from .formats import DEFAULT_DPI, MAX_DPI, MIN_DPI, split_formats
from .i18n.content import Localiser
from .i18n.glossary import load_glossary
from .i18n.locales import resolve_language
from .library import Library, Project, Selection, load_library
from .rendering.assets import AssetPolicy
from .rendering.document import RenderedDocument, render_html
from .rendering.templates import DocType, get_doctype, search_path
from .spec import Spec, by_line, load_spec, unknown_slugs
from .text.names import name_key
from .writers import PAGED_SUFFIX, WRITERS
from .writers.atomic import atomic_write

log = logging.getLogger("donorkit")


@dataclass
class ExportOptions:
    """Everything that shapes a document apart from its projects."""

    brand: str | Path = "default"
    formats: Sequence[str] = ("pdf", "docx")
    out: Path = Path("out")
    templates: Sequence[Path] = ()
    assets: Path | None = None
    allow_remote: bool = False
    paper: str | None = None
    language: str | None = None  # BCP 47; None: the spec's language, else English
    strict: bool = False
    today: date | None = None
    dpi: int = DEFAULT_DPI  # page previews (format png)
    glossary: Path | None = None  # a library's own terms (i18n/glossary.py)

    def __post_init__(self) -> None:
        self.formats = tuple(split_formats(self.formats))  # "pdf" is one format, not p, d, f
        unknown = [f for f in self.formats if f not in WRITERS]
        if unknown:
            raise SelectionError(f"unknown format {', '.join(map(str, unknown))}; use one of "
                                 f"{', '.join(WRITERS)}")
        if self.paper not in (None, "A4", "Letter"):
            raise SelectionError(f"paper must be A4 or Letter, not {self.paper!r}")
        if not MIN_DPI <= self.dpi <= MAX_DPI:
            # up front, not once per document after its PDF was made
            raise SelectionError(f"dpi must be between {MIN_DPI} and {MAX_DPI}, not {self.dpi}")
        self.out = Path(self.out)
        if self.language is not None:
            self.language = resolve_language(self.language).tag  # an unknown tag fails here

    def localiser(self, spec: Spec | None = None) -> Localiser:
        """The language of a document: this option's, else the spec's, else English."""
        glossary = load_glossary(self.glossary) if self.glossary else None
        language = self.language or (spec.language if spec is not None else None)
        return Localiser.create(language, glossary)


@dataclass
class ExportResult:
    doctype: str
    name: str
    title: str = ""
    files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def asset_policy(library_root: Path | None, brand: Brand, options: ExportOptions,
                 warnings: list[str], spec: Spec | None = None) -> AssetPolicy:
    roots = [*search_path(options.templates), brand.folder]
    if spec is not None and spec.folder is not None:
        roots.append(spec.folder)  # the user chose the spec file, as they chose the library
    if library_root is not None:
        roots.append(library_root)
    def warn_once(message: str) -> None:  # an image used twice is one problem, not two
        if message not in warnings:
            warnings.append(message)

    return AssetPolicy(roots=roots, assets=options.assets, allow_remote=options.allow_remote,
                       warn=warn_once)


def write_document(doc: RenderedDocument, *, brand: Brand, policy: AssetPolicy,
                   options: ExportOptions) -> list[Path]:
    """Write *doc* in every requested format, each atomically; returns the paths written."""
    written = []
    for fmt in options.formats:
        suffix, writer = WRITERS[fmt]
        if suffix == PAGED_SUFFIX:  # page previews: one file per page
            written += writer(doc, options.out / doc.doctype, brand=brand, policy=policy,
                              paper=options.paper, dpi=options.dpi)
            continue
        target = options.out / doc.doctype / f"{doc.name}{suffix}"
        with atomic_write(target) as handle:
            writer(doc, handle, brand=brand, policy=policy, paper=options.paper)
        written.append(target)
    return written


def _fail(result: ExportResult, exc: BaseException) -> None:
    if isinstance(exc, DonorkitError):
        result.error = str(exc)
    else:
        # An unexpected failure is a donorkit bug; keep where it happened for the report.
        frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        where = f" ({Path(frame.filename).name}:{frame.lineno})" if frame else ""
        result.error = f"internal error {type(exc).__name__}: {exc}{where}"
        log.debug("export failed", exc_info=exc)


#: Called after each document with (result, documents done, documents in all).
OnResult = Callable[[ExportResult, int, int], None]


def export_per_project(doctype: DocType, projects: Sequence[Project], options: ExportOptions,
                       *, library_root: Path | None = None,
                       on_result: OnResult | None = None) -> list[ExportResult]:
    """One document per project (a ``per: project`` type such as case-study), every format."""
    brand = load_brand(options.brand)
    localiser = options.localiser()
    results: list[ExportResult] = []
    names: dict[str, str] = {}  # name_key of each file name written -> the project it holds
    for project in projects:
        result = ExportResult(doctype.name, project.slug, project.title)
        try:
            policy = asset_policy(library_root, brand, options, result.warnings)
            result.warnings.extend(brand_warnings(brand, library_root))
            context = project_context(doctype, project, brand=brand, policy=policy,
                                      paper=options.paper, today=options.today,
                                      localiser=localiser)
            doc = render_html(doctype, context, overrides=options.templates,
                              localiser=localiser)
            doc.warnings = result.warnings
            result.name, result.title = doc.name, doc.title
            # Never write one path twice in a run: the second document would replace the first.
            first = names.setdefault(name_key(doc.name), project.slug)
            if first != project.slug:
                raise OutputError(f"{doc.name}: the file name of project {first!r} in this run; "
                                  f"{project.slug!r} not written (make the file names differ)")
            _write_checked(doc, result, brand=brand, policy=policy, options=options)
        except Exception as exc:  # noqa: BLE001 - the per-document boundary: record, go on
            _fail(result, exc)
        results.append(result)
        if on_result is not None:
            on_result(result, len(results), len(projects))
    return results


def export_portfolio(doctype: DocType, projects: Sequence[Project], options: ExportOptions, *,
                     spec: Spec, name: str | None = None,
                     library_root: Path | None = None) -> ExportResult:
    """One document over all *projects* (a ``per: selection`` type such as a capability
    statement)."""
    result = ExportResult(doctype.name, name or "", spec.title)
    try:
        brand = load_brand(options.brand)
        localiser = options.localiser(spec)
        policy = asset_policy(library_root, brand, options, result.warnings, spec)
        result.warnings.extend(brand_warnings(brand, library_root))
        context = selection_context(doctype)(doctype, projects, brand=brand, policy=policy,
                                             spec=with_language(spec, options.language),
                                             paper=options.paper, today=options.today,
                                             localiser=localiser)
        doc = render_html(doctype, context, overrides=options.templates, name=name,
                          localiser=localiser)
        doc.warnings = result.warnings
        result.name, result.title = doc.name, doc.title
        _write_checked(doc, result, brand=brand, policy=policy, options=options)
    except Exception as exc:  # noqa: BLE001 - the per-document boundary: record, go on
        _fail(result, exc)
    return result


def _write_checked(doc: RenderedDocument, result: ExportResult, *, brand: Brand,
                   policy: AssetPolicy, options: ExportOptions) -> None:
    """Write *doc*; under --strict a warning before or while writing fails the document and
    leaves no file behind."""
    if options.strict and result.warnings:
        raise _strict_failure(result.warnings)
    result.files = write_document(doc, brand=brand, policy=policy, options=options)
    if options.strict and result.warnings:
        for path in result.files:
            path.unlink(missing_ok=True)
        result.files = []
        raise _strict_failure(result.warnings)


def _strict_failure(warnings: list[str]) -> StrictError:
    # The warnings themselves are in ExportResult.warnings, shown once each; repeating them
    # here would print every one twice.
    count = len(warnings)
    return StrictError("not written (strict): " + ("1 warning counted as an error" if count == 1
                       else f"{count} warnings counted as errors"))


def open_library(library: Library | str | Path | None = None) -> Library:
    if isinstance(library, Library):
        return library
    path = Path(library) if library is not None else choose_library(None).path
    return load_library(path)


def select_for(lib: Library, selection: Selection | None, spec: Spec | None, *,
               writing: bool = False) -> list[Project]:
    """The projects of a document. A spec's ``projects`` list is the document's projects, in its
    order, and cannot be combined with a selection (one given here: the command line's, the
    API's, a batch job's; or the spec's own): that is an error, never a silent replacement.
    Without a list, a selection given here wins over the spec's ``selection``. The list's
    unknown slugs are reported in every case, each at its line, with what was close. *writing*:
    an empty selection's error adds that no document was written (an export; `check --for`
    writes none)."""
    given = selection is not None and narrows(selection)
    if spec is not None and spec.projects:
        return _listed(lib, spec, selection if given else None)
    if selection is None or not given:
        # include_drafts alone widens the spec's selection rather than replacing it
        base = spec.selection if spec is not None else Selection()
        drafts = base.include_drafts or (selection is not None and selection.include_drafts)
        selection = base.model_copy(update={"include_drafts": drafts})
    chosen = lib.select(selection)
    if not chosen:
        from .library.nearby import explain_empty

        raise SelectionError(explain_empty(lib.projects, selection)
                             + ("; no document written" if writing else ""))
    return chosen


def narrows(selection: Selection) -> bool:
    """Whether *selection* chooses among projects (include_drafts alone chooses nothing)."""
    return bool(selection.model_dump(exclude_defaults=True, exclude={"include_drafts"}))


def _listed(lib: Library, spec: Spec, selection: Selection | None) -> list[Project]:
    """The projects a spec's ``projects`` list names, in its order; or every problem of the list
    at once: its unknown slugs, and a selection it was given with (*selection*, or the spec's
    own)."""
    problems: list[str] = []
    chosen: list[Project] = []
    try:
        chosen = lib.select(Selection(slug=spec.projects, include_drafts=True))
    except PageNotLoaded:
        raise
    except ProjectNotFound as exc:
        found = unknown_slugs(spec, exc.slugs, [p.slug for p in lib])
        if found is None and selection is None:
            raise
        problems += found.problems if found is not None else [str(exc)]
    listed = f"the spec lists its projects ({len(spec.projects)} under `projects`)"
    if selection is not None:
        problems.append(_at(spec, "projects", (
            f"{listed}, so a selection given with it ({selection.describe()}: selection options "
            "such as --region, `selection=` in Python, or a batch job's `select`) cannot be "
            "used; leave the selection out to make the listed projects, or select with a spec "
            "that has no `projects` list")))
    if narrows(spec.selection):
        problems.append(_at(spec, "selection", (
            f"{listed} and selects them too ({spec.selection.describe()}); keep one: "
            "`projects` for a fixed list in its order, `selection` for a filter")))
    if problems:
        from .errors import SpecError

        if spec._path is None:  # a spec made in code: no file and line to name
            raise SelectionError("; ".join(problems))
        raise SpecError(by_line(problems))
    return chosen


def _at(spec: Spec, key: str, message: str) -> str:
    return f"{spec.where(key)}: error: {key}: {message}" if spec._path else f"{key}: {message}"


def export(doctype: str, *, library: Library | str | Path | None = None,
           selection: Selection | None = None, spec: Spec | str | Path | None = None,
           name: str | None = None, options: ExportOptions | None = None,
           on_result: OnResult | None = None, **option_values: object) -> list[ExportResult]:
    """Export documents of *doctype* for the selected projects of *library*.

    ``export("case-study", library="projects", selection=Selection(country=["Kenya"]),
    formats=["pdf"])`` writes ``out/case-study/<slug>.pdf`` for each selected project;
    ``export("capability-statement", spec="bid.yml")`` writes one document for the selection.
    """
    options = options or ExportOptions(**option_values)  # type: ignore[arg-type]
    lib = open_library(library)
    # the library first: an invalid spec's report names its unknown slugs too
    spec_obj = load_spec(spec, lib) if isinstance(spec, (str, Path)) else spec
    kind = get_doctype(doctype, options.templates)
    check_output(options)
    chosen = select_for(lib, selection, spec_obj, writing=True)
    if kind.per == "project":
        return export_per_project(kind, chosen, options, library_root=lib.root,
                                  on_result=on_result)
    if name is None and spec_obj is not None and spec_obj.name:
        name = spec_obj.name
    if name is None and isinstance(spec, (str, Path)):
        name = Path(spec).stem
    result = export_portfolio(kind, chosen, options, spec=spec_obj or Spec(), name=name,
                              library_root=lib.root)
    if on_result is not None:
        on_result(result, 1, 1)
    return [result]


def check_output(options: ExportOptions) -> None:
    """Folders that cannot work fail before any document is built, each with its own words."""
    out = options.out
    for folder in (out, *out.parents):
        if folder.exists():
            if not folder.is_dir():
                raise OutputError(f"output folder {out} cannot be created: {folder} is a file")
            break
    if options.assets is not None and not Path(options.assets).is_dir():
        what = "is not a folder" if Path(options.assets).exists() else "does not exist"
        raise AssetError(f"assets folder {options.assets} {what}")


def build_context(doctype: str, projects: Sequence[Project], *,
                  brand: str | Path | Brand = "default", spec: Spec | None = None,
                  options: ExportOptions | None = None,
                  library_root: Path | None = None) -> BaseModel:
    """The exact context *doctype*'s template receives (one project for per-project types)."""
    options = options or ExportOptions()
    brand_obj = brand if isinstance(brand, Brand) else load_brand(brand)
    warnings: list[str] = []
    policy = asset_policy(library_root, brand_obj, options, warnings)
    kind = get_doctype(doctype, options.templates)
    if kind.per == "project":
        if len(projects) != 1:
            raise SelectionError(f"{doctype} takes exactly one project, got {len(projects)}")
        return project_context(kind, projects[0], brand=brand_obj, policy=policy,
                               paper=options.paper, today=options.today,
                               localiser=options.localiser(spec))
    return selection_context(kind)(kind, projects, brand=brand_obj, policy=policy,
                                   spec=with_language(spec or Spec(), options.language),
                                   paper=options.paper, today=options.today,
                                   localiser=options.localiser(spec))


def selection_context(doctype: DocType) -> Callable[..., BaseModel]:
    """The context builder of a ``per: selection`` type: a portfolio document or a form."""
    if doctype.kind == "form":
        from .forms.build import form_context

        return form_context
    return portfolio_context


def with_language(spec: Spec, language: str | None) -> Spec:
    """*spec* with the export's language, when one was given: an explicit option wins over the
    spec's own for every document type (portfolios and forms alike)."""
    return spec.model_copy(update={"language": language}) if language else spec


def settings(**overrides: object) -> dict[str, object]:
    """Values from donorkit.toml under the given explicit ones (None means 'not given')."""
    config = load_config()
    merged: dict[str, object] = {}
    for key in ("brand", "out", "assets", "allow_remote", "formats", "paper", "language",
                "strict", "glossary"):
        value = overrides.get(key)
        if value is None:
            value = (config.get_path(key) if key in ("out", "assets", "glossary")
                     else config.values.get(key))
        if value is not None:
            merged[key] = value
    templates = list(overrides.get("templates") or [])
    configured = config.get_path("templates")
    if not templates and configured is not None:
        templates = [configured]
    merged["templates"] = templates
    return merged
