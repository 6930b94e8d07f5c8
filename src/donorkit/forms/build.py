"""Fill a form for a selection: the context its template receives.

For each project the declared fields are evaluated, formatted and checked; a required value that
is missing becomes a visible placeholder and a warning naming the project and what is missing
(``--strict`` turns it into a failure, like every document warning).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from ..brand import Brand
from ..context import BrandContext, DocumentMeta, SelectionContext, keywords_for, plain
from ..errors import SelectionError
from ..i18n.content import Localiser
from ..i18n.formatting import longdate
from ..library import Project
from ..rendering.templates import DocType
from ..spec import Spec
from ..values.dates import MonthDate, months_between
from ..values.rates import Rates, load_rates
from .declaration import FormDecl, load_form
from .expressions import evaluate, evaluate_heading
from .formats import FORMATTERS, Duration, Settings
from .language import localise_form


class FormRow(BaseModel):
    key: str  # the library key (as `check --for` names it)
    label: str
    text: str = ""
    paragraphs: list[str] = Field(default_factory=list)
    items: list[str] = Field(default_factory=list)
    missing: bool = False  # a required value the page does not give
    placeholder: str = ""  # "[to be completed: ...]" when missing


class FormReference(BaseModel):
    ref: str
    anchor: str
    slug: str
    title: str
    heading: str
    rows: list[FormRow]
    missing: list[str]  # library keys of the missing required values
    keep: bool = True  # short enough to keep on one page (see fits_on_a_page)


class FormInfo(BaseModel):
    name: str
    label: str
    layout: Literal["sheet", "table"]
    ref_label: str
    columns: list[str]  # field labels, in order (the table layout's header)
    widths: list[str]  # narrow | normal | wide, for each column
    notes: list[str]  # shown under the title (currency conversion)


class FormContext(SelectionContext):
    """Context of a donor form (``kind: form``): one reference per selected project."""

    form: FormInfo
    references: list[FormReference]


def _plain_items(section: Any) -> list[str]:
    return [plain(i) for i in section.items] if section is not None else []


def _paragraphs(section: Any) -> list[str]:
    if section is None or not section.html.strip():
        return []
    from lxml import html as lxml_html

    root = lxml_html.fragment_fromstring(section.html, create_parent="div")
    blocks = [" ".join(el.text_content().split()) for el in root
              if el.tag in ("p", "blockquote")]
    return [b for b in blocks if b]


def namespace(project: Project, *, ref: str, firm: str) -> dict[str, Any]:
    """What a field's source may name (documented in docs/forms.md)."""
    bid = project.bid
    start = bid.start_date or (MonthDate(year=project.start) if project.start else None)
    end = bid.end_date or (MonthDate(year=project.end) if project.end else None)
    months, approx = months_between(start, end)
    body = project.body
    return {
        "project": project,
        "bid": bid,
        "ref": ref,
        "firm": firm,
        "start": start,
        "end": end,
        "duration": Duration(months, approx),
        "summary": plain(project.summary_html),
        "overview": _paragraphs(body.overview),
        "activities": _plain_items(body.activities),
        "results": _plain_items(body.results),
        "clients": project.clients,
        "countries": project.country_names,
    }


def sample_namespace() -> dict[str, Any]:
    """An empty project's namespace, to try every declared source when a form loads."""
    sample = Project(slug="sample", source="sample.md", title="Sample", name="Sample")
    return namespace(sample, ref="1", firm="Firm")


def _missing(cell_empty: bool, value: Any) -> bool:
    if cell_empty:
        return True
    return isinstance(value, Duration) and value.months is None


def fill(decl: FormDecl, project: Project, *, ref: str, firm: str, settings: Settings,
         warn: Callable[[str], None], layout: str = "sheet") -> FormReference:
    ns = namespace(project, ref=ref, firm=firm)
    rows, missing = [], []
    for field in decl.fields:
        source = field.table_source if layout == "table" and field.table_source else field.source
        value = evaluate(source, ns)
        settings.warnings = []
        cell = FORMATTERS[field.format](value, settings)
        for note in settings.warnings:
            warn(f"{project.slug}: {field.label}: {note}")
        row = FormRow(key=field.library_key, label=field.label, text=cell.text,
                      paragraphs=cell.paragraphs, items=cell.items)
        if _missing(cell.empty, value):
            if field.required:
                row.missing, row.placeholder = True, field.to_complete
                row.text, row.paragraphs, row.items = "", [], []
                missing.append(field.library_key)
            else:
                row.text = field.empty
        rows.append(row)
    heading = evaluate_heading(decl.heading, ns)
    return FormReference(ref=ref, anchor=f"ref-{ref}".replace(" ", "-"), slug=project.slug,
                         title=project.title, heading=heading, rows=rows,
                         missing=list(dict.fromkeys(missing)), keep=fits_on_a_page(rows))


#: A rough measure of a sheet on A4/Letter in the base styles: characters per line in the label
#: and value columns, and the lines a page of table holds under a heading.
_LABEL_CHARS, _VALUE_CHARS, _PAGE_LINES = 30, 62, 52


def fits_on_a_page(rows: Sequence[FormRow]) -> bool:
    """Whether a reference's table will fit on one page, so that keeping it together moves it
    to the next page rather than leaving a page blank when it cannot fit anywhere (WeasyPrint
    and Word both push a too-long "keep together" block to a fresh page, then split it)."""
    lines = 0
    for row in rows:
        parts = row.paragraphs or row.items or [row.text or row.placeholder]
        value = sum(-(-len(part) // _VALUE_CHARS) or 1 for part in parts)
        lines += max(-(-len(row.label) // _LABEL_CHARS), value) + 1  # +1: cell padding
    return lines <= _PAGE_LINES


def ref_numbers(count: int, spec: Spec) -> list[str]:
    return [f"{spec.ref_prefix}{spec.start_ref + i}" for i in range(count)]


def _rates(spec: Spec) -> Rates | None:
    return load_rates(Path(spec.rates)) if spec.rates else None


def form_settings(decl: FormDecl, spec: Spec) -> Settings:
    currency = (spec.currency or decl.currency).upper()
    return Settings(locale=spec.language, currency=currency, rates=_rates(spec))


def form_context(doctype: DocType, projects: Sequence[Project], *, brand: Brand, policy: Any,
                 spec: Spec, paper: str | None = None, today: date | None = None,
                 localiser: Localiser | None = None) -> FormContext:
    """The context of a form over *projects*; missing values are reported through
    ``policy.warn`` (the document's warnings)."""
    localiser = localiser or Localiser.create(spec.language)
    decl, localiser = localise_form(load_form(doctype), doctype.name, localiser, policy.warn)
    layout = spec.layout or decl.layouts[0]
    if layout not in decl.layouts:
        raise SelectionError(f"{doctype.name} has no {layout!r} layout; it has "
                             f"{', '.join(decl.layouts)}")
    settings = form_settings(decl, spec)
    settings.compact = layout == "table"
    settings.locale, settings.gettext = localiser.language.babel_id, localiser.gettext
    today = spec.date or today or date.today()
    references = []
    for project, ref in zip(projects, ref_numbers(len(projects), spec), strict=True):
        reference = fill(decl, project, ref=ref, firm=brand.organisation, settings=settings,
                         warn=policy.warn, layout=layout)
        if reference.missing:
            what = {f.library_key: f.missing_text for f in decl.fields}
            labels = list(dict.fromkeys(what[key] for key in reference.missing))
            policy.warn(f"{project.slug}: missing for {doctype.name}: {', '.join(labels)} "
                        f"(keys: {', '.join(reference.missing)})")
        references.append(reference)
    notes = []
    if settings.currency and settings.rates:
        source = f" ({settings.rates.source})" if settings.rates.source else ""
        notes.append(localiser.gettext("Amounts in %(currency)s are approximate, converted at the "
                                       "rates of %(date)s%(source)s.") % {
            "currency": settings.currency, "source": source,
            "date": longdate(localiser.language, settings.rates.date)})
    title = spec.title if spec.title != Spec.model_fields["title"].default else decl.title
    label = localiser.gettext(doctype.label)
    return FormContext(
        document=DocumentMeta(
            doctype=doctype.name, title=title, subtitle=spec.subtitle or label,
            subject=localiser.ngettext(
                "%(label)s: %(count)d reference of %(organisation)s",
                "%(label)s: %(count)d references of %(organisation)s", len(projects)) % {
                "label": label, "count": len(projects), "organisation": brand.organisation},
            keywords=keywords_for(projects), language=spec.language, date=today,
            paper=paper or brand.paper,  # type: ignore[arg-type]
        ),
        brand=BrandContext.from_brand(brand),
        prepared_for=spec.prepared_for.client,
        tender=spec.prepared_for.tender,
        reference=spec.reference,
        form=FormInfo(name=doctype.name, label=doctype.label, layout=layout,
                      ref_label=decl.ref_label, columns=[f.label for f in decl.fields],
                      widths=[f.column for f in decl.fields],
                      notes=notes),
        references=references,
    )
