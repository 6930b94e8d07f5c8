"""Stage 4: selected projects + brand (+ spec) -> the typed context a template receives.

The context is exactly what ``donorkit context ... --json`` prints. Image references in project
bodies are resolved here through the asset policy, so the templates and both writers see only URLs
they are allowed to load.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Literal

from lxml import html as lxml_html
from pydantic import BaseModel, Field

from .brand import Brand
from .library import Body, Project
from .render.assets import AssetPolicy
from .render.templates import DocType


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


class ProjectView(BaseModel):
    """A project as a template sees it: the model plus its body with resolved images."""

    project: Project
    body: Body


class ProjectContext(BaseModel):
    """Context of a one-project document (``per: project``), such as a case study."""

    document: DocumentMeta
    brand: BrandContext
    project: Project
    body: Body


def plain(html: str) -> str:
    """Text of an HTML fragment (for metadata such as the PDF subject)."""
    if not html.strip():
        return ""
    return " ".join(lxml_html.fragment_fromstring(html, create_parent="div").text_content().split())


def _resolve_fragment(html: str, project: Project, policy: AssetPolicy) -> str:
    if "<img" not in html:
        return html
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    base = project._path.parent if project._path else None
    for img in list(root.iter("img")):
        url = policy.resolve(img.get("src", ""), base, context=project.source)
        if url:
            img.set("src", url)
            continue
        figure = img.getparent()
        img.drop_tree()
        # A figure left with nothing in it would print an empty box.
        if figure is not None and figure.tag == "figure" and not figure.text_content().strip():
            figure.drop_tree()
    parts = [root.text or ""] + [lxml_html.tostring(c, encoding="unicode") for c in root]
    return "".join(parts)


def resolve_body(project: Project, policy: AssetPolicy) -> Body:
    body = project.body
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
                    title: str | None = None, language: str = "en",
                    paper: str | None = None, today: date | None = None) -> ProjectContext:
    return ProjectContext(
        document=DocumentMeta(
            doctype=doctype.name,
            title=title or project.title,
            subtitle=doctype.label,
            subject=plain(project.summary_html),
            keywords=keywords_for([project]),
            language=language,
            date=today or date.today(),
            paper=paper or brand.paper,  # type: ignore[arg-type]
        ),
        brand=BrandContext.from_brand(brand),
        project=project,
        body=resolve_body(project, policy),
    )
