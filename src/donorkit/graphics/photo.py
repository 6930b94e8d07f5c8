"""A case study's hero photo: the ``image:`` the page names, else its first image, moved from
the body to the top.

Taken after the asset policy resolved the body (:func:`donorkit.context.resolve_body`), so an image
that is not available (no ``--assets``, a missing file, a remote one without ``--allow-remote``)
is already gone and simply yields no hero: nothing breaks. The figure is removed from the body,
so the photo does not print twice.
"""

from __future__ import annotations

from lxml import html as lxml_html
from pydantic import BaseModel

from ..library import Body, Project
from ..rendering.assets import AssetPolicy


class Photo(BaseModel):
    src: str  # a URL the writers may load (already through the asset policy)
    alt: str = ""
    caption: str = ""  # caption and credit as the page wrote them


def _fragment(html: str) -> lxml_html.HtmlElement:
    return lxml_html.fragment_fromstring(html, create_parent="div")


def declared_hero(project: Project, policy: AssetPolicy) -> Photo | None:
    """The photo a page names with ``image:``, through the asset policy (which warns, naming the
    page, when it is not available)."""
    if project.image is None:
        return None
    base = project._path.parent if project._path else None
    line = project.image.line
    url = policy.resolve(project.image.url, base,
                         context=f"{project.source}:{line}" if line else project.source)
    if url is None:
        return None
    return Photo(src=url, alt=project.image.alt, caption=project.image.caption)


def take_hero(body: Body, declared: Photo | None = None) -> tuple[Photo | None, Body]:
    """(the first image of *body* as a photo, the body without it); (None, body) if it has none.
    A *declared* photo wins and leaves the body as it is."""
    if declared is not None:
        return declared, body
    for section in body.sections:
        if "<img" not in section.html:
            continue
        root = _fragment(section.html)
        for figure in root.iter("figure"):
            img = figure.find(".//img")
            if img is None or not img.get("src") or "video" in figure.get("class", ""):
                continue
            cap = figure.find("figcaption")
            photo = Photo(src=img.get("src"), alt=" ".join((img.get("alt") or "").split()),
                          caption=" ".join(cap.text_content().split()) if cap is not None else "")
            tail = figure.tail
            parent = figure.getparent()
            previous = figure.getprevious()
            parent.remove(figure)
            if tail and tail.strip():  # keep text that followed the figure
                if previous is not None:
                    previous.tail = (previous.tail or "") + tail
                else:
                    parent.text = (parent.text or "") + tail
            html = (root.text or "") + "".join(lxml_html.tostring(c, encoding="unicode")
                                               for c in root)
            new = section.model_copy(update={"html": html})
            swap = {id(section): new}

            def pick(s: object, swap: dict = swap) -> object:
                return swap.get(id(s), s)

            return photo, body.model_copy(update={
                "overview": pick(body.overview), "activities": pick(body.activities),
                "results": pick(body.results), "other": [pick(s) for s in body.other],
                "sections": [pick(s) for s in body.sections]})
    return None, body
