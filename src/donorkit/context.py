"""Stage 4: selected projects + brand (+ spec) -> the typed context a template receives.

The context is exactly what ``donorkit context ... --json`` prints. Image references in project
bodies are resolved here through the asset policy, so the templates and both writers see only URLs
they are allowed to load.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Literal

from lxml import html as lxml_html
from pydantic import BaseModel, Field

from .brand import Brand
from .fragments import markdown_block, resolve_images
from .graphics import PortfolioGraphics, ProjectGraphics, portfolio_graphics, project_graphics
from .graphics.photo import Photo, declared_hero, take_hero
from .i18n.content import Localiser, collation_key
from .library import Body, Project
from .library.confidential import public_view
from .library.model import Highlight
from .library.repeats import without_repeated_summary
from .rendering.assets import AssetPolicy
from .rendering.templates import DocType
from .spec import Spec


class BrandContext(BaseModel):
    name: str
    organisation: str
    url: str | None = None
    about: list[str] = Field(default_factory=list)  # paragraphs
    contact: list[str] = Field(default_factory=list)
    logo_small: str | None = None  # file:// URL
    logo_large: str | None = None
    footer_line: str = ""
    confidentiality: str = ""

    @classmethod
    def from_brand(cls, brand: Brand) -> BrandContext:
        return cls(
            name=brand.name,
            organisation=brand.organisation,
            url=brand.url,
            about=[p.strip() for p in re.split(r"\n\s*\n", brand.about) if p.strip()],
            contact=brand.contact,
            logo_small=brand.logo_small.as_uri() if brand.logo_small else None,
            logo_large=brand.logo_large.as_uri() if brand.logo_large else None,
            footer_line=brand.footer_line,
            confidentiality=brand.confidentiality,
        )


class DocumentMeta(BaseModel):
    doctype: str
    title: str
    subtitle: str = ""
    subject: str = ""
    keywords: list[str] = Field(default_factory=list)
    language: str = "en"
    date: date
    paper: Literal["A4", "Letter"] = "A4"


class ProjectContext(BaseModel):
    """Context of a one-project document (``per: project``), such as a case study."""

    document: DocumentMeta
    brand: BrandContext
    project: Project
    body: Body
    graphics: ProjectGraphics = Field(default_factory=ProjectGraphics)
    hero: Photo | None = None  # the page's first image, taken out of the body


def plain(html: str) -> str:
    """Text of an HTML fragment (for metadata such as the PDF subject)."""
    if not html.strip():
        return ""
    return " ".join(lxml_html.fragment_fromstring(html, create_parent="div").text_content().split())


def _resolve_fragment(html: str, project: Project, policy: AssetPolicy) -> str:
    base = project._path.parent if project._path else None
    lines: dict[str, list[int]] = {}
    for media in project.body.media:  # so that a warning names the image's line
        if media.kind == "image" and media.line is not None:
            lines.setdefault(media.url, []).append(media.line)
    return resolve_images(html, base, project.source, policy, lines)


def resolve_body(project: Project, policy: AssetPolicy) -> Body:
    body = project.body
    for line, message in body.problems:  # what the body parser had to drop, as `check` says it
        policy.warn(f"{project.source}:{line}: {message}")
    if "<img" not in "".join(s.html for s in body.sections):
        return body
    sections = {}
    for section in body.sections:
        sections[id(section)] = section.model_copy(update={
            "html": _resolve_fragment(section.html, project, policy),
            "items": [_resolve_fragment(i, project, policy) for i in section.items],
        })

    def swap(section: object) -> object:
        return sections.get(id(section), section)

    return body.model_copy(update={
        "overview": swap(body.overview),
        "activities": swap(body.activities),
        "results": swap(body.results),
        "other": [swap(s) for s in body.other],
        "sections": [swap(s) for s in body.sections],
    })


def keywords_for(projects: Sequence[Project]) -> list[str]:
    seen: dict[str, None] = {}
    for p in projects:
        for word in [*p.solutions, *p.country_names]:
            seen.setdefault(word, None)
    return list(seen)


def project_context(doctype: DocType, project: Project, *, brand: Brand, policy: AssetPolicy,
                    title: str | None = None, language: str | None = "en",
                    paper: str | None = None, today: date | None = None,
                    localiser: Localiser | None = None) -> ProjectContext:
    if doctype.audience == "public":
        project = public_view(project)
    # In the document's language (translated text, country and term names); what falls back to
    # the page's own language is a warning of this document.
    localiser = localiser or Localiser.create(language)
    project = localiser.project(project, policy.warn)
    hero, body = take_hero(resolve_body(project, policy), declared_hero(project, policy))
    return ProjectContext(
        document=DocumentMeta(
            doctype=doctype.name,
            title=title or project.title,
            subtitle=localiser.gettext(doctype.label) if doctype.label else "",
            subject=plain(project.summary_html),
            keywords=keywords_for([project]),
            language=localiser.language.tag,
            date=today or date.today(),
            paper=paper or brand.paper,  # type: ignore[arg-type]
        ),
        brand=BrandContext.from_brand(brand),
        project=project,
        # the summary is the lead: a body that opens with it would say it twice
        body=without_repeated_summary(body, project.summary_html),
        graphics=project_graphics(project, brand, policy.warn, localiser),
        hero=hero,
    )


# -- portfolio documents (per: selection), such as the capability statement ---------------------


class Count(BaseModel):
    name: str
    count: int


class Glance(BaseModel):
    """Numbers computed from the selection (see docs/capability-statements.md for definitions)."""

    projects: int
    countries: int  # distinct ISO countries (labels such as "Regional" are not countries)
    country_names: list[str]
    clients: int
    first_year: int | None
    last_year: int | None  # latest end, capped at the document's year
    years_of_experience: int  # last_year - first_year + 1, as a project's duration counts
    ongoing: int
    highlights: list[Highlight]  # declared by the projects (and spec overrides)
    by_country: list[Count]  # a project counts once in each country its page names
    by_region: list[Count]
    by_solution: list[Count]
    by_client: list[Count]


class Profile(BaseModel):
    anchor: str
    project: Project
    body: Body
    title: str
    summary_html: str
    highlights: list[Highlight]
    activities: list[str]  # bullet items (inline HTML)
    results: list[str]
    results_total: int  # before a short profile cut them


class SelectionContext(BaseModel):
    """What every document over a selection says about itself (a portfolio, a donor form)."""

    document: DocumentMeta
    brand: BrandContext
    prepared_for: str = ""
    tender: str = ""
    reference: str = ""


class PortfolioContext(SelectionContext):
    """Context of a document over a selection (``per: selection``)."""

    intro_html: str
    sections: list[str]
    profile_mode: Literal["short", "full"]
    glance: Glance
    projects: list[Project]
    profiles: list[Profile]
    graphics: PortfolioGraphics = Field(default_factory=PortfolioGraphics)


def _counts(values: Sequence[str]) -> list[Count]:
    from .library.inventory import tally

    # Case and stray spaces do not make another client ("Multinational corporation ").
    return [Count(name=f.name, count=f.count) for f in tally(values)]


def glance_for(projects: Sequence[Project], extra: Sequence[Highlight] = (),
               year: int | None = None) -> Glance:
    year = year or date.today().year
    # one tally for the count, the names and the footprint map's shading
    by_country = _counts([c.name for p in projects
                          for c in {c.iso: c for c in p.countries if c.iso}.values()])
    starts = [p.start for p in projects if p.start]
    ends = [min(p.end, year) if p.end else year for p in projects if p.start or p.end]
    first = min(starts) if starts else None
    last = max(ends) if ends else None
    by_client = _counts([c for p in projects for c in p.clients])
    return Glance(
        projects=len(projects),
        countries=len(by_country),
        country_names=sorted((c.name for c in by_country), key=collation_key),
        clients=len(by_client),
        first_year=first,
        last_year=last,
        years_of_experience=(last - first + 1) if first and last else 0,
        ongoing=sum(1 for p in projects if p.status == "ongoing"),
        highlights=[h for p in projects for h in p.highlights] + list(extra),
        by_country=by_country,
        by_region=_counts([r for p in projects for r in p.regions]),
        by_solution=_counts([s for p in projects for s in p.solutions]),
        by_client=by_client,
    )


def _intro(spec: Spec, glance: Glance, brand: Brand, policy: AssetPolicy,
           localiser: Localiser) -> str:
    if spec.intro.strip():
        return markdown_block(spec.intro, base=spec.folder, where=spec.where("intro"),
                              policy=policy)
    _, ngettext = localiser.gettext, localiser.ngettext
    parts = [ngettext("%(organisation)s has delivered the %(count)d project in this statement",
                      "%(organisation)s has delivered the %(count)d projects in this statement",
                      glance.projects) % {"organisation": brand.organisation,
                                          "count": glance.projects}]
    if glance.countries > 1:
        parts.append(_("in %(count)d countries") % {"count": glance.countries})
    elif glance.country_names:
        parts.append(_("in %(country)s") % {"country": glance.country_names[0]})
    if glance.clients > 1:
        parts.append(_("for %(count)d clients") % {"count": glance.clients})
    if glance.years_of_experience > 1:
        parts.append(_("over %(count)d years") % {"count": glance.years_of_experience})
    closing = _("Each profile below summarises what the project did and what it achieved.")
    return f"<p>{escape(' '.join(parts))}. {escape(closing)}</p>"


def escape(text: str) -> str:
    from markupsafe import escape as _escape

    return str(_escape(text))


def portfolio_context(doctype: DocType, projects: Sequence[Project], *, brand: Brand,
                      policy: AssetPolicy, spec: Spec, paper: str | None = None,
                      today: date | None = None, language: str | None = None,
                      localiser: Localiser | None = None) -> PortfolioContext:
    from .rendering.templates import slugify
    from .text.markdown import render_inline

    localiser = localiser or Localiser.create(language or spec.language)
    projects = [localiser.project(p, policy.warn) for p in projects]

    today = spec.date or today or date.today()
    if doctype.audience == "public":
        projects = [public_view(p) for p in projects]
    selected = {p.slug for p in projects}
    for slug in spec.overrides:
        if slug not in selected:
            # A misspelt slug would otherwise drop the tailored text without a word; the policy's
            # sink is where this document's warnings go (and --strict turns them into a failure).
            policy.warn(f"spec override for {slug!r} not used: no such project in the selection")
    profiles = []
    extra_highlights: list[Highlight] = []
    for project in projects:
        override = spec.overrides.get(project.slug)
        if spec.profile == "short":
            # A short profile shows a few results, not the body: images elsewhere in the body
            # are resolved (a custom template may show them) but warn only where shown.
            body = resolve_body(project, replace(policy, warn=lambda message: None))
            raw = project.body.results.items if project.body.results else []
            results = raw
            shown = [_resolve_fragment(i, project, policy) for i in raw[: spec.max_results]]
        else:
            body = resolve_body(project, policy)
            results = body.results.items if body.results else []
            shown = results
        highlights = list(project.highlights)
        if override and override.highlights:
            highlights += override.highlights
            extra_highlights += override.highlights
        summary = override.summary if override and override.summary else None
        if spec.profile == "full":
            body = without_repeated_summary(body, project.summary_html)
        profiles.append(Profile(
            anchor=f"p-{slugify(project.slug)}",
            project=project,
            body=body,
            title=(override.title if override and override.title else project.title),
            summary_html=render_inline(summary) if summary else project.summary_html,
            highlights=highlights,
            activities=body.activities.items if body.activities else [],
            results=shown,
            results_total=len(results),
        ))
    glance = glance_for(projects, extra_highlights, today.year)
    subject = spec.subtitle or localiser.ngettext(
        "%(count)d project of %(organisation)s", "%(count)d projects of %(organisation)s",
        len(projects)) % {"count": len(projects), "organisation": brand.organisation}
    label = localiser.gettext(doctype.label) if doctype.label else ""
    # A spec without a title of its own is titled with the document type, in its language; the
    # subtitle, the type's label, would then only repeat it.
    untitled = spec.title == Spec.model_fields["title"].default
    title = (label or spec.title) if untitled else spec.title
    return PortfolioContext(
        document=DocumentMeta(
            doctype=doctype.name,
            title=title,
            subtitle=spec.subtitle or (label if label != title else ""),
            subject=subject,
            keywords=keywords_for(projects),
            language=localiser.language.tag,
            date=today,
            paper=paper or brand.paper,  # type: ignore[arg-type]
        ),
        brand=BrandContext.from_brand(brand),
        prepared_for=spec.prepared_for.client,
        tender=spec.prepared_for.tender,
        reference=spec.reference,
        intro_html=_intro(spec, glance, brand, policy, localiser),
        sections=spec.included,
        profile_mode=spec.profile,
        glance=glance,
        projects=list(projects),
        profiles=profiles,
        graphics=portfolio_graphics(projects, brand, today.year, policy.warn, localiser,
                                    glance=glance),
    )
