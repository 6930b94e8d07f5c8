"""`donorkit export TYPE`: one sub-command per declared document type.

The types are the folders of report_templates/ (and of ``--templates`` folders or donorkit.toml's
``templates``) with a doctype.yml; each sub-command shows only the options its type takes
(cli/doctypes.py), so `export case-study --help` has no --title and `export eu-references --help`
has the form options. A name declared nowhere this shell can see gets every option, and the export
itself says whether the type exists. The declarations are read with YAML alone: no pydantic, Jinja2
or WeasyPrint to print help.
"""

import copy
import functools
import inspect
import typing
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup, TyperOption

from ..formats import DEFAULT_DPI, MAX_DPI, MIN_DPI
from . import accessibility, handles_errors, open_library, output
from .doctypes import DOCTYPE_OPTIONS, Paper, Profile, one_of, options_taken
from .forms import with_form_options
from .options import with_selection

OUTPUT = "Output"


def _dpi_in_range(value: int) -> int:
    # a usage error before anything is rendered, not a failure of every document after its PDF
    if not MIN_DPI <= value <= MAX_DPI:
        raise typer.BadParameter(f"{value} is not between {MIN_DPI} and {MAX_DPI}")
    return value
DOCUMENT = "Document over a selection"


@handles_errors
@with_selection
@with_form_options
def export(
    selection: Any,
    library: Path | None,
    doctype: str,
    slugs: Annotated[list[str] | None, typer.Argument(
        help="Project slugs (same as --slug), in this order.", show_default=False)] = None,
    formats: Annotated[list[str] | None, typer.Option(
        "--format", "-f", help="pdf, docx, html or png (page previews): repeatable, or "
        "comma-separated (-f pdf,docx).",
        rich_help_panel=OUTPUT,
        show_default="pdf and docx, or `formats` in donorkit.toml")] = None,
    dpi: Annotated[int, typer.Option(
        "--dpi", help=f"Resolution of png page previews ({MIN_DPI} to {MAX_DPI}).",
        callback=_dpi_in_range, rich_help_panel=OUTPUT)] = DEFAULT_DPI,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Output folder.", rich_help_panel=OUTPUT,
        show_default="out, or `out` in donorkit.toml")] = None,
    brand: Annotated[str | None, typer.Option(
        "--brand", "-b", help="Brand name or folder.", rich_help_panel=OUTPUT,
        show_default="the spec's, `brand` in donorkit.toml, else default")] = None,
    templates: Annotated[list[Path] | None, typer.Option(
        "--templates", help="Folder searched before the built-in templates (repeatable).",
        rich_help_panel=OUTPUT, show_default=False)] = None,
    assets: Annotated[Path | None, typer.Option(
        "--assets", help="Folder that site paths such as /uploads/x.jpg resolve against.",
        rich_help_panel=OUTPUT, show_default=False)] = None,
    allow_remote: Annotated[bool, typer.Option(
        "--allow-remote", help="Fetch remote images (never done otherwise).",
        rich_help_panel=OUTPUT)] = False,
    paper: Annotated[Paper | None, typer.Option(
        "--paper", help="Paper size.", parser=one_of(Paper), rich_help_panel=OUTPUT,
        show_default="`paper` in donorkit.toml, else the brand's")] = None,
    language: Annotated[str | None, typer.Option(
        "--language", help="Document language (BCP 47).", rich_help_panel=OUTPUT,
        show_default="the spec's, `language` in donorkit.toml, else en")] = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Treat warnings as errors: such documents are not written.")] = False,
    check_accessibility: Annotated[bool, typer.Option(
        "--check-accessibility", help=accessibility.CHECK_HELP + " Under --strict a finding "
        "fails the command.", rich_help_panel=OUTPUT)] = False,
    spec: Annotated[Path | None, typer.Option(
        "--spec", help="Spec file (YAML) of the document; options given here override it.",
        rich_help_panel=DOCUMENT, show_default=False)] = None,
    title: Annotated[str | None, typer.Option(
        "--title", help="Document title.", rich_help_panel=DOCUMENT, show_default=False)] = None,
    subtitle: Annotated[str | None, typer.Option(
        "--subtitle", help="Subtitle.", rich_help_panel=DOCUMENT, show_default=False)] = None,
    prepared_for: Annotated[str | None, typer.Option(
        "--prepared-for", help="Client the document is prepared for.",
        rich_help_panel=DOCUMENT, show_default=False)] = None,
    reference: Annotated[str | None, typer.Option(
        "--reference", help="Tender reference.", rich_help_panel=DOCUMENT,
        show_default=False)] = None,
    profile: Annotated[Profile | None, typer.Option(
        "--profile", help="short: summary, key facts, some results; full: the whole body.",
        parser=one_of(Profile),
        rich_help_panel=DOCUMENT, show_default="the spec's, else short")] = None,
    name: Annotated[str | None, typer.Option(
        "--name", help="Output file name.", rich_help_panel=DOCUMENT,
        show_default="the spec's name or file stem, else the title")] = None,
    form_values: dict[str, Any] | None = None,
) -> None:
    from ..exporting import ExportOptions, settings
    from ..exporting import export as run_export
    from .doctypes import check_doctype_options

    if slugs:
        selection = selection.model_copy(update={"slug": [*slugs, *selection.slug]})
    formats = list(formats) if formats else None  # "pdf,docx" is split by ExportOptions
    profile = profile.value if profile else None
    # the type may be declared in donorkit.toml's templates folder
    check_doctype_options(doctype, settings(templates=templates)["templates"], spec=spec,
                          title=title, subtitle=subtitle, prepared_for=prepared_for,
                          reference=reference, profile=profile, name=name,
                          **(form_values or {}))
    lib = open_library(library)  # first: an invalid spec's report names its unknown slugs too
    spec_obj = spec_with(spec, lib, title=title, subtitle=subtitle, prepared_for=prepared_for,
                         reference=reference, profile=profile, language=language,
                         **(form_values or {}))
    # option, else the spec's, else donorkit.toml's, else the built-in default
    values = settings(brand=brand or (spec_obj.brand if spec_obj else None), out=out,
                      assets=assets, templates=templates, allow_remote=allow_remote or None,
                      formats=formats or (spec_obj.formats if spec_obj and spec_obj.formats
                                          else None),
                      paper=paper.value if paper else None,
                      language=language or (spec_obj.language if spec_obj and
                                            "language" in spec_obj.model_fields_set else None),
                      strict=strict or None)
    options = ExportOptions(dpi=dpi, **values)
    if check_accessibility:
        accessibility.require(options.formats)
    if name is None and spec_obj is not None:
        name = spec_obj.name or (spec.stem if spec is not None else None)
    from .progress import Seen, export_progress

    seen = Seen()
    try:
        with export_progress(seen) as on_result:
            results = run_export(doctype, library=lib, selection=selection, spec=spec_obj,
                                 name=name, options=options, on_result=on_result)
    except KeyboardInterrupt:
        # Files are written atomically: what was reported is complete, the rest was not begun
        # or left nothing behind.
        _report(seen.results)
        output.error(f"interrupted: {len(seen.results)} of {seen.total or '?'} documents done")
        raise typer.Exit(130) from None
    failed = _report(results)
    if check_accessibility:
        found = accessibility.report(p for r in results if r.ok for p in r.files)
        failed += found if strict else 0
    if failed:
        raise typer.Exit(1)


def spec_with(path: Path | None, library: Any = None, **overrides: Any) -> Any:
    """The spec file (if any) with the options given on the command line laid over it; the
    *library* completes an invalid spec's report (spec.load_spec)."""
    from pydantic import ValidationError

    from ..errors import SpecError
    from ..spec import PreparedFor, Spec, load_spec

    given = {k: v for k, v in overrides.items() if v is not None}
    if path is None and not given:
        return None
    spec = load_spec(path, library) if path is not None else Spec()
    if "prepared_for" in given:
        given["prepared_for"] = PreparedFor(client=given["prepared_for"],
                                            tender=spec.prepared_for.tender)
    from ..modelerrors import value_message

    try:
        # exclude_unset: which keys the file (or the command line) set stays known
        merged = Spec.model_validate({**spec.model_dump(exclude_unset=True), **given})
        merged._path, merged._lines = spec._path, spec._lines
        return merged
    except ValidationError as exc:
        raise SpecError([f"--{'.'.join(map(str, e['loc'])).replace('_', '-')}: "
                         f"{value_message(e)}" for e in exc.errors()]) from None


def _report(results: list[Any]) -> int:
    failed = 0
    # a warning several documents carry (the brand's) is said once, not once per document
    shared = output.shared_warnings([r.warnings for r in results])
    for result in results:
        for warning in result.warnings:
            if warning not in shared:
                output.warning(f"{result.name}: {warning}")
        if result.ok:
            for path in result.files:
                output.out.print(f"wrote {path}", highlight=False)
        else:
            failed += 1
            output.error(f"{result.name}: {result.error}")
    total = len(results)
    output.err.print(f"{total - failed} of {total} documents written"
                     + (f", {failed} failed" if failed else ""), highlight=False)
    return failed


# One sub-command per document type -----------------------------------------------------------

def _hidden(param: inspect.Parameter) -> inspect.Parameter:
    """*param* still parsed (so it can be refused with a reason) but left out of --help."""
    base, info, *rest = typing.get_args(param.annotation)
    info = copy.copy(info)
    info.hidden = True
    return param.replace(annotation=Annotated[(base, info, *rest)])


def _bound(name: str, taken: set[str] | None) -> Any:
    """`export` for document type *name*: the type is the sub-command, not an argument; the
    options of other types (all shown when *taken* is None) are hidden."""
    sig = inspect.signature(export)
    params = [(_hidden(p) if taken is not None and p.name in DOCTYPE_OPTIONS
               and p.name not in taken else p)
              for p in sig.parameters.values() if p.name != "doctype"]

    @functools.wraps(export)
    def command(**kwargs: Any) -> Any:
        return export(doctype=name, **kwargs)

    command.__signature__ = sig.replace(parameters=params)  # type: ignore[attr-defined]
    return command


def _help(name: str, declaration: dict[str, Any] | None) -> str:
    if declaration is None:
        return (f"{name}: a document type declared in no template folder seen here (the "
                "built-in ones, --templates, `templates` in donorkit.toml). Every option is "
                "listed; the export says whether the type exists and which options it takes.")
    about = str(declaration.get("description") or declaration.get("label") or name)
    if declaration.get("per") == "project":
        how = ("One document per selected project (give slugs, or selection options), with "
               "the project's own title.")
    else:
        how = "One document for the whole selection (or the projects of a --spec file)."
    return f"{about}\n\n{how}"


def doctype_command(name: str, declaration: dict[str, Any] | None) -> Any:
    """The click command of `donorkit export NAME`."""
    one = typer.Typer(rich_markup_mode="rich", add_completion=False)
    one.command(name=name, help=_help(name, declaration))(
        _bound(name, options_taken(declaration) if declaration is not None else None))
    return typer.main.get_command(one)


def _templates_in(args: list[str]) -> list[Path]:
    found = []
    tokens = iter(args)
    for token in tokens:
        if token == "--":
            break
        if token == "--templates":
            value = next(tokens, None)
            if value is not None:
                found.append(Path(value))
        elif token.startswith("--templates="):
            found.append(Path(token.partition("=")[2]))
    return found


def _configured_templates() -> list[Path]:
    from ..config import load_config
    from ..errors import DonorkitError

    try:
        folder = load_config().get_path("templates")
    except DonorkitError:
        return []  # the export itself reports a broken donorkit.toml
    return [folder] if folder is not None else []


class DoctypeGroup(TyperGroup):
    """Sub-commands read from the declarations (see the module's docstring)."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        args = _type_first(args)
        # as exporting.settings does: --templates, else donorkit.toml's templates
        ctx.meta["donorkit.templates"] = _templates_in(args) or _configured_templates()
        if args and args[0].startswith("-") and "--help" in args:
            args = ["--help"]  # `export --templates DIR --help`: the types, with DIR's
        elif args and args[0].startswith("-") and "--" not in args:
            ctx.fail(f"Missing document type: one of {', '.join(self.list_commands(ctx))} "
                     "(donorkit export TYPE [SLUGS]... [OPTIONS])")
        return super().parse_args(ctx, args)

    def _declared(self, ctx: typer.Context) -> dict[str, dict[str, Any]]:
        if "donorkit.doctypes" not in ctx.meta:
            from ..rendering.declarations import raw_declarations

            ctx.meta["donorkit.doctypes"] = raw_declarations(
                ctx.meta.get("donorkit.templates") or _configured_templates())
        return ctx.meta["donorkit.doctypes"]

    def list_commands(self, ctx: typer.Context) -> list[str]:
        return sorted(self._declared(ctx))

    def get_command(self, ctx: typer.Context, cmd_name: str) -> TyperCommand | None:
        if cmd_name.startswith("-"):
            return None
        declaration = self._declared(ctx).get(cmd_name)
        if ctx.meta.get("donorkit.listing"):
            # the list of types needs each one's name and help, not its options
            return TyperCommand(name=cmd_name, help=_help(cmd_name, declaration))
        return doctype_command(cmd_name, declaration)

    def format_help(self, ctx: typer.Context, formatter: Any) -> None:
        ctx.meta["donorkit.listing"] = True
        try:
            super().format_help(ctx, formatter)
        finally:
            del ctx.meta["donorkit.listing"]


def _type_first(args: list[str]) -> list[str]:
    """``-l lib case-study`` as ``case-study -l lib``: before sub-commands, options could come
    before the document type, and scripts written then still run."""
    if not args or not args[0].startswith("-") or args[0] in ("--help", "--"):
        return args
    takes_value = {opt for param in doctype_command("-", None).params
                   if isinstance(param, TyperOption) and not param.is_flag and not param.count
                   for opt in param.opts}
    i = 0
    while i < len(args):
        token = args[i]
        if token == "--":
            return args
        if not token.startswith("-") or token == "-":
            return [token, *args[:i], *args[i + 1:]]
        i += 2 if token in takes_value else 1
    return args


export_app = typer.Typer(
    cls=DoctypeGroup, no_args_is_help=True, rich_markup_mode="rich",
    help="Export documents (PDF, DOCX, HTML, PNG) of one document type for the selected "
    "projects.\n\nA case study is one document per project; a capability statement or a donor "
    "form is one document for the whole selection (or a --spec file). `donorkit export TYPE "
    "--help` shows the options of that type.")
